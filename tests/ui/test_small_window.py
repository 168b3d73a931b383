"""Text fits the smallest window (960x600; #17 defect 4: text wraps or shrinks, never cuts):
the attack preview takes the minimap's room when it must (the minimap then takes no clicks),
the controls' lines come closer and smaller."""

from __future__ import annotations

import pygame
import pytest
from test_player_defects import bundled_attack, click

from mutanchiang_sim.ui.app import App, build_game
from mutanchiang_sim.ui.attack_preview import draw_attack_panel, fit_attack_panel


@pytest.fixture
def small_window():  # type: ignore[no-untyped-def]
    a = App((960, 600))
    yield a
    pygame.quit()


def big_attack(app, bundled_path):  # type: ignore[no-untyped-def]
    """Seed 7 on 13 August 00:00 (night, heavy rain): the Soviet attack with the most units and guns."""
    scene = build_game(app, str(bundled_path), "soviet", 7)
    app.push(scene)
    scene.session.humans = set()  # the computer plays both sides up to then
    while not (scene.state.turn >= 3 and scene.state.side_to_move == "soviet"):
        scene.run_ai_until_human(max_actions=1)
    scene.session.humans = {"soviet"}
    best = max((len(scene.plan.eligible) + len(scene.plan.artillery), t) for t, us in list(scene.state.occupancy.items())
               if us and us[0].side == "japan" and scene.open_attack(t) and scene.plan is not None)
    assert scene.open_attack(best[1]) and best[0] >= 3
    return scene


def test_the_preview_fits_the_smallest_window(small_window, bundled_path) -> None:  # type: ignore[no-untyped-def]
    app = small_window
    scene = big_attack(app, bundled_path)
    st, plan = scene.state, scene.plan
    assert draw_attack_panel(None, scene.preview_rect(), st, plan).overflow  # too tall for the log's room alone
    col = fit_attack_panel(app.screen, [scene.preview_rect(), scene.preview_rect().union(scene.mini_rect)], st, plan)
    assert not col.overflow and any(line.startswith("holds ") for line in col.lines)
    app.frame()
    assert scene.minimap_covered
    # a click on a unit's line over the minimap's place takes it out of the attack; the camera stays
    r, uid = next((r, u) for r, u in plan.toggles if r.colliderect(scene.mini_rect))
    centre = (scene.camera.cx, scene.camera.cy)
    click(app, r.center)
    assert uid not in scene.plan.chosen and (scene.camera.cx, scene.camera.cy) == centre
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    app.frame()
    assert scene.plan is None and not scene.minimap_covered


def test_in_a_big_window_the_minimap_stays(bundled_path) -> None:  # type: ignore[no-untyped-def]
    app = App((1280, 800))
    try:
        scene, _ = bundled_attack(app, bundled_path)
        app.frame()
        assert not scene.minimap_covered
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", [(960, 600), (1280, 800)])
def test_the_controls_fit_their_box(size: tuple[int, int], small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui.overlays import HelpOverlay

    app = App(size)
    try:
        app.push(build_game(app, str(small_path), "soviet", 1))
        help_ = HelpOverlay(app)
        app.push(help_)
        app.frame()
        assert help_.box.bottom <= size[1] and help_.bottom <= help_.box.bottom - 30  # above "press any key"
    finally:
        pygame.quit()
