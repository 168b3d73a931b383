"""Sorties of a defending side's reserves: an enemy that does not press on (no unit of it moved
or attacked in its last phase) and stands within a day's march is struck where the local
counterattack pays, and left alone where it does not (issue #12: with the attacker passive the
defender still attacks). A hand-built case on the small test valley."""

from __future__ import annotations

from mutanchiang_sim.ai import counterattack as local
from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Attack, EndPhase

FAR_CORNER = [(9, 7), (8, 7), (9, 6)]  # east of the river, out of every Japanese unit's day's march
TARGET = (3, 7)  # flat ground on the west bank, a few hexes south of the Japanese
JAPANESE = {"j-ir1": (0, 0), "j-ir2": (1, 0), "j-ir3": (0, 1), "j-ac": (1, 1)}  # the north-west corner


def _valley(small_scenario, target_id):  # type: ignore[no-untyped-def]
    """The small valley with one Soviet unit (``target_id``) standing alone on the west bank,
    dug in, the other Soviets in the far corner and the Japanese in the north-west corner, every
    Japanese unit more than ``reserve_radius`` (3) hexes from the target."""
    state, _ = engine.new_game(small_scenario, 1)
    m = state.scenario.map
    others = iter(FAR_CORNER)
    for u in state.units:
        if u.side == "soviet" and u.status == "active":
            u.hex = m.index_of_offset(*(TARGET if u.id == target_id else next(others)))
            u.entrenchment, u.posture = 1, "hasty"
        elif u.id in JAPANESE:
            u.hex = m.index_of_offset(*JAPANESE[u.id])
            u.entrenchment = 0
    state.rebuild_occupancy()
    return state, m.index_of_offset(*TARGET)


def _japanese_attacks_with_the_soviets_passive(state, params, turns=6):  # type: ignore[no-untyped-def]
    pol = make_policy("doctrine", "japan", params)
    out = []
    while not state.game_over and state.turn < turns:
        if state.side_to_move != "japan":
            engine.apply(state, EndPhase())
            continue
        a = pol.choose(state, state.ai_rng)
        if isinstance(a, Attack):
            out.append(a)
        engine.apply(state, a)
    return out


STEADY = {"mistake_rate": 0.0, "judgement_sigma": 0.0}


def test_the_case_is_out_of_the_reserves_radius_and_the_target_stands(small_scenario):
    state, t = _valley(small_scenario, "s-tb1")
    dist = state.scenario.map.tables.distance
    assert min(dist(u.hex, t) for u in state.units if u.side == "japan") > 3
    engine.apply(state, EndPhase())  # the Soviets do nothing
    assert local.standing(state, t)
    assert local.exposed(state, t, 0.6, 0.6)  # alone on the west bank
    assert not local.pressing({t: state.units_at(t)})


def test_a_passive_tank_brigade_within_a_days_march_is_attacked(small_scenario):
    state, t = _valley(small_scenario, "s-tb1")
    attacks = _japanese_attacks_with_the_soviets_passive(state, STEADY)
    assert any(a.target == t for a in attacks)


def test_without_sorties_the_reserves_stay_out_of_reach(small_scenario):
    state, t = _valley(small_scenario, "s-tb1")
    attacks = _japanese_attacks_with_the_soviets_passive(state, {**STEADY, "sortie_turns": 0})
    assert not any(a.target == t for a in attacks)


def test_a_passive_rifle_division_too_strong_to_pay_is_left_alone(small_scenario):
    state, t = _valley(small_scenario, "s-rd1")
    attacks = _japanese_attacks_with_the_soviets_passive(state, STEADY)
    assert not any(a.target == t for a in attacks)


def test_a_march_counts_the_phases_by_the_rules_step_costs(small_scenario):
    state, _ = _valley(small_scenario, "s-tb1")
    engine.apply(state, EndPhase())
    u = state.unit_by_id["j-ir1"]
    m = local.marches(state, u, 2)
    here = m[u.hex]
    assert here[0] == 1 and here[1] == 0.0
    assert all(1 <= ph <= 2 for ph, _, _ in m.values())
    # a hex reached in the first phase is a legal move now
    first = [j for j, (ph, _, _) in m.items() if ph == 1 and j != u.hex]
    assert first
    mv = m.leg(state, u, first[0])
    assert mv is not None and mv.path[-1] == first[0]
    engine.apply(state, mv)
    assert u.hex == first[0]
