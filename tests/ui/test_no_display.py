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


def test_importing_the_ui_leaves_the_environment_alone_and_prints_nothing() -> None:
    code = ("import os, sys; before = dict(os.environ); import mutanchiang_sim.ui; "
            "assert 'pygame' not in sys.modules, 'the package alone loads no pygame'; "
            "import mutanchiang_sim.ui.app; assert 'pygame' in sys.modules; "
            "assert dict(os.environ) == before, 'the environment changed'")
    env = {k: v for k, v in os.environ.items() if k != "PYGAME_HIDE_SUPPORT_PROMPT"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "", "no pygame banner"


def test_a_screenshot_needs_no_screen_and_leaves_the_environment_alone(small_path, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.cli import main

    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    out = tmp_path / "shot.png"
    assert main(["play", str(small_path), "--seed", "1", "--screenshot", str(out)]) == 0
    assert out.stat().st_size > 10_000
    assert "SDL_VIDEODRIVER" not in os.environ
