"""Sets of hexes as Python integers (bit ``i`` = hex ``i``), for whole-map breadth-first steps.

Stepping a whole set to its neighbours takes a handful of big-integer operations instead of a
loop over hexes: on a rectangular map every neighbour lies at a fixed index offset from its hex
(the offset depends on the direction and on the row's parity), so the hexes that share an
offset are masked and shifted together. A *step table* lists ``(offset, mask)`` pairs: the
hexes in ``mask`` may step to the hex ``offset`` further on.

>>> hexes_of(bits_of([3, 0, 7]))
[0, 3, 7]
>>> spread(bits_of([1]), [(1, 0b110), (-1, 0b110)])  # a line of three hexes
5
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .terrain import GameMap

StepTable = list[tuple[int, int]]


def bits_of(hexes: Iterable[int]) -> int:
    out = 0
    for i in hexes:
        out |= 1 << i
    return out


def hexes_of(bits: int) -> list[int]:
    """The hexes in ``bits``, in index order."""
    s = bin(bits)[:1:-1]  # bit 0 first
    out = []
    i = s.find("1")
    while i >= 0:
        out.append(i)
        i = s.find("1", i + 1)
    return out


def spread(bits: int, table: StepTable) -> int:
    """Every hex one step from a hex in ``bits`` along the steps of ``table``."""
    out = 0
    for off, mask in table:
        x = bits & mask
        if x:
            out |= x << off if off > 0 else x >> -off
    return out


def step_table(m: GameMap, allowed: Callable[[int, int], bool] | None = None) -> StepTable:
    """The steps between neighbours ``a -> b`` of map ``m`` for which ``allowed(a, b)`` holds
    (every step when None), grouped by index offset."""
    masks: dict[int, int] = {}
    for a, row in enumerate(m.neighbor_lists):
        for b in row:
            if allowed is None or allowed(a, b):
                masks[b - a] = masks.get(b - a, 0) | (1 << a)
    return sorted(masks.items())

