"""Supply tracing: from sources over friendly ground, cut by enemy units, ZOC and blown bridges."""

from __future__ import annotations

import dataclasses

import pytest
from hexes import at

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.rules import supply
from mutanchiang_sim.core.rules.combat import quality_factor


def test_sources_reach_friendly_ground(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    sov = supply.supplied_hexes(state, "soviet")
    assert at(state, 9, 3) in sov and at(state, 8, 3) in sov
    # the Japanese bank is beyond the enemy line: the Soviets' supply stops at contested hexes
    assert at(state, 2, 3) not in sov
    jp = supply.supplied_hexes(state, "japan")
    assert at(state, 5, 3) in jp


def test_cut_off_unit_weakens_after_grace(small_scenario):
    # the same valley with the Japanese sources moved to a far corner: the regiment is cut off
    sides = dict(small_scenario.sides)
    far = small_scenario.map.index_of_offset(9, 7)
    sides["japan"] = dataclasses.replace(sides["japan"], supply_sources=(far,))
    state, _ = engine.new_game(dataclasses.replace(small_scenario, sides=sides), 1)
    u = state.unit_by_id["j-ir3"]
    u.in_supply, u.turns_out_of_supply = True, 0
    before = quality_factor(state, u)
    grace = state.scenario.rules.supply.turns_to_exhaust
    for _ in range(grace):
        supply.update_supply(state, "japan")
        assert u.in_supply  # still living off what it carries
    supply.update_supply(state, "japan")
    assert not u.in_supply and u.turns_out_of_supply == grace + 1
    assert quality_factor(state, u) == before * state.scenario.rules.combat.out_of_supply_factor


def test_blown_bridge_cuts_supply_across_the_river(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    # clear the Japanese off the bridges so the Soviets could trace across, then blow both
    for uid in ("j-ir1", "j-ir2", "j-ir3", "j-ac"):
        u = state.unit_by_id[uid]
        state.occupancy[u.hex].remove(u)
        if not state.occupancy[u.hex]:
            del state.occupancy[u.hex]
        u.status = "destroyed"
    state.occ_version += 1
    assert at(state, 5, 3) in supply.supplied_hexes(state, "soviet")
    state.bridges_intact = [False, False]
    assert at(state, 5, 3) not in supply.supplied_hexes(state, "soviet")



def _resting_unit_after_a_turn(small_scenario, in_supply: bool):  # type: ignore[no-untyped-def]
    """A Soviet tank brigade that neither moves nor fights, worn to readiness 0.5 and with 1,000
    knocked-out tanks waiting for its workshops, after the end of the turn."""
    state, _ = engine.new_game(small_scenario, 1)
    u = state.unit_by_id["s-tb1"]
    assert state.scenario.rules.nations[u.side].tank_repair_rate > 0
    u.readiness, u.tanks_repairable, u.in_supply, u.attacked = 0.5, 1000, in_supply, False
    engine.end_turn(state)
    return state, u


def test_a_unit_recovers_while_supplies_reach_it(small_scenario):  # type: ignore[no-untyped-def]
    state, u = _resting_unit_after_a_turn(small_scenario, True)
    assert u.readiness == pytest.approx(0.5 + state.scenario.rules.combat.recovery_per_turn)
    assert u.tanks_repairable < 1000


def test_a_unit_cut_off_recovers_nothing_and_mends_no_tanks(small_scenario):  # type: ignore[no-untyped-def]
    state, u = _resting_unit_after_a_turn(small_scenario, False)
    assert u.readiness == pytest.approx(0.5 - state.scenario.rules.combat.isolation_loss_per_turn)  # (no rest)
    assert u.tanks_repairable == 1000


def _cut_off_for_a_turn(small_scenario, readiness: float, in_supply: bool = False):  # type: ignore[no-untyped-def]
    """A Soviet tank brigade at ``readiness`` that neither moves nor fights, with rules under which
    a unit cut off past the grace turns loses 0.4 readiness a day (0.1 a 6-hour turn), after the
    end of the turn."""
    state, _ = engine.new_game(small_scenario, 1)
    rules = state.scenario.rules
    combat_rules = rules.combat.model_copy(update={"isolation_loss_per_day": 0.4, "isolation_loss_per_turn": 0.1})
    state.scenario = dataclasses.replace(state.scenario, rules=rules.model_copy(update={"combat": combat_rules}))
    u = state.unit_by_id["s-tb1"]
    u.readiness, u.in_supply, u.attacked = readiness, in_supply, False
    engine.end_turn(state)
    return state, u


def test_a_unit_cut_off_past_the_grace_runs_down(small_scenario):  # type: ignore[no-untyped-def]
    _, u = _cut_off_for_a_turn(small_scenario, 0.8)
    assert u.readiness == pytest.approx(0.7)


def test_a_cut_off_unit_runs_down_no_further_than_the_floor(small_scenario):  # type: ignore[no-untyped-def]
    state, u = _cut_off_for_a_turn(small_scenario, 0.35)
    assert state.scenario.rules.combat.min_readiness == 0.3
    assert u.readiness == pytest.approx(0.3)
    _, worn = _cut_off_for_a_turn(small_scenario, 0.2)  # (below the floor already: not raised to it)
    assert worn.readiness == pytest.approx(0.2)


def test_a_supplied_unit_does_not_run_down(small_scenario):  # type: ignore[no-untyped-def]
    state, u = _cut_off_for_a_turn(small_scenario, 0.8, in_supply=True)
    assert u.readiness == pytest.approx(0.8 + state.scenario.rules.combat.recovery_per_turn)
