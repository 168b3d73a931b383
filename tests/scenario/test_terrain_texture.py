"""A terrain type's own texture file (``rules.terrain.<code>.texture``): found beside the
scenario, or a one-line error naming the file, line and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mutanchiang_sim.errors import ScenarioError
from mutanchiang_sim.scenario import load_scenario

VARIANT = "base: small.yaml\nrules:\n  terrain:\n    w:\n      texture: {tex}\n"


def variant(tmp_path: Path, small_path: Path, tex: str) -> Path:
    shutil.copy(small_path, tmp_path / "small.yaml")
    p = tmp_path / "v.yaml"
    p.write_text(VARIANT.format(tex=tex), encoding="utf-8")
    return p


def test_a_texture_beside_the_scenario_is_found(tmp_path: Path, small_path: Path) -> None:
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "woods.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    sc = load_scenario(variant(tmp_path, small_path, "art/woods.png"))
    assert sc.rules.terrain["w"].texture == str((tmp_path / "art" / "woods.png").resolve())
    assert sc.rules.terrain["h"].texture is None


@pytest.mark.parametrize(("tex", "why"), [("woods.png", "no such file"), ("small.yaml", "not an image file"),
                                          ("art", "not an image file"), ("'  '", "not a file name"),
                                          ("art/" + "a" * 300 + ".png", "...': cannot read")])
def test_a_bad_texture_is_one_line_naming_file_line_and_key(tmp_path: Path, small_path: Path, tex: str, why: str) -> None:
    (tmp_path / "art").mkdir()
    p = variant(tmp_path, small_path, tex)
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    (problem,) = e.value.problems
    text = str(problem)
    assert text.startswith(f"{p}:5:") and "rules.terrain.w.texture" in text and why in text
    assert "\n" not in text


def test_the_cli_refuses_a_missing_texture_with_exit_code_2(tmp_path: Path, small_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from mutanchiang_sim.cli.main import main

    p = variant(tmp_path, small_path, "gone.png")
    assert main(["validate", str(p)]) == 2
    out = capsys.readouterr()
    err = (out.err + out.out).strip().splitlines()
    assert any("rules.terrain.w.texture: 'gone.png': no such file" in line for line in err)
