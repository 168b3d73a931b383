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

from ..bitboard import StepTable, bits_of, hexes_of, neighbour_steps, spread, step_table
from ..sides import SIDE_CODE

if TYPE_CHECKING:
    from ..state import GameState


def supplied_hexes(state: GameState, side: str) -> set[int]:
    """The hexes in supply for ``side`` (see the module's doc)."""
    reached = supplied_bits(state, side)
    if reached is None:
        return set(range(state.scenario.map.size))
    return set(hexes_of(reached))


def supplied_bits(state: GameState, side: str) -> int | None:
    """:func:`supplied_hexes` as a bitboard (see :mod:`..bitboard`); None when the side has no
    sources (so is never cut off)."""
    m = state.scenario.map
    spec = state.scenario.sides.get(side)
    if spec is None or not spec.supply_sources:
        return None
    enemy: list[int] = []
    own = 0
    for i, us in state.occupancy.items():
        if us:
            if us[0].side == side:
                own |= 1 << i
            else:
                enemy.append(i)
    enemy_set = set(enemy)
    passable = m.passable
    sources = [s for s in spec.supply_sources if s not in enemy_set and passable[s]]
    if state.scenario.rules.supply.railheads:
        sources = railheads(state, side, sources, enemy_set)
    blocked = bits_of(enemy)
    # Supply reaches a contested hex (an enemy zone of control no friendly unit holds) but goes
    # no further: such hexes are not expanded (unless they are sources).
    contested = spread(blocked, neighbour_steps(m)) & ~own
    steps = open_steps(state)
    front = reached = bits_of(sources)
    unseen = ((1 << m.size) - 1) & ~blocked & ~reached
    # Breadth-first, a ring of hexes at a time (the set reached does not depend on the order).
    for d in range(state.scenario.rules.supply.max_distance):
        if d:
            front &= ~contested
        front = spread(front, steps) & unseen
        if not front:
            break
        unseen ^= front
        reached |= front
    return reached


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


def open_steps(state: GameState) -> StepTable:
    """Steps into passable neighbours over open ground or an intact bridge, for the current
    state of the bridges (cached on the map per bridge state)."""
    m = state.scenario.map
    cache: dict[tuple[bool, ...], StepTable] = m.__dict__.setdefault("_open_steps", {})
    key = tuple(state.bridges_intact)
    hit = cache.get(key)
    if hit is None:
        base = cache.get(())
        if base is None:  # open ground only
            table = crossing_table(state)
            base = step_table(m, lambda a, b: (b, -1) in table[a])
            cache[()] = base
            m.__dict__["_bridge_steps"] = [(a, b, k) for a, row in enumerate(table) for b, k in row if k >= 0]
        masks = dict(base)
        intact = state.bridges_intact
        for a, b, k in m.__dict__["_bridge_steps"]:
            if intact[k]:
                masks[b - a] = masks.get(b - a, 0) | (1 << a)
        hit = sorted(masks.items())
        if len(cache) >= 256:
            cache.clear()
        cache[key] = hit
    return hit


def update_supply(state: GameState, side: str) -> None:
    reached = supplied_bits(state, side)
    grace = state.scenario.rules.supply.turns_to_exhaust
    for u in state.units:
        if u.side != side or not u.on_map:
            continue
        if reached is None or reached >> u.hex & 1:
            u.turns_out_of_supply = 0
            u.in_supply = True
        else:
            u.turns_out_of_supply += 1
            u.in_supply = u.turns_out_of_supply <= grace
