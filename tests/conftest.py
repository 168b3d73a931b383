"""Test set-up: headless SDL for the GUI tests, paths to the test scenarios, results shared by
the xdist workers of one run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from xdist_shared import SharedResults

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("MUTANCHIANG_FIELD_CACHE", "off")  # no fields kept on disk unless a test asks (ai.field_store)
# the game window's settings (sound): never the user's own file
os.environ.setdefault("MUTANCHIANG_SETTINGS", os.path.join(tempfile.gettempdir(), "mutanchiang-test-settings", f"{os.getpid()}.json"))

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


@pytest.fixture(scope="session")
def shared_results(tmp_path_factory: pytest.TempPathFactory) -> SharedResults:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker has its own folder under the run's
        base = base.parent
    return SharedResults(base / "shared-results")
