"""The rules' memo while a computer player thinks: the very same odds and lists, gone afterwards."""

from __future__ import annotations

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.rules import attack, combat
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.scenario import default_scenario_path, load_scenario


def _all_odds(state: GameState) -> list[tuple[object, ...]]:
    out = []
    for side in state.scenario.side_ids:
        for t, group in attack.attack_targets(state, side).items():
            attack.supporters_of(state, side, t).clear()  # a caller may change the list it gets:
            attack.attackers_of(state, side, t).clear()  # not the memo's
            guns = attack.supporters_of(state, side, t)
            out.append(tuple(u.id for u in guns) + tuple(u.id for u in attack.attackers_of(state, side, t)))
            for k in range(1, len(group) + 1):
                river = attack.over_river(state, t, group[:k])
                o = combat.odds(state, t, group[:k], guns, river)
                out.append((t, k, o.attack_power, o.defence_power, o.ratio, o.attacker_rate, o.defender_rate,
                            *combat.attack_ratios(state, t, group[:k], guns, river)))
    return out


def test_memo_gives_the_same_floats_and_ends_with_the_choice() -> None:
    sc = load_scenario(default_scenario_path())
    state = GameState.new(sc, 3)
    pols = {s: make_policy("doctrine", s, sc.ai.get(s, {})) for s in sc.side_ids}
    compared = 0
    for _ in range(400):  # into the battle, where units stand next to each other
        if state.game_over:
            break
        action = pols[state.side_to_move].choose(state, state.ai_rng)
        assert state.think_memo is None  # the memo never outlives a choice
        if state.action_count % 40 == 0:
            fresh = _all_odds(state)
            state.think_memo = {}
            assert _all_odds(state) == fresh  # filling the memo
            assert _all_odds(state) == fresh  # reading it
            state.think_memo = None
            compared += len(fresh)
        engine.apply(state, action)
    assert compared > 0
