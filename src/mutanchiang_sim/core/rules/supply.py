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

from ..state import SIDE_CODE
from .movement import enemy_zoc

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
    sources = [s for s in spec.supply_sources if s not in blocked and m.passable[s]]
    if state.scenario.rules.supply.railheads:
        sources = railheads(state, side, sources, blocked)
    for s in sources:
        seen[s] = 0
        queue.append(s)
    adj = crossing_table(state)
    intact = state.bridges_intact
    while queue:
        a = queue.popleft()
        d = seen[a] + 1
        if d > max_d:
            continue
        if a in zoc and a not in friendly and seen[a] > 0:
            continue  # supply reaches a contested hex but goes no further
        for b, k in adj[a]:
            if b in seen or b in blocked:
                continue
            if k != -1 and (k == -2 or not intact[k]):
                continue  # a river with no bridge, or a blown one
            seen[b] = d
            queue.append(b)
    return set(seen)


def railheads(state: GameState, side: str, sources: list[int], blocked: set[int]) -> list[int]:
    """The sources plus every railway hex reached from them along the railway through hexes
    ``side`` controls, crossing rivers only over intact bridges."""
    m = state.scenario.map
    code = SIDE_CODE[side]
    control = state.control
    rail = m.rail_edges
    adj = crossing_table(state)
    intact = state.bridges_intact
    seen = set(sources)
    stack = [s for s in sources if s in m.rail_hexes]
    while stack:
        a = stack.pop()
        for b, k in adj[a]:
            if b in seen or b in blocked or control[b] != code:
                continue
            if ((a, b) if a < b else (b, a)) not in rail:
                continue
            if k != -1 and (k == -2 or not intact[k]):
                continue
            seen.add(b)
            stack.append(b)
    return sorted(seen)


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
