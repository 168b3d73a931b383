"""Supply: traced from a side's sources (railheads, depots, map-edge roads) over friendly ground.

A hex is in supply for a side when a path of at most ``max_distance`` hexes joins it to a
source without entering enemy units, enemy zones of control (unless a friendly unit holds the
hex), impassable terrain, or a river other than over an intact bridge. Units cut off for more
than ``turns_to_exhaust`` turns lose ``out_of_supply_factor`` of their combat power.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from .movement import crossing_open, enemy_zoc

if TYPE_CHECKING:
    from ..state import GameState


def supplied_hexes(state: GameState, side: str) -> set[int]:
    m = state.scenario.map
    spec = state.scenario.sides.get(side)
    if spec is None or not spec.supply_sources:
        return set(range(m.size))  # a side with no sources declared is never cut off
    max_d = state.scenario.rules.supply.max_distance
    zoc = enemy_zoc(state, side)
    occ = state.occupancy
    blocked = {i for i, us in occ.items() if us and us[0].side != side}
    friendly = {i for i, us in occ.items() if us and us[0].side == side}
    seen: dict[int, int] = {}
    queue: deque[int] = deque()
    for s in spec.supply_sources:
        if s not in blocked and m.passable[s]:
            seen[s] = 0
            queue.append(s)
    nbrs = m.neighbor_lists
    passable = m.passable
    river = m.river_edges
    while queue:
        a = queue.popleft()
        d = seen[a] + 1
        if d > max_d:
            continue
        if a in zoc and a not in friendly and seen[a] > 0:
            continue  # supply reaches a contested hex but goes no further
        for b in nbrs[a]:
            if b in seen or b in blocked or not passable[b]:
                continue
            if ((a, b) if a < b else (b, a)) in river and not crossing_open(state, a, b):
                continue
            seen[b] = d
            queue.append(b)
    return set(seen)


def update_supply(state: GameState, side: str) -> None:
    hexes = supplied_hexes(state, side)
    grace = state.scenario.rules.supply.turns_to_exhaust
    for u in state.units:
        if u.side != side or not u.on_map:
            continue
        if u.hex in hexes:
            u.turns_out_of_supply = 0
            u.in_supply = True
        else:
            u.turns_out_of_supply += 1
            u.in_supply = u.turns_out_of_supply <= grace
