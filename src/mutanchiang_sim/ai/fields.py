"""Distance fields over the hex map: the cost to reach a set of goal hexes from every hex.

Computed once per (goals, bridge state, ground) and kept in the map's :class:`.cache.AICache`,
so that units pick their next hex by looking at their neighbours' values instead of searching
paths each move.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import TypeVar

from ..core.state import GameState
from ..core.terrain import edge_key
from . import field_search
from .cache import GroundKey, Step, ai_cache

INF = float("inf")
K = TypeVar("K")
V = TypeVar("V")


def distance_field(
    state: GameState,
    goals: Iterable[int],
    tracked: bool = False,
    river_crossing_cost: float = 12.0,
    avoid: Iterable[int] = (),
    no_landing: Iterable[int] = (),
    limit: float = INF,
) -> list[float]:
    """Movement-cost distance from every hex to the nearest goal, ignoring units.

    Rivers are crossed at intact bridges at the usual cost; elsewhere at ``river_crossing_cost``
    (an assault crossing) for foot units, never for ``tracked`` ones, and never into a hex of
    ``no_landing`` (the far bank under the enemy's guns, where the movement rule forbids a
    landing). Hexes in ``avoid`` are treated as impassable (a route around a city, say). With a
    ``limit`` the search stops there: hexes further away are left at infinity (a local field,
    much cheaper). Kept per map content and (goals, bridges, ground, avoid, no landing, limit)."""
    goal_t = tuple(sorted(set(goals)))
    avoid_s = frozenset(avoid)
    landing_s = frozenset(no_landing) if not tracked else frozenset()
    m = state.scenario.map
    ground = _ground_key(state, tracked, river_crossing_cost)  # (the same map content may come with other rules)
    key = (goal_t, tuple(state.bridges_intact), ground, avoid_s, landing_s, limit)
    memo = ai_cache(m)
    cache = memo.fields
    hit = cache.get(key)
    if hit is not None:
        return hit
    # The same field for another state of the bridges, brought up to date, if there is one
    # (only whole fields without landing limits: those change with the enemy, not the bridges;
    # and only when the search is in Python: the compiled search is cheaper than an update).
    local = bool(landing_s) or limit < INF or _compiled(state, tracked, river_crossing_cost) is not None
    variants = memo.field_variants
    base = (goal_t, ground, avoid_s)
    bridges = tuple(state.bridges_intact)
    known = variants.get(base) if not local else None
    if known and river_crossing_cost >= MIN_COST:
        old_bridges, old = min(known, key=lambda v: sum(x != y for x, y in zip(v[0], bridges, strict=True)))
        dist = _updated(state, old, old_bridges, bridges, tracked, river_crossing_cost, goal_t, avoid_s)
    else:
        dist = _search(state, goal_t, tracked, river_crossing_cost, avoid_s, landing_s, limit)
    _evict(cache)
    cache[key] = dist
    if local:
        return dist
    if base not in variants:
        _evict(variants)
        known = variants[base] = []
    else:
        known = variants[base]
    known.insert(0, (bridges, dist))
    del known[VARIANTS:]
    return dist


CACHE_LIMIT = 768  # fields kept per map (~50 kB each on the bundled map)
VARIANTS = 4  # bridge states remembered per field, to update from
MIN_COST = 1e-3  # (updates rely on every step costing something)
PRICED_LIMIT = 8  # priced step tables kept per map (~1 MB each on the bundled map), oldest dropped


def _search(
    state: GameState, goal_t: tuple[int, ...], tracked: bool, river_crossing_cost: float, avoid_s: frozenset[int],
    landing_s: frozenset[int] = frozenset(),
    limit: float = INF,
) -> list[float]:
    """Dijkstra's search from the goals over the incoming-cost table; no river crossing ends in
    a hex of ``landing_s``; nothing further than ``limit``. In compiled code
    (:mod:`.field_search`) when the table allows it, with the very floats of :func:`search_py`."""
    m = state.scenario.map
    arrays = _compiled(state, tracked, river_crossing_cost)
    if arrays is None:
        return search_py(state, goal_t, tracked, river_crossing_cost, avoid_s, landing_s, limit)
    n = m.size
    goals = [g for g in goal_t if 0 <= g < n and m.passable[g] and g not in avoid_s]
    return field_search.search(arrays, goals, avoid_s, landing_s, limit)


def search_py(
    state: GameState, goal_t: tuple[int, ...], tracked: bool, river_crossing_cost: float, avoid_s: frozenset[int],
    landing_s: frozenset[int] = frozenset(),
    limit: float = INF,
) -> list[float]:
    """:func:`_search` in pure Python (the reference the compiled search is held to)."""
    m = state.scenario.map
    n = m.size
    dist = [INF] * n
    for a in avoid_s:
        if 0 <= a < n:
            dist[a] = -INF  # never relaxed: "nd < dist[a]" is always false
    heap: list[tuple[float, int]] = []
    for g in goal_t:
        if 0 <= g < n and m.passable[g] and g not in avoid_s:
            dist[g] = 0.0
            heap.append((0.0, g))
    heapq.heapify(heap)
    rows, landing_rows = _priced(state, tracked, river_crossing_cost)
    pop, push = heapq.heappop, heapq.heappush
    bounded = limit < INF
    settled = 0
    while heap:
        d, a = pop(heap)
        if d > dist[a]:
            continue
        settled += 1
        for b, c in (landing_rows[a] if landing_s and a in landing_s else rows[a]):
            nd = d + c
            if nd < dist[b] and (not bounded or nd <= limit):
                dist[b] = nd
                push(heap, (nd, b))
    for a in avoid_s:
        if 0 <= a < n:
            dist[a] = INF
    field_search.searched_in_python(settled)
    return dist


def _updated(
    state: GameState,
    old: list[float],
    old_bridges: tuple[bool, ...],
    bridges: tuple[bool, ...],
    tracked: bool,
    river_crossing_cost: float,
    goal_t: tuple[int, ...],
    avoid_s: frozenset[int],
) -> list[float]:
    """The field ``old`` (exact for ``old_bridges``) brought up to date for ``bridges``.

    Only the crossings of the bridges that changed cost something else now. Steps that became
    dearer are handled first: the hexes whose every best route used one of them are found (in
    order of distance) and searched again from the hexes around them; then steps that became
    cheaper spread their gains. Every step costs more than nothing, so a field that satisfies
    ``d[b] = min(d[a] + cost(b -> a))`` everywhere is the only one, and this gives the very
    floats a fresh search gives."""
    m = state.scenario.map
    adj = _incoming(state, tracked, river_crossing_cost)
    out, by_bridge, min_cost = _outgoing(state, tracked, river_crossing_cost)
    if min_cost < MIN_COST:
        return _search(state, goal_t, tracked, river_crossing_cost, avoid_s)
    n = m.size
    fixed = {g for g in goal_t if 0 <= g < n and m.passable[g] and g not in avoid_s}  # the goals: 0
    dist = list(old)
    # Cost of each changed step (b -> a) before and after.
    before: dict[tuple[int, int], float] = {}
    after: dict[tuple[int, int], float] = {}
    for k, (was, now) in enumerate(zip(old_bridges, bridges, strict=True)):
        if was != now:
            for b, a, c, c_blown in by_bridge.get(k, ()):
                before[(b, a)] = c if was else c_blown
                after[(b, a)] = c if now else c_blown

    # Step costs while the dearer steps are handled: the cheapened ones still at their old cost.
    dear = {e: max(before[e], c) for e, c in after.items()}

    pop, push = heapq.heappop, heapq.heappush
    # 1. Dearer steps: which hexes lose every best route?
    heap: list[tuple[float, int]] = []
    for (b, a), c_new in after.items():
        c_old = before[(b, a)]
        if c_new > c_old and b not in fixed and b not in avoid_s and dist[b] < INF and dist[b] == dist[a] + c_old:
            heap.append((dist[b], b))
    heapq.heapify(heap)
    lost: set[int] = set()
    checked: set[int] = set()
    while heap:
        d, b = pop(heap)
        if b in checked:
            continue
        checked.add(b)
        held = False
        for a, c, cb, k in out[b]:
            if k >= 0:
                c = dear[(b, a)] if (b, a) in dear else (c if bridges[k] else cb)
            if dist[a] + c == d and a not in lost:
                held = True  # still has a best route
                break
        if held:
            continue
        lost.add(b)
        if len(lost) > n // 30:  # a main road is cut: searching afresh is cheaper
            return _search(state, goal_t, tracked, river_crossing_cost, avoid_s)
        for x, _, _, _ in adj[b]:
            if x not in checked and x not in fixed and x not in avoid_s and dist[x] < INF:
                push(heap, (dist[x], x))
    if lost:
        for b in lost:
            best = INF
            for a, c, cb, k in out[b]:
                if a not in lost:
                    if k >= 0:
                        c = dear[(b, a)] if (b, a) in dear else (c if bridges[k] else cb)
                    v = dist[a] + c
                    if v < best:
                        best = v
            dist[b] = best
            if best < INF:
                heap.append((best, b))
        heapq.heapify(heap)
        while heap:
            d, a = pop(heap)
            if d > dist[a]:
                continue
            for x, c, cb, k in adj[a]:
                if x in lost:
                    if k >= 0:
                        c = dear[(x, a)] if (x, a) in dear else (c if bridges[k] else cb)
                    nd = d + c
                    if nd < dist[x]:
                        dist[x] = nd
                        push(heap, (nd, x))
    # 2. Cheaper steps: spread the gains.
    for (b, a), c_new in after.items():
        if c_new < before[(b, a)] and b not in avoid_s:
            nd = dist[a] + c_new
            if nd < dist[b]:
                dist[b] = nd
                heap.append((nd, b))
    heapq.heapify(heap)
    while heap:
        d, a = pop(heap)
        if d > dist[a]:
            continue
        for x, c, cb, k in adj[a]:
            if x not in avoid_s:
                if k >= 0:
                    c = c if bridges[k] else cb
                nd = d + c
                if nd < dist[x]:
                    dist[x] = nd
                    push(heap, (nd, x))
    return dist


def _outgoing(
    state: GameState, tracked: bool, river_crossing_cost: float
) -> tuple[list[list[Step]], dict[int, list[tuple[int, int, float, float]]], float]:
    """:func:`_incoming` turned round: per hex ``b`` its steps ``(a, cost, cost if the bridge is
    down, bridge or -1)``; the steps over each bridge as ``(b, a, cost, cost if down)``; and the
    cheapest step (kept like the incoming table)."""
    m = state.scenario.map
    key = _ground_key(state, tracked, river_crossing_cost)
    tables = ai_cache(m).outgoing
    hit = tables.get(key)
    if hit is None:
        adj = _incoming(state, tracked, river_crossing_cost)
        out: list[list[Step]] = [[] for _ in range(m.size)]
        by_bridge: dict[int, list[tuple[int, int, float, float]]] = {}
        min_cost = INF
        for a, row in enumerate(adj):
            for b, c, c_blown, k in row:
                out[b].append((a, c, c_blown, k))
                min_cost = min(min_cost, c, c_blown)
                if k >= 0:
                    by_bridge.setdefault(k, []).append((b, a, c, c_blown))
        hit = tables[key] = (out, by_bridge, min_cost)
    return hit


def _evict(cache: dict[K, V]) -> None:
    """Drop the oldest quarter of the fields once the cache is full (dicts keep insertion order)."""
    if len(cache) >= CACHE_LIMIT:
        for k in list(cache)[: CACHE_LIMIT // 4]:
            del cache[k]


def hexes_within(state: GameState, centres: Iterable[int], radius: int) -> set[int]:
    """Every hex within ``radius`` steps of any of ``centres`` (breadth-first over neighbours).

    When ``centres`` is a tuple the answer is kept for the map and shared: do not change it."""
    m = state.scenario.map
    key = (centres, radius) if isinstance(centres, tuple) else None
    if key is not None:
        cache = ai_cache(m).within
        hit = cache.get(key)
        if hit is not None:
            return hit
    nbrs = m.neighbor_lists
    seen = set(centres)
    frontier = list(seen)
    for _ in range(radius):
        nxt = []
        for a in frontier:
            for b in nbrs[a]:
                if b not in seen:
                    seen.add(b)
                    nxt.append(b)
        frontier = nxt
    if key is not None:
        cache[key] = seen
    return seen


def _ground_key(state: GameState, tracked: bool, river_crossing_cost: float) -> GroundKey:
    """What the cost tables depend on besides the map: the ground, the road cost, the unit's
    way of moving and the price of a raft crossing."""
    mv = state.scenario.rules.movement
    return (mv.wet_ground if state.wet else 1.0, mv.road_cost, tracked, river_crossing_cost)


def _incoming(state: GameState, tracked: bool, river_crossing_cost: float) -> list[list[Step]]:
    """Per hex ``a``: ``(b, cost of stepping b -> a, that cost if the bridge is down, bridge or -1)``
    for every passable neighbour ``b`` (kept per map and :func:`_ground_key`).

    Costs follow :func:`distance_field`: roads at ``road_cost``, a river over an intact bridge at
    the road or terrain cost, elsewhere at ``river_crossing_cost`` (foot) or never (tracked)."""
    m = state.scenario.map
    mv = state.scenario.rules.movement
    key = _ground_key(state, tracked, river_crossing_cost)
    wet = key[0]
    tables = ai_cache(m).incoming
    hit = tables.get(key)
    if hit is not None:
        return hit
    crossing = INF if tracked else river_crossing_cost
    out: list[list[Step]] = []
    for a in range(m.size):
        row: list[Step] = []
        for b in m.neighbor_lists[a]:
            if not m.passable[b] or not m.passable[a]:
                continue
            e = edge_key(a, b)
            open_cost = mv.road_cost if e in m.road_edges else m.move_cost[a] * wet
            if e in m.river_edges:
                k = m.bridge_by_edge.get(e)
                if k is None:
                    if crossing < INF:
                        row.append((b, crossing, crossing, -1))
                else:
                    row.append((b, open_cost, crossing, k))
            else:
                row.append((b, open_cost, open_cost, -1))
        out.append(row)
    tables[key] = out
    return out


def _priced(state: GameState, tracked: bool, river_crossing_cost: float) -> tuple[list[list[tuple[int, float]]], list[list[tuple[int, float]]]]:
    """:func:`_incoming` priced for the bridges as they stand: per hex ``a`` its steps
    ``(b, cost of b -> a)``; and the same without the river crossings that are no bridge (for
    a hex where no crossing may land). Kept per map, ground and bridge state."""
    key = (_ground_key(state, tracked, river_crossing_cost), tuple(state.bridges_intact))
    tables = ai_cache(state.scenario.map).priced
    hit = tables.get(key)
    if hit is not None:
        return hit
    intact = state.bridges_intact
    river_edges = state.scenario.map.river_edges
    rows: list[list[tuple[int, float]]] = []
    landing_rows: list[list[tuple[int, float]]] = []
    for a, steps in enumerate(_incoming(state, tracked, river_crossing_cost)):
        row: list[tuple[int, float]] = []
        landing: list[tuple[int, float]] = []
        for b, c, c_blown, k in steps:
            if k >= 0 and not intact[k]:
                row.append((b, c_blown))
                continue
            step = (b, c)
            row.append(step)
            if k >= 0 or edge_key(a, b) not in river_edges:
                landing.append(step)
        rows.append(row)
        landing_rows.append(landing if len(landing) < len(row) else row)
    if len(tables) >= PRICED_LIMIT:
        del tables[next(iter(tables))]
    hit = tables[key] = (rows, landing_rows)
    return hit


def _compiled(state: GameState, tracked: bool, river_crossing_cost: float) -> field_search.Priced | None:
    """The arrays for a compiled search, if searches are compiled now (:func:`.field_search.in_use`)."""
    return _step_arrays(state, tracked, river_crossing_cost) if field_search.in_use() else None


def _step_arrays(state: GameState, tracked: bool, river_crossing_cost: float) -> field_search.Priced | None:
    """:func:`_incoming`'s table as arrays for the compiled search, priced for the bridges as
    they stand (None: left to Python); kept per map and ground."""
    key = _ground_key(state, tracked, river_crossing_cost)
    tables = ai_cache(state.scenario.map).step_arrays
    if key in tables:
        t = tables[key]
    else:
        t = tables[key] = field_search.tables(_incoming(state, tracked, river_crossing_cost), state.scenario.map.river_edges)
    return None if t is None else t.priced(state.bridges_intact)


def grouped_field(
    state: GameState,
    groups: Iterable[Iterable[int]],
    tracked: bool = False,
    river_crossing_cost: float = 12.0,
    avoid: Iterable[int] = (),
    no_landing: Iterable[int] = (),
) -> list[float]:
    """The distance field to the union of several goal groups (say, each unheld objective):
    the element-wise minimum of each group's own (cached) field, itself cached per set of
    groups. Much cheaper than a fresh search when the set of groups changes in play."""
    gs = sorted({tuple(sorted(set(g))) for g in groups})
    if len(gs) <= 1:
        return distance_field(state, gs[0] if gs else (), tracked, river_crossing_cost, avoid, no_landing)
    avoid_s = frozenset(avoid)
    landing_s = frozenset(no_landing) if not tracked else frozenset()
    m = state.scenario.map
    key = ("groups", tuple(gs), tuple(state.bridges_intact), _ground_key(state, tracked, river_crossing_cost), avoid_s, landing_s)
    cache = ai_cache(m).fields
    hit = cache.get(key)
    if hit is not None:
        return hit
    parts = [distance_field(state, g, tracked, river_crossing_cost, avoid_s, landing_s) for g in gs]
    out = list(map(min, *parts))
    _evict(cache)
    cache[key] = out
    return out
