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

from ..bitboard import bits_of, hexes_of, spread
from ..map_tables import UNBRIDGED

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
    contested = spread(blocked, m.tables.neighbour_steps) & ~own
    steps = m.tables.open_steps(state.bridges_intact)
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
    code = state.scenario.side_codes[side]
    control = state.control
    rail = state.scenario.map.tables.rail_crossings
    intact = state.bridges_intact
    seen = set(sources)
    stack = [s for s in sources if rail[s]]
    while stack:
        a = stack.pop()
        for b, k in rail[a]:
            if b in seen or b in blocked or control[b] != code:
                continue
            if k == UNBRIDGED or (k >= 0 and not intact[k]):
                continue
            seen.add(b)
            stack.append(b)
    return sorted(seen)


def rear_distance(state: GameState, side: str) -> list[int]:
    """Steps from every hex back to ``side``'s supply sources over passable ground, crossing
    rivers only at intact bridges, ignoring units: which way is "back" for a retreating unit.
    Kept with the map's tables per side, sources and bridge state."""
    m = state.scenario.map
    spec = state.scenario.sides.get(side)
    sources = list(spec.supply_sources) if spec is not None and spec.supply_sources else []
    memo = m.tables.rear_memo
    key = (side, tuple(sources), tuple(state.bridges_intact))
    hit = memo.get(key)
    if hit is not None:
        return hit
    big = 10**6
    dist = [big] * m.size
    queue: deque[int] = deque()
    for s in sources:
        dist[s] = 0
        queue.append(s)
    adj = m.tables.crossings
    intact = state.bridges_intact
    while queue:
        a = queue.popleft()
        d = dist[a] + 1
        for b, k in adj[a]:
            if dist[b] <= d or (k >= 0 and not intact[k]) or k == UNBRIDGED:
                continue
            dist[b] = d
            queue.append(b)
    if not sources:
        dist = [0] * m.size
    if len(memo) > 64:
        memo.clear()
    memo[key] = dist
    return dist


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


def cut_off(state: GameState, side: str) -> bool:
    """Half or more of ``side``'s men on the map are out of supply (no path to a source this
    turn, grace or not): the side's main body is cut off."""
    men = [(u.men, u.turns_out_of_supply > 0) for u in state.units if u.side == side and u.on_map]
    total = sum(m for m, _ in men)
    return total > 0 and 2 * sum(m for m, out in men if out) >= total
