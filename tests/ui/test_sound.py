"""Sound: the effect each kind of event gets, the player's mute switch and volume kept in the
settings file, and never an exception without a sound card."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from mutanchiang_sim.core.events import GameEvent
from mutanchiang_sim.ui import assets
from mutanchiang_sim.ui._pygame import pygame
from mutanchiang_sim.ui.settings import SETTINGS_ENV, Settings, settings_path
from mutanchiang_sim.ui.sound import Sound, sound_for


def ev(kind: str, **data: object) -> GameEvent:
    return GameEvent(kind, 0, kind, dict(data))


@pytest.fixture
def mixer():  # type: ignore[no-untyped-def]
    pygame.mixer.quit()
    yield
    pygame.mixer.quit()


def test_each_event_gets_its_effect() -> None:
    humans = {"soviet"}
    assert sound_for([ev("move")], humans) == "move"
    assert sound_for([ev("move")], humans, heard_move=False) is None  # a unit hidden by fog moves unheard
    assert sound_for([ev("combat", support=[])], humans) == "attack"
    assert sound_for([ev("combat", support=["sov-art"])], humans) == "artillery"
    assert sound_for([ev("bridge", intact=False)], humans) == "bridge"
    assert sound_for([ev("bridge", intact=True)], humans) is None  # repaired, not blown
    assert sound_for([ev("phase"), ev("turn")], humans) == "turn"
    assert sound_for([ev("end", winner="soviet")], humans) == "victory"
    assert sound_for([ev("end", winner="japan")], humans) == "defeat"
    assert sound_for([ev("end", winner="japan")], set()) == "victory"  # watching the computers
    assert sound_for([ev("end", winner="draw")], humans) is None
    # the weightiest of several
    assert sound_for([ev("move"), ev("combat", support=["x"]), ev("turn")], humans) == "artillery"
    assert sound_for([ev("combat", support=[]), ev("end", winner="japan")], humans) == "defeat"


def test_the_dummy_audio_driver_plays_every_effect_without_raising(mixer: None, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    sound = Sound(Settings(tmp_path / "settings.json"))
    assert sound.playing
    assert set(sound.effects) == set(assets.SOUNDS)
    for name in assets.SOUNDS:
        assert sound.play(name)
    assert not sound.play(None) and not sound.play("no-such-effect")
    sound.toggle_mute()
    assert not any(sound.play(name) for name in assets.SOUNDS)


def test_no_audio_device_means_silence_not_an_error(mixer: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-audio-driver")
    sound = Sound(Settings(tmp_path / "settings.json"))
    assert not sound.playing
    assert not sound.play("attack")
    assert "no audio device" in sound.change_volume(1)


def test_a_missing_sound_file_is_left_out_with_a_warning(mixer: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setattr(assets, "assets_dir", lambda: tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sound = Sound(Settings(tmp_path / "settings.json"))
    assert len(caught) == len(assets.SOUNDS)
    assert not sound.play("move")


def test_mute_and_volume_are_kept_in_the_settings_file(mixer: None, tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    sound = Sound(Settings.load(path))
    assert not sound.settings.muted and sound.settings.volume == 0.7
    assert sound.change_volume(1).startswith("Sound 80%")
    assert sound.toggle_mute().startswith("Sound off")
    again = Settings.load(path)
    assert again.muted and again.volume == 0.8
    for _ in range(12):
        sound.change_volume(-1)
    assert Settings.load(path).volume == 0.0 and not Settings.load(path).muted


def test_a_damaged_settings_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.warns(RuntimeWarning, match="cannot read the settings"):
        s = Settings.load(path)
    assert not s.muted
    s.muted = True
    assert not s.save()
    assert path.read_text(encoding="utf-8") == "{not json"


def test_keys_the_game_does_not_know_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"volume": 0.5, "window": [1280, 800]}), encoding="utf-8")
    s = Settings.load(path)
    s.muted = True
    assert s.save()
    assert json.loads(path.read_text(encoding="utf-8")) == {"window": [1280, 800], "muted": True, "volume": 0.5}


def test_the_settings_file_is_where_the_environment_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path / "mine.json"))
    assert settings_path() == tmp_path / "mine.json"
    monkeypatch.delenv(SETTINGS_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert settings_path() == tmp_path / "mutanchiang" / "settings.json"


def test_the_m_key_mutes_the_game_and_remembers_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_path: Path) -> None:
    from mutanchiang_sim.ui.app import App, build_game

    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path / "settings.json"))
    app = App((1280, 800))
    try:
        scene = build_game(app, str(small_path), "soviet", 3)
        app.push(scene)
        for key in (pygame.K_m, pygame.K_RIGHTBRACKET):
            scene.handle_event(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
        scene.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_m, mod=0, unicode=""))
        assert scene.toast_text.startswith("Sound off")
        saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
        assert saved == {"muted": True, "volume": 0.8}
    finally:
        pygame.quit()


def test_what_c_libraries_print_while_the_mixer_opens_stays_off_the_terminal() -> None:
    """ALSA writes straight to descriptor 2 on a machine without a sound card; the mixer's
    start keeps that off the terminal and leaves stderr working afterwards."""
    import subprocess
    import sys

    code = ("import os; from mutanchiang_sim.ui.sound import _c_stderr_quiet\n"
            "with _c_stderr_quiet():\n    os.write(2, b'ALSA lib: cannot find card\\n')\n"
            "os.write(2, b'after\\n')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert r.returncode == 0
    assert r.stderr == b"after\n"
