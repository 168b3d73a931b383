"""Fixtures of the window tests: a headless 1280x800 window, and a copy of the small scenario
to edit."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from mutanchiang_sim.ui.app import App


@pytest.fixture
def app() -> Iterator[App]:
    a = App((1280, 800))
    yield a
    pygame.quit()


@pytest.fixture
def scen_file(tmp_path: Path, small_path: Path) -> Path:
    p = tmp_path / "small.yaml"
    shutil.copy(small_path, p)
    return p
