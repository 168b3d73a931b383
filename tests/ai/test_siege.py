"""A pocket is besieged, not stormed: against an enemy with no unit in supply the attacker waits for
the odds its guns bring (``assault_ratio``) rather than going in at its everyday ``attack_ratio``;
the isolation rule wears the pocket down meanwhile. A pocket on an objective is stormed as any
other enemy is: waiting there costs the place."""

from __future__ import annotations

import numpy as np

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Attack
from mutanchiang_sim.core.rules import attack, combat


def _one_against_a_regiment(small_scenario, men, in_supply, on_objective=False):  # type: ignore[no-untyped-def]
    """A Soviet rifle division alone next to the 3rd Infantry Regiment at ``men`` men, in the open,
    on its objective (where the scenario puts it) or moved off to the nearest hex that is none."""
    state, _ = engine.new_game(small_scenario, 1)
    m = state.scenario.map
    jap = state.unit_by_id["j-ir3"]
    objectives = m.tables.objective_hexes
    assert jap.hex in objectives
    if not on_objective:
        jap.hex = next(j for j in m.neighbor_lists[jap.hex]
                       if j not in objectives and not state.occupancy.get(j) and m.passable[j])
        state.rebuild_occupancy()
    jap.men, jap.guns, jap.entrenchment, jap.posture, jap.in_supply = men, 0, 0, "hasty", in_supply
    spot = next(j for j in m.neighbor_lists[jap.hex]
                if not state.occupancy.get(j) and m.passable[j] and engine.movement.crossing_open(state, jap.hex, j))
    state.unit_by_id["s-rd1"].hex = spot
    state.rebuild_occupancy()
    return state, jap.hex


def _assaults_on(state, target, **params):  # type: ignore[no-untyped-def]
    pol = make_policy("doctrine", "soviet", {"judgement_sigma": 0.0, "mistake_rate": 0.0, **params}).posture(state)
    acts = pol._assaults(state, np.random.default_rng(0), [], False, frozenset())
    return [a for a in acts if isinstance(a, Attack) and a.target == target]


def _ratio(state, target):  # type: ignore[no-untyped-def]
    g = [state.unit_by_id["s-rd1"]]
    return combat.attack_ratios(state, target, g, [], attack.over_river(state, target, g))[0]


def test_a_supplied_enemy_is_attacked_at_the_everyday_odds(small_scenario):  # type: ignore[no-untyped-def]
    state, t = _one_against_a_regiment(small_scenario, 10_000, in_supply=True)
    assert 1.6 <= _ratio(state, t) < 3.0
    assert _assaults_on(state, t)


def test_a_pocket_below_the_assault_odds_is_left_to_wither(small_scenario):  # type: ignore[no-untyped-def]
    state, t = _one_against_a_regiment(small_scenario, 10_000, in_supply=False)
    assert 1.6 <= _ratio(state, t) < 3.0  # odds that would do against a supplied enemy
    assert _assaults_on(state, t) == []
    assert _assaults_on(state, t, assault_ratio=_ratio(state, t) * 0.99)  # the guns' odds are the bar


def test_a_pocket_at_the_assault_odds_is_stormed(small_scenario):  # type: ignore[no-untyped-def]
    state, t = _one_against_a_regiment(small_scenario, 5_000, in_supply=False)
    assert _ratio(state, t) >= 3.0
    assert _assaults_on(state, t)


def test_a_pocket_on_an_objective_is_stormed_at_the_everyday_odds(small_scenario):  # type: ignore[no-untyped-def]
    state, t = _one_against_a_regiment(small_scenario, 10_000, in_supply=False, on_objective=True)
    assert 1.6 <= _ratio(state, t) < 3.0
    assert _assaults_on(state, t)
