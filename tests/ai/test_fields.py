"""Distance fields: a field brought up to date after bridges change equals a fresh search."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator

import pytest

from mutanchiang_sim.ai import field_search, fields
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.scenario import default_scenario_path, load_scenario


@pytest.fixture(scope="module")
def state() -> GameState:
    return GameState.new(load_scenario(default_scenario_path()), 0)


def test_updated_field_is_exactly_a_fresh_search(state: GameState, compiled: None) -> None:
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


def _river_step(state: GameState, a: int, b: int) -> bool:
    """True when stepping b -> a crosses a river with no standing bridge."""
    e = (min(a, b), max(a, b))
    k = state.scenario.map.bridge_by_edge.get(e)
    return e in state.scenario.map.river_edges and (k is None or not state.bridges_intact[k])


def test_no_crossing_lands_in_a_no_landing_hex(state: GameState) -> None:
    """The field with landing limits is the one fixed point of the allowed steps: every hex's
    value is its best allowed step on (Bellman), and a crossing into a barred hex is no step."""
    m = state.scenario.map
    state.bridges_intact = [False] * len(state.bridges_intact)
    bank = [i for i in range(m.size) if m.bank[i] and m.passable[i]]
    goals = (bank[len(bank) // 2],)
    barred = frozenset(bank[::3]) - set(goals)
    free = fields._search(state, goals, False, 12.0, frozenset())
    limited = fields._search(state, goals, False, 12.0, frozenset(), barred)
    adj = fields._incoming(state, False, 12.0)
    steps_from: dict[int, list[tuple[int, float]]] = {}  # b -> [(a, cost of b -> a)], allowed only
    for a in range(m.size):
        for b, c, c_blown, k in adj[a]:
            if not (a in barred and _river_step(state, a, b)):
                steps_from.setdefault(b, []).append((a, c_blown if k >= 0 else c))
    for b in range(m.size):
        if b in goals:
            continue
        best = min((limited[a] + c for a, c in steps_from.get(b, ())), default=float("inf"))
        assert limited[b] == pytest.approx(best)  # each value is its best allowed step (Bellman)
    assert any(lv > fv for lv, fv in zip(limited, free, strict=True))  # the limits bite somewhere
    assert all(lv >= fv for lv, fv in zip(limited, free, strict=True))  # and never help
    state.bridges_intact = [True] * len(state.bridges_intact)


@pytest.fixture
def compiled() -> Iterator[None]:
    field_search.use_compiled()
    yield
    field_search.use_compiled(None)


def test_searches_turn_compiled_after_a_while(monkeypatch: pytest.MonkeyPatch, state: GameState) -> None:
    monkeypatch.delitem(sys.modules, "scipy.sparse.csgraph", raising=False)  # (as in a fresh process)
    field_search.use_compiled(None)
    assert not field_search.in_use()
    whole = fields._search(state, (5,), False, 12.0, frozenset())  # a search of the whole map in Python
    assert field_search._switch["settled"] == sum(v < float("inf") for v in whole)
    field_search.searched_in_python(field_search.SWITCH_AFTER - field_search._switch["settled"])
    assert not field_search.in_use()
    field_search.searched_in_python(1)
    assert field_search.in_use()
    field_search.use_compiled(False)
    assert not field_search.in_use()
    field_search.use_compiled(None)


def test_compiled_search_is_exactly_the_python_search(state: GameState, compiled: None) -> None:
    """scipy's Dijkstra over the step arrays gives the very floats of the search in Python, with
    hexes avoided, landings barred, a limit and any state of the bridges."""
    m = state.scenario.map
    rnd = random.Random(11)
    nb = len(state.bridges_intact)
    bank = [i for i in range(m.size) if m.bank[i]]
    for _ in range(60):
        goals = tuple(sorted(set(rnd.sample(range(m.size), rnd.choice([1, 3, 40])))))
        avoid = frozenset(rnd.sample(range(m.size), rnd.choice([0, 5, 60])))
        landing = frozenset(rnd.sample(bank, rnd.choice([0, 10, len(bank) // 2])))
        tracked = rnd.random() < 0.3
        rcc = rnd.choice([12.0, 0.7, 3.0])
        limit = rnd.choice([float("inf"), 4.0, 15.5])
        state.bridges_intact = [rnd.random() < 0.6 for _ in range(nb)]
        assert fields._step_arrays(state, tracked, rcc) is not None
        fast = fields._search(state, goals, tracked, rcc, avoid, landing, limit)
        assert fast == fields.search_py(state, goals, tracked, rcc, avoid, landing, limit)
        assert any(v < float("inf") for v in fast) == any(
            g not in avoid and m.passable[g] for g in goals
        )
