"""The briefing before the first phase and from the menu; Restart and New game in the menu;
the top bar's tooltips (#17, missing 1 and 2)."""

from __future__ import annotations

import pygame

from mutanchiang_sim.core.actions import EndPhase
from mutanchiang_sim.core.rules import victory
from mutanchiang_sim.ui.app import build_game
from mutanchiang_sim.ui.briefing import BriefingOverlay, sections


def key(app, k: int, mod: int = 0) -> None:  # type: ignore[no-untyped-def]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    app.frame()


def test_the_briefing_comes_first_and_says_why_the_points_stand_as_they_do(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    scene = build_game(app, str(bundled_path), "soviet", 7, prompts=True)
    app.push(scene)
    app.frame()
    assert isinstance(app.top, BriefingOverlay)
    text = "\n".join(h + "\n" + "\n".join(lines) for h, lines in sections(scene.state, {"soviet"}))
    sc = scene.scenario
    for name, need in victory.levels(sc):
        assert f"{name}: {need}" in text
    st = victory.standing(scene.state)
    assert st.level in text and "Time line" in text and sc.city in text
    held = [what for parts in victory.points_of(scene.state).values() for what, vp in parts if vp and what.startswith("holds")]
    assert held and all(h in text for h in held)  # why a side leads on turn 1
    key(app, pygame.K_RETURN)
    assert app.top is scene
    scene.command("briefing")  # again from the menu
    assert isinstance(app.top, BriefingOverlay)


def test_restart_and_new_game_from_the_menu(app, small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui.new_game import NewGameScene

    scene = build_game(app, str(small_path), "soviet", 5)
    app.push(scene)
    app.frame()
    first = scene.state.to_dict()
    scene.do(EndPhase(), human=True)
    scene.run_ai_until_human()
    assert scene.state.turn == 1
    scene.command("restart")
    again = app.top
    assert again is not scene and app.scenes == [again]
    assert again.state.to_dict() == first and again.session.seed == 5 and again.session.humans == {"soviet"}
    again.command("new-game")
    assert isinstance(app.top, NewGameScene) and len(app.scenes) == 1 and app.top.side == "soviet"


def test_the_top_bar_explains_the_points_weather_and_date(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    scene = build_game(app, str(bundled_path), "soviet", 7)
    app.push(scene)
    app.frame()
    for item, word in (("vp", "margin"), ("weather", "attack x"), ("turn", "ends")):
        scene.mouse = scene.top_items[item].center
        tip = scene.hover_tip()
        assert tip is not None and any(word in r for r in tip[1]), item
