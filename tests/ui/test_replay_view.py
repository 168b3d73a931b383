"""The replay viewer steps forward and back through a recorded game."""

from __future__ import annotations

import pygame

from mutanchiang_sim.cli import main
from mutanchiang_sim.sim.replay import read_replay
from mutanchiang_sim.ui.app import App
from mutanchiang_sim.ui.replay_view import ReplayScene


def test_replay_steps_forward_and_back(small_path, small_scenario, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rec = tmp_path / "game.json"
    assert main(["run", str(small_path), "--seed", "4", "--record", str(rec)]) == 0
    replay = read_replay(rec)
    app = App((1280, 800))
    try:
        scene = ReplayScene(app, small_scenario, replay)
        app.push(scene)
        app.frame()
        first = scene.state.to_dict()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0, unicode="", scancode=0))
        app.frame()
        assert scene.index == 1
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=pygame.KMOD_SHIFT, unicode="", scancode=0))
        app.frame()
        assert scene.index > 1
        scene.command("end")
        assert scene.index == len(replay.actions) and scene.state.game_over
        app.frame()
        scene.command("start")
        assert scene.state.to_dict() == first
        scene.go(3)
        scene.command("back")
        assert scene.index == 2
    finally:
        pygame.quit()
    shot = tmp_path / "replay.png"
    assert main(["replay", str(rec), "--screenshot", str(shot)]) == 0 and shot.stat().st_size > 1000
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert main(["replay", str(bad)]) == 2


def test_a_replay_from_another_engine_says_so(small_path, small_scenario, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from mutanchiang_sim.fingerprint import engine_fingerprint

    rec = tmp_path / "game.json"
    assert main(["run", str(small_path), "--seed", "4", "--record", str(rec)]) == 0
    same = read_replay(rec)
    assert same.engine_fingerprint == engine_fingerprint() and same.same_engine
    doc = json.loads(rec.read_text())
    doc["engine_fingerprint"] = "0123456789abcdef"
    rec.write_text(json.dumps(doc))
    other = read_replay(rec)
    assert not other.same_engine
    del doc["engine_fingerprint"]  # files from before the fingerprint was kept: nothing to say
    rec.write_text(json.dumps(doc))
    assert read_replay(rec).same_engine
    app = App((1280, 800))
    try:
        scene = ReplayScene(app, small_scenario, other)
        assert "another version of the engine" in scene.all_log[0][1]
        assert not any("another version" in t for _, t in ReplayScene(app, small_scenario, same).all_log)
    finally:
        pygame.quit()
