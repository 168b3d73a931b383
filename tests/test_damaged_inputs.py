"""Damaged saves, batch folders and sweep values are bad input (exit 2, one line), never an
internal error."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from mutanchiang_sim.cli import main


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    lines = (out.out + out.err).strip().splitlines()
    assert len(lines) == 1 and "internal error" not in lines[0], lines
    return lines[0]


def test_a_save_nested_too_deeply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "deep.json"
    p.write_text("[" * 200_000 + "]" * 200_000)
    assert main(["play", "--load", str(p), "--screenshot", str(tmp_path / "x.png")]) == 2
    assert _one_line(capsys) == f"{p}: not a save file (nested too deeply)"


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory, small_path: Path) -> Path:
    out = tmp_path_factory.mktemp("b") / "B"
    assert main(["batch", str(small_path), "--runs", "2", "--workers", "1", "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("meta, message", [
    ([1, 2], "not a batch description (a list, not a mapping)"),
    ({"sweep": 5}, "sweep: expected a list of [key, [values...]], got 5"),
])
def test_a_batch_json_of_the_wrong_shape(batch_dir: Path, tmp_path: Path, meta: object, message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "copy"
    shutil.copytree(batch_dir, d)
    (d / "batch.json").write_text(json.dumps(meta))
    capsys.readouterr()
    assert main(["report", str(d)]) == 2
    assert _one_line(capsys) == f"{d / 'batch.json'}: {message}"


@pytest.mark.parametrize("value", ["rules.combat.size_scale=[]", "name={a: 1}", "name={a: 1, b: 2}", "name=[1,2]"])
def test_a_sweep_value_must_be_a_scalar(small_path: Path, tmp_path: Path, value: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(small_path), "--runs", "2", "--sweep", value, "--out", str(tmp_path / "o")]) == 2
    assert "a value must be a number, a word or true/false" in _one_line(capsys)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("make, message", [
    ("loop", "base: 'loop1.yaml' is a loop of symbolic links"),
    ("long", "File name too long"),
])
def test_a_base_that_cannot_be_resolved(tmp_path: Path, make: str, message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    if make == "loop":
        (tmp_path / "loop2.yaml").symlink_to("loop1.yaml")
        (tmp_path / "loop1.yaml").symlink_to("loop2.yaml")
        base = "loop1.yaml"
    else:
        base = "a" * 300 + ".yaml"
    v = tmp_path / "v.yaml"
    v.write_text(f"name: v\nbase: {base}\n")
    assert main(["validate", str(v)]) == 2
    line = _one_line(capsys)
    assert line.startswith(f"{v}:2:") and message in line


@pytest.mark.parametrize("argv, flag", [
    (["batch", "S", "--runs", "2", "--out", "BAD"], "--out"),
    (["report", "BAD"], "DIR"),
    (["replay", "BAD"], "FILE"),
    (["validate", "BAD"], "FILE"),
    (["run", "BAD"], "SCENARIO"),
])
def test_a_name_that_is_not_utf8_is_refused_before_anything_is_written(
    small_path: Path, tmp_path: Path, argv: list[str], flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    bad = os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xff\xfe")
    args = [str(small_path) if a == "S" else bad if a == "BAD" else a for a in argv]
    assert main(args) == 2
    assert _one_line(capsys) == f"{flag}: {tmp_path}/\\xff\\xfe is not a valid UTF-8 name; rename it"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage, message", [
    ("no winner", ": not a batch's results (no 'winner' column)"),
    ("run x", " line 2: run 'x' is not a whole number"),
    ("twice", " line 4 repeats run 0"),
])
def test_a_runs_csv_that_is_not_a_batchs_rows(batch_dir: Path, tmp_path: Path, damage: str, message: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    d = tmp_path / "copy"
    shutil.copytree(batch_dir, d)
    runs = d / "runs.csv"
    rows = list(csv.reader(runs.open(newline="")))
    if damage == "no winner":
        i = rows[0].index("winner")
        rows = [r[:i] + r[i + 1:] for r in rows]
    elif damage == "run x":
        rows[1][0] = "x"
    else:
        rows.append(rows[1])
    with runs.open("w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    before = runs.read_bytes()
    capsys.readouterr()
    assert main(["report", str(d)]) == 2
    assert _one_line(capsys) == f"{runs}{message}"
    assert runs.read_bytes() == before  # nothing the user had is touched


SCRIPT = [str(Path(sys.executable).with_name("mutanchiang"))] if Path(sys.executable).with_name("mutanchiang").exists() \
    else [sys.executable, "-m", "mutanchiang_sim"]  # the real console script


def test_a_sweep_of_a_mapping_is_not_garbled_by_the_real_console_script(small_path: Path, tmp_path: Path) -> None:
    """The commas of ``{a: 1, b: 2}`` once split it into '{a: 1' and 'b: 2}', blamed on --set."""
    import subprocess

    r = subprocess.run([*SCRIPT, "batch", str(small_path), "--runs", "2", "--sweep", "name={a: 1, b: 2}", "--out",
                        str(tmp_path / "o")], capture_output=True, text=True, timeout=120)
    assert (r.returncode, r.stderr.strip().splitlines()) == (
        2, ["--sweep: name: a value must be a number, a word or true/false, got '{a: 1, b: 2}'"])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, line", [
    (["batch", "S", "--runs", "2", "--seed", str(2**64), "--out", "O"],
     f"--seed: expected a whole number from 0 to {2**63 - 1}, got {2**64}"),
    (["batch", "S", "--runs", "2", "--sweep", "name='x", "--out", "O"],
     "--sweep: cannot read the value of 'name': \"'x\""),
    (["batch", "S", "--runs", "2", "--sweep", "nope=1,2", "--out", "O"], "--sweep nope=1: unknown key 'nope'; keys there: ai, city, description, events, first_side, history, map, "
     "name, rules, sides, sources, start, turn_hours, turns, units, weather"),
    (["batch", "S", "--runs", "2", "--out", ""], "--out: expected a file or folder name, got an empty one"),
    (["run", "S", "--record", ""], "--record: expected a file or folder name, got an empty one"),
])
def test_hostile_command_lines_are_one_line(argv: list[str], line: str, small_path: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Found by trying command lines as a hostile user would (each once exit 1, garbled or ignored)."""
    args = [str(small_path) if a == "S" else str(tmp_path / "o") if a == "O" else a for a in argv]
    assert main(args) == 2
    assert _one_line(capsys) == line
    assert list(tmp_path.iterdir()) == []


