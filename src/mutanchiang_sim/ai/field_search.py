"""The distance-field search in compiled code: scipy's Dijkstra over the step tables as arrays.

:func:`.fields.distance_field` asks for the cost of reaching a set of goal hexes from every hex,
over the incoming-step table priced for the bridges as they stand. This module keeps that table
as a sparse matrix (row ``a``, column ``b``: the cost of stepping ``b -> a``, so a search from
the goals walks the rows) and runs :func:`scipy.sparse.csgraph.dijkstra` on it.

The result is bit for bit the pure-Python search's (:func:`.fields.search_py`): a field is the
least, over every route from a goal, of the step costs added one after another from the goal
outwards; adding a cost is monotone in floating point, so every Dijkstra (whatever order it
settles hexes with equal values in) reaches the same least sums. scipy's limit keeps a value
``<= limit``, as the Python search does. Steps of no cost would make the two differ only in
ties that cannot matter, but scipy documents nothing about explicit zeros in a sparse graph, so
a table with such a step is left to the Python search (:func:`tables` returns None).

Importing scipy's graph routines costs about 0.2 s of CPU, more than a single battle's searches
save: a process searches in Python until those searches have settled :data:`SWITCH_AFTER` hexes
(some 0.3 s of work: about three battles on the bundled map, a dozen on a small one; so a batch,
not a single ``run`` or a player's first turns), or until something else has imported scipy's
graph routines, and in compiled code from then on. The results are the same either way.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

INF = float("inf")
SWITCH_AFTER = 250_000  # hexes settled by Python searches before the compiled ones (see the module's doc)
_switch: dict[str, Any] = {"settled": 0, "mode": "auto"}  # mode: auto, on or off
Step = tuple[int, float, float, int]  # as ai.cache.Step: (other hex, cost, cost if the bridge is down, bridge or -1)


class StepArrays:
    """One incoming-step table (:func:`.fields._incoming`) as flat arrays, one entry a step:
    the search goes from hex ``row_of`` (``a``) to hex ``indices`` (``b``), the map's step
    ``b -> a``, at ``cost``, or ``cost_blown`` when its ``bridge`` (-1: none) is down;
    ``raft`` marks a river crossing that is no bridge (never taken into a hex barred to
    landings). :meth:`priced` turns it into the table for one state of the bridges."""

    __slots__ = ("n", "row_of", "indices", "cost", "cost_blown", "bridge", "raft", "_priced")

    def __init__(self, incoming: Sequence[Sequence[Step]], river_edges: Collection[tuple[int, int]]) -> None:
        self.n = n = len(incoming)
        row_of: list[int] = []
        indices: list[int] = []
        cost: list[float] = []
        cost_blown: list[float] = []
        bridge: list[int] = []
        raft: list[bool] = []
        for a in range(n):
            for b, c, c_blown, k in incoming[a]:
                row_of.append(a)
                indices.append(b)
                cost.append(c)
                cost_blown.append(c_blown)
                bridge.append(k)
                raft.append(k < 0 and (min(a, b), max(a, b)) in river_edges)
        self.row_of = np.asarray(row_of, dtype=np.int32)
        self.indices = np.asarray(indices, dtype=np.int32)
        self.cost = np.asarray(cost, dtype=np.float64)
        self.cost_blown = np.asarray(cost_blown, dtype=np.float64)
        self.bridge = np.asarray(bridge, dtype=np.int64)
        self.raft = np.asarray(raft, dtype=bool)
        self._priced: dict[tuple[bool, ...], Priced] = {}

    def priced(self, bridges: Sequence[bool]) -> Priced:
        """The table for ``bridges`` (a few kept, oldest dropped)."""
        key = tuple(bridges)
        hit = self._priced.get(key)
        if hit is None:
            if len(self._priced) >= PRICED_KEPT:
                del self._priced[next(iter(self._priced))]
            hit = self._priced[key] = Priced(self, key)
        return hit


class Priced:
    """The steps for one state of the bridges that can be taken at all: ``rows`` to ``cols`` at
    ``data``, in order of row; ``barred`` marks those a hex barred to landings does not take
    (rafts, and crossings of a bridge that is down); ``graph`` their sparse matrix (made on
    the first search, never written to; a search with hexes avoided or barred prices those
    steps at infinity in a matrix of its own that shares the indices)."""

    __slots__ = ("n", "rows", "cols", "data", "barred", "graph")

    def __init__(self, t: StepArrays, bridges: tuple[bool, ...]) -> None:
        self.n = t.n
        down = np.zeros(len(t.bridge), dtype=bool)
        if bridges:
            blown = ~np.asarray(bridges, dtype=bool)
            has = t.bridge >= 0
            down[has] = blown[t.bridge[has]]
        data = np.where(down, t.cost_blown, t.cost)
        usable = data < INF
        self.rows = t.row_of[usable]
        self.cols = t.indices[usable]
        self.data = data[usable]
        self.barred = (t.raft | down)[usable]
        self.graph: Any = None


PRICED_KEPT = 8


def in_use() -> bool:
    """Whether searches are compiled now (see the module's doc)."""
    mode = _switch["mode"]
    if mode == "auto" and (_switch["settled"] > SWITCH_AFTER or "scipy.sparse.csgraph" in sys.modules):
        mode = _switch["mode"] = "on"
    return bool(mode == "on")


def searched_in_python(settled: int) -> None:
    """Count a search made in Python that settled ``settled`` hexes."""
    _switch["settled"] += settled


def use_compiled(on: bool | None = True) -> None:
    """Search in compiled code from now on (``on``), in Python (``False``), or switch over after
    :data:`SWITCH_AFTER` hexes settled from now (``None``, as a process starts)."""
    _switch["mode"] = "auto" if on is None else "on" if on else "off"
    _switch["settled"] = 0


def tables(incoming: Sequence[Sequence[Step]], river_edges: Collection[tuple[int, int]]) -> StepArrays | None:
    """The arrays of one incoming table, or None when a step costs nothing or less (see the module)."""
    if any(c <= 0.0 or cb <= 0.0 for row in incoming for _, c, cb, _ in row):
        return None
    return StepArrays(incoming, river_edges)


def search(
    p: Priced, goals: Sequence[int], avoid: frozenset[int], landing: frozenset[int], limit: float
) -> list[float]:
    """The field: per hex the least cost to a goal (``goals`` already passable, on the map and
    not avoided); ``avoid`` never entered; no crossing into a hex of ``landing``; nothing
    further than ``limit`` (left at infinity)."""
    n = p.n
    if not goals:
        return [INF] * n
    # scipy.sparse costs ~0.15 s to import: only a process that searches pays it.
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import dijkstra

    graph = p.graph
    if graph is None:
        indptr = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(np.bincount(p.rows, minlength=n), out=indptr[1:])
        graph = p.graph = csr_array((p.data, p.cols, indptr), shape=(n, n))
    if avoid or landing:
        bad = np.zeros(len(p.rows), dtype=bool)
        if avoid:
            mask = np.zeros(n, dtype=bool)
            mask[[a for a in avoid if 0 <= a < n]] = True
            bad |= mask[p.cols]
        if landing:
            mask = np.zeros(n, dtype=bool)
            mask[[a for a in landing if 0 <= a < n]] = True
            bad |= p.barred & mask[p.rows]
        # This search's own costs (the shared table is never written: searches may run in
        # threads, and scipy's releases the GIL); INF is neither below a value nor within a limit.
        data = np.where(bad, INF, p.data)
        graph = csr_array((data, graph.indices, graph.indptr), shape=(n, n))
    dist = dijkstra(graph, directed=True, indices=list(goals), min_only=True, limit=limit)
    out: list[float] = dist.tolist()
    return out
