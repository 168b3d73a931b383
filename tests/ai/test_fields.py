"""Distance fields: a field brought up to date after bridges change equals a fresh search."""

from __future__ import annotations

import random

import pytest

from mutanchiang_sim.ai import fields
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.scenario import default_scenario_path, load_scenario


@pytest.fixture(scope="module")
def state() -> GameState:
    return GameState.new(load_scenario(default_scenario_path()), 0)


def test_updated_field_is_exactly_a_fresh_search(state: GameState) -> None:
    m = state.scenario.map
    rnd = random.Random(7)
    nb = len(state.bridges_intact)
    assert nb >= 2
    for _ in range(40):
        goals = tuple(sorted(set(rnd.sample(range(m.size), rnd.choice([1, 2, 5])))))
        avoid = frozenset(rnd.sample(range(m.size), rnd.choice([0, 4])))
        tracked = rnd.random() < 0.4
        rcc = rnd.choice([12.0, 0.7])  # dearer and cheaper than the bridges
        before = tuple(rnd.random() < 0.7 for _ in range(nb))
        state.bridges_intact = list(before)
        old = fields._search(state, goals, tracked, rcc, avoid)
        for _ in range(3):
            after = tuple((not x) if rnd.random() < 0.3 else x for x in before)
            state.bridges_intact = list(after)
            new = fields._updated(state, old, before, after, tracked, rcc, goals, avoid)
            assert new == fields._search(state, goals, tracked, rcc, avoid)
            old, before = new, after


def test_cached_fields_follow_the_bridges(state: GameState) -> None:
    goals = [5, 600]
    state.bridges_intact = [True] * len(state.bridges_intact)
    a = fields.distance_field(state, goals)
    state.bridges_intact[0] = False
    b = fields.distance_field(state, goals)  # from the variant above
    assert b == fields._search(state, tuple(goals), False, 12.0, frozenset())
    state.bridges_intact[0] = True
    assert fields.distance_field(state, goals) is a
