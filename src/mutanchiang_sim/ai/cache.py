"""The computer players' own memo: what they work out about a map, kept apart from the game's objects.

Distance fields, cost tables and hex neighbourhoods depend only on the map (and the ground and
bridges, which are part of their keys), so one :class:`AICache` per map is shared by every game
and policy on it, in this process. It lives as long as its map (a weak reference).

Those tables (:class:`MapTables`) are shared further, by every map of the same content: the
hexes' neighbours, passability and movement costs, the roads, rivers and bridges
(:func:`map_fingerprint`). A batch whose sweep points or re-loaded scenarios build a new map
object each (the same ground) then fills them once, not once a point; the last
:data:`SHARED_MAPS` of them are kept after their maps are gone. What depends on more than the
map (the defending doctrine's strongpoints, with the scenario's objectives; what a side last
saw) stays with the map object. In memory nothing crosses processes (each worker has its own);
the whole-map fields also go to disk for the next process (:mod:`.field_store`).
"""

from __future__ import annotations

import hashlib
import weakref
from collections import OrderedDict

from ..core.terrain import GameMap
from ..core.units import Unit
from . import field_store
from .field_search import StepArrays

# One step of a cost table: (other hex, cost, cost if the bridge is down, bridge or -1).
Step = tuple[int, float, float, int]
GroundKey = tuple[float, float, bool, float]  # (wet-ground factor, road cost, tracked, river crossing cost)
FogKey = tuple[int, int, str, bool, int]  # (state serial, occupancy version, side, fog of war, sight)


class MapTables:
    """What the computer players work out from a map's ground alone (see the module's doc)."""

    def __init__(self) -> None:
        # distance and grouped fields (ai.fields), oldest first
        self.fields: dict[tuple[object, ...], list[float]] = {}
        # per field without its bridge state: a few (bridge state, field) to update from
        self.field_variants: dict[tuple[object, ...], list[tuple[tuple[bool, ...], list[float]]]] = {}
        # per hex a: the steps b -> a (ai.fields._incoming)
        self.incoming: dict[GroundKey, list[list[Step]]] = {}
        # the incoming tables priced for one bridge state, with and without river landings
        self.priced: dict[tuple[GroundKey, tuple[bool, ...]], tuple[list[list[tuple[int, float]]], list[list[tuple[int, float]]]]] = {}
        # the incoming tables as arrays for the compiled search (None: a step costs nothing)
        self.step_arrays: dict[GroundKey, StepArrays | None] = {}
        # the incoming tables turned round, the steps over each bridge, the cheapest step
        self.outgoing: dict[GroundKey, tuple[list[list[Step]], dict[int, list[tuple[int, int, float, float]]], float]] = {}
        # hexes within a radius of a tuple of centres (ai.fields.hexes_within)
        self.within: dict[tuple[tuple[int, ...], int], set[int]] = {}
        # hexes within a radius of a bridge's ends, per (bridge, radius)
        self.bridge_zones: dict[tuple[int, int], frozenset[int]] = {}


class AICache(MapTables):
    """Everything the computer players remember about one map (see the module's doc)."""

    def __init__(self, shared: MapTables | None = None, ground: str = "") -> None:
        super().__init__()
        if shared is not None:  # the very tables of every map of the same content
            self.__dict__.update(shared.__dict__)
        self.ground = ground  # its map_fingerprint
        # the strongpoints the defending doctrine holds (fortified hexes and objectives)
        self.positions: list[int] | None = None
        # the enemy units a side last saw (ai.fog), for one position
        self.fog: tuple[FogKey, dict[int, list[Unit]]] | None = None


def map_fingerprint(m: GameMap) -> str:
    """A digest of what :class:`MapTables` reads of ``m``: its size and neighbours, each hex's
    passability and movement cost, its road and river edges and the bridges' edges in order."""
    h = hashlib.sha256()
    parts: list[object] = [
        (m.width, m.height), m.neighbor_lists, m.passable, m.move_cost,
        sorted(m.road_edges), sorted(m.river_edges), [b.edge for b in m.bridges],
    ]
    for part in parts:
        h.update(repr(part).encode())
        h.update(b"|")
    return h.hexdigest()


SHARED_MAPS = 2  # the tables of this many map contents are kept after their maps are gone
_SHARED: OrderedDict[str, MapTables] = OrderedDict()
_CACHES: weakref.WeakKeyDictionary[GameMap, AICache] = weakref.WeakKeyDictionary()


def ai_cache(m: GameMap) -> AICache:
    """The computer players' memo for map ``m`` (made on first use)."""
    hit = _CACHES.get(m)
    if hit is None:
        key = map_fingerprint(m)
        shared = _SHARED.pop(key, None)
        if shared is None:  # a ground new to this process: the fields kept on disk, if any
            shared = MapTables()
            field_store.load(key, m.size, shared.fields)
        _SHARED[key] = shared  # the most recently used last
        while len(_SHARED) > SHARED_MAPS:
            _SHARED.popitem(last=False)
        hit = _CACHES[m] = AICache(shared, key)
    return hit


def keep_fields(m: GameMap) -> None:
    """Write the fields of ``m``'s ground to disk for the next process (:mod:`.field_store`), if
    enough are new; called after a game."""
    memo = _CACHES.get(m)
    if memo is not None:
        field_store.save(memo.ground, m.size, memo.fields)
