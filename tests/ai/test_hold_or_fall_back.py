"""The defender's choice in the open under threat: fall back to a strongpoint, or hold where
storming the hex is expected to cost the enemy enough (``fall_back_ratio``, ``hold_exchange``)."""

from __future__ import annotations

import math

import numpy as np

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import EndPhase, Move
from mutanchiang_sim.core.rules import attack, combat, combat_preview


def _threatened(small_scenario, **params):  # type: ignore[no-untyped-def]
    """The 3rd Infantry Regiment in the open, off every strongpoint, with two Soviet units next
    to it, in the Japanese phase; and the Japanese doctrine with ``params`` (no fumbles)."""
    state, _ = engine.new_game(small_scenario, 1)
    engine.apply(state, EndPhase())  # the Japanese phase of turn 0
    m = state.scenario.map
    pol = make_policy("doctrine", "japan", {"mistake_rate": 0.0, "judgement_sigma": 0.0, **params}).posture(state)
    jap = state.unit_by_id["j-ir3"]
    ids = ["s-rd1", "s-tb1"]

    def spots(i: int) -> list[int]:
        return [j for j in m.neighbor_lists[i] if m.passable[j] and engine.movement.crossing_open(state, i, j)
                and not pol.strongpoint(state, j)]

    far = [u.hex for u in state.units if u.id not in ids and u is not jap]
    for home in range(m.size):  # the first such hex with a way back to a strongpoint
        if (not m.passable[home] or pol.strongpoint(state, home) or m.terrain_rule(home).defence >= 1.45
                or len(spots(home)) < 6 or min(m.tables.distance(home, j) for j in far) < 3):
            continue
        jap.hex, jap.entrenchment, jap.posture = home, 0, "hasty"
        for uid, spot in zip(ids, spots(home), strict=False):
            state.unit_by_id[uid].hex = spot
        state.rebuild_occupancy()
        f = pol.foot_field(state, jap, pol.positions(state), tag="positions")
        if pol.walk(state, jap, f, avoid=engine.movement.enemy_zoc(state, "japan")) is not None:
            break
    else:
        raise AssertionError("no hex for the test on the small map")
    return state, pol, jap, [state.unit_by_id[i] for i in ids]


def _exchange(state, jap, att):  # type: ignore[no-untyped-def]
    river = attack.over_river(state, jap.hex, att)
    ratio = combat.attack_ratios(state, jap.hex, att, [], river)[0]
    ex = combat_preview.expected_losses(state, combat.odds(state, jap.hex, att, [], river), jap.hex, att)
    return ratio, ex.attackers[0] / ex.defenders[0]


def test_below_the_fall_back_odds_the_unit_stays(small_scenario):  # type: ignore[no-untyped-def]
    state, pol, jap, att = _threatened(small_scenario, hold_exchange=math.inf)
    ratio, _ = _exchange(state, jap, att)
    pol.p = type(pol.p).from_params({"fall_back_ratio": ratio * 1.01, "hold_exchange": math.inf})
    assert not pol._gives_way(state, jap, pol.enemies(state))
    pol.p = type(pol.p).from_params({"fall_back_ratio": ratio * 0.99, "hold_exchange": math.inf})
    assert pol._gives_way(state, jap, pol.enemies(state))


def test_it_holds_where_storming_it_costs_the_enemy_enough(small_scenario):  # type: ignore[no-untyped-def]
    """Past the fall-back odds the unit falls back only if the enemy's expected losses from
    storming the hex are below ``hold_exchange`` times its own: just either side of the
    exchange the combat rules expect, the choice flips."""
    state, pol, jap, att = _threatened(small_scenario)
    ratio, x = _exchange(state, jap, att)
    assert 0.0 < x < 10.0
    for he, gives in ((x * 1.02, True), (x * 0.98, False)):
        pol.p = type(pol.p).from_params({"fall_back_ratio": ratio * 0.5, "hold_exchange": he,
                                         "mistake_rate": 0.0, "judgement_sigma": 0.0})
        assert pol._gives_way(state, jap, pol.enemies(state)) is gives
        moved = [a for a in pol._delay(state, np.random.default_rng(0)) if isinstance(a, Move) and a.unit == jap.id]
        assert bool(moved) is gives


def test_no_enemy_next_to_it_no_falling_back(small_scenario):  # type: ignore[no-untyped-def]
    state, pol, jap, att = _threatened(small_scenario, fall_back_ratio=0.0, hold_exchange=math.inf)
    for u in att:
        u.hex = next(i for i in range(state.scenario.map.size) if state.scenario.map.passable[i]
                     and state.scenario.map.tables.distance(i, jap.hex) >= 4 and not state.occupancy.get(i))
    state.rebuild_occupancy()
    assert not pol._gives_way(state, jap, pol.enemies(state))


def test_a_fumble_misjudges_the_choice_either_way(small_scenario):  # type: ignore[no-untyped-def]
    """With every judgement fumbled the unit does the opposite of what the weighing says: it falls
    back where it should hold and holds where it should fall back."""
    state, pol, jap, att = _threatened(small_scenario)
    ratio, x = _exchange(state, jap, att)
    for he, gives in ((x * 1.02, True), (x * 0.98, False)):
        pol.p = type(pol.p).from_params({"fall_back_ratio": ratio * 0.5, "hold_exchange": he,
                                         "mistake_rate": 1.0, "judgement_sigma": 0.0})
        moved = [a for a in pol._delay(state, np.random.default_rng(0)) if isinstance(a, Move) and a.unit == jap.id]
        assert bool(moved) is not gives
