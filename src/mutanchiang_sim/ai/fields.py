"""Distance fields over the hex map: the cost to reach a set of goal hexes from every hex.

Computed once per (goals, bridge state, ground) and cached, so that units pick their next hex
by looking at their neighbours' values instead of searching paths each move.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from ..core.state import GameState
from ..core.terrain import edge_key

INF = float("inf")


def distance_field(
    state: GameState,
    goals: Iterable[int],
    tracked: bool = False,
    river_crossing_cost: float = 12.0,
    avoid: Iterable[int] = (),
) -> list[float]:
    """Movement-cost distance from every hex to the nearest goal, ignoring units.

    Rivers are crossed at intact bridges at the usual cost; elsewhere at ``river_crossing_cost``
    (an assault crossing) for foot units, never for ``tracked`` ones. Hexes in ``avoid`` are
    treated as impassable (a route around a city, say). Cached on the state's scenario map per
    (goals, bridges, wet ground, avoid)."""
    goal_t = tuple(sorted(set(goals)))
    avoid_s = frozenset(avoid)
    m = state.scenario.map
    key = (goal_t, tuple(state.bridges_intact), state.wet, tracked, river_crossing_cost, avoid_s)
    cache: dict[tuple[object, ...], list[float]] = m.__dict__.setdefault("_field_cache", {})
    hit = cache.get(key)
    if hit is not None:
        return hit
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
    adj = _incoming(state, tracked, river_crossing_cost)
    intact = state.bridges_intact
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, a = pop(heap)
        if d > dist[a]:
            continue
        for b, c, c_blown, k in adj[a]:
            if k >= 0 and not intact[k]:
                c = c_blown
            nd = d + c
            if nd < dist[b]:
                dist[b] = nd
                push(heap, (nd, b))
    for a in avoid_s:
        if 0 <= a < n:
            dist[a] = INF
    _evict(cache)
    cache[key] = dist
    return dist


CACHE_LIMIT = 768  # fields kept per map (~50 kB each on the bundled map)


def _evict(cache: dict[tuple[object, ...], list[float]]) -> None:
    """Drop the oldest quarter of the fields once the cache is full (dicts keep insertion order)."""
    if len(cache) >= CACHE_LIMIT:
        for k in list(cache)[: CACHE_LIMIT // 4]:
            del cache[k]


def axial(state: GameState) -> tuple[list[int], list[int]]:
    """Axial ``(q, r)`` coordinates of every hex as two lists (cached on the map), for fast
    distances: ``(|dq| + |dr| + |dq + dr|) // 2``."""
    m = state.scenario.map
    hit: tuple[list[int], list[int]] | None = m.__dict__.get("_axial_cache")
    if hit is None:
        qs, rs = [], []
        for i in range(m.size):
            h = m.hex_of(i)
            qs.append(h.q)
            rs.append(h.r)
        hit = (qs, rs)
        m.__dict__["_axial_cache"] = hit
    return hit


def hexes_within(state: GameState, centres: Iterable[int], radius: int) -> set[int]:
    """Every hex within ``radius`` steps of any of ``centres`` (breadth-first over neighbours)."""
    nbrs = state.scenario.map.neighbor_lists
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
    return seen


def _incoming(state: GameState, tracked: bool, river_crossing_cost: float) -> list[list[tuple[int, float, float, int]]]:
    """Per hex ``a``: ``(b, cost of stepping b -> a, that cost if the bridge is down, bridge or -1)``
    for every passable neighbour ``b`` (cached on the map per ground, tracked, crossing cost).

    Costs follow :func:`distance_field`: roads at ``road_cost``, a river over an intact bridge at
    the road or terrain cost, elsewhere at ``river_crossing_cost`` (foot) or never (tracked)."""
    m = state.scenario.map
    mv = state.scenario.rules.movement
    wet = mv.wet_ground if state.wet else 1.0
    key = (wet, tracked, river_crossing_cost)
    tables: dict[tuple[float, bool, float], list[list[tuple[int, float, float, int]]]] = m.__dict__.setdefault("_incoming_cache", {})
    hit = tables.get(key)
    if hit is not None:
        return hit
    crossing = INF if tracked else river_crossing_cost
    out: list[list[tuple[int, float, float, int]]] = []
    for a in range(m.size):
        row: list[tuple[int, float, float, int]] = []
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


def grouped_field(
    state: GameState,
    groups: Iterable[Iterable[int]],
    tracked: bool = False,
    river_crossing_cost: float = 12.0,
    avoid: Iterable[int] = (),
) -> list[float]:
    """The distance field to the union of several goal groups (say, each unheld objective):
    the element-wise minimum of each group's own (cached) field, itself cached per set of
    groups. Much cheaper than a fresh search when the set of groups changes in play."""
    gs = sorted({tuple(sorted(set(g))) for g in groups})
    if len(gs) <= 1:
        return distance_field(state, gs[0] if gs else (), tracked, river_crossing_cost, avoid)
    avoid_s = frozenset(avoid)
    m = state.scenario.map
    key = ("groups", tuple(gs), tuple(state.bridges_intact), state.wet, tracked, river_crossing_cost, avoid_s)
    cache: dict[tuple[object, ...], list[float]] = m.__dict__.setdefault("_field_cache", {})
    hit = cache.get(key)
    if hit is not None:
        return hit
    parts = [distance_field(state, g, tracked, river_crossing_cost, avoid_s) for g in gs]
    out = list(map(min, *parts))
    _evict(cache)
    cache[key] = out
    return out
