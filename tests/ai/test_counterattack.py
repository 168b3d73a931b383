"""Local counterattacks of the defending doctrine: weighed by the rules' expected losses, made on
exposed enemies only, and charges by units with no way out."""

from __future__ import annotations

from mutanchiang_sim.ai import counterattack as local
from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Attack, EndPhase


def _tank_brigade_beside_the_regiment(small_scenario, readiness=0.35):  # type: ignore[no-untyped-def]
    """The Soviet tank brigade worn out in the hex next to the 3rd Infantry Regiment (5, 3), on
    the Japanese phase of turn 0, with every other Soviet unit far off."""
    state, _ = engine.new_game(small_scenario, 1)
    engine.apply(state, EndPhase())
    m = state.scenario.map
    jap = state.unit_by_id["j-ir3"]
    spot = next(
        j for j in m.neighbor_lists[jap.hex]
        if not state.occupancy.get(j) and m.passable[j] and engine.movement.crossing_open(state, jap.hex, j)
    )
    tb = state.unit_by_id["s-tb1"]
    tb.hex, tb.readiness, tb.entrenchment, tb.posture = spot, readiness, 0, "hasty"
    state.rebuild_occupancy()
    return state, spot


def test_a_worn_out_tank_brigade_in_the_open_is_exposed_and_costs_more_than_it_takes(small_scenario):
    state, spot = _tank_brigade_beside_the_regiment(small_scenario)
    assert local.exposed(state, spot, weak_readiness=0.6, ambush_tank_country=0.6)
    ex = local.exchange(state, spot, [state.unit_by_id["j-ir3"]], [])
    assert ex.inflicted > ex.suffered > 0  # tanks are lost at 24x the personnel rate


def test_a_fresh_dug_in_unit_with_neighbours_is_not_exposed(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    u = state.unit_by_id["s-rd1"]  # beside s-rd2 and the tank brigade, in supply, fresh
    u.readiness, u.entrenchment, u.posture = 1.0, 2, "prepared"
    assert not local.exposed(state, u.hex, weak_readiness=0.6, ambush_tank_country=0.6)
    u.readiness = 0.5
    assert local.exposed(state, u.hex, weak_readiness=0.6, ambush_tank_country=0.6)


def test_a_garrison_counts_its_losses_at_its_works(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    u = state.unit_by_id["j-ir1"]
    u.entrenchment = 0
    open_ground = local.garrison_worth(state, u)
    u.entrenchment = 2
    assert local.garrison_worth(state, u) > open_ground >= 1.0


def _japanese_attacks(state, params):  # type: ignore[no-untyped-def]
    pol = make_policy("doctrine", "japan", params)
    out = []
    while state.side_to_move == "japan" and state.turn == 0:
        a = pol.choose(state, state.ai_rng)
        if isinstance(a, Attack):
            out.append(a)
        engine.apply(state, a)
    return out


def test_the_defender_counterattacks_an_exposed_tank_brigade(small_scenario):
    state, spot = _tank_brigade_beside_the_regiment(small_scenario)
    attacks = _japanese_attacks(state, {"difficulty": "hard"})
    assert any(a.target == spot for a in attacks)


def test_no_local_counterattack_below_the_least_odds(small_scenario):
    state, spot = _tank_brigade_beside_the_regiment(small_scenario)
    attacks = _japanese_attacks(state, {"difficulty": "hard", "local_attack_ratio": 50.0, "reserves": False})
    assert not any(a.target == spot for a in attacks)
