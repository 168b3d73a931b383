"""``mutanchiang sensitivity``: a Morris or Sobol' study written like a batch folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mutanchiang_sim.cli import main
from mutanchiang_sim.sim.sensitivity import Factor, Study, design, point_values

pytest.importorskip("SALib")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PARAMS = ["--param", "units.j-ir1.men=500:6000", "--param", "ai.soviet.attack_ratio=1.0:3.0"]


def study(small: Path, out: Path, *extra: str) -> int:
    return main(["sensitivity", str(small), *PARAMS, "--samples", "2", "--reps", "1", "--workers", "1",
                 "--out", str(out), *extra])


def test_morris_study_ranks_the_factors_and_resumes(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "m"
    assert study(small_path, out) == 0
    doc = json.loads((out / "sensitivity.json").read_text())
    assert doc["design_points"] == 6 and doc["battles"] == 6  # 2 trajectories x (2 factors + 1)
    rows = doc["results"]["city_captured_hours"]
    assert {r["factor"] for r in rows} == {"units.j-ir1.men", "ai.soviet.attack_ratio"}
    assert rows[0]["mu_star"] >= rows[1]["mu_star"]  # most influential first
    assert (out / "tornado.png").read_bytes()[:4] == b"\x89PNG" and "Morris" in (out / "sensitivity.md").read_text()
    design_rows = (out / "design.csv").read_text().splitlines()
    assert design_rows[0] == "design,units.j-ir1.men,ai.soviet.attack_ratio" and len(design_rows) == 7
    assert all(v.split(",")[1].isdigit() for v in design_rows[1:])  # men: whole numbers
    assert (out / "runs.csv").read_text().count("\n") == 7
    capsys.readouterr()
    assert study(small_path, out, "--resume") == 0
    assert "kept 6 battles" in capsys.readouterr().err
    assert study(small_path, out, "--resume", "--seed", "3") == 2  # another study: refused
    assert "another" in capsys.readouterr().err


def test_sobol_study_gives_first_order_and_total_indices(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "s"
    assert study(small_path, out, "--method", "sobol") == 0
    doc = json.loads((out / "sensitivity.json").read_text())
    assert doc["design_points"] == 8  # N (factors + 2)
    assert set(doc["results"]["city_captured_hours"][0]) >= {"S1", "ST", "S1_conf", "ST_conf"}
    assert (out / "sobol.png").exists()
    capsys.readouterr()


@pytest.mark.parametrize("param, message", [
    ("units.j-ir1.men=6000:500", "LOW must be below HIGH"),
    ("units.j-ir1.men=5", "expected LOW:HIGH"),
    ("units.j-ir1.menn=1:5", "menn"),
])
def test_bad_params_are_one_line_errors(tmp_path: Path, small_path: Path, capsys, param: str, message: str) -> None:  # type: ignore[no-untyped-def]
    code = main(["sensitivity", str(small_path), "--param", param, "--param", "turns=6:8", "--samples", "2",
                 "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


def test_design_is_seeded_and_within_the_ranges() -> None:
    s = Study((Factor("a", 0.0, 1.0), Factor("b", 10, 20, integer=True)), samples=3, seed=4)
    x = design(s)
    assert x.shape == (9, 2) and (design(s) == x).all()
    assert x[:, 0].min() >= 0.0 and x[:, 0].max() <= 1.0 and x[:, 1].min() >= 10 and x[:, 1].max() <= 20
    assert isinstance(point_values(s, x[0])["b"], int)


RANGES = Path(__file__).resolve().parents[1] / "data" / "ranges.yaml"


def test_the_scenarios_ranges_are_factors_over_their_own_ends(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r"
    code = main(["sensitivity", str(RANGES), "--ranges", "--param", "units.j-ir1.men", "--param", "turns=6:8",
                 "--samples", "2", "--reps", "1", "--workers", "1", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    factors = {f["key"]: f for f in json.loads((out / "sensitivity.json").read_text())["study"]["factors"]}
    assert list(factors)[:3] == ["units.j-ir1.men", "turns", "units.s-tb1.quality"]  # --param first, then the rest
    assert len(factors) == 7  # the file's six ranges and turns, none twice
    assert (factors["units.j-ir1.men"]["low"], factors["units.j-ir1.men"]["high"]) == (2500, 3500)
    assert factors["units.j-ir1.men"]["integer"] and not factors["rules.movement.road_cost"]["integer"]
    import csv

    rows = list(csv.DictReader((out / "runs.csv").open()))
    # every range is a factor, so none is drawn: the drawn columns are there, empty, and aligned
    assert all(row["drawn.units.j-ir1.men"] == "" and row["winner"] in ("soviet", "japan", "draw") for row in rows)
    capsys.readouterr()


def test_a_key_alone_must_be_a_range_of_the_scenario(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["sensitivity", str(RANGES), "--param", "units.j-ir1.mne", "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2 and "did you mean 'units.j-ir1.men'?" in err
    code = main(["sensitivity", str(small_path), "--param", "units.j-ir1.men", "--out", str(tmp_path / "y")])
    assert code == 2 and "it has none" in capsys.readouterr().err
