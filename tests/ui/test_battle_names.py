"""The window, the menu and the end screen name the battle being played, not always Mutanchiang."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from test_play import key

from mutanchiang_sim.ui import overlays, theme
from mutanchiang_sim.ui.app import build_game

KG = Path(__file__).resolve().parents[2] / "scenarios" / "khalkhin_gol_1939.yaml"


def drawn_text(monkeypatch: pytest.MonkeyPatch, draw) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    text, fitted = theme.text, overlays.fitted
    monkeypatch.setattr(overlays.theme, "text", lambda s, *a, **k: seen.append(s) or text(s, *a, **k))
    monkeypatch.setattr(overlays, "fitted", lambda s, *a, **k: seen.append(s) or fitted(s, *a, **k))
    draw()
    monkeypatch.undo()
    return seen


def test_the_second_battle_is_named_as_itself(app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    scene = build_game(app, str(KG), "soviet", 1)
    app.push(scene)
    name = scene.scenario.name
    assert name.startswith("Khalkhin Gol") and pygame.display.get_caption()[0] == name
    menu = overlays.MenuOverlay(app, scene)
    words = drawn_text(monkeypatch, lambda: menu.draw(app.screen))
    assert name in words and not any("Mutanchiang" in w for w in words)
    end = overlays.VictoryOverlay(app, scene.session)
    words = drawn_text(monkeypatch, lambda: end.draw(app.screen))
    assert "Historical (1939)" in words and "Historical (1945)" not in words


def test_the_end_screen_gives_times_as_dates_under_a_label_that_says_so() -> None:
    assert overlays.fmt_value("1945-08-15T12:00") == "15 Aug 12:00"



def test_the_player_reads_names_not_identifiers(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    """#17 defect 6: the weather by its name, a scenario message's own date not stamped twice,
    the rules' reasons with the unit's name."""
    scene = build_game(app, str(bundled_path), "japan", 7)
    app.push(scene)
    text = "\n".join(t for _, t in scene.session.log)
    assert "Turn 1: 12 Aug 06:00, heavy rain" in text and "heavy_rain" not in text
    assert "12 Aug 06:00 12 August" not in text and "12 August, 06:00" in text
    scene.run_ai_until_human()  # the Soviet phase: now the player's Japanese
    u = next(u for u in scene.state.units if u.side == "japan" and u.on_map and u.hex not in scene.scenario.sides["japan"].exit_zone)
    scene.selected = u.id
    key(app, pygame.K_x)  # withdraw it off the map: refused, and the toast says why
    assert scene.toast_text and u.name in scene.toast_text and u.id not in scene.toast_text
