"""Tests for :mod:`mutanchiang_sim.core.hexgrid`.

The first half replays the test vectors published with Red Blob Games' "Implementation of Hex
Grids" guide (https://www.redblobgames.com/grids/hexagons/implementation.html). Red Blob's test
code uses cube coordinates ``Hex(q, r, s)``; ours are axial ``Hex(q, r)`` with ``s = -q - r``
derived, so every cube vector below is written with its ``s`` dropped (and ``s`` is checked where
it matters). The second half states the invariants as hypothesis properties.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutanchiang_sim.core.hexgrid import (
    DIAGONALS,
    DIRECTIONS,
    FLAT,
    POINTY,
    Hex,
    Layout,
    diagonal_neighbor,
    direction_between,
    hex_lerp,
    hex_range,
    hex_round,
    hex_to_offset,
    line,
    offset_to_hex,
    ring,
    spiral,
)

# --- strategies -----------------------------------------------------------------------------

coords = st.integers(min_value=-60, max_value=60)
hexes = st.builds(Hex, coords, coords)
directions = st.integers(min_value=0, max_value=5)
radii = st.integers(min_value=1, max_value=8)
orientations = st.sampled_from([POINTY, FLAT])
sizes = st.floats(min_value=0.5, max_value=200.0, allow_nan=False, allow_infinity=False)
origin_coords = st.floats(
    min_value=-5000.0, max_value=5000.0, allow_nan=False, allow_infinity=False
)
layouts = st.builds(
    Layout,
    orientations,
    st.tuples(sizes, sizes),
    st.tuples(origin_coords, origin_coords),
)

RB_POINTY = Layout(POINTY, (10.0, 15.0), (35.0, 71.0))
RB_FLAT = Layout(FLAT, (10.0, 15.0), (35.0, 71.0))


def close(p: tuple[float, float], q: tuple[float, float], tol: float = 1e-6) -> bool:
    return math.isclose(p[0], q[0], abs_tol=tol) and math.isclose(p[1], q[1], abs_tol=tol)


# --- Red Blob Games' published vectors ------------------------------------------------------


def test_s_is_derived() -> None:
    h = Hex(3, 4)
    assert h.s == -7
    assert h.q + h.r + h.s == 0


def test_hex_add() -> None:
    # Hex(1, -3, 2) + Hex(3, -7, 4) == Hex(4, -10, 6)
    total = Hex(1, -3) + Hex(3, -7)
    assert total == Hex(4, -10)
    assert total.s == 6
    assert type(total) is Hex


def test_hex_subtract() -> None:
    # Hex(1, -3, 2) - Hex(3, -7, 4) == Hex(-2, 4, -2)
    diff = Hex(1, -3) - Hex(3, -7)
    assert diff == Hex(-2, 4)
    assert diff.s == -2


def test_hex_scale() -> None:
    assert Hex(1, -3).scale(3) == Hex(3, -9)
    assert Hex(1, -3).scale(0) == Hex(0, 0)


def test_hex_direction() -> None:
    # hex_direction(2) == Hex(0, -1, 1)
    assert DIRECTIONS[2] == (0, -1)
    assert Hex(0, 0).neighbor(2) == Hex(0, -1)


def test_direction_order_is_red_blob() -> None:
    # E, NE, NW, W, SW, SE for pointy-top hexes.
    assert DIRECTIONS == ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))
    assert DIAGONALS == ((2, -1), (1, -2), (-1, -1), (-2, 1), (-1, 2), (1, 1))


def test_hex_neighbor() -> None:
    # hex_neighbor(Hex(1, -2, 1), 2) == Hex(1, -3, 2)
    assert Hex(1, -2).neighbor(2) == Hex(1, -3)


def test_hex_neighbor_wraps_direction() -> None:
    assert Hex(1, -2).neighbor(8) == Hex(1, -2).neighbor(2)
    assert Hex(1, -2).neighbor(-1) == Hex(1, -2).neighbor(5)


def test_hex_diagonal_neighbor() -> None:
    # hex_diagonal_neighbor(Hex(1, -2, 1), 3) == Hex(-1, -1, 2)
    assert diagonal_neighbor(Hex(1, -2), 3) == Hex(-1, -1)


def test_hex_distance() -> None:
    # hex_distance(Hex(3, -7, 4), Hex(0, 0, 0)) == 7
    assert Hex(3, -7).distance(Hex(0, 0)) == 7
    assert Hex(3, -7).length() == 7
    # The module's own doctest vector.
    assert Hex(1, -3).distance(Hex(3, -7)) == 4


def test_hex_rotate_right() -> None:
    # hex_rotate_right(Hex(1, -3, 2)) == Hex(3, -2, -1)
    assert Hex(1, -3).rotate_right() == Hex(3, -2)


def test_hex_rotate_left() -> None:
    # hex_rotate_left(Hex(1, -3, 2)) == Hex(-2, -1, 3)
    assert Hex(1, -3).rotate_left() == Hex(-2, -1)


def test_hex_round_vectors() -> None:
    a, b, c = Hex(0, 0), Hex(1, -1), Hex(0, -1)
    assert hex_round(*hex_lerp(Hex(0, 0), Hex(10, -20), 0.5)) == Hex(5, -10)
    assert hex_round(*hex_lerp(a, b, 0.499)) == a
    assert hex_round(*hex_lerp(a, b, 0.501)) == b
    assert hex_round(a.q * 0.4 + b.q * 0.3 + c.q * 0.3, a.r * 0.4 + b.r * 0.3 + c.r * 0.3) == a
    assert hex_round(a.q * 0.3 + b.q * 0.3 + c.q * 0.4, a.r * 0.3 + b.r * 0.3 + c.r * 0.4) == c


def test_hex_round_returns_ints() -> None:
    h = hex_round(2.4, -0.6)
    assert type(h.q) is int and type(h.r) is int


def test_hex_linedraw() -> None:
    assert line(Hex(0, 0), Hex(1, -5)) == [
        Hex(0, 0),
        Hex(0, -1),
        Hex(0, -2),
        Hex(1, -3),
        Hex(1, -4),
        Hex(1, -5),
    ]


def test_line_to_self() -> None:
    assert line(Hex(4, -2), Hex(4, -2)) == [Hex(4, -2)]


@pytest.mark.parametrize("layout", [RB_POINTY, RB_FLAT], ids=["pointy", "flat"])
def test_layout_round_trip_vector(layout: Layout) -> None:
    h = Hex(3, 4)
    assert hex_round(*layout.from_pixel(*layout.to_pixel(h))) == h
    assert layout.hex_at(*layout.to_pixel(h)) == h


def test_layout_origin_is_hex_zero() -> None:
    for layout in (RB_POINTY, RB_FLAT):
        assert close(layout.to_pixel(Hex(0, 0)), (35.0, 71.0))


def test_pointy_to_pixel_values() -> None:
    layout = Layout(POINTY, (1.0, 1.0), (0.0, 0.0))
    # East neighbour is one hex width (sqrt 3) to the right; r grows downwards by 3/2.
    assert close(layout.to_pixel(Hex(1, 0)), (math.sqrt(3.0), 0.0))
    assert close(layout.to_pixel(Hex(0, 1)), (math.sqrt(3.0) / 2.0, 1.5))


def test_flat_to_pixel_values() -> None:
    layout = Layout(FLAT, (1.0, 1.0), (0.0, 0.0))
    assert close(layout.to_pixel(Hex(1, 0)), (1.5, math.sqrt(3.0) / 2.0))
    assert close(layout.to_pixel(Hex(0, 1)), (0.0, math.sqrt(3.0)))


def test_corners_pointy_and_flat() -> None:
    pointy = Layout(POINTY, (1.0, 1.0), (0.0, 0.0)).corners(Hex(0, 0))
    assert len(pointy) == 6
    # Pointy-top: corner 0 at 30 degrees, corner 4 straight "up" (negative y).
    assert close(pointy[0], (math.sqrt(3.0) / 2.0, 0.5))
    assert close(pointy[4], (0.0, -1.0))
    flat = Layout(FLAT, (1.0, 1.0), (0.0, 0.0)).corners(Hex(0, 0))
    assert close(flat[0], (1.0, 0.0))
    assert close(flat[3], (-1.0, 0.0))


@pytest.mark.parametrize(
    ("col", "row", "expected"),
    [
        (0, 0, Hex(0, 0)),
        (1, 1, Hex(1, 1)),  # module doctest
        (1, 2, Hex(0, 2)),
        (3, 4, Hex(1, 4)),
        (0, 1, Hex(0, 1)),
        (0, -1, Hex(1, -1)),  # odd negative row is still shoved right
        (2, -2, Hex(3, -2)),
    ],
)
def test_offset_to_hex_odd_r(col: int, row: int, expected: Hex) -> None:
    assert offset_to_hex(col, row) == expected
    assert hex_to_offset(expected) == (col, row)


def test_offset_round_trip_vectors() -> None:
    # Red Blob's conversion round trip, odd-r: a = Hex(3, 4, -7), b = OffsetCoord(1, -3).
    a = Hex(3, 4)
    assert offset_to_hex(*hex_to_offset(a)) == a
    assert hex_to_offset(offset_to_hex(1, -3)) == (1, -3)


# Red Blob's published odd-r neighbour table, indexed [row parity][direction] as (dcol, drow).
ODDR_DIFFERENCES = (
    ((1, 0), (0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1)),  # even rows
    ((1, 0), (1, -1), (0, -1), (-1, 0), (0, 1), (1, 1)),  # odd rows
)


@pytest.mark.parametrize("row", [-3, -2, 0, 1, 4, 7])
@pytest.mark.parametrize("direction", range(6))
def test_odd_r_neighbour_table(row: int, direction: int) -> None:
    col = 5
    dcol, drow = ODDR_DIFFERENCES[row & 1][direction]
    expected = offset_to_hex(col + dcol, row + drow)
    assert offset_to_hex(col, row).neighbor(direction) == expected


def test_direction_between_rejects_non_neighbours() -> None:
    with pytest.raises(ValueError):
        direction_between(Hex(0, 0), Hex(0, 0))
    with pytest.raises(ValueError):
        direction_between(Hex(0, 0), Hex(2, -1))


def test_ring_zero_and_spiral_zero() -> None:
    assert ring(Hex(2, 3), 0) == [Hex(2, 3)]
    assert list(spiral(Hex(2, 3), 0)) == [Hex(2, 3)]
    assert hex_range(Hex(2, 3), 0) == [Hex(2, 3)]


def test_ring_starts_south_west() -> None:
    assert ring(Hex(0, 0), 2)[0] == Hex(-2, 2)


# --- properties -----------------------------------------------------------------------------


@given(hexes, hexes)
def test_distance_symmetric(a: Hex, b: Hex) -> None:
    assert a.distance(b) == b.distance(a)
    assert a.distance(b) == (a - b).length()


@given(hexes, hexes)
def test_distance_zero_iff_equal(a: Hex, b: Hex) -> None:
    assert a.distance(a) == 0
    assert (a.distance(b) == 0) == (a == b)
    assert a.distance(b) >= 0


@given(hexes, hexes, hexes)
def test_distance_triangle_inequality(a: Hex, b: Hex, c: Hex) -> None:
    assert a.distance(c) <= a.distance(b) + b.distance(c)


@given(hexes, hexes, hexes)
def test_distance_translation_invariant(a: Hex, b: Hex, t: Hex) -> None:
    assert (a + t).distance(b + t) == a.distance(b)


@given(hexes)
def test_six_distinct_neighbours_at_distance_one(h: Hex) -> None:
    ns = h.neighbors()
    assert len(ns) == 6
    assert len(set(ns)) == 6
    assert ns == [h.neighbor(d) for d in range(6)]
    assert all(h.distance(n) == 1 for n in ns)
    assert h not in ns


@given(hexes, directions)
def test_neighbour_opposite_direction_returns(h: Hex, d: int) -> None:
    assert h.neighbor(d).neighbor((d + 3) % 6) == h


@given(hexes, directions)
def test_direction_between_inverts_neighbor(h: Hex, d: int) -> None:
    assert direction_between(h, h.neighbor(d)) == d
    assert direction_between(h.neighbor(d), h) == (d + 3) % 6


@given(hexes, directions)
def test_diagonal_neighbour(h: Hex, d: int) -> None:
    g = diagonal_neighbor(h, d)
    assert h.distance(g) == 2
    # The diagonal lies between directions d and d + 1.
    assert g == h.neighbor(d).neighbor((d + 1) % 6)


@given(hexes)
def test_rotations(h: Hex) -> None:
    assert h.rotate_left().rotate_right() == h
    assert h.rotate_right().rotate_left() == h
    assert h.rotate_left().length() == h.length()
    r = h
    for _ in range(6):
        r = r.rotate_left()
    assert r == h
    r3 = h.rotate_left().rotate_left().rotate_left()
    assert r3 == Hex(-h.q, -h.r)


@given(directions)
def test_rotate_left_steps_direction(d: int) -> None:
    unit = Hex(*DIRECTIONS[d])
    assert unit.rotate_left() == Hex(*DIRECTIONS[(d + 1) % 6])
    assert unit.rotate_right() == Hex(*DIRECTIONS[(d - 1) % 6])


@given(hexes, radii)
def test_ring(center: Hex, k: int) -> None:
    hs = ring(center, k)
    assert len(hs) == 6 * k
    assert len(set(hs)) == 6 * k
    assert all(center.distance(h) == k for h in hs)
    # It walks round the ring: consecutive hexes (cyclically) are adjacent.
    for a, b in zip(hs, hs[1:] + hs[:1], strict=True):
        assert a.distance(b) == 1


@given(hexes, st.integers(min_value=0, max_value=8))
def test_hex_range(center: Hex, k: int) -> None:
    hs = hex_range(center, k)
    assert len(hs) == 3 * k * (k + 1) + 1
    assert len(set(hs)) == len(hs)
    assert all(center.distance(h) <= k for h in hs)


@given(hexes, st.integers(min_value=0, max_value=6))
def test_spiral_covers_range(center: Hex, k: int) -> None:
    hs = list(spiral(center, k))
    assert hs[0] == center
    assert len(hs) == len(set(hs)) == 3 * k * (k + 1) + 1
    assert set(hs) == set(hex_range(center, k))
    assert [center.distance(h) for h in hs] == sorted(center.distance(h) for h in hs)


@given(hexes, hexes)
def test_line(a: Hex, b: Hex) -> None:
    hs = line(a, b)
    n = a.distance(b)
    assert len(hs) == n + 1
    assert hs[0] == a
    assert hs[-1] == b
    for x, y in zip(hs, hs[1:], strict=False):
        assert x.distance(y) == 1
    # Each step moves one hex further from the start.
    assert [a.distance(h) for h in hs] == list(range(n + 1))


@given(hexes)
def test_offset_round_trip(h: Hex) -> None:
    col, row = hex_to_offset(h)
    assert row == h.r
    assert offset_to_hex(col, row) == h


@given(coords, coords)
def test_axial_round_trip(col: int, row: int) -> None:
    assert hex_to_offset(offset_to_hex(col, row)) == (col, row)


@given(coords, coords)
def test_offset_same_row_is_east_west(col: int, row: int) -> None:
    h = offset_to_hex(col, row)
    assert offset_to_hex(col + 1, row) == h.neighbor(0)


@given(hexes)
def test_hex_round_of_integer_is_identity(h: Hex) -> None:
    assert hex_round(float(h.q), float(h.r)) == h


@given(
    hexes,
    st.floats(min_value=-0.24, max_value=0.24),
    st.floats(min_value=-0.24, max_value=0.24),
)
def test_hex_round_small_perturbation(h: Hex, dq: float, dr: float) -> None:
    assert hex_round(h.q + dq, h.r + dr) == h


@given(layouts, hexes)
def test_layout_round_trip(layout: Layout, h: Hex) -> None:
    assert layout.hex_at(*layout.to_pixel(h)) == h
    fq, fr = layout.from_pixel(*layout.to_pixel(h))
    assert math.isclose(fq, h.q, abs_tol=1e-6)
    assert math.isclose(fr, h.r, abs_tol=1e-6)


@given(
    layouts,
    hexes,
    st.integers(min_value=0, max_value=5),
    st.floats(min_value=0.0, max_value=0.98),
)
def test_points_inside_hex_map_to_it(layout: Layout, h: Hex, corner: int, t: float) -> None:
    cx, cy = layout.to_pixel(h)
    ox, oy = layout.corner_offset(corner)
    assert layout.hex_at(cx + t * ox, cy + t * oy) == h


@given(layouts, hexes)
def test_corners_shared_with_neighbours(layout: Layout, h: Hex) -> None:
    # Every corner of a hex is a corner of exactly two of its neighbours.
    mine = layout.corners(h)
    for p in mine:
        owners = [n for n in h.neighbors() if any(close(p, c, 1e-6) for c in layout.corners(n))]
        assert len(owners) == 2


@given(layouts, hexes, directions)
def test_edge_shared_with_neighbours_opposite_edge(layout: Layout, h: Hex, d: int) -> None:
    p1, p2 = layout.edge(h, d)
    q1, q2 = layout.edge(h.neighbor(d), (d + 3) % 6)
    tol = 1e-6
    assert (close(p1, q1, tol) and close(p2, q2, tol)) or (
        close(p1, q2, tol) and close(p2, q1, tol)
    )


@given(layouts, hexes, directions)
def test_edge_faces_its_direction(layout: Layout, h: Hex, d: int) -> None:
    # The side facing d is centred on the midpoint between the two hex centres.
    p1, p2 = layout.edge(h, d)
    a, b = layout.to_pixel(h), layout.to_pixel(h.neighbor(d))
    mid_edge = ((p1[0] + p2[0]) / 2.0, (p1[1] + p2[1]) / 2.0)
    mid_centres = ((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0)
    assert close(mid_edge, mid_centres, 1e-6)
    assert not close(p1, p2, 1e-9)
    corners = layout.corners(h)
    assert any(close(p1, c, 1e-9) for c in corners)
    assert any(close(p2, c, 1e-9) for c in corners)
