"""Test set-up: headless SDL for the GUI tests, paths to the test scenarios."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
