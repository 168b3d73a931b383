"""The map: terrain layers as numpy arrays plus hex-edge features (rivers, roads, railways, bridges).

Hexes are addressed three ways: :class:`Hex` (axial), ``(col, row)`` offset pairs (scenario
files) and a flat *index* ``row * width + col`` (the fast path: arrays and adjacency tables).
Edge features are stored per hex and direction in ``(N, 6)`` boolean arrays, kept symmetric.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .hexgrid import DIRECTIONS, Hex, hex_to_offset, offset_to_hex
from .map_tables import MapTables
from .rules.coefficients import TerrainRule

Edge = tuple[int, int]  # (smaller index, larger index)


def edge_key(a: int, b: int) -> Edge:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Place:
    """A named place: a city, town, station or strongpoint. ``vp`` > 0 makes it an objective."""

    name: str
    hexes: tuple[int, ...]
    kind: str = "town"
    vp: float = 0.0
    held_by: str = ""

    @property
    def objective(self) -> bool:
        return self.vp > 0


@dataclass(frozen=True)
class Bridge:
    name: str
    edge: Edge
    intact: bool = True


@dataclass(eq=False)
class GameMap:
    """The static map. Only bridges change in play, and those live in the game state.

    A map is its own identity (equal only to itself, hashable), so that caches can be kept
    per map; the rules' derived tables are in :attr:`tables`."""

    width: int
    height: int
    terrain_codes: list[str]
    terrain_rules: list[TerrainRule]
    terrain: np.ndarray  # (height, width) int8 index into terrain_rules
    hex_km: float = 3.0
    river: np.ndarray = field(default_factory=lambda: np.zeros((0, 6), dtype=bool))  # (N, 6) bool
    road: np.ndarray = field(default_factory=lambda: np.zeros((0, 6), dtype=bool))
    rail: np.ndarray = field(default_factory=lambda: np.zeros((0, 6), dtype=bool))
    fort: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))  # (N,) levels
    bridges: tuple[Bridge, ...] = ()
    places: tuple[Place, ...] = ()
    river_names: dict[Edge, str] = field(default_factory=dict)
    geo: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # lon_min, lat_min, lon_max, lat_max

    def __post_init__(self) -> None:
        n = self.width * self.height
        if len(self.river) != n:
            self.river = np.zeros((n, 6), dtype=bool)
        if len(self.road) != n:
            self.road = np.zeros((n, 6), dtype=bool)
        if len(self.rail) != n:
            self.rail = np.zeros((n, 6), dtype=bool)
        if len(self.fort) != n:
            self.fort = np.zeros(n, dtype=np.int8)
        self._build_tables()

    # --- derived tables for the fast paths ----------------------------------------------
    def _build_tables(self) -> None:
        n = self.width * self.height
        nbr = neighbor_table(self.width, self.height)
        self.neighbors = nbr
        self.neighbor_lists: list[list[int]] = [[int(j) for j in row if j >= 0] for row in nbr]
        self.neighbor_dirs: list[list[tuple[int, int]]] = [
            [(d, int(j)) for d, j in enumerate(row) if j >= 0] for row in nbr
        ]
        flat = self.terrain.reshape(-1)
        self.terrain_flat: list[int] = [int(t) for t in flat]
        self.passable: list[bool] = [self.terrain_rules[t].passable for t in self.terrain_flat]
        self.move_cost: list[float] = [self.terrain_rules[t].move_cost for t in self.terrain_flat]
        self.bridge_by_edge: dict[Edge, int] = {b.edge: k for k, b in enumerate(self.bridges)}
        self.place_by_hex: dict[int, Place] = {}
        for p in self.places:
            for i in p.hexes:
                self.place_by_hex[i] = p
        self.river_edges: set[Edge] = set()
        self.road_edges: set[Edge] = set()
        self.rail_edges: set[Edge] = set()
        for i in range(n):
            for d in range(6):
                j = int(nbr[i, d])
                if j < 0:
                    continue
                if self.river[i, d]:
                    self.river_edges.add(edge_key(i, j))
                if self.road[i, d]:
                    self.road_edges.add(edge_key(i, j))
                if self.rail[i, d]:
                    self.rail_edges.add(edge_key(i, j))
        self.rail_hexes: set[int] = {i for e in self.rail_edges for i in e}
        self.road_hexes: set[int] = {i for e in self.road_edges for i in e}
        # Hexes on a river bank (a river on at least one edge), where boats can be gathered.
        self.bank: list[bool] = [False] * n
        for e in self.river_edges:
            for i in e:
                self.bank[i] = True

    @cached_property
    def tables(self) -> MapTables:
        """The derived tables of the rules' fast paths, built on first use."""
        return MapTables(self)

    # --- addressing ------------------------------------------------------------------------
    @property
    def size(self) -> int:
        return self.width * self.height

    def index(self, h: Hex) -> int:
        col, row = hex_to_offset(h)
        return row * self.width + col

    def index_of_offset(self, col: int, row: int) -> int:
        return row * self.width + col

    def hex_of(self, i: int) -> Hex:
        return offset_to_hex(i % self.width, i // self.width)

    def offset_of(self, i: int) -> tuple[int, int]:
        return (i % self.width, i // self.width)

    def in_bounds(self, col: int, row: int) -> bool:
        return 0 <= col < self.width and 0 <= row < self.height

    def contains(self, h: Hex) -> bool:
        return self.in_bounds(*hex_to_offset(h))

    def distance(self, a: int, b: int) -> int:
        return self.hex_of(a).distance(self.hex_of(b))

    def terrain_rule(self, i: int) -> TerrainRule:
        return self.terrain_rules[self.terrain_flat[i]]

    def direction(self, a: int, b: int) -> int:
        for d, j in self.neighbor_dirs[a]:
            if j == b:
                return d
        raise ValueError(f"hex {self.offset_of(b)} is not next to {self.offset_of(a)}")

    def place_named(self, name: str) -> Place:
        for p in self.places:
            if p.name == name:
                return p
        raise KeyError(name)


def neighbor_table(width: int, height: int) -> np.ndarray:
    """``(N, 6)`` flat indices of each hex's neighbours in Red Blob's direction order (-1: off map)."""
    nbr = np.full((width * height, 6), -1, dtype=np.int32)
    for row in range(height):
        for col in range(width):
            hx = offset_to_hex(col, row)
            i = row * width + col
            for d, (dq, dr) in enumerate(DIRECTIONS):
                c2, r2 = hex_to_offset(Hex(hx.q + dq, hx.r + dr))
                if 0 <= c2 < width and 0 <= r2 < height:
                    nbr[i, d] = r2 * width + c2
    return nbr


def set_edge(layer: np.ndarray, nbr: np.ndarray, a: int, b: int) -> None:
    """Mark the edge between neighbours ``a`` and ``b`` in an ``(N, 6)`` layer, both ways."""
    for d in range(6):
        if nbr[a, d] == b:
            layer[a, d] = True
        if nbr[b, d] == a:
            layer[b, d] = True

