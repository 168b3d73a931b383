"""The computer players' memo for the rest of a phase (ai.phase_memo): a result is read back only
while every value it was worked out from stands, so it is the result a fresh computation gives."""

from __future__ import annotations

from mutanchiang_sim.ai import counterattack, make_policy, phase_memo
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.rules import attack
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.scenario import load_scenario


def test_kept_until_a_unit_or_the_phase_changes(small_scenario) -> None:  # type: ignore[no-untyped-def]
    state = GameState.new(small_scenario, 1)
    u = state.units[0]
    calls: list[int] = []

    def work() -> int:
        calls.append(u.men)
        return u.men

    assert phase_memo.kept(state, ("k",), ([u],), work) == u.men
    assert phase_memo.kept(state, ("k",), ([u],), work) == u.men
    assert len(calls) == 1  # read back
    u.men -= 10  # changed by hand, as a test or the game window may
    assert phase_memo.kept(state, ("k",), ([u],), work) == u.men
    u.readiness = 0.5
    assert phase_memo.kept(state, ("k",), ([u],), work) == u.men
    assert phase_memo.kept(state, ("other",), ([u],), work) == u.men
    assert len(calls) == 4
    state.bridges_intact[:] = [not b for b in state.bridges_intact]  # the whole memo goes
    state.phase = 1 - state.phase
    phase_memo.kept(state, ("k",), ([u],), work)
    assert len(calls) == 5 and len(state.phase_memo) == 2  # its scope and the one result


def test_exchanges_read_back_are_fresh_ones(bundled_path) -> None:  # type: ignore[no-untyped-def]
    """Through a battle: every counterattack exchange the memo hands out is the one worked out
    afresh, float for float."""
    sc = load_scenario(bundled_path)
    state, _ = engine.new_game(sc, 4)
    pols = {s: make_policy("doctrine", s, sc.ai.get(s, {})) for s in sc.side_ids}
    compared = 0
    while not state.game_over and state.action_count < 500:
        if state.action_count % 25 == 0:
            for side in sc.side_ids:
                for t, group in attack.attack_targets(state, side).items():
                    ranked = sorted(group, key=lambda u: u.id)
                    guns = attack.supporters_of(state, side, t)
                    fresh = counterattack._exchanges(state, t, ranked, guns)
                    got = phase_memo.kept(state, ("exchanges", t), (ranked, guns, state.units_at(t)),
                                          lambda: counterattack._exchanges(state, t, ranked, guns))  # noqa: B023
                    assert got == fresh
                    compared += 1
        state, _ = engine.apply(state, pols[state.side_to_move].choose(state, state.ai_rng))
    assert compared > 20
