"""The command line contract: exit codes, one-line located errors, the run record's keys."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mutanchiang_sim.cli import main

RECORD_KEYS = {
    "seed", "winner", "city_captured", "city_captured_turn", "city_captured_at", "turns_played",
    "soviet_men_start", "soviet_casualties", "soviet_tanks_start", "soviet_tanks_lost", "japan_men_start",
    "japan_casualties", "japan_killed", "japan_guns_lost", "japan_escaped_men", "japan_effectiveness_end",
}


def test_run_json_prints_the_whole_record(small_path, capsys):
    assert main(["run", str(small_path), "--seed", "4", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert RECORD_KEYS <= set(rec)
    assert rec["seed"] == 4 and rec["winner"] in ("soviet", "japan", "draw")
    assert rec["soviet_men_start"] == 29200


def test_run_is_deterministic_across_processes(small_path):
    cmd = [sys.executable, "-m", "mutanchiang_sim", "run", str(small_path), "--seed", "11", "--json"]
    a = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    b = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert a == b


def test_validate_ok(small_path, capsys):
    assert main(["validate", str(small_path)]) == 0


BROKEN = {
    "syntax": ("name: [unclosed\n", 1, "YAML"),
    "wrong_type": ("TURNS", 5, "turns: Input should be a valid integer"),
    "unknown_terrain": ("TERRAIN", 13, "unknown terrain code 'q'"),
    "off_map": ("OFFMAP", None, "off the map"),
    "on_water": ("WATER", None, "impassable terrain"),
    "duplicate_id": ("DUP", None, "duplicate unit id 's-rd1'"),
    "negative": ("NEG", None, "men: Input should be greater than or equal to 0"),
}


def broken_text(small_path: Path, kind: str) -> str:
    s = small_path.read_text()
    if kind == "syntax":
        return "name: [unclosed\n"
    if kind == "wrong_type":
        return s.replace("turns: 8", "turns: eight")
    if kind == "unknown_terrain":
        return s.replace('"..hh..w..."', '"..hh..q..."')
    if kind == "off_map":
        return s.replace("hex: [8, 3], men: 9000", "hex: [80, 3], men: 9000")
    if kind == "on_water":
        return s.replace("hex: [8, 3], men: 9000", "hex: [3, 5], men: 9000")
    if kind == "duplicate_id":
        return s.replace("id: s-rd2,", "id: s-rd1,")
    if kind == "negative":
        return s.replace("men: 2500", "men: -2500")
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_validate_reports_file_line_and_exit_2(small_path, tmp_path, kind, capsys):
    f = tmp_path / f"{kind}.yaml"
    text = broken_text(small_path, kind)
    f.write_text(text)
    assert main(["validate", str(f)]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert out, "no problem printed"
    _, want_line, want_msg = BROKEN[kind]
    line_re = re.compile(rf"^{re.escape(str(f))}:(\d+):(\d+): .+")
    for line in out:
        assert line_re.match(line), line
    hit = [ln for ln in out if want_msg in ln]
    assert hit, out
    line_no = int(line_re.match(hit[0]).group(1))  # type: ignore[union-attr]
    if want_line is None:
        # the line of the offending key in the file
        needle = {"off_map": "[80, 3]", "on_water": "hex: [3, 5], men: 9000", "duplicate_id": "id: s-rd1, name: 2nd", "negative": "men: -2500"}[kind]
        want_line = next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)
    elif kind == "wrong_type":
        want_line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("turns:"))
    elif kind == "unknown_terrain":
        want_line = next(i for i, ln in enumerate(text.splitlines(), 1) if "q..." in ln)
    assert line_no == want_line


def test_bad_input_has_no_traceback(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("name: [unclosed\n")
    r = subprocess.run([sys.executable, "-m", "mutanchiang_sim", "run", str(f)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0
    assert r.stderr.startswith(f"{f}:1:")


def test_bad_flag_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["run", "--seed", "x"])
    assert e.value.code == 2
    assert "error" in capsys.readouterr().err


def test_missing_file_exit_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_unknown_set_key_exit_2(small_path, capsys):
    assert main(["run", str(small_path), "--set", "turnz=3"]) == 2
    assert "did you mean 'turns'" in capsys.readouterr().err


def test_a_bad_set_value_is_blamed_on_the_flag_not_the_file(small_path, capsys):
    assert main(["run", str(small_path), "--set", "rules.combat.advance_scale=-1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "--set rules.combat.advance_scale=-1: Input should be greater than 0 (got -1)"
    assert main(["run", str(small_path), "--set", "units.s-rd1.men=-5"]) == 2
    assert capsys.readouterr().err.strip().startswith("--set units.s-rd1.men=-5: ")


def test_negative_seeds_and_infinite_numbers_are_bad_input(small_path, capsys):
    assert main(["run", str(small_path), "--seed", "-5"]) == 2
    assert capsys.readouterr().err.strip() == "--seed: expected a whole number from 0 to 9223372036854775807, got -5"
    for key in ("rules.combat.noise_sigma=inf", "rules.weapons.tank=nan"):
        assert main(["run", str(small_path), "--set", key]) == 2
        assert "Input should be a finite number" in capsys.readouterr().err
    assert main(["run", str(small_path), "--set", "units.s-rd1=5"]) == 2  # the whole unit replaced
    assert capsys.readouterr().err.startswith("--set units.s-rd1=5: ")


def test_set_overrides_a_rule(small_path, capsys):
    assert main(["run", str(small_path), "--set", "turns=6", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["turns_played"] == 6


def test_schema_is_json(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "units" in schema["properties"]
