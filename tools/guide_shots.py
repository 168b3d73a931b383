"""Screenshots for docs/players-guide.md, taken headless (SDL's dummy driver):

    SDL_VIDEODRIVER=dummy python tools/guide_shots.py docs/img

Seed 7 of the bundled battle, as the Soviet player: the briefing, the new-game screen, fog
shading and an attack preview (the 300th and 22nd Rifle Divisions on the 369th Infantry Regiment).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from mutanchiang_sim.core.actions import EndPhase, Move  # noqa: E402
from mutanchiang_sim.core.rules import movement  # noqa: E402
from mutanchiang_sim.ui.app import App, build_game  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = str(ROOT / "scenarios" / "mutanchiang_1945.yaml")


def move_next_to(scene, uid: str, target: int) -> None:  # type: ignore[no-untyped-def]
    """Move unit ``uid`` to the nearest hex beside ``target`` it can reach."""
    u = scene.state.unit_by_id[uid]
    reach = scene.session.reach(u)
    m = scene.scenario.map
    near = [j for j in m.neighbor_lists[target] if j in reach and not scene.state.units_at(j)]
    if near:
        best = min(near, key=lambda j: reach[j][0])
        scene.do(Move(uid, movement.path_to(reach, u.hex, best)), human=True)


def preview(out: Path) -> None:
    app = App((1280, 800))
    scene = build_game(app, SCENARIO, "soviet", 7)
    app.push(scene)
    target = scene.scenario.map.index_of_offset(10, 26)
    for uid in ("sov-300rd", "sov-22rd"):
        move_next_to(scene, uid, target)
    scene.selected = None
    assert scene.open_attack(target), "no attack on (10, 26)"
    scene.center_on_hex(target)
    scene.mouse = (0, 0)
    app.frame()
    app.screenshot(out / "preview.png")


def briefing(out: Path) -> None:
    app = App((1280, 800))
    scene = build_game(app, SCENARIO, "soviet", 7, prompts=True)
    app.push(scene)
    app.frame()  # the briefing opens before the first phase
    app.screenshot(out / "briefing.png")


def new_game(out: Path) -> None:
    from mutanchiang_sim.ui.new_game import NewGameScene

    app = App((1280, 800))
    app.push(NewGameScene(app, SCENARIO, "soviet", 7, True, None))
    app.frame()
    app.screenshot(out / "new-game.png")


def fog(out: Path) -> None:
    app = App((1280, 800))
    scene = build_game(app, SCENARIO, "soviet", 7, fog=True)
    app.push(scene)
    scene.do(EndPhase(), human=True)  # the Japanese move out of sight: their last-known places show
    scene.run_ai_until_human()
    scene.center_on_hex(scene.scenario.map.index_of_offset(10, 26))
    scene.mouse = (0, 0)
    app.frame()
    app.screenshot(out / "fog.png")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/img")
    out.mkdir(parents=True, exist_ok=True)
    briefing(out)
    new_game(out)
    fog(out)
    preview(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
