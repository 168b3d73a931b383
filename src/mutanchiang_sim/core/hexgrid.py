"""Hexagon maths in axial coordinates, after Red Blob Games' guide to hexagonal grids.

A :class:`Hex` is an integer, frozen, hashable axial coordinate ``(q, r)``; the third cube
coordinate is ``s = -q - r``. The map uses *pointy-top* hexes stored in "odd-r" offset
coordinates ``(col, row)`` (odd rows shoved right), which is how scenario files address hexes.

>>> Hex(1, -3).distance(Hex(3, -7))
4
>>> Hex(0, 0).neighbor(0)
Hex(q=1, r=0)
>>> offset_to_hex(1, 1), hex_to_offset(Hex(1, 1))
(Hex(q=1, r=1), (1, 1))
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import NamedTuple


class Hex(NamedTuple):
    """An axial hex coordinate. ``s`` is derived so that ``q + r + s == 0``."""

    q: int
    r: int

    @property
    def s(self) -> int:
        return -self.q - self.r

    def __add__(self, other: object) -> Hex:
        if not isinstance(other, Hex):
            return NotImplemented
        return Hex(self.q + other.q, self.r + other.r)

    def __sub__(self, other: Hex) -> Hex:
        return Hex(self.q - other.q, self.r - other.r)

    def scale(self, k: int) -> Hex:
        return Hex(self.q * k, self.r * k)

    def neighbor(self, direction: int) -> Hex:
        dq, dr = DIRECTIONS[direction % 6]
        return Hex(self.q + dq, self.r + dr)

    def neighbors(self) -> list[Hex]:
        q, r = self.q, self.r
        return [Hex(q + dq, r + dr) for dq, dr in DIRECTIONS]

    def length(self) -> int:
        return (abs(self.q) + abs(self.r) + abs(self.s)) // 2

    def distance(self, other: Hex) -> int:
        dq = self.q - other.q
        dr = self.r - other.r
        return (abs(dq) + abs(dr) + abs(dq + dr)) // 2

    def rotate_left(self) -> Hex:
        return Hex(-self.s, -self.q)

    def rotate_right(self) -> Hex:
        return Hex(-self.r, -self.s)


# Red Blob's direction order: E, NE, NW, W, SW, SE (for pointy-top hexes).
DIRECTIONS: tuple[tuple[int, int], ...] = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))
DIAGONALS: tuple[tuple[int, int], ...] = ((2, -1), (1, -2), (-1, -1), (-2, 1), (-1, 2), (1, 1))


def direction_between(a: Hex, b: Hex) -> int:
    """The direction index (0..5) from ``a`` to its neighbour ``b``; ValueError otherwise."""
    d = (b.q - a.q, b.r - a.r)
    try:
        return DIRECTIONS.index(d)
    except ValueError:
        raise ValueError(f"{b} is not a neighbour of {a}") from None


def diagonal_neighbor(h: Hex, direction: int) -> Hex:
    dq, dr = DIAGONALS[direction % 6]
    return Hex(h.q + dq, h.r + dr)


def hex_round(fq: float, fr: float) -> Hex:
    """Round fractional axial coordinates to the nearest hex (cube rounding)."""
    fs = -fq - fr
    q, r, s = round(fq), round(fr), round(fs)
    dq, dr, ds = abs(q - fq), abs(r - fr), abs(s - fs)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    return Hex(int(q), int(r))


def hex_lerp(a: Hex, b: Hex, t: float) -> tuple[float, float]:
    return (a.q * (1.0 - t) + b.q * t, a.r * (1.0 - t) + b.r * t)


def line(a: Hex, b: Hex) -> list[Hex]:
    """Hexes on the straight line from ``a`` to ``b`` inclusive (with Red Blob's nudge)."""
    n = a.distance(b)
    aq, ar = a.q + 1e-6, a.r + 1e-6
    bq, br = b.q + 1e-6, b.r + 1e-6
    if n == 0:
        return [a]
    step = 1.0 / n
    return [hex_round(aq + (bq - aq) * i * step, ar + (br - ar) * i * step) for i in range(n + 1)]


def ring(center: Hex, radius: int) -> list[Hex]:
    """The hexes exactly ``radius`` steps from ``center``, starting at its south-west corner."""
    if radius == 0:
        return [center]
    results = []
    h = center + Hex(*DIRECTIONS[4]).scale(radius)
    for i in range(6):
        for _ in range(radius):
            results.append(h)
            h = h.neighbor(i)
    return results


def spiral(center: Hex, radius: int) -> Iterator[Hex]:
    for k in range(radius + 1):
        yield from ring(center, k)


def hex_range(center: Hex, radius: int) -> list[Hex]:
    """All hexes within ``radius`` of ``center`` (inclusive)."""
    out = []
    for dq in range(-radius, radius + 1):
        for dr in range(max(-radius, -dq - radius), min(radius, -dq + radius) + 1):
            out.append(Hex(center.q + dq, center.r + dr))
    return out


# --- offset coordinates ("odd-r": pointy-top, odd rows shoved right) ---------------------------


def offset_to_hex(col: int, row: int) -> Hex:
    return Hex(col - (row - (row & 1)) // 2, row)


def hex_to_offset(h: Hex) -> tuple[int, int]:
    return (h.q + (h.r - (h.r & 1)) // 2, h.r)


# --- pixels ---------------------------------------------------------------------------------


class Orientation(NamedTuple):
    f0: float
    f1: float
    f2: float
    f3: float
    b0: float
    b1: float
    b2: float
    b3: float
    start_angle: float


POINTY = Orientation(
    math.sqrt(3.0), math.sqrt(3.0) / 2.0, 0.0, 3.0 / 2.0,
    math.sqrt(3.0) / 3.0, -1.0 / 3.0, 0.0, 2.0 / 3.0, 0.5,
)
FLAT = Orientation(
    3.0 / 2.0, 0.0, math.sqrt(3.0) / 2.0, math.sqrt(3.0),
    2.0 / 3.0, 0.0, -1.0 / 3.0, math.sqrt(3.0) / 3.0, 0.0,
)


class Layout(NamedTuple):
    """Maps hexes to pixels and back: an orientation, a hex size and an origin (all in pixels)."""

    orientation: Orientation
    size: tuple[float, float]
    origin: tuple[float, float]

    def to_pixel(self, h: Hex) -> tuple[float, float]:
        m = self.orientation
        x = (m.f0 * h.q + m.f1 * h.r) * self.size[0]
        y = (m.f2 * h.q + m.f3 * h.r) * self.size[1]
        return (x + self.origin[0], y + self.origin[1])

    def from_pixel(self, x: float, y: float) -> tuple[float, float]:
        """Fractional axial coordinates of a pixel; round with :func:`hex_round`."""
        m = self.orientation
        px = (x - self.origin[0]) / self.size[0]
        py = (y - self.origin[1]) / self.size[1]
        return (m.b0 * px + m.b1 * py, m.b2 * px + m.b3 * py)

    def hex_at(self, x: float, y: float) -> Hex:
        return hex_round(*self.from_pixel(x, y))

    def corner_offset(self, corner: int) -> tuple[float, float]:
        angle = 2.0 * math.pi * (self.orientation.start_angle + corner) / 6.0
        return (self.size[0] * math.cos(angle), self.size[1] * math.sin(angle))

    def corners(self, h: Hex) -> list[tuple[float, float]]:
        cx, cy = self.to_pixel(h)
        out = []
        for i in range(6):
            ox, oy = self.corner_offset(i)
            out.append((cx + ox, cy + oy))
        return out

    def edge(self, h: Hex, direction: int) -> tuple[tuple[float, float], tuple[float, float]]:
        """The two pixel end points of the side of ``h`` facing ``direction``."""
        # For pointy-top hexes (corner 0 at 30 degrees), side d lies between corners
        # (6 - d) % 6 and (5 - d) % 6; for flat-top hexes (corner 0 at 0 degrees) it lies
        # between corners (7 - d) % 6 and (6 - d) % 6.
        cs = self.corners(h)
        if self.orientation.start_angle == 0.0:
            return cs[(7 - direction) % 6], cs[(6 - direction) % 6]
        return cs[(6 - direction) % 6], cs[(5 - direction) % 6]
