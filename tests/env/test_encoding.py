"""The action mask is exactly the engine's legal actions, on positions reached in play."""

from __future__ import annotations

import numpy as np
import pytest
from env_cases import BATTLES

from mutanchiang_sim.api import Attack, EndPhase, Game, IllegalAction, Move
from mutanchiang_sim.core.rules import attack
from mutanchiang_sim.env import ActionCodec
from mutanchiang_sim.env.aec import load


def positions(scenario, seed: int, stops: tuple[int, ...]):
    """Games at several points of one battle: random masked play by both sides, then the
    doctrine's, so that attacks, bridges and later turns come up too."""
    codec = ActionCodec(scenario)
    game = Game.new(scenario, seed, record=False)
    rng = np.random.default_rng(seed)
    taken = 0
    for stop in stops:
        while taken < stop and not game.over:
            if taken % 3:
                game.play(max_actions=1)
            else:
                game.step(codec.decode(game, int(rng.choice(np.flatnonzero(codec.mask(game))))))
            taken += 1
        yield game


def allowed(game: Game, a) -> bool:  # type: ignore[no-untyped-def]
    """The engine accepts ``a``, and its attackers are units that may assault (guns support
    instead: ``legal_actions`` never lists them as attackers, though the check lets one by)."""
    if a is None or not game.is_legal(a):
        return False
    st = game.state
    return not isinstance(a, Attack) or all(attack.can_assault(st, st.unit_by_id[u], a.target) for u in a.attackers)


def check_exact(codec: ActionCodec, game: Game, rng: np.random.Generator) -> None:
    mask = codec.mask(game)
    legal = game.legal_actions()
    # every engine-legal action is masked in, and its index stands for it
    for a in legal:
        i = codec.encode(game, a)
        assert i is not None, a
        assert mask[i] == 1, a
        assert codec.decode(game, i) == a
    # every index is masked in exactly when the rules allow the action it stands for
    for i in range(codec.size):
        a = codec.decode(game, i)
        assert mask[i] == allowed(game, a), (i, a)
    # and the engine takes masked-in actions (a sample, each on a copy)
    for i in rng.choice(np.flatnonzero(mask), size=min(25, int(mask.sum())), replace=False):
        trial = game.clone()
        trial.step(codec.decode(trial, int(i)))
    assert mask[0] == 1  # ending the phase is always allowed


def test_mask_is_exactly_the_legal_actions_on_the_small_battle(small_scenario):
    codec = ActionCodec(small_scenario)
    rng = np.random.default_rng(5)
    kinds = set()
    for game in positions(small_scenario, 5, (0, 7, 25, 60, 120, 200)):
        if game.over:
            break
        check_exact(codec, game, rng)
        kinds |= {type(codec.decode(game, int(i))).__name__ for i in np.flatnonzero(codec.mask(game))}
    assert {"Move", "Attack", "EndPhase"} <= kinds


@pytest.mark.parametrize("path", BATTLES, ids=lambda p: p.stem)
def test_mask_is_exactly_the_legal_actions_on_a_bundled_battle(path):
    scenario = load(path)
    codec = ActionCodec(scenario)
    rng = np.random.default_rng(2)
    for game in positions(scenario, 2, (0, 90)):
        check_exact(codec, game, rng)


def test_nothing_is_masked_in_once_the_battle_is_over(small_scenario):
    game = Game.new(small_scenario, 1, record=False)
    game.play()
    assert ActionCodec(small_scenario).mask(game).sum() == 0


def test_the_blocks_stand_for_what_the_docs_say(small_scenario):
    codec = ActionCodec(small_scenario)
    lay = codec.layout
    game = Game.new(small_scenario, 3, record=False)
    assert codec.decode(game, 0) == EndPhase()
    move = next(a for a in game.legal_actions() if isinstance(a, Move))
    slot = codec.slot_of[move.unit]
    assert codec.encode(game, move) == lay.move + slot * lay.hexes + move.path[-1]
    assert lay.size == 1 + lay.slots + lay.slots * lay.bridges + lay.slots * lay.hexes + lay.hexes * 2 + lay.slots * 12


def test_an_attack_by_some_of_the_units_has_no_index(small_scenario):
    game = Game.new(small_scenario, 4, record=False)
    codec = ActionCodec(small_scenario)
    while not game.over:
        grouped = [a for a in game.legal_actions() if isinstance(a, Attack) and len(a.attackers) > 2]
        if grouped:
            a = grouped[0]
            assert codec.encode(game, Attack(a.target, a.attackers[:2], a.support)) is None
            return
        game.play(max_actions=1)
    pytest.skip("no attack by three units came up")


def test_an_index_the_mask_leaves_out_is_refused(small_scenario):
    game = Game.new(small_scenario, 3, record=False)
    codec = ActionCodec(small_scenario)
    mask = codec.mask(game)
    for i in np.flatnonzero(mask == 0)[:200]:
        a = codec.decode(game, int(i))
        if a is not None:
            with pytest.raises(IllegalAction):
                game.clone().step(a)


def test_an_action_of_a_unit_the_side_to_move_lacks_has_no_index(small_scenario):
    from mutanchiang_sim.api import Exit

    game = Game.new(small_scenario, 3, record=False)
    codec = ActionCodec(small_scenario)
    other = next(u.id for u in game.state.units if u.side != game.side_to_move)
    mine = next(u.id for u in game.state.units if u.side == game.side_to_move)
    assert codec.encode(game, Exit(other)) is None
    assert codec.encode(game, Exit("no-such-unit")) is None
    assert codec.encode(game, Exit(mine)) == codec.layout.exit + codec.slot_of[mine]
