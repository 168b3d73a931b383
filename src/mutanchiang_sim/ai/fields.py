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
    state: GameState, goals: Iterable[int], tracked: bool = False, river_crossing_cost: float = 12.0
) -> list[float]:
    """Movement-cost distance from every hex to the nearest goal, ignoring units.

    Rivers are crossed at intact bridges at the usual cost; elsewhere at ``river_crossing_cost``
    (an assault crossing) for foot units, never for ``tracked`` ones. Cached on the state's
    scenario map per (goals, bridges, wet ground)."""
    goal_t = tuple(sorted(set(goals)))
    m = state.scenario.map
    key = (goal_t, tuple(state.bridges_intact), state.wet, tracked, river_crossing_cost)
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
        if 0 <= g < n and m.passable[g]:
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
            if not passable[b]:
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
