"""Output flags (--record, --screenshot) never overwrite what the command reads, a directory, a
device or a file of another kind (unless --force); an earlier output of the same kind is replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mutanchiang_sim.cli import main


@pytest.fixture
def scenario(small_path: Path, tmp_path: Path) -> Path:
    p = tmp_path / "s.yaml"
    shutil.copy(small_path, p)
    return p


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


@pytest.mark.parametrize("command", [["run", "--record"], ["play", "--screenshot"], ["edit", "--screenshot"]])
def test_the_scenario_itself_is_never_an_output(scenario: Path, command: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = scenario.read_bytes()
    assert main([command[0], str(scenario), command[1], str(scenario)]) == 2
    assert _one_line(capsys) == f"{command[1]}: {scenario} is a file this command reads; write to another file"
    assert scenario.read_bytes() == before


def test_a_directory_or_a_device_is_refused(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(scenario), "--record", str(tmp_path)]) == 2
    assert "is a directory" in _one_line(capsys)
    assert main(["run", str(scenario), "--record", "/dev/null"]) == 2
    assert "not a regular file" in _one_line(capsys)


def test_a_file_of_another_kind_needs_force(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    assert main(["run", str(scenario), "--record", str(notes)]) == 2
    assert _one_line(capsys) == f"--record: {notes} exists and is not a mutanchiang replay; add --force to replace it"
    assert notes.read_text() == "my notes"
    assert main(["run", str(scenario), "--record", str(notes), "--force"]) == 0
    assert notes.read_text().startswith("{")


def test_an_earlier_output_of_the_same_kind_is_replaced(scenario: Path, tmp_path: Path) -> None:
    rec = tmp_path / "game.json"
    assert main(["run", str(scenario), "--seed", "1", "--record", str(rec)]) == 0
    first = rec.read_text()
    assert main(["run", str(scenario), "--seed", "2", "--record", str(rec)]) == 0
    assert rec.read_text() != first
    png = tmp_path / "view.png"
    assert main(["play", str(scenario), "--seed", "1", "--screenshot", str(png)]) == 0
    assert main(["play", str(scenario), "--seed", "2", "--screenshot", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_a_replay_cannot_screenshot_over_itself(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rec = tmp_path / "game.json"
    assert main(["run", str(scenario), "--record", str(rec)]) == 0
    capsys.readouterr()
    assert main(["replay", str(rec), "--screenshot", str(rec)]) == 2
    assert "is a file this command reads" in _one_line(capsys)
