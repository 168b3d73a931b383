"""Tables derived from a map for the rules' fast paths, each built on first use (``GameMap.tables``).

The map never changes in play (the bridges' state lives in the game state), so each table is
built once per map and shared by every game on it. Tables that depend on the bridges are kept
per state of the bridges, in small memos owned by the same object.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .bitboard import StepTable, step_table

if TYPE_CHECKING:
    from .terrain import GameMap, Place

EdgeInfo = tuple[bool, bool, bool, int]  # (river, road, rail, bridge index or -1)
NO_EDGE: EdgeInfo = (False, False, False, -1)
OPEN, UNBRIDGED = -1, -2  # what lies between two hexes in a crossing table, when not a bridge
Crossings = list[list[tuple[int, int]]]  # per hex: (passable neighbour, OPEN | UNBRIDGED | bridge)

MEMO_LIMIT = 256  # bridge states remembered per table before the memo starts afresh


class MapTables:
    """The derived tables of one map."""

    def __init__(self, m: GameMap) -> None:
        self.map = m
        # Steps into open ground or over an intact bridge, per state of the bridges.
        self.open_steps_memo: dict[tuple[bool, ...], StepTable] = {}
        # Steps back to a side's supply sources, per (side, sources, state of the bridges).
        self.rear_memo: dict[tuple[str, tuple[int, ...], tuple[bool, ...]], list[int]] = {}

    @cached_property
    def edges(self) -> dict[tuple[int, int], EdgeInfo]:
        """Per step ``(a, b)`` between neighbours that has a feature: ``(river, road, rail,
        bridge index or -1)`` (one look-up instead of a set test per layer; else NO_EDGE)."""
        m = self.map
        out: dict[tuple[int, int], EdgeInfo] = {}
        for a, row in enumerate(m.neighbor_lists):
            for b in row:
                e = (a, b) if a < b else (b, a)
                info = (e in m.river_edges, e in m.road_edges, e in m.rail_edges, m.bridge_by_edge.get(e, -1))
                if info != NO_EDGE:
                    out[(a, b)] = info
        return out

    @cached_property
    def crossings(self) -> Crossings:
        """Per hex: its passable neighbours with what lies between: OPEN ground, a river
        UNBRIDGED, else the bridge's index."""
        m = self.map
        out: Crossings = []
        for a in range(m.size):
            row = []
            for b in m.neighbor_lists[a]:
                if not m.passable[b]:
                    continue
                e = (a, b) if a < b else (b, a)
                k = OPEN if e not in m.river_edges else m.bridge_by_edge.get(e, UNBRIDGED)
                row.append((b, k))
            out.append(row)
        return out

    @cached_property
    def rail_crossings(self) -> Crossings:
        """:attr:`crossings` along railway edges only."""
        rail = self.map.rail_edges
        return [[(b, k) for b, k in row if ((a, b) if a < b else (b, a)) in rail] for a, row in enumerate(self.crossings)]

    @cached_property
    def neighbour_steps(self) -> StepTable:
        """Every step to a neighbour, as a bitboard step table (see :mod:`.bitboard`)."""
        return step_table(self.map)

    @cached_property
    def open_ground_steps(self) -> StepTable:
        """Steps into passable neighbours over open ground (no river)."""
        table = self.crossings
        return step_table(self.map, lambda a, b: (b, OPEN) in table[a])

    @cached_property
    def bridge_steps(self) -> list[tuple[int, int, int]]:
        """Steps ``(a, b, bridge)`` into passable neighbours over a bridge."""
        return [(a, b, k) for a, row in enumerate(self.crossings) for b, k in row if k >= 0]

    def open_steps(self, bridges_intact: list[bool]) -> StepTable:
        """Steps into passable neighbours over open ground or an intact bridge."""
        key = tuple(bridges_intact)
        hit = self.open_steps_memo.get(key)
        if hit is None:
            masks = dict(self.open_ground_steps)
            for a, b, k in self.bridge_steps:
                if bridges_intact[k]:
                    masks[b - a] = masks.get(b - a, 0) | (1 << a)
            hit = sorted(masks.items())
            if len(self.open_steps_memo) >= MEMO_LIMIT:
                self.open_steps_memo.clear()
            self.open_steps_memo[key] = hit
        return hit

    @cached_property
    def timed_objectives(self) -> tuple[Place, ...]:
        """The places worth points that a side holds at the start (as :func:`.rules.victory.objectives`)."""
        return tuple(p for p in self.map.places if p.objective and p.held_by)

    @cached_property
    def axial(self) -> tuple[list[int], list[int]]:
        """Axial ``(q, r)`` coordinates of every hex as two lists, for fast distances."""
        qs, rs = [], []
        for i in range(self.map.size):
            h = self.map.hex_of(i)
            qs.append(h.q)
            rs.append(h.r)
        return qs, rs

    def distance(self, a: int, b: int) -> int:
        """Steps between hexes ``a`` and ``b`` (as ``Hex.distance``, without making hexes)."""
        qs, rs = self.axial
        dq = qs[a] - qs[b]
        dr = rs[a] - rs[b]
        return (abs(dq) + abs(dr) + abs(dq + dr)) // 2

    @cached_property
    def objective_hexes(self) -> frozenset[int]:
        """Hexes of the places worth victory points."""
        return frozenset(i for p in self.map.places if p.objective for i in p.hexes)

    @cached_property
    def fort_hexes(self) -> frozenset[int]:
        """Fortified hexes."""
        fort = self.map.fort
        return frozenset(i for i in range(self.map.size) if fort[i] > 0)
