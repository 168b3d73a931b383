"""The computer players keep their memos to themselves (ai.cache), and key their plans on the
state object they are shown: a copy of a position is a new game to them."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from functools import cached_property

import numpy as np

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.ai.cache import _CACHES, ai_cache
from mutanchiang_sim.ai.policy import PlanningPolicy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Action, EndPhase
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.scenario import load_scenario


def _new_attributes(obj: object, before: set[str]) -> set[str]:
    """Attributes ``obj`` gained that its class does not declare as a cached property."""
    return {k for k in set(vars(obj)) - before if not isinstance(getattr(type(obj), k, None), cached_property)}


def test_playing_writes_nothing_onto_the_game_objects(small_path):
    sc = load_scenario(small_path)
    state, _ = engine.new_game(sc, 3)
    before = {id(o): set(vars(o)) for o in (sc, sc.map, state)}
    pols = {s: make_policy("doctrine", s, sc.ai.get(s, {})) for s in ("soviet", "japan")}
    rng = np.random.default_rng(0)
    for _ in range(300):
        if state.game_over:
            break
        engine.apply(state, pols[state.side_to_move].choose(state, rng))
    assert state.turn >= 2  # the AI did plan and play
    for o in (sc, sc.map, state):
        assert _new_attributes(o, before[id(o)]) == set()
    assert ai_cache(sc.map).fields  # its fields went to its own memo


def test_one_memo_a_map_that_goes_with_it(small_path):
    a, b = load_scenario(small_path), load_scenario(small_path)
    assert ai_cache(a.map) is ai_cache(a.map)
    assert ai_cache(a.map) is not ai_cache(b.map)
    gone = weakref.ref(a.map)
    del a
    gc.collect()
    assert gone() is None  # the memo does not keep its map alive
    assert b.map in _CACHES


class _Counting(PlanningPolicy):
    """Ends the phase in two steps and counts the plans it starts."""

    def __init__(self, side: str) -> None:
        super().__init__(side)
        self.plans = 0

    def plan(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        self.plans += 1
        yield EndPhase()
        yield EndPhase()


def test_a_copy_of_the_state_gets_a_new_plan(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    pol = _Counting(state.side_to_move)
    rng = np.random.default_rng(0)
    pol.choose(state, rng)
    pol.choose(state, rng)  # the same position: the plan goes on
    assert pol.plans == 1
    copy = state.copy()
    assert copy.serial != state.serial
    pol.choose(copy, rng)
    assert pol.plans == 2
    pol.choose(GameState.from_dict(small_scenario, state.to_dict()), rng)
    assert pol.plans == 3


def test_maps_of_the_same_ground_share_their_fields(small_path):
    """Two loads of one scenario (a batch's sweep points) share the field tables, and a field
    is kept per ground: other movement rules on the same map get fields of their own."""
    from mutanchiang_sim.ai import fields

    a, b = load_scenario(small_path), load_scenario(small_path)
    assert ai_cache(a.map).fields is ai_cache(b.map).fields
    assert ai_cache(a.map).positions is None and ai_cache(a.map) is not ai_cache(b.map)
    slow = load_scenario(small_path, {"rules.movement.road_cost": "2.0"})
    sa, _ = engine.new_game(a, 1)
    ss, _ = engine.new_game(slow, 1)
    goal = [sa.units[0].hex]
    plain = fields.distance_field(sa, goal)
    dear = fields.distance_field(ss, goal)
    assert ai_cache(slow.map).fields is ai_cache(a.map).fields
    assert plain != dear and max(x for x in dear if x < float("inf")) > max(x for x in plain if x < float("inf"))
    ai_cache(a.map).fields.clear()
    assert fields.distance_field(sa, goal) == plain
