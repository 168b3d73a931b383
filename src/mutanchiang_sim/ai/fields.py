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
    mv = state.scenario.rules.movement
    wet = mv.wet_ground if state.wet else 1.0
    n = m.size
    dist = [INF] * n
    heap: list[tuple[float, int]] = []
    for g in goal_t:
        if 0 <= g < n and m.passable[g] and g not in avoid_s:
            dist[g] = 0.0
            heap.append((0.0, g))
    heapq.heapify(heap)
    nbrs = m.neighbor_lists
    rivers = m.river_edges
    roads = m.road_edges
    bridges = m.bridge_by_edge
    intact = state.bridges_intact
    passable = m.passable
    cost_of = m.move_cost
    while heap:
        d, a = heapq.heappop(heap)
        if d > dist[a]:
            continue
        for b in nbrs[a]:
            if not passable[b] or b in avoid_s:
                continue
            e = edge_key(a, b)
            # cost of stepping from b into a (we search backwards from the goals)
            if e in rivers:
                k = bridges.get(e)
                if k is None or not intact[k]:
                    if tracked:
                        continue
                    c = river_crossing_cost
                elif e in roads:
                    c = mv.road_cost
                else:
                    c = cost_of[a] * wet
            elif e in roads:
                c = mv.road_cost
            else:
                c = cost_of[a] * wet
            nd = d + c
            if nd < dist[b]:
                dist[b] = nd
                heapq.heappush(heap, (nd, b))
    if len(cache) > 256:
        cache.clear()
    cache[key] = dist
    return dist


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
