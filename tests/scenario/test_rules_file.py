"""The shared rules file, the per-day/per-km rates, what a scenario may override, and --set."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutanchiang_sim.cli import main
from mutanchiang_sim.core.rules.coefficients import Rules, clock_context
from mutanchiang_sim.scenario import ScenarioError, load_scenario
from mutanchiang_sim.scenario.loader import scenario_warnings

ROOT = Path(__file__).resolve().parents[2]
MUTANCHIANG = ROOT / "scenarios" / "mutanchiang_1945.yaml"
KHALKHIN_GOL = ROOT / "scenarios" / "khalkhin_gol_1939.yaml"
SMALL = ROOT / "tests" / "data" / "small.yaml"


def test_rates_are_per_day_and_per_km() -> None:
    stated = Rules().model_dump()
    ref = Rules.model_validate(stated, context=clock_context(6, 3.0))
    assert ref.kinds["tank_brigade"].movement == 7.0 and ref.kinds["rifle_division"].movement == 4.0
    assert ref.combat.turns_per_day == 4.0 and ref.combat.recovery_per_turn == pytest.approx(0.05)
    assert ref.supply.max_distance == 12 and ref.supply.turns_to_exhaust == 2
    assert ref.kinds["artillery"].support_range == 2
    # half the hex size: twice the hexes a turn, the guns reach twice as many hexes
    small = Rules.model_validate(stated, context=clock_context(6, 1.5))
    assert small.kinds["tank_brigade"].movement == 14.0 and small.supply.max_distance == 24
    assert small.kinds["artillery"].support_range == 4
    # 3-hour turns: half the march, half the recovery, twice the turns a day
    fast = Rules.model_validate(stated, context=clock_context(3, 3.0))
    assert fast.kinds["rifle_division"].movement == 2.0 and fast.combat.turns_per_day == 8.0
    assert fast.combat.recovery_per_turn == pytest.approx(0.025) and fast.movement.crossing_prep_turns == 4


def test_a_derived_value_cannot_be_set_by_hand() -> None:
    with pytest.raises(ScenarioError, match="set km_per_day instead"):
        load_scenario(SMALL, {"rules.kinds.rifle_division.movement": 5.0})


def test_both_battles_name_the_shared_file_and_take_its_rates() -> None:
    mu, kg = load_scenario(MUTANCHIANG), load_scenario(KHALKHIN_GOL)
    assert mu.rules.combat == kg.rules.combat.model_copy(update={"turns_per_day": mu.rules.combat.turns_per_day})
    assert mu.rules.nations["soviet"] == kg.rules.nations["soviet"]
    assert mu.rules.nations["japan"].attrition_scale == kg.rules.nations["japan"].attrition_scale
    assert mu.rules.nations["japan"].quality != kg.rules.nations["japan"].quality  # each battle's own
    # 2.5 km hexes: the same 84 km a day is more hexes a turn than on Mutanchiang's 3 km
    assert kg.rules.kinds["tank_brigade"].movement > mu.rules.kinds["tank_brigade"].movement


def test_the_bundled_battles_override_nothing_they_should_not() -> None:
    assert scenario_warnings(MUTANCHIANG) == [] and scenario_warnings(KHALKHIN_GOL) == []


def test_a_scenario_overriding_a_global_coefficient_is_warned_with_file_and_line(capsys) -> None:  # type: ignore[no-untyped-def]
    warnings = [str(w) for w in scenario_warnings(SMALL)]
    assert any(w.startswith(f"{SMALL}:78:") and "rules.combat.advance_scale overrides a global coefficient" in w for w in warnings)
    assert any("rules.nations.japan.quality has no quality_source" in w for w in warnings)
    assert main(["validate", str(SMALL)]) == 0  # a warning, not an error
    assert "warning: rules.combat.attacker_daily_rate" in capsys.readouterr().out


def test_a_missing_rules_file_is_a_located_error(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("turns: 8\n", "turns: 8\nrules_file: rules/nowhere.yaml\n", 1)
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="rules_file: no such rules file 'rules/nowhere.yaml'"):
        load_scenario(tmp_path / "s.yaml")


def test_set_adds_a_key_the_schema_allows_and_refuses_one_it_does_not(capsys) -> None:  # type: ignore[no-untyped-def]
    unit = load_scenario(SMALL).units[0]
    assert not unit.tags
    sc = load_scenario(SMALL, {f"units.{unit.id}.tags": ["picked"], "sides.soviet.colour": "#123456"})
    assert "picked" in next(u for u in sc.units if u.id == unit.id).tags
    with pytest.raises(ScenarioError, match=r"--set units\..*\.tagz=1: unknown key 'tagz' in units\..* \(did you mean 'tags'\?\); keys there: arrives, "):
        load_scenario(SMALL, {f"units.{unit.id}.tagz": 1})
    assert main(["run", str(SMALL), "--set", "map.heks_km=2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "map.heks_km" in err[0] and "hex_km" in err[0]