def test_compare_with_a_file_says_it_is_a_file(batch_dir: Path, small_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["report", str(batch_dir), "--compare", str(small_path)]) == 2
    assert _one_line(capsys) == f"--compare {small_path}: is a file, not a batch folder"


def test_a_study_names_the_flag_that_is_wrong(small_path: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sensitivity", str(small_path), "--param", "rules.combat.noise_sigma=0.1:0.2", "--out", str(tmp_path / "s")]
    assert main([*argv, "--samples", "0"]) == 2
    assert _one_line(capsys) == "--samples: expected a whole number from 2, got 0"
    assert main([*argv, "--reps", "0"]) == 2
    assert _one_line(capsys) == "--reps: expected a whole number from 1, got 0"


@pytest.mark.parametrize("argv", [["run", "S", "--record", "LONG.json"], ["batch", "S", "--runs", "2", "--out", "LONG"],
                                  ["report", "LONG"]])
def test_a_name_too_long_for_the_file_system_is_one_line(argv: list[str], small_path: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    long = str(tmp_path / ("a" * 300))
    args = [str(small_path) if a == "S" else a.replace("LONG", long) for a in argv]
    assert main(args) == 2
    line = _one_line(capsys)
    assert line.endswith(": File name too long") and long in line
    assert list(tmp_path.iterdir()) == []
