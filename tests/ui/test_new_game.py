"""The new-game screen, headless: it renders, and its choices build the game they say."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from mutanchiang_sim.cli import main
from mutanchiang_sim.errors import BadFlag
from mutanchiang_sim.ui.app import App
from mutanchiang_sim.ui.game_scene import GameScene
from mutanchiang_sim.ui.new_game import NewGameScene


def click(app: App, scene: NewGameScene, name: str) -> None:
    """Click the button ``name`` where it is drawn."""
    b = next(b for b in scene.buttons if b.name == name)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=b.rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=b.rect.center, button=1))
    app.frame()


def test_it_renders_headless_from_the_command_line(small_path: Path, tmp_path: Path) -> None:
    png = tmp_path / "new.png"
    assert main(["play", str(small_path), "--new-game", "--ai", "japan=hard", "--fog", "--screenshot", str(png)]) == 0
    assert png.stat().st_size > 5000
    shot = pygame.image.load(str(png))
    assert shot.get_size() == (1280, 800)


def test_its_choices_build_the_session(app: App, small_path: Path) -> None:
    scene = NewGameScene(app, str(small_path), seed=5)
    app.push(scene)
    app.frame()
    assert scene.side == "soviet" and scene.choices() == {"japan": "normal"} and not scene.fog
    click(app, scene, "side:japan")
    # the Japanese are now the player's: their level buttons go dead, the Soviets' come alive
    assert not next(b for b in scene.buttons if b.name == "level:japan:hard").enabled
    click(app, scene, "level:japan:hard")
    assert scene.levels["japan"] == "normal"
    click(app, scene, "level:soviet:easy")
    click(app, scene, "fog:on")
    click(app, scene, "start")
    game = app.scenes[0]  # the game, with its briefing over it
    assert isinstance(game, GameScene) and len(app.scenes) == 2 and type(app.top).__name__ == "BriefingOverlay"
    s = game.session
    assert s.humans == {"japan"} and s.fog and s.seed == 5 and s.ai == {"soviet": "easy"}
    soviet = s.policies["soviet"].p  # type: ignore[attr-defined]
    assert soviet.difficulty == "easy" and soviet.fog_of_war


def test_presets_watching_and_quitting(app: App, small_path: Path) -> None:
    scene = NewGameScene(app, str(small_path), "none", 2, False, {"soviet": "passive"})
    app.push(scene)
    assert scene.options["soviet"][-1] == "passive" and scene.choices() == {"soviet": "passive", "japan": "normal"}
    click(app, scene, "level:japan:easy")
    click(app, scene, "start")
    s = app.top.session
    assert s.humans == set() and s.policies["soviet"].name == "passive"  # type: ignore[attr-defined]
    assert s.policies["japan"].p.difficulty == "easy"  # type: ignore[attr-defined]
    quitter = NewGameScene(app, str(small_path))
    app.push(quitter)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    app.frame()
    assert not app.running
    with pytest.raises(BadFlag, match="has no side 'red'"):
        NewGameScene(app, str(small_path), ai={"red": "easy"})


def test_the_scenario_is_chosen_and_the_seed_typed(app: App, small_path: Path) -> None:
    """#17 missing 2: the scenario and the seed are choices of the screen too."""
    from mutanchiang_sim.scenario.loader import bundled_scenarios_dir

    scene = NewGameScene(app, str(small_path), "japan", ai={"soviet": "hard"})
    app.push(scene)
    app.frame()
    bundled = sorted(bundled_scenarios_dir().glob("*.yaml"))
    assert scene.paths[0] == str(small_path) and len(scene.paths) == 1 + len(bundled)
    click(app, scene, "scenario:next")  # the first bundled battle, the choices kept where they fit
    assert Path(scene.scenario_path or "").name == bundled[0].name and scene.scenario.name != "Small test valley"
    assert scene.side == "japan" and scene.levels["soviet"] == "hard"
    click(app, scene, "scenario:prev")
    assert scene.scenario.name == "Small test valley"
    box = scene.seed_rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=box, button=1))
    for ch in "0x42":  # a leading zero and a letter are not taken
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch, scancode=0))
    app.frame()
    assert scene.typing_seed and scene.seed_text == "42"
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_LEFT, mod=0, unicode="", scancode=0))
    app.frame()
    assert scene.scenario.name == "Small test valley"  # arrows are not scenario keys while typing
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    app.frame()
    game = app.scenes[0]
    assert isinstance(game, GameScene) and game.session.seed == 42 and game.session.humans == {"japan"}
    assert game.session.ai == {"soviet": "hard"} and game.scenario.name == "Small test valley"
