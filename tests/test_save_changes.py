"""A save after its scenario was edited or moved (#18 item 12): the same content loads as it
was; an edited scenario the game still fits loads with a one-line warning naming what changed;
one it no longer fits, a moved file and a damaged number are refused in one line naming the
save, exit 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mutanchiang_sim.cli.main import main
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.save_open import changed_parts, scenario_parts, what_changed
from mutanchiang_sim.sim.saves import load_game
from mutanchiang_sim.sim.session import GameSession

SCRIPT = Path(sys.executable).with_name("mutanchiang")  # the real console script


@pytest.fixture
def saved(small_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(a copy of the small scenario, a save of a game of it a few actions in)."""
    scenario = tmp_path / "valley.yaml"
    shutil.copy(small_path, scenario)
    session = GameSession.start(load_scenario(scenario), 5, {"soviet"}, str(scenario), False, {})
    save = tmp_path / "game.json"
    session.save(save)
    return scenario, save


def _play(save: Path, *more: str) -> int:
    return main(["play", *more, "--load", str(save), "--screenshot", str(save.with_suffix(".png"))])


def _err(capsys: pytest.CaptureFixture[str]) -> list[str]:
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err and "internal error" not in cap.err, cap.err
    return cap.err.strip().splitlines()


def test_each_part_has_a_fingerprint_of_its_values_only(small_path: Path, tmp_path: Path) -> None:
    a = scenario_parts(load_scenario(small_path))
    assert a == scenario_parts(load_scenario(small_path))  # nothing of one load (an address, a cache) in it
    edited = tmp_path / "v.yaml"
    edited.write_text(small_path.read_text().replace("men: 9000", "men: 9001", 1).replace("turns: 8", "turns: 9"))
    b = load_scenario(edited)
    assert changed_parts(a, b) == ["units", "timeline"]
    assert what_changed(changed_parts(a, b)) == "the units and the timeline"
    assert changed_parts(None, b) == [] and what_changed([]) == "its content"


def test_the_fingerprints_are_the_same_in_another_process(small_path: Path) -> None:
    """A save is read by another process than the one that wrote it: no set order, no hash seed."""
    code = ("import json, sys; from mutanchiang_sim.scenario import load_scenario; "
            "from mutanchiang_sim.sim.save_open import scenario_parts; "
            "print(json.dumps(scenario_parts(load_scenario(sys.argv[1]))))")
    r = subprocess.run([sys.executable, "-c", code, str(small_path)], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert json.loads(r.stdout) == scenario_parts(load_scenario(small_path)), r.stderr


def test_a_comment_and_a_move_change_nothing(saved: tuple[Path, Path], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    scenario, save = saved
    moved = tmp_path / "elsewhere.yaml"
    moved.write_text("# a note\n" + scenario.read_text())
    assert _play(save, str(moved)) == 0
    assert _err(capsys) == []


def test_an_edited_scenario_the_game_still_fits_loads_with_a_warning(saved: tuple[Path, Path]) -> None:
    scenario, save = saved
    scenario.write_text(scenario.read_text().replace("men: 9000", "men: 9100", 1))
    r = subprocess.run([str(SCRIPT) if SCRIPT.exists() else sys.executable, *([] if SCRIPT.exists() else
                        ["-m", "mutanchiang_sim"]), "play", "--load", str(save), "--screenshot",
                        str(save.with_suffix(".png"))], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().splitlines() == [
        f"warning: {save}: the scenario changed since this game was saved (the units of Small test valley in "
        f"{scenario}); the game goes on under the changed scenario"]
    g = load_game(save, load_scenario(scenario), str(scenario))
    assert g.changed == ["units"]


def test_in_the_game_window_the_warning_goes_to_the_log(saved: tuple[Path, Path]) -> None:
    scenario, save = saved
    scenario.write_text(scenario.read_text().replace("turns: 8", "turns: 9"))
    session = GameSession.start(load_scenario(scenario), 1, {"soviet"}, str(scenario), False, {})
    session.load(save)
    assert session.log[-1] == ("info", f"{save}: the scenario changed since this game was saved (the timeline of "
                                       "Small test valley); the game goes on under the changed scenario")


def test_an_edit_the_game_no_longer_fits_is_refused(saved: tuple[Path, Path],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    scenario, save = saved
    scenario.write_text(scenario.read_text().replace("id: s-rd1,", "id: s-rd9,"))
    assert _play(save) == 2
    assert _err(capsys) == [
        f"{save}: the scenario changed since this game was saved (the units) and the game no longer fits it "
        "(state.units: not the units of this scenario); load it with the scenario file as it was"]


def test_another_battle_is_not_a_version_of_it(saved: tuple[Path, Path], bundled_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _, save = saved
    assert _play(save, str(bundled_path)) == 2
    (line,) = _err(capsys)
    assert line.startswith(f"{save}: a save of Small test valley, which does not fit ")


def test_a_moved_scenario_is_said_to_be_gone(saved: tuple[Path, Path], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    scenario, save = saved
    scenario.rename(tmp_path / "renamed.yaml")
    assert _play(save) == 2
    assert _err(capsys) == [
        f"{save}: its scenario file {scenario} is no longer there (moved or deleted?); give the scenario's file: "
        f"mutanchiang play SCENARIO --load {save}"]
    assert _play(save, str(tmp_path / "renamed.yaml")) == 0


def test_a_number_too_long_to_read_names_the_save(saved: tuple[Path, Path],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, save = saved
    doc = json.loads(save.read_text())
    save.write_text(json.dumps(doc).replace(f'"seed": {doc["seed"]}', '"seed": ' + "9" * 5000))
    assert _play(save) == 2
    assert _err(capsys) == [f"{save}: damaged save file (a number of more than 4300 digits)"]


def test_damaged_lists_of_players_and_ai_are_dropped_not_a_crash(saved: tuple[Path, Path]) -> None:
    """(found by the slow save fuzzer) a list where a side's id or an AI's name belongs is
    dropped like any other damaged dressing; the game itself still loads."""
    scenario, save = saved
    doc = json.loads(save.read_text())
    doc["humans"] = [["soviet"], "soviet", {"x": 1}]
    doc["ai"] = {"japan": ["doctrine"], "soviet": "doctrine"}
    save.write_text(json.dumps(doc))
    g = load_game(save, load_scenario(scenario), str(scenario))
    assert g.humans == ["soviet"]
    assert g.ai == {"soviet": "doctrine"}
