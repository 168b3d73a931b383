"""Tank losses by the ground of the fight, and the attacker's losses at overwhelming odds, worked
by hand on the small test valley with the shared rules (scenarios/rules/ww2_operational.yaml)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.rules import combat


@pytest.fixture
def state(small_scenario):  # type: ignore[no-untyped-def]
    st, _ = engine.new_game(small_scenario, seed=7)
    return st


def _hex_of(st, name: str) -> int:  # type: ignore[no-untyped-def]
    m = st.scenario.map
    return next(i for i in range(len(m.fort)) if m.passable[i] and m.terrain_rule(i).name == name)


def _with(st, **combat_rules):  # type: ignore[no-untyped-def]
    """``st`` with its combat rules changed (the scenario is frozen: a changed copy)."""
    rules = st.scenario.rules
    new = dataclasses.replace(st.scenario, rules=rules.model_copy(update={"combat": rules.combat.model_copy(update=combat_rules)}))
    st.scenario = new
    return st


def test_tanks_on_open_ground_are_lost_at_the_nations_ratio(state):  # type: ignore[no-untyped-def]
    st = _with(state, tank_loss_terrain_exponent=2.0)
    flat = _hex_of(st, "flat")
    ratio = st.scenario.rules.nations["soviet"].tank_loss_ratio
    # flat ground: tank factor 0.9, so 0.9 ** -2 = 1.2346 times the ratio
    assert combat.tank_loss_multiple(st, "soviet", flat) == pytest.approx(ratio / 0.81)


def test_close_ground_costs_more_tanks_than_open_ground(state):  # type: ignore[no-untyped-def]
    st = _with(state, tank_loss_terrain_exponent=2.0)
    ratio = st.scenario.rules.nations["soviet"].tank_loss_ratio
    woods = _hex_of(st, "rolling-wooded")
    # rolling-wooded: tank factor 0.6, 0.6 ** -2 = 2.778
    assert combat.tank_loss_multiple(st, "soviet", woods) == pytest.approx(ratio / 0.36)
    assert combat.tank_loss_multiple(st, "soviet", woods) > combat.tank_loss_multiple(st, "soviet", _hex_of(st, "flat"))


def test_no_exponent_no_ground_effect(state):  # type: ignore[no-untyped-def]
    st = _with(state, tank_loss_terrain_exponent=0.0)
    ratio = st.scenario.rules.nations["soviet"].tank_loss_ratio
    assert combat.tank_loss_multiple(st, "soviet", _hex_of(st, "rolling-wooded")) == ratio


def test_the_expected_and_the_drawn_tank_losses_use_the_fights_ground(state):  # type: ignore[no-untyped-def]
    st = _with(state, tank_loss_terrain_exponent=2.0)
    tb = st.unit_by_id["s-tb1"]
    woods, flat = _hex_of(st, "rolling-wooded"), _hex_of(st, "flat")
    rate = 0.01
    in_woods = combat.expected_loss(st, tb, rate, ground=woods)[1]
    on_flat = combat.expected_loss(st, tb, rate, ground=flat)[1]
    assert in_woods == pytest.approx(tb.tanks * rate * combat.tank_loss_multiple(st, "soviet", woods))
    assert in_woods > on_flat
    # the draw: the mean of many draws comes out at the expectation for that ground
    lost = []
    for seed in range(300):
        u = dataclasses.replace(tb)
        lost.append(combat.inflict(st, u, rate, np.random.default_rng(seed), ground=woods).tanks)
    assert np.mean(lost) == pytest.approx(in_woods, rel=0.15)


def test_the_attackers_losses_keep_falling_past_six_to_one(state):  # type: ignore[no-untyped-def]
    table = state.scenario.rules.combat.attacker_ratio_scale
    six, twelve, forty_eight = (combat.interpolate(table, r) for r in (6.0, 12.0, 48.0))
    assert six > twelve > forty_eight
    # the table's own slope from 3:1 to 6:1 (0.65 -> 0.5), carried on: 0.5 * 2 ** log2(0.5/0.65)
    assert twelve == pytest.approx(0.5 * 0.5 / 0.65, rel=0.01)
