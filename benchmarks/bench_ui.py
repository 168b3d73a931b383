"""UI benchmarks: frame time at 1280x800 with every unit on the map, and start-up to first frame.

    SDL_VIDEODRIVER=dummy python benchmarks/bench_ui.py [SCENARIO] [--frames N]

Targets (issue 5): median frame <= 8 ms; start-up to first frame <= 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def frame_times(scenario: str | None, frames: int) -> dict[str, tuple[float, float]]:
    import pygame

    from mutanchiang_sim.core.units import ACTIVE
    from mutanchiang_sim.ui.app import App, build_game

    app = App((1280, 800))
    scene = build_game(app, scenario, "soviet", 1)
    app.push(scene)
    st = scene.state
    for u in st.units:  # every unit on the map, reinforcements included
        if u.status != ACTIVE:
            u.status = ACTIVE
    st.rebuild_occupancy()
    scene.selected = next(u.id for u in st.active_units("soviet"))
    out = {}
    views = {
        "default zoom, panning": (scene.camera.zoom, True),
        "whole map, all units visible": (0, False),
    }
    for name, (zoom, pan) in views.items():
        scene.camera.zoom = zoom
        scene.center_on_action()
        times = []
        for k in range(frames):
            if pan:
                # a slow circle: tiles come from the cache after the first lap
                import math

                scene.camera.pan_pixels(6 * math.cos(k / 20), 6 * math.sin(k / 20))
            scene.mouse = (300 + k % 300, 300)
            t = time.perf_counter()
            app.frame(1 / 60)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        warm = times
        out[name] = (statistics.median(warm), warm[int(len(warm) * 0.95) - 1])
    pygame.quit()
    return out


def startup(scenario: str | None, runs: int = 3) -> tuple[float, float]:
    """(wall time of `mutanchiang play --screenshot`, time to first frame inside the command), best of runs."""
    best_wall = best_inner = 1e9
    with tempfile.TemporaryDirectory() as d:
        for _ in range(runs):
            cmd = [sys.executable, "-m", "mutanchiang_sim", "play", "--seed", "1", "--screenshot", str(Path(d) / "s.png")]
            if scenario:
                cmd.insert(3, scenario)
            env = dict(os.environ, MUTANCHIANG_TIMING="1")
            t = time.perf_counter()
            res = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
            wall = time.perf_counter() - t
            inner = float(res.stdout.split("after")[1].split()[0])
            best_wall = min(best_wall, wall)
            best_inner = min(best_inner, inner)
    return best_wall, best_inner


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=None)
    p.add_argument("--frames", type=int, default=300)
    a = p.parse_args()
    for name, (med, p95) in frame_times(a.scenario, a.frames).items():
        print(f"frame time 1280x800, {name}: median {med:.2f} ms, p95 {p95:.2f} ms")
    wall, inner = startup(a.scenario)
    print(f"start-up to first frame: {wall:.2f} s process wall time (interpreter start to PNG written and exit), "
          f"{inner:.2f} s from command start")
    return 0


if __name__ == "__main__":
    sys.exit(main())
