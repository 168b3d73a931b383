"""Supply: traced from a side's sources (railheads, depots, map-edge roads) over friendly ground.

Railheads move with the front: with ``rules.supply.railheads`` on, every railway hex a side
controls that is joined to one of its sources by railway through hexes it controls (over intact
bridges, past no enemy unit) is a source too. From the sources, a hex is in supply for a side when a path of at most ``max_distance`` hexes joins it to a
source without entering enemy units, enemy zones of control (unless a friendly unit holds the
hex), impassable terrain, or a river other than over an intact bridge. Units cut off for more
than ``turns_to_exhaust`` turns lose ``out_of_supply_factor`` of their combat power.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from ..state import SIDE_CODE
from .movement import enemy_zoc

if TYPE_CHECKING:
    from ..state import GameState


def supplied_hexes(state: GameState, side: str) -> set[int]:
    """The hexes in supply for ``side`` (see the module's doc)."""
    reached = supplied_mask(state, side)
    if reached is None:
        return set(range(state.scenario.map.size))
    return set(np.flatnonzero(reached).tolist())


def supplied_mask(state: GameState, side: str) -> np.ndarray | None:
    """:func:`supplied_hexes` as a boolean array over the map's hexes; None when the side has
    no sources (so is never cut off)."""
    m = state.scenario.map
    spec = state.scenario.sides.get(side)
    if spec is None or not spec.supply_sources:
        return None
    n = m.size
    enemy: list[int] = []
    own: list[int] = []
    for i, us in state.occupancy.items():
        if us:
            (own if us[0].side == side else enemy).append(i)
    enemy_set = set(enemy)
    passable = m.passable
    sources = [s for s in spec.supply_sources if s not in enemy_set and passable[s]]
    if state.scenario.rules.supply.railheads:
        sources = railheads(state, side, sources, enemy_set)
    blocked = np.zeros(n + 1, dtype=bool)  # enemy units; the extra slot pads the neighbour table
    blocked[enemy] = True
    # Supply reaches a contested hex (an enemy zone of control no friendly unit holds) but goes
    # no further: such hexes are not expanded (unless they are sources).
    go_on = np.ones(n + 1, dtype=bool)
    go_on[list(enemy_zoc(state, side))] = False
    go_on[own] = True
    adj = open_crossings_array(state)
    seen = blocked.copy()
    seen[n] = True
    frontier = np.array(sorted(set(sources)), dtype=np.intp)
    seen[frontier] = True
    # Breadth-first, a ring of hexes at a time (the set reached does not depend on the order).
    for d in range(state.scenario.rules.supply.max_distance):
        if d:
            frontier = frontier[go_on[frontier]]
        nxt = adj[frontier].ravel()
        nxt = nxt[~seen[nxt]]
        if not nxt.size:
            break
        frontier = np.unique(nxt)
        seen[frontier] = True
    seen &= ~blocked
    return seen[:n]


def railheads(state: GameState, side: str, sources: list[int], blocked: set[int]) -> list[int]:
    """The sources plus every railway hex reached from them along the railway through hexes
    ``side`` controls, crossing rivers only over intact bridges."""
    code = SIDE_CODE[side]
    control = state.control
    rail = rail_table(state)
    intact = state.bridges_intact
    seen = set(sources)
    stack = [s for s in sources if rail[s]]
    while stack:
        a = stack.pop()
        for b, k in rail[a]:
            if b in seen or b in blocked or control[b] != code:
                continue
            if k != -1 and (k == -2 or not intact[k]):
                continue
            seen.add(b)
            stack.append(b)
    return sorted(seen)


def rear_distance(state: GameState, side: str) -> list[int]:
    """Steps from every hex back to ``side``'s supply sources over passable ground, crossing
    rivers only at intact bridges, ignoring units: which way is "back" for a retreating unit.
    Cached on the map per side and bridge state."""
    m = state.scenario.map
    spec = state.scenario.sides.get(side)
    key = (side, tuple(state.bridges_intact))
    cache: dict[tuple[object, ...], list[int]] = m.__dict__.setdefault("_rear_cache", {})
    hit = cache.get(key)
    if hit is not None:
        return hit
    big = 10**6
    dist = [big] * m.size
    sources = list(spec.supply_sources) if spec is not None and spec.supply_sources else []
    queue: deque[int] = deque()
    for s in sources:
        dist[s] = 0
        queue.append(s)
    adj = crossing_table(state)
    intact = state.bridges_intact
    while queue:
        a = queue.popleft()
        d = dist[a] + 1
        for b, k in adj[a]:
            if dist[b] <= d or (k != -1 and (k == -2 or not intact[k])):
                continue
            dist[b] = d
            queue.append(b)
    if not sources:
        dist = [0] * m.size
    if len(cache) > 64:
        cache.clear()
    cache[key] = dist
    return dist


def crossing_table(state: GameState) -> list[list[tuple[int, int]]]:
    """Per hex: its passable neighbours with what lies between, ``-1`` open ground, ``-2`` a
    river without a bridge, else the bridge's index (cached on the map)."""
    m = state.scenario.map
    hit: list[list[tuple[int, int]]] | None = m.__dict__.get("_crossing_table")
    if hit is None:
        hit = []
        for a in range(m.size):
            row = []
            for b in m.neighbor_lists[a]:
                if not m.passable[b]:
                    continue
                e = (a, b) if a < b else (b, a)
                k = -1 if e not in m.river_edges else m.bridge_by_edge.get(e, -2)
                row.append((b, k))
            hit.append(row)
        m.__dict__["_crossing_table"] = hit
    return hit


def rail_table(state: GameState) -> list[list[tuple[int, int]]]:
    """:func:`crossing_table` restricted to railway edges (cached on the map)."""
    m = state.scenario.map
    hit: list[list[tuple[int, int]]] | None = m.__dict__.get("_rail_table")
    if hit is None:
        rail = m.rail_edges
        hit = [
            [(b, k) for b, k in row if ((a, b) if a < b else (b, a)) in rail]
            for a, row in enumerate(crossing_table(state))
        ]
        m.__dict__["_rail_table"] = hit
    return hit


def open_crossings_array(state: GameState) -> np.ndarray:
    """Per hex (a row of six): the passable neighbours reached over open ground or an intact
    bridge, padded with the map's size, for the current state of the bridges (cached on the
    map per bridge state)."""
    m = state.scenario.map
    cache: dict[tuple[bool, ...], np.ndarray] = m.__dict__.setdefault("_open_crossings", {})
    key = tuple(state.bridges_intact)
    hit = cache.get(key)
    if hit is None:
        intact = state.bridges_intact
        hit = np.full((m.size, 6), m.size, dtype=np.intp)
        for a, row in enumerate(crossing_table(state)):
            open_ = [b for b, k in row if k == -1 or (k >= 0 and intact[k])]
            hit[a, : len(open_)] = open_
        if len(cache) >= 256:
            cache.clear()
        cache[key] = hit
    return hit


def update_supply(state: GameState, side: str) -> None:
    reached = supplied_mask(state, side)
    grace = state.scenario.rules.supply.turns_to_exhaust
    for u in state.units:
        if u.side != side or not u.on_map:
            continue
        if reached is None or reached[u.hex]:
            u.turns_out_of_supply = 0
            u.in_supply = True
        else:
            u.turns_out_of_supply += 1
            u.in_supply = u.turns_out_of_supply <= grace
