"""``--ai SIDE=LEVEL`` (and its aliases ``--soviet``/``--japan``) on ``run``, ``batch`` and ``play``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mutanchiang_sim.cli import build_parser, main
from mutanchiang_sim.cli.args import ai_choices
from mutanchiang_sim.cli.play import wants_new_game_screen

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def choices(*argv: str) -> dict[str, str]:
    return ai_choices(build_parser().parse_args(["run", *argv]))


def record(capsys, *argv: str) -> dict:  # type: ignore[no-untyped-def]
    assert main(["run", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_levels_and_policies_by_side_and_the_aliases() -> None:
    assert choices() == {}
    assert choices("--ai", "japan=easy", "--ai", "soviet=passive") == {"japan": "easy", "soviet": "passive"}
    assert choices("--japan", "hard") == choices("--ai", "japan=hard") == {"japan": "hard"}
    assert choices("--soviet", "advance", "--ai", "japan=doctrine") == {"soviet": "advance", "japan": "doctrine"}


@pytest.mark.parametrize("argv, flag, words", [
    (["--ai", "japan=eassy"], "--ai", "unknown level 'eassy'"),
    (["--japan", "brilliant"], "--japan", "unknown level 'brilliant'"),
    (["--ai", "japan"], "--ai", "expected SIDE=LEVEL"),
    (["--ai", "=hard"], "--ai", "no side"),
    (["--ai", "japan=easy", "--ai", "japan=hard"], "--ai", "given twice"),
    (["--ai", "japan=easy", "--japan", "hard"], "--japan", "given twice"),
    (["--ai", "nippon=easy"], "--ai", "Small test valley has no side 'nippon' (sides: soviet, japan)"),
])
def test_bad_values_are_one_line_naming_the_flag(small_path: Path, capsys, argv, flag, words) -> None:  # type: ignore[no-untyped-def]
    for command in ("run", "batch"):
        extra = ["--runs", "1", "--out", "unused"] if command == "batch" else []
        assert main([command, str(small_path), *extra, *argv]) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and err.startswith(f"{flag}: ") and words in err, err
    assert not Path("unused").exists()


def test_a_level_is_the_scenarios_difficulty_set_over_its_ai_section(small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    default = record(capsys, str(small_path), "--seed", "3")
    easy = record(capsys, str(small_path), "--seed", "3", "--ai", "japan=easy")
    by_set = record(capsys, str(small_path), "--seed", "3", "--set", "ai.japan.difficulty=easy")
    alias = record(capsys, str(small_path), "--seed", "3", "--japan", "easy")
    assert easy != default
    assert easy == by_set == alias
    # the level wins over the file's (here: --set's) difficulty for that side
    assert record(capsys, str(small_path), "--seed", "3", "--ai", "japan=easy", "--set", "ai.japan.difficulty=hard") == easy


def test_the_choice_is_in_the_replay(small_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rec = tmp_path / "r.json"
    assert main(["run", str(small_path), "--seed", "2", "--ai", "japan=hard", "--soviet", "advance", "--record", str(rec)]) == 0
    capsys.readouterr()
    assert json.loads(rec.read_text())["policies"] == {"japan": "hard", "soviet": "advance"}


def test_batch_records_the_choice_and_resume_refuses_another(small_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b"
    base = ["batch", str(small_path), "--runs", "2", "--workers", "1", "--out", str(out)]
    assert main([*base, "--ai", "japan=easy", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["policies"] == {"japan": "easy"}
    assert json.loads((out / "batch.json").read_text())["policies"] == {"japan": "easy"}
    assert main([*base, "--ai", "japan=hard", "--resume"]) == 2
    assert "different policies" in capsys.readouterr().err
    assert main([*base, "--japan", "easy", "--resume"]) == 0  # the alias is the same choice


def test_play_flags_that_contradict_each_other(small_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    png = str(tmp_path / "x.png")
    assert main(["play", str(small_path), "--side", "japan", "--ai", "japan=hard", "--screenshot", png]) == 2
    assert capsys.readouterr().err.strip() == "--ai: japan is played by you (--side japan), not by the computer"
    assert main(["play", str(small_path), "--load", "some.json", "--ai", "soviet=easy", "--screenshot", png]) == 2
    assert capsys.readouterr().err.startswith("--ai: a saved game keeps")
    assert main(["play", str(small_path), "--side", "japan", "--ai", "soviet=hard", "--screenshot", png]) == 0


def test_when_play_opens_on_the_new_game_screen() -> None:
    def asks(*argv: str) -> bool:
        return wants_new_game_screen(build_parser().parse_args(["play", *argv]))

    assert asks() and asks("--fog", "--ai", "japan=hard", "--seed", "4")  # nothing says who plays
    assert not asks("--side", "japan") and not asks("--load", "s.json") and not asks("--screenshot", "x.png")
    assert asks("--side", "japan", "--new-game") and asks("--new-game", "--screenshot", "x.png")
