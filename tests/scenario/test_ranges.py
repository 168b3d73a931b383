"""Ranges in scenario files (scenario.ranges): unit figures and rule values given as
``{low, high}`` or ``{low, mode, high}``, checked where they are written, exported in the JSON
Schema, and listed by the built scenario for each game to draw."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mutanchiang_sim.core.uncertain import Uncertain
from mutanchiang_sim.scenario import ScenarioError, load_scenario
from mutanchiang_sim.scenario.jsonschema import scenario_json_schema

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SMALL = (DATA / "small.yaml").read_text(encoding="utf-8")
J_IR1 = "men: 3000, guns: 12, entrenchment: 2"  # the 1st Infantry Regiment's figures in small.yaml


def _file(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "s.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in SMALL
    return _file(tmp_path, SMALL.replace(old, new, 1))


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    return [str(p) for p in e.value.problems]


def test_the_ranges_of_a_file_are_listed_with_their_nominal_values() -> None:
    sc = load_scenario(DATA / "ranges.yaml")
    ranges = {u.key: u for u in sc.uncertain}
    assert ranges["units.j-ir1.men"] == Uncertain("units.j-ir1.men", 2500, 3500, None, whole=True)
    assert ranges["units.j-ir1.guns"] == Uncertain("units.j-ir1.guns", 8, 16, 12, whole=True)
    assert ranges["rules.nations.japan.quality"] == Uncertain("rules.nations.japan.quality", 0.3, 0.45, 0.35)
    assert ranges["rules.movement.road_cost"].kind == "uniform"
    unit = next(u for u in sc.units if u.id == "j-ir1")
    assert (unit.men, unit.guns) == (3000, 12)  # the middle of a uniform range, the mode of a triangular one
    assert sc.rules.movement.road_cost == 0.5
    assert sc.rules.nations["japan"].quality == 0.35
    assert not sc.drawn


def test_a_file_without_ranges_lists_none() -> None:
    assert load_scenario(DATA / "small.yaml").uncertain == ()


def test_a_rate_stated_per_day_is_converted_at_each_end(tmp_path: Path) -> None:
    p = _with(tmp_path, "rules:\n", "rules:\n  kinds:\n    rifle_division: {km_per_day: {low: 20, high: 40}}\n")
    sc = load_scenario(p)
    (u,) = sc.uncertain
    assert (u.key, u.low, u.high) == ("rules.kinds.rifle_division.km_per_day", 20, 40)
    assert sc.rules.kinds["rifle_division"].km_per_day == 30


@pytest.mark.parametrize(("new", "message"), [
    ("men: {low: 3500, high: 2500}, guns: 12, entrenchment: 2", "units[5].men.low: low (3500) is above high (2500)"),
    ("men: {low: 2000, mode: 4000, high: 3500}, guns: 12, entrenchment: 2",
     "units[5].men.mode: the mode (4000) lies outside [2000, 3500]"),
    ("men: {low: 2000}, guns: 12, entrenchment: 2", "units[5].men: a range needs 'high'"),
    ("men: {low: 2000, hihg: 3000}, guns: 12, entrenchment: 2", "units[5].men.hihg: unknown key 'hihg' in a range"),
    ("men: {low: -5, high: 3000}, guns: 12, entrenchment: 2",
     "units[5].men.low: Input should be greater than or equal to 0 (got -5)"),
    ("men: {low: 2500.5, high: 3000}, guns: 12, entrenchment: 2",
     "units[5].men.low: Input should be a valid integer, got a number with a fractional part (got 2500.5)"),
    ("men: 3000, guns: 12, entrenchment: {low: 1, high: 6}",
     "units[5].entrenchment.high: Input should be less than or equal to 5 (got 6)"),
    ("men: 3000, guns: {low: x, high: 12}, entrenchment: 2", "units[5].guns.low: expected a number, got 'x'"),
    ("men: 3000, guns: 12, entrenchment: 2, arrives: {low: 1, high: 3}",
     "units[5].arrives: a range is allowed only for a unit's men, tanks, guns, vehicles, quality, readiness, entrenchment"),
])
def test_a_bad_range_of_a_unit_is_one_located_line(tmp_path: Path, new: str, message: str) -> None:
    p = _with(tmp_path, J_IR1, new)
    line = next(n for n, text in enumerate(p.read_text().splitlines(), 1) if "j-ir1" in text)
    (problem,) = _problems(p)
    assert re.match(rf"{re.escape(str(p))}:{line}:\d+: ", problem), problem
    assert problem.split(": ", 1)[1].startswith(message), problem


def test_a_rule_value_out_of_its_bounds_at_one_end_is_named(tmp_path: Path) -> None:
    p = _with(tmp_path, "combat: {advance_scale: 2.5,", "combat: {advance_scale: 2.5, noise_sigma: {low: 0.1, high: 5},")
    (problem,) = _problems(p)
    assert "rules.combat.noise_sigma.high: Input should be less than or equal to 3 (got 5)" in problem


def test_validate_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    p = _with(tmp_path, J_IR1, "men: {low: 3500, high: 2500}, guns: 12, entrenchment: 2")
    r = subprocess.run(["mutanchiang", "validate", str(p)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert len(r.stdout.strip().splitlines() + r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_a_variant_range_replaces_the_base_range_whole(tmp_path: Path) -> None:
    (tmp_path / "small.yaml").write_text(SMALL.replace(J_IR1, "men: {low: 2000, mode: 2200, high: 3000}, guns: 12"))
    v = tmp_path / "v.yaml"
    v.write_text("base: small.yaml\nunits:\n  - {id: j-ir1, men: {low: 2500, high: 2600}}\n")
    (u,) = load_scenario(v).uncertain
    assert (u.low, u.mode, u.high) == (2500, None, 2600)  # the base's mode is gone, not left outside


def test_set_fixes_a_ranged_figure_or_widens_it() -> None:
    assert load_scenario(DATA / "ranges.yaml", {"units.j-ir1.men": 3100}).units[5].men == 3100
    fixed = load_scenario(DATA / "ranges.yaml", {"units.j-ir1.men": 3100})
    assert "units.j-ir1.men" not in {u.key for u in fixed.uncertain}
    wide = load_scenario(DATA / "ranges.yaml", {"units.j-ir1.men.high": 5000})
    assert next(u for u in wide.uncertain if u.key == "units.j-ir1.men").high == 5000


def test_the_json_schema_takes_ranges_of_numbers_only(tmp_path: Path) -> None:
    schema = scenario_json_schema()
    men = schema["$defs"]["UnitModel"]["properties"]["men"]
    number, rng = men["anyOf"]
    assert number == {"minimum": 0, "type": "integer"}
    assert rng["required"] == ["low", "high"] and rng["properties"]["low"] == number
    assert "anyOf" in schema["$defs"]["CombatRule"]["properties"]["noise_sigma"]
    assert "anyOf" not in schema["$defs"]["UnitModel"]["properties"]["arrives"]
    exe = shutil.which("check-jsonschema")
    assert exe
    f = tmp_path / "schema.json"
    f.write_text(json.dumps(schema), encoding="utf-8")
    shutil.copy(DATA / "small.yaml", tmp_path / "small.yaml")
    ok = tmp_path / "ranges.yaml"
    shutil.copy(DATA / "ranges.yaml", ok)
    bad = _file(tmp_path, "base: small.yaml\nunits:\n  - {id: j-ir1, men: {low: 1, hihg: 2}}\n")
    run = [exe, "--schemafile", str(f)]
    assert subprocess.run([*run, str(ok)], capture_output=True, timeout=120).returncode == 0
    assert subprocess.run([*run, str(bad)], capture_output=True, timeout=120).returncode == 1

