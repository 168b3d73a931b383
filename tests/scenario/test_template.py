"""``mutanchiang new``: a small valid scenario, never over an existing file without --force."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutanchiang_sim.cli import main
from mutanchiang_sim.scenario import load_scenario, validate_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("size", [(6, 6), (12, 10), (7, 9), (35, 45)])
def test_new_writes_a_valid_scenario(tmp_path: Path, size: tuple[int, int], capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new.yaml"
    assert main(["new", str(out), "--width", str(size[0]), "--height", str(size[1])]) == 0
    assert validate_file(out) == []
    scen = load_scenario(out)
    assert (scen.map.width, scen.map.height) == size
    assert {u.side for u in scen.units} == {"soviet", "japan"}
    assert "mutanchiang edit" in capsys.readouterr().out


def test_new_file_points_at_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    assert main(["new", str(out)]) == 0
    first = out.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    ref = first.split("$schema=", 1)[1]
    assert (out.parent / ref).resolve() == (ROOT / "docs" / "scenario.schema.json").resolve()


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("precious")
    assert main(["new", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "precious"
    assert main(["new", str(out), "--force"]) == 0
    assert validate_file(out) == []


@pytest.mark.parametrize("args", [["--width", "3"], ["--height", "999"], ["--width", "x"]])
def test_new_rejects_bad_sizes(tmp_path: Path, args: list[str]) -> None:
    try:
        code = main(["new", str(tmp_path / "n.yaml"), *args])
    except SystemExit as e:  # argparse: not a number
        code = int(e.code or 0)
    assert code == 2
    assert not (tmp_path / "n.yaml").exists()


def test_new_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "no" / "n.yaml")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_new_scenario_plays(tmp_path: Path) -> None:
    out = tmp_path / "n.yaml"
    assert main(["new", str(out)]) == 0
    assert main(["run", str(out), "--seed", "3", "--json"]) == 0
