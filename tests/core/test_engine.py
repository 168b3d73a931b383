"""Engine invariants (as properties over seeds), determinism and the turn sequence."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import EndPhase, Move
from mutanchiang_sim.core.rules import movement
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.core.units import ACTIVE
from mutanchiang_sim.sim.run import play_game, run_record


def check_invariants(state: GameState) -> None:
    m = state.scenario.map
    for u in state.units:
        # men are conserved: start = now + casualties
        assert u.men_start == u.men + u.killed + u.wounded + u.captured, u.id
        assert u.men >= 0 and u.tanks >= 0 and u.guns >= 0
        assert u.tanks_start == u.tanks + u.tanks_lost, u.id
        if u.status == ACTIVE:
            assert m.passable[u.hex], f"{u.id} on impassable terrain"
    for i, us in state.occupancy.items():
        assert len({u.side for u in us}) <= 1, f"enemy units share hex {m.offset_of(i)}"
        assert len(us) <= state.scenario.rules.movement.stacking_limit
        assert all(u.hex == i and u.status == ACTIVE for u in us)
    active = {u.id for u in state.units if u.status == ACTIVE}
    assert active == {u.id for us in state.occupancy.values() for u in us}
    # boats are gathered only on river banks, a turn at a time up to what a crossing needs
    for (side, i), n in state.boats.items():
        assert m.bank[i] and 1 <= n <= state.scenario.rules.movement.crossing_prep_turns, (side, i, n)


def check_crossing(state: GameState, action: object) -> None:
    """An assault crossing (a one-hex move over an unbridged river) leaves only from a bank where
    the side's boats are ready (on wet ground)."""
    if not isinstance(action, Move):
        return
    u = state.unit_by_id[action.unit]
    if not movement.crossing_open(state, u.hex, action.path[0]):
        assert movement.crossing_wait(state, u.side, u.hex) == 0, f"{u.id} crossed before its boats were ready"


def play_checked(scenario, seed, soviet="advance", japan="hold"):
    pols = {"soviet": make_policy(soviet, "soviet"), "japan": make_policy(japan, "japan")}
    state, _ = engine.new_game(scenario, seed)
    check_invariants(state)
    n = 0
    while not state.game_over:
        action = pols[state.side_to_move].choose(state, state.ai_rng)
        check_crossing(state, action)
        state, _ = engine.apply(state, action)
        check_invariants(state)
        n += 1
        assert n < 20000
    return state


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), pol=st.sampled_from([("advance", "hold"), ("random", "random"), ("advance", "random")]))
def test_invariants_hold_in_every_game(small_scenario, seed, pol):
    state = play_checked(small_scenario, seed, *pol)
    assert state.turn == small_scenario.turns or not state.active_units("japan") or not state.active_units("soviet")


def test_same_seed_same_game_bit_for_bit(small_scenario):
    a = play_game(small_scenario, 42, record=True)
    b = play_game(small_scenario, 42, record=True)
    assert a.actions == b.actions
    assert json.dumps(a.state.to_dict(), sort_keys=True) == json.dumps(b.state.to_dict(), sort_keys=True)
    assert run_record(a.state, 42) == run_record(b.state, 42)


def test_different_seeds_differ(small_scenario):
    recs = {json.dumps(run_record(play_game(small_scenario, s).state, 0), sort_keys=True) for s in range(6)}
    assert len(recs) > 1


def test_save_and_resume_mid_game_gives_the_same_result(small_scenario):
    pols = {"soviet": make_policy("advance", "soviet"), "japan": make_policy("hold", "japan")}
    state, _ = engine.new_game(small_scenario, 5)
    # play into turn 3, stopping at a phase boundary (policies plan per phase)
    while state.turn < 3:
        state, _ = engine.apply(state, pols[state.side_to_move].choose(state, state.ai_rng))
    saved = json.loads(json.dumps(state.to_dict()))
    restored = GameState.from_dict(small_scenario, saved)
    pols2 = {"soviet": make_policy("advance", "soviet"), "japan": make_policy("hold", "japan")}
    for s, p in ((state, pols), (restored, pols2)):
        while not s.game_over:
            engine.apply(s, p[s.side_to_move].choose(s, s.ai_rng))
    assert run_record(state, 5) == run_record(restored, 5)


def test_from_dict_rejects_foreign_state(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    d = state.to_dict()
    d["control"] = d["control"][:-1]
    with pytest.raises(ValueError):
        GameState.from_dict(small_scenario, d)
    with pytest.raises(ValueError):
        GameState.from_dict(small_scenario, {"format": 99})
    with pytest.raises(ValueError):
        GameState.from_dict(small_scenario, {"format": 1})


def test_turn_sequence_and_clock(small_scenario):
    state, events = engine.new_game(small_scenario, 1)
    assert [e.kind for e in events][:1] == ["turn"]
    assert (state.turn, state.side_to_move) == (0, "soviet")
    state, _ = engine.apply(state, EndPhase())
    assert (state.turn, state.side_to_move) == (0, "japan")
    state, _ = engine.apply(state, EndPhase())
    assert (state.turn, state.side_to_move) == (1, "soviet")
    assert small_scenario.time_of(1).hour == 12
    assert small_scenario.is_night(2) and not small_scenario.is_night(1)


def test_reinforcements_arrive_on_their_turn(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    assert state.unit_by_id["s-rd3"].status == "reserve"
    for _ in range(4):
        state, _ = engine.apply(state, EndPhase())
    assert state.turn == 2 and state.unit_by_id["s-rd3"].status == ACTIVE


def test_scripted_order_fires_on_its_turn(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    seen = []
    while state.turn < 6:
        state, ev = engine.apply(state, EndPhase())
        seen += [e for e in ev if e.kind == "order"]
    assert state.has_order("japan", "withdraw")
    assert seen and seen[0].turn == 5


def test_entrenchment_grows_when_standing_still(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    u = state.unit_by_id["j-ir3"]
    assert u.entrenchment == 0
    for _ in range(4):
        state, _ = engine.apply(state, EndPhase())
    assert u.entrenchment == 2 and u.posture == "prepared"


def test_exit_needs_the_order_and_the_zone(small_scenario):
    from mutanchiang_sim.core.actions import Exit

    state, _ = engine.new_game(small_scenario, 1)
    state, _ = engine.apply(state, EndPhase())  # Japanese phase
    assert "not in the exit zone" in (engine.check(state, Exit("j-ir3")) or "")


def test_legal_actions_are_all_legal(small_scenario):
    state, _ = engine.new_game(small_scenario, 3)
    acts = list(engine.legal_actions(state))
    assert acts and isinstance(acts[-1], EndPhase)
    for a in acts:
        assert engine.check(state, a) is None, a
