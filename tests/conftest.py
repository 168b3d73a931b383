"""Test set-up: headless SDL for the GUI tests, paths to the test scenarios, results shared by
the xdist workers of one run."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("MPLBACKEND", "Agg")

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def small_path() -> Path:
    return DATA / "small.yaml"


@pytest.fixture(scope="session")
def small_scenario():  # type: ignore[no-untyped-def]
    from mutanchiang_sim.scenario import load_scenario

    return load_scenario(DATA / "small.yaml")


@pytest.fixture(scope="session")
def bundled_path() -> Path:
    return ROOT / "scenarios" / "mutanchiang_1945.yaml"


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


@pytest.fixture(scope="session")
def shared_results(tmp_path_factory: pytest.TempPathFactory) -> SharedResults:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker has its own folder under the run's
        base = base.parent
    return SharedResults(base / "shared-results")
