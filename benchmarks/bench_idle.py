"""Idle CPU of the game window: the bundled battle on the player's turn, nobody touching it.

    SDL_VIDEODRIVER=dummy python benchmarks/bench_idle.py [--seconds 5]

Runs the window's own loop (60 frames a second at most) for the given seconds twice: drawing
every frame (as the window did before #17) and drawing only on change (now), and prints the
process CPU time as a share of one core and the frames drawn.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def idle(seconds: float, always_draw: bool) -> tuple[float, int, int]:
    import pygame

    from mutanchiang_sim.ui.app import App, build_game

    app = App((1280, 800))
    scene = build_game(app, None, "soviet", 7)
    app.push(scene)
    app.frame()
    frames, drawn0 = 0, app.draws
    cpu0, end = time.process_time(), time.monotonic() + seconds
    while time.monotonic() < end:
        dt = app.clock.tick(60) / 1000.0
        app.frame(min(dt, 0.1), always_draw=always_draw)
        frames += 1
    cpu = time.process_time() - cpu0
    drawn = app.draws - drawn0
    pygame.quit()
    return cpu / seconds, frames, drawn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    for label, always in (("drawing every frame (before)", True), ("drawing on change (now)", False)):
        share, frames, drawn = idle(args.seconds, always)
        print(f"{label:30s} CPU {share:6.1%} of a core, {frames} frames, {drawn} drawn in {args.seconds:g} s")


if __name__ == "__main__":
    main()
