"""Results computed once per test run and shared by its xdist workers (see conftest.py)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock


class SharedResults:
    """Results computed once per test run and read by every xdist worker: a JSON file each in the
    run's common temporary folder, written behind a file lock (pytest-xdist's documented pattern).
    Every caller, the one that computed a value included, gets it back as read from JSON."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        path = self.folder / f"{key}.json"
        with FileLock(str(path) + ".lock"):
            if not path.is_file():
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(compute()), encoding="utf-8")
                tmp.replace(path)
            return json.loads(path.read_text(encoding="utf-8"))

    def built(self, key: str, build: Callable[[Path], object]) -> Path:
        """A folder made once per test run by `build(folder)` (a batch and its report, say) and
        then only read by the tests that share it: rebuilt from scratch if a build failed."""
        path = self.folder / key
        done = self.folder / f"{key}.done"
        with FileLock(str(path) + ".lock"):
            if not done.is_file():
                shutil.rmtree(path, ignore_errors=True)
                build(path)
                done.touch()
        return path
