"""Economy of force: past the odds that rout the defenders the attacker commits only the units it
needs (strongest first), and the defender's reserves concentrate on an exposed enemy together."""

from __future__ import annotations

import numpy as np

from mutanchiang_sim.ai import counterattack as local
from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import EndPhase
from mutanchiang_sim.core.rules import attack, combat


def _three_against_a_remnant(small_scenario, men=150):  # type: ignore[no-untyped-def]
    """The 3rd Infantry Regiment cut down to ``men`` with three Soviet units next to it."""
    state, _ = engine.new_game(small_scenario, 1)
    m = state.scenario.map
    jap = state.unit_by_id["j-ir3"]
    jap.men, jap.guns, jap.entrenchment, jap.posture = men, 0, 0, "hasty"
    spots = [
        j for j in m.neighbor_lists[jap.hex]
        if not state.occupancy.get(j) and m.passable[j] and engine.movement.crossing_open(state, jap.hex, j)
    ]
    ids = ["s-rd1", "s-rd2", "s-tb1"]
    for uid, spot in zip(ids, spots, strict=False):
        state.unit_by_id[uid].hex = spot
    state.rebuild_occupancy()
    return state, jap.hex, [state.unit_by_id[i] for i in ids]


def _plan(state, target, group, **params):  # type: ignore[no-untyped-def]
    pol = make_policy("doctrine", "soviet", {"judgement_sigma": 0.0, "mistake_rate": 0.0, **params})
    return pol.posture(state).plan_attack(state, np.random.default_rng(0), target, group, 1.6, 3.0)


def test_overwhelming_odds_commit_only_what_they_need(small_scenario):  # type: ignore[no-untyped-def]
    state, t, group = _three_against_a_remnant(small_scenario)
    whole = combat.attack_ratios(state, t, group, [], attack.over_river(state, t, group))[0]
    assert whole > 10.0
    a = _plan(state, t, group, enough_ratio=10.0)
    assert a is not None and 1 <= len(a.attackers) < len(group)
    chosen = [state.unit_by_id[i] for i in a.attackers]
    assert combat.attack_ratios(state, t, chosen, [], attack.over_river(state, t, chosen))[0] >= 10.0
    strongest = max(group, key=lambda u: combat.raw_power(state, u, 1.0) * combat.quality_factor(state, u))
    assert strongest.id in a.attackers


def test_without_a_limit_everyone_goes_in(small_scenario):  # type: ignore[no-untyped-def]
    state, t, group = _three_against_a_remnant(small_scenario)
    a = _plan(state, t, group, enough_ratio=0.0)
    assert a is not None and set(a.attackers) == {u.id for u in group}


def test_below_the_limit_everyone_goes_in(small_scenario):  # type: ignore[no-untyped-def]
    state, t, group = _three_against_a_remnant(small_scenario, men=3000)
    whole = combat.attack_ratios(state, t, group, [], attack.over_river(state, t, group))[0]
    a = _plan(state, t, group, enough_ratio=whole * 1.01)
    assert a is not None and set(a.attackers) == {u.id for u in group}


def test_reserves_close_in_together_on_an_exposed_enemy(small_scenario):  # type: ignore[no-untyped-def]
    """Two Japanese reserves two hexes from a worn-out tank brigade in the open, at least odds
    that neither reaches alone but both do together: both march on it in the same phase; with
    the least odds above what both reach, neither does."""
    state, _ = engine.new_game(small_scenario, 1)
    engine.apply(state, EndPhase())  # the Japanese phase of turn 0
    m = state.scenario.map
    dist = m.tables.distance
    tb = state.unit_by_id["s-tb1"]
    tb.readiness, tb.entrenchment, tb.posture = 0.3, 0, "hasty"
    probe = make_policy("doctrine", "japan", {}).posture(state)
    ring2 = [j for j in range(len(m.fort)) if dist(j, tb.hex) == 2 and m.passable[j]
             and not state.occupancy.get(j) and not probe.strongpoint(state, j)]
    movers = [state.unit_by_id[i] for i in ("j-ir1", "j-ir2")]
    for u, spot in zip(movers, ring2[::3], strict=False):
        u.hex = spot
    far = max((j for j in range(len(m.fort)) if m.passable[j]), key=lambda j: dist(j, tb.hex))
    for u in state.units:  # nobody else near the brigade
        if u is not tb and u not in movers:
            u.hex = far
    state.rebuild_occupancy()
    guns = probe.artillery_for(state, tb.hex)
    alone = max(local.exchange(state, tb.hex, [u], guns).ratio for u in movers)
    both = local.exchange(state, tb.hex, movers, guns).ratio
    assert alone < both

    def reserves_moved(least_odds: float) -> set[str]:
        pol = make_policy("doctrine", "japan", {"judgement_sigma": 0.0, "mistake_rate": 0.0, "local_attack_ratio": least_odds,
                                                "local_attack_exchange": 0.0, "reserve_radius": 3})
        return {mv.unit for mv in pol.posture(state)._reserves(state, np.random.default_rng(0))}

    assert reserves_moved((alone + both) / 2) == {"j-ir1", "j-ir2"}
    assert reserves_moved(both * 1.05) == set()
