"""With no screen, `mutanchiang play` says so and exits 2 instead of waiting in an invisible window."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")), reason="a screen is attached")
def test_play_without_a_display_exits_2_with_advice() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    r = subprocess.run([sys.executable, "-m", "mutanchiang_sim", "play"], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2
    assert "no display found" in r.stderr and "mutanchiang batch" in r.stderr
    assert "Traceback" not in r.stderr


def test_play_with_a_video_driver_sdl_cannot_open_exits_2() -> None:
    env = dict(os.environ, SDL_VIDEODRIVER="nosuchdriver")
    r = subprocess.run([sys.executable, "-m", "mutanchiang_sim", "play"], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2
    assert "cannot open a window (nosuchdriver not available)" in r.stderr and "Traceback" not in r.stderr
