#!/usr/bin/env python3
"""Build the map of the bundled scenario from geography written as lon/lat.

Everything the map holds -- terrain, rivers, railways, roads, bridges, fortifications, places,
supply sources and the Japanese withdrawal zone -- is computed from the data tables below, so the
map can be regenerated after a correction to one coordinate. The script is deterministic: the
same data give byte-identical output.

Usage (from the repository root)::

    python tools/make_scenario_map.py            # rewrite the generated part of the scenario
    python tools/make_scenario_map.py --stdout   # print the generated YAML instead

The generated YAML (the ``map:`` and ``sides:`` sections) is spliced into
``scenarios/mutanchiang_1945.yaml`` between the two marker lines ``BEGIN_MARK`` and
``END_MARK``; everything else in that file (units, events, weather) is written by hand.

Projection: an equirectangular projection of lon 129.3-130.6, lat 44.3-45.35 (WGS84) to
kilometres, pointy-top hexes 3.0 km flat-to-flat in "odd-r" offset coordinates [col, row]
(row 0 on the northern edge, column 0 on the western edge, odd rows shifted half a hex east).
Coordinates are approximate (a few hundred metres to a couple of km); at 3 km a hex that is
good enough, and the sources themselves disagree by more.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mutanchiang_sim.core.hexgrid import (  # noqa: E402
    POINTY,
    Hex,
    Layout,
    hex_to_offset,
    line,
    offset_to_hex,
)

# --- the grid -------------------------------------------------------------------------------

LON_MIN, LAT_MIN, LON_MAX, LAT_MAX = 129.3, 44.3, 130.6, 45.35
WIDTH, HEIGHT = 35, 45
HEX_KM = 3.0  # flat-to-flat: columns are 3.0 km apart, rows 2.598 km apart
KM_PER_DEG_LAT = 111.0
KM_PER_DEG_LON = 111.32 * math.cos(math.radians((LAT_MIN + LAT_MAX) / 2))  # ~79 km
LAYOUT = Layout(POINTY, (HEX_KM / math.sqrt(3), HEX_KM / math.sqrt(3)), (HEX_KM / 2, HEX_KM / 2))

LonLat = tuple[float, float]
Offset = tuple[int, int]


def to_km(lon: float, lat: float) -> tuple[float, float]:
    """Kilometres east of the western edge and south of the northern edge (y grows southward)."""
    return ((lon - LON_MIN) * KM_PER_DEG_LON, (LAT_MAX - lat) * KM_PER_DEG_LAT)


def to_lonlat(x: float, y: float) -> LonLat:
    return (LON_MIN + x / KM_PER_DEG_LON, LAT_MAX - y / KM_PER_DEG_LAT)


def centre_km(col: int, row: int) -> tuple[float, float]:
    return LAYOUT.to_pixel(offset_to_hex(col, row))


def hex_at(lon: float, lat: float) -> Offset:
    """The offset hex [col, row] holding a lon/lat point (clamped onto the map)."""
    col, row = hex_to_offset(LAYOUT.hex_at(*to_km(lon, lat)))
    return (min(max(col, 0), WIDTH - 1), min(max(row, 0), HEIGHT - 1))


def on_map(c: Offset) -> bool:
    return 0 <= c[0] < WIDTH and 0 <= c[1] < HEIGHT


def all_hexes() -> list[Offset]:
    return [(col, row) for row in range(HEIGHT) for col in range(WIDTH)]


def neighbours(c: Offset) -> list[Offset]:
    h = offset_to_hex(*c)
    return [n for n in (hex_to_offset(x) for x in h.neighbors()) if on_map(n)]


# --- geography (lon, lat). Sources: shared/reference/historical-record.md (places table),
# the battle article (rivers, passes), general maps of Heilongjiang for river courses. ---------

# Rivers run along hex sides. Each polyline starts and ends beyond the map so it cuts it in two.
RIVERS: dict[str, list[LonLat]] = {
    # The Mudan flows north out of Jingpo Lake (~44.0N 128.9E, south of the map), past Ning'an
    # (left on its south-east bank), swings east under the city, turns north along its eastern
    # side (the city is on the west bank), passes Hualin and leaves northward to the Sungari.
    "Mudan": [
        (129.30, 44.22), (129.40, 44.29), (129.45, 44.335), (129.50, 44.375), (129.54, 44.42),
        (129.57, 44.47), (129.60, 44.515), (129.635, 44.535), (129.655, 44.555),
        (129.66, 44.58), (129.66, 44.61), (129.655, 44.64), (129.655, 44.67), (129.645, 44.70),
        (129.64, 44.75), (129.62, 44.82), (129.60, 44.90), (129.57, 45.00), (129.55, 45.10),
        (129.52, 45.22), (129.50, 45.45),
    ],
    # The Hailang comes from the Zhangguangcai hills in the west, passes north of Hailin and
    # joins the Mudan between the city and Hualin.
    "Hailang": [
        (129.20, 44.68), (129.30, 44.665), (129.38, 44.63), (129.44, 44.615), (129.50, 44.62),
        (129.56, 44.635), (129.62, 44.645), (129.6555, 44.652),
    ],
    # The Muling rises in the Laoyeling south of the map and flows north-east past Muling
    # (the wartime rail town, on its west bank) toward the Ussuri; the Soviet 5th Army forced it
    # from the east before 12 August.
    "Muling": [
        (130.10, 44.20), (130.18, 44.33), (130.25, 44.44), (130.29, 44.52), (130.31, 44.60),
        (130.36, 44.70), (130.43, 44.80), (130.50, 44.90), (130.58, 44.98), (130.70, 45.05),
    ],
}
VALLEY_KM = {"Mudan": 2.2, "Hailang": 2.6, "Muling": 2.6}  # flat flood plain either side

# Railways and roads: waypoints, sampled densely and turned into chains of neighbouring hexes.
RAILWAYS: dict[str, list[LonLat]] = {
    # Chinese Eastern Railway, east half: Suifenhe (off map) - Muling - Motaoshih - Ssutaoling -
    # Yehe - the Mudan rail bridge - the city.
    "Chinese Eastern Railway (Muling line)": [
        (130.62, 44.47), (130.45, 44.485), (130.33, 44.51), (130.25, 44.52), (130.12, 44.53),
        (130.05, 44.545), (129.99, 44.56), (129.90, 44.575), (129.80, 44.58), (129.72, 44.578),
        (129.685, 44.574), (129.645, 44.572), (129.615, 44.57),
    ],
    # Chinese Eastern Railway, west half: the city - Hailin - toward Hengdaohezi and Harbin.
    "Chinese Eastern Railway (Harbin line)": [
        (129.615, 44.57), (129.56, 44.575), (129.48, 44.58), (129.42, 44.58), (129.36, 44.595),
        (129.28, 44.61),
    ],
    # Tumen-Jiamusi line, north: the city - Hualin (rail bridge over the Mudan) - the north pass
    # - Linkou - toward Jiamusi.
    "Tumen-Jiamusi line (Linkou line)": [
        (129.615, 44.57), (129.625, 44.60), (129.635, 44.64), (129.642, 44.658), (129.665, 44.682),
        (129.69, 44.72), (129.72, 44.78), (129.80, 44.87), (129.90, 44.96), (130.00, 45.05),
        (130.12, 45.15), (130.22, 45.24), (130.27, 45.28), (130.28, 45.37),
    ],
    # Linkou - Mashan - toward Jixi (east).
    "Linkou-Jixi line": [(130.27, 45.28), (130.36, 45.24), (130.47, 45.20), (130.62, 45.16)],
    # Tumen-Jiamusi line, south: junction east of the city - Ning'an - toward Tumen.
    "Tumen-Jiamusi line (Ning'an line)": [
        (129.685, 44.574), (129.675, 44.54), (129.64, 44.50), (129.58, 44.43), (129.52, 44.37),
        (129.49, 44.345), (129.47, 44.31), (129.46, 44.28),
    ],
}
ROADS: dict[str, list[LonLat]] = {
    # East road: Muling - Motaoshih - Ssutaoling - Yehe - east road bridge - the city.
    "Muling road": [
        (130.62, 44.455), (130.45, 44.47), (130.33, 44.50), (130.25, 44.515), (130.12, 44.52),
        (130.05, 44.53), (129.99, 44.55), (129.90, 44.59), (129.80, 44.59), (129.72, 44.585),
        (129.685, 44.58), (129.645, 44.585), (129.62, 44.58),
    ],
    # North road: Hualin road bridge - the city (west bank).
    "Hualin road": [
        (129.665, 44.681), (129.623, 44.681), (129.604, 44.658), (129.595, 44.635), (129.60, 44.62),
        (129.625, 44.585),
    ],
    # The dirt road over the northern mountain block: Linkou - the north pass - Hualin.
    "Linkou-Hualin dirt road": [
        (130.27, 45.28), (130.17, 45.20), (130.05, 45.10), (129.95, 45.02), (129.84, 44.92),
        (129.76, 44.82), (129.70, 44.74), (129.672, 44.682),
    ],
    # South road: Ning'an - up the east bank - southern road bridge - the city.
    "Ning'an road": [
        (129.46, 44.28), (129.485, 44.34), (129.53, 44.38), (129.58, 44.44), (129.615, 44.49),
        (129.625, 44.52), (129.62, 44.545), (129.61, 44.56),
    ],
    # West road: the city - Hailin - toward Hengdaohezi.
    "Hailin road": [(129.61, 44.565), (129.52, 44.565), (129.42, 44.575), (129.28, 44.59)],
    # Linkou - Mashan, and a track from Muling north down the Muling valley to Mashan.
    "Linkou-Mashan road": [(130.27, 45.28), (130.40, 45.23), (130.47, 45.20)],
    "Muling valley track": [
        (130.25, 44.52), (130.27, 44.60), (130.33, 44.70), (130.40, 44.80), (130.45, 44.92),
        (130.47, 45.05), (130.47, 45.20),
    ],
    # Hailin - Ning'an cart road, south along the west side of the valley.
    "Hailin-Ning'an road": [
        (129.42, 44.575), (129.43, 44.50), (129.45, 44.42), (129.46, 44.36), (129.48, 44.34),
    ],
}

# Which bridge each route crossing is: (route, river) -> names in order of travel.
BRIDGE_NAMES: dict[tuple[str, str], list[str]] = {
    ("Chinese Eastern Railway (Muling line)", "Muling"): ["Muling rail bridge"],
    ("Chinese Eastern Railway (Muling line)", "Mudan"): ["Mutanchiang rail bridge"],
    ("Muling road", "Muling"): ["Muling road bridge"],
    ("Muling road", "Mudan"): ["Mutanchiang east road bridge"],
    ("Ning'an road", "Mudan"): ["Mutanchiang south road bridge"],
    ("Tumen-Jiamusi line (Linkou line)", "Hailang"): ["Hailang rail bridge"],
    ("Tumen-Jiamusi line (Linkou line)", "Mudan"): ["Hualin rail bridge"],
    ("Hualin road", "Mudan"): ["Hualin road bridge"],
    ("Hualin road", "Hailang"): ["Hailang road bridge"],
    ("Hailin-Ning'an road", "Mudan"): ["Ning'an road bridge"],
}

# Terrain. Painted in this order; later layers win. Blobs are (lon, lat, radius_km).
BASE = "w"  # wooded rolling hills: most of this corner of Manchuria
HILLS: list[list[LonLat]] = [
    # The hills either side of the Mudan valley north of the city (west bank: Zhangguangcai).
    [(129.30, 44.70), (129.58, 44.70), (129.60, 45.35), (129.30, 45.35)],
    # The broken hills east of the city, between the Mudan and the Laoyeling.
    [(129.67, 44.45), (129.80, 44.45), (129.80, 44.75), (129.68, 44.75)],
    # The Laoyeling foothills round Muling and south of Linkou.
    [(130.10, 44.30), (130.60, 44.30), (130.60, 44.45), (130.10, 44.60)],
    [(129.95, 45.10), (130.35, 45.10), (130.30, 45.20), (130.05, 45.22)],
    # Hills south-west of Hailin, between the Hailang and Ning'an basins.
    [(129.30, 44.40), (129.40, 44.40), (129.40, 44.52), (129.30, 44.54)],
]
MOUNTAINS: list[list[LonLat]] = [
    # Laoyeling: the range between Muling and the city; the Muling road and railway cross it by
    # the Motaoshih valley (the "east pass").
    [(129.80, 44.30), (130.12, 44.30), (130.16, 44.42), (130.10, 44.60), (130.15, 44.75),
     (130.05, 44.88), (129.85, 44.86), (129.77, 44.72), (129.80, 44.50)],
    # The block between Linkou and the city: only the railway and the dirt road cross it (the
    # "north pass" via Hualin).
    [(129.72, 44.80), (129.90, 44.86), (130.10, 44.95), (130.25, 45.02), (130.30, 45.10),
     (130.10, 45.12), (129.92, 45.10), (129.76, 45.02), (129.68, 44.90)],
    # The higher ground west of the Mudan north of the Hailang (Zhangguangcai spurs).
    [(129.33, 44.78), (129.50, 44.76), (129.52, 45.05), (129.40, 45.15), (129.30, 45.05)],
]
FLATS: list[tuple[float, float, float]] = [
    (130.27, 45.27, 8.0),   # Linkou basin
    (130.47, 45.20, 6.0),   # Mashan valley
    (129.48, 44.35, 8.0),   # Ning'an basin (rice fields)
    (129.42, 44.58, 6.0),   # Hailin basin
    (129.55, 44.55, 4.0),   # open ground west of the city
    (130.25, 44.52, 4.0),   # Muling valley floor
]
# Specific hills that stand out of the valleys: the fortified hills round the city.
LATE_HILLS: list[tuple[float, float, float]] = [
    (129.69, 44.56, 1.8),   # Yehe heights east of the river
    (129.695, 44.61, 1.8),  # Mount Shozu (position approximate)
    (129.68, 44.52, 1.5),   # hills south-east of the city over the Ning'an road
    (129.70, 44.66, 1.5),   # the ridge east of Hualin
    (129.63, 44.63, 1.2),   # the knoll north of the city, west bank
]
MARSHES: list[tuple[float, float, float]] = [
    (130.46, 44.86, 4.5),   # Muling river flood plain
    (130.37, 45.32, 3.5),   # wet ground north-east of Linkou
    (129.56, 44.63, 2.2),   # the Hailang mouth meadows
]
LAKES: list[list[LonLat]] = [
    # Jingpo Lake lies south of the map (43.8-44.1N); kept here so a wider map would show it.
    [(128.85, 43.80), (129.05, 43.85), (129.00, 44.08), (128.88, 44.05)],
]
# Hexes on a railway or road through mountains become hills: the passes.
PASS_TERRAIN = "h"

# Places: name, kind, (lon, lat), vp, held_by, extra hexes (lon, lat), comment.
PLACES: list[tuple[str, str, LonLat, float, str | None, list[LonLat], str]] = [
    ("Mutanchiang", "city", (129.61, 44.57), 30, "japan", [(129.625, 44.585), (129.62, 44.555)],
     "the objective; 44.55-44.59N 129.60-129.64E, west bank [record]"),
    ("Hualin", "station", (129.672, 44.682), 5, "japan", [], "station and two bridges [record]"),
    ("Yehe", "strongpoint", (129.685, 44.576), 5, "japan", [],
     "pillboxes over the Muling road ~5 km E of the city [record]"),
    ("Mount Shozu", "hill", (129.695, 44.61), 3, "japan", [],
     "fortified hill named in the battle article [article]; exact position uncertain"),
    ("Ssutaoling", "village", (129.80, 44.583), 3, "japan", [],
     "16 Soviet tanks lost to guns and 5 to suicide squads here on 14 Aug [article]; position approximate"),
    ("Motaoshih", "station", (129.99, 44.555), 2, "japan", [], "CER station in the east pass; position approximate"),
    ("Laoyeling pass", "pass", (130.08, 44.54), 0, None, [], "where the CER crosses the Laoyeling; approximate"),
    ("North pass", "pass", (129.84, 44.91), 0, None, [], "railway and dirt road over the block north of the city"),
    ("Chaihe", "village", (129.715, 44.77), 0, None, [], "on the Linkou line; approximate"),
    ("Muling", "town", (130.25, 44.52), 2, "soviet", [], "wartime rail town on the CER, 44.52N 130.25E [record]"),
    ("Linkou", "town", (130.27, 45.28), 2, "soviet", [], "railway junction, 45.28N 130.27E [record]"),
    ("Mashan", "village", (130.47, 45.20), 0, "soviet", [], "45.20N 130.47E [record]"),
    ("Hailin", "town", (129.42, 44.58), 5, "japan", [], "on the railway to Harbin, the escape route [record]"),
    ("Ning'an", "town", (129.48, 44.34), 3, "japan", [], "on the Tumen line [record]"),
]

# Fortifications: (lon, lat), level, name.
FORTIFICATIONS: list[tuple[LonLat, int, str]] = [
    ((129.685, 44.576), 3, "Yehe pillboxes"),
    ((129.695, 44.61), 3, "Mount Shozu"),
    ((129.69, 44.55), 2, "Yehe south heights"),
    ((129.68, 44.52), 2, "Hill over the Ning'an road"),
    ((129.70, 44.64), 2, "Heights north-east of the city"),
    ((129.70, 44.665), 2, "Hualin ridge"),
    ((129.672, 44.682), 2, "Hualin station"),
    ((129.61, 44.57), 2, "Mutanchiang city defences"),
    ((129.625, 44.585), 1, "Mutanchiang north quarter"),
    ((129.62, 44.555), 1, "Mutanchiang south quarter"),
    ((129.80, 44.583), 2, "Ssutaoling positions"),
    ((129.74, 44.585), 1, "Ssutaoling-Yehe road cut"),
    ((129.99, 44.555), 2, "Motaoshih positions"),
    ((129.90, 44.58), 1, "Motaoshih west defile"),
    ((129.71, 44.72), 1, "Hualin north approaches"),
    ((129.63, 44.63), 1, "Knoll north of the city"),
]

# Supply sources: the map-edge ends of these routes (route name, which end).
SOVIET_SOURCES = [
    ("Chinese Eastern Railway (Muling line)", 0),  # east edge, from Suifenhe (5th Army)
    ("Muling road", 0),
    ("Tumen-Jiamusi line (Linkou line)", -1),  # north edge, from Jiamusi (1st Red Banner Army)
]
JAPAN_SOURCES = [
    ("Chinese Eastern Railway (Harbin line)", -1),  # west edge, from Harbin
    ("Hailin road", -1),
    ("Tumen-Jiamusi line (Ning'an line)", -1),  # south edge, from Tumen
]
EXIT_ROWS_AROUND_HARBIN_RAIL = 4  # west-edge hexes within this many rows of the Harbin line
# The withdrawal zone is the three westernmost columns (west of Hailin, toward Hengdaohezi): a
# unit that reaches it after the order has broken contact and is on the road to Harbin.
EXIT_COLUMNS = 3

# --- geometry helpers -----------------------------------------------------------------------


def point_in_polygon(x: float, y: float, poly: list[tuple[float, float]]) -> bool:
    inside = False
    n = len(poly)
    for i in range(n):
        x1, y1 = poly[i]
        x2, y2 = poly[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def segments_cross(p1: tuple[float, float], p2: tuple[float, float], q1: tuple[float, float], q2: tuple[float, float]) -> bool:
    def orient(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    return (orient(p1, p2, q1) > 0) != (orient(p1, p2, q2) > 0) and (orient(q1, q2, p1) > 0) != (orient(q1, q2, p2) > 0)


def dist_to_polyline(x: float, y: float, pts: list[tuple[float, float]]) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
        dx, dy = x2 - x1, y2 - y1
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def km_poly(lonlats: list[LonLat]) -> list[tuple[float, float]]:
    return [to_km(*p) for p in lonlats]


# --- the layers -----------------------------------------------------------------------------


def river_edges(name: str) -> list[tuple[Offset, Offset]]:
    """Hex sides the river runs along: the sides whose centre-to-centre segment the river
    crosses an odd number of times. Any path of hexes from one bank to the other crosses the
    river, so it crosses one of these sides: the barrier has no gaps by construction."""
    pts = km_poly(RIVERS[name])
    edges = []
    for a in all_hexes():
        for b in neighbours(a):
            if b <= a:
                continue
            ca, cb = centre_km(*a), centre_km(*b)
            crossings = sum(segments_cross(ca, cb, p, q) for p, q in zip(pts, pts[1:], strict=False))
            if crossings % 2:
                edges.append((a, b))
    return edges


def route_hexes(waypoints: list[LonLat]) -> list[Offset]:
    """A chain of neighbouring hexes following the polyline (sampled every 0.4 km)."""
    pts = km_poly(waypoints)
    chain: list[Hex] = []
    for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
        steps = max(1, int(math.hypot(x2 - x1, y2 - y1) / 0.4))
        for k in range(steps + 1):
            c = hex_to_offset(LAYOUT.hex_at(x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps))
            if not on_map(c):
                continue
            h = offset_to_hex(*c)
            if chain and h == chain[-1]:
                continue
            if len(chain) >= 2 and h == chain[-2]:  # a wobble back along an edge
                chain.pop()
                continue
            if chain and chain[-1].distance(h) > 1:
                chain.extend(line(chain[-1], h)[1:-1])
            chain.append(h)
    # Straighten: drop a hex whose two neighbours in the chain touch each other (a line that
    # runs along a row boundary otherwise zig-zags between two rows).
    out: list[Hex] = []
    for h in chain:
        while len(out) >= 2 and out[-2].distance(h) == 1:
            out.pop()
        out.append(h)
    return [hex_to_offset(h) for h in out]


def paint_terrain(routes: list[list[Offset]]) -> list[list[str]]:
    grid = [[BASE] * WIDTH for _ in range(HEIGHT)]
    rivers_km = {name: km_poly(p) for name, p in RIVERS.items()}

    def paint_polys(polys: list[list[LonLat]], code: str) -> None:
        kps = [km_poly(p) for p in polys]
        for col, row in all_hexes():
            x, y = centre_km(col, row)
            if any(point_in_polygon(x, y, p) for p in kps):
                grid[row][col] = code

    def paint_blobs(blobs: list[tuple[float, float, float]], code: str) -> None:
        for col, row in all_hexes():
            x, y = centre_km(col, row)
            for lon, lat, rad in blobs:
                bx, by = to_km(lon, lat)
                if math.hypot(x - bx, y - by) <= rad:
                    grid[row][col] = code

    paint_polys(HILLS, "h")
    paint_polys(MOUNTAINS, "m")
    for col, row in all_hexes():  # flood plains along the rivers
        x, y = centre_km(col, row)
        if any(dist_to_polyline(x, y, pts) <= VALLEY_KM[name] for name, pts in rivers_km.items()):
            grid[row][col] = "."
    paint_blobs(FLATS, ".")
    paint_blobs(LATE_HILLS, "h")
    paint_blobs(MARSHES, "s")
    for route in routes:  # railways and roads follow the valleys through the mountains
        for col, row in route:
            if grid[row][col] == "m":
                grid[row][col] = PASS_TERRAIN
            if grid[row][col] == "s":
                grid[row][col] = "."
    paint_polys(LAKES, "~")
    for _name, kind, where, _vp, _held, _extra, _note in PLACES:
        if kind in ("town", "station", "village"):
            col, row = hex_at(*where)
            grid[row][col] = "t" if kind == "town" else grid[row][col].replace("m", "h")
    for col, row in place_hexes("Mutanchiang"):
        grid[row][col] = "c"
    return grid


def place_hexes(name: str) -> list[Offset]:
    for pname, _kind, where, _vp, _held, extra, _note in PLACES:
        if pname == name:
            out: list[Offset] = []
            for p in [where, *extra]:
                h = hex_at(*p)
                if h not in out:
                    out.append(h)
            return out
    raise KeyError(name)


def bridges(routes: dict[str, list[Offset]], river_sets: dict[str, set[frozenset[Offset]]]) -> list[tuple[str, Offset, Offset, str, str]]:
    """Every place a route crosses a river edge, named from BRIDGE_NAMES (an unnamed crossing
    is an error: routes must only cross where a bridge is meant to be)."""
    out = []
    for rname, hexes in routes.items():
        crossings: dict[str, list[tuple[Offset, Offset]]] = {}
        for a, b in zip(hexes, hexes[1:], strict=False):
            for river, edges in river_sets.items():
                if frozenset((a, b)) in edges:
                    crossings.setdefault(river, []).append((a, b))
        for river, pairs in crossings.items():
            names = BRIDGE_NAMES.get((rname, river))
            if names is None or len(names) != len(pairs):
                msg = f"{rname} crosses the {river} {len(pairs)} time(s) at {pairs}; expected {names}"
                if STRICT:
                    raise SystemExit(msg)
                print("warning:", msg, file=sys.stderr)
                names = [f"{rname}/{river} #{k}" for k in range(len(pairs))]
            for nm, (a, b) in zip(names, pairs, strict=True):
                out.append((nm, a, b, rname, river))
    return out


# --- YAML output ----------------------------------------------------------------------------

STRICT = True  # --lenient: report unplanned crossings instead of stopping (for map work)

BEGIN_MARK = "# >>> generated by tools/make_scenario_map.py: map and sides (edit the script, not this)"
END_MARK = "# <<< end of generated map and sides"


def flow(items: list[list[int]], per_line: int, indent: str) -> str:
    """A YAML flow list of small int lists, wrapped."""
    parts = ["[" + ", ".join(str(v) for v in it) + "]" for it in items]
    lines = [", ".join(parts[i : i + per_line]) for i in range(0, len(parts), per_line)]
    return "[" + (",\n" + indent + " ").join(lines) + "]"


def unique(items: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for it in items:
        if it not in out:
            out.append(it)
    return out


def q(s: str) -> str:
    return '"' + s.replace('"', '\\"') + '"'


def generate() -> str:
    rail = {name: route_hexes(p) for name, p in RAILWAYS.items()}
    road = {name: route_hexes(p) for name, p in ROADS.items()}
    rivers = {name: river_edges(name) for name in RIVERS}
    river_sets = {name: {frozenset(e) for e in edges} for name, edges in rivers.items()}
    grid = paint_terrain(list(rail.values()) + list(road.values()))
    brs = bridges({**rail, **road}, river_sets)
    by_name = {b[0]: b for b in brs}
    if len(by_name) != len(brs):
        raise SystemExit("two crossings got the same bridge name")

    o: list[str] = [BEGIN_MARK]
    o.append("map:")
    o.append(f"  width: {WIDTH}")
    o.append(f"  height: {HEIGHT}")
    o.append(f"  hex_km: {HEX_KM}  # flat-to-flat; rows {HEX_KM * math.sqrt(3) / 2:.3f} km apart")
    o.append(f"  geo: {{lon_min: {LON_MIN}, lat_min: {LAT_MIN}, lon_max: {LON_MAX}, lat_max: {LAT_MAX}}}  # WGS84")
    o.append("  # . flat valley  w rolling wooded hills  h hills  m mountains  s marsh  t town  c city  ~ lake")
    o.append("  # Row 0 is the northern edge (45.35N); column 0 the western edge (129.3E).")
    o.append("  terrain:")
    for row in range(HEIGHT):
        _lon, lat = to_lonlat(0, centre_km(0, row)[1])
        o.append(f'    - "{"".join(grid[row])}"  # row {row:2d} ~{lat:.2f}N')
    o.append("  rivers:")
    notes = {
        "Mudan": "up to 200 m wide and 2 m deep by the city, ~4 m above normal after the rain: unfordable [record]",
        "Hailang": "tributary from the west, joins the Mudan between the city and Hualin",
        "Muling": "forced by the Soviet 5th Army from the east before 12 Aug [record]",
    }
    for name, edges in rivers.items():
        o.append(f"    - name: {name}  # {notes[name]}")
        o.append("      edges: " + flow([[*a, *b] for a, b in edges], 6, "        "))
    for key, routes in (("railways", rail), ("roads", road)):
        o.append(f"  {key}:")
        for name, hexes in routes.items():
            o.append(f"    - name: {q(name)}")
            o.append("      hexes: " + flow([list(h) for h in hexes], 10, "        "))
    o.append("  bridges:  # every place a road or railway crosses a river")
    for nm, a, b, rname, river in brs:
        o.append(f"    - {{name: {q(nm)}, between: [[{a[0]}, {a[1]}], [{b[0]}, {b[1]}]]}}  # {rname} over the {river}")
    o.append("  fortifications:  # levels 1-3: field works to pillbox belts (battle article: 'a series of fortified hills')")
    seen: dict[Offset, int] = {}
    for where, level, name in FORTIFICATIONS:
        h = hex_at(*where)
        if h in seen:
            raise SystemExit(f"fortification {name} falls in an already fortified hex {h}")
        seen[h] = level
        o.append(f"    - {{hex: [{h[0]}, {h[1]}], level: {level}, name: {q(name)}}}")
    o.append("  places:")
    for name, kind, _where, vp, held, _extra, note in PLACES:
        hexes = place_hexes(name)
        held_txt = f", held_by: {held}" if held else ""
        o.append(
            f"    - {{name: {q(name)}, kind: {kind}, hexes: {flow([list(h) for h in hexes], 10, '')}, vp: {vp}{held_txt}}}  # {note}"
        )
    o.append("sides:")
    o.append("  soviet:")
    o.append("    name: Soviet Union")
    o.append("    adjective: Soviet")
    o.append('    colour: "#b2342a"')
    o.append("    role: attack  # the 1st Far Eastern Front's offensive [record]")
    o.append("    # East edge on the CER and Muling road (5th Army); north edge on the Linkou line (1st Red Banner Army).")
    routes = {**rail, **road}
    o.append("    supply_sources: " + flow(unique([list(routes[n][k]) for n, k in SOVIET_SOURCES]), 10, ""))
    o.append("  japan:")
    o.append("    name: Japan")
    o.append("    adjective: Japanese")
    o.append('    colour: "#c4aa3e"')
    o.append("    role: defend  # the 5th Army's delaying defence [record]")
    o.append("    # West edge on the railway to Harbin; south edge on the Tumen line.")
    o.append("    supply_sources: " + flow(unique([list(routes[n][k]) for n, k in JAPAN_SOURCES]), 10, ""))
    west = rail["Chinese Eastern Railway (Harbin line)"][-1]
    zone = [
        (c, r)
        for r in range(west[1] - EXIT_ROWS_AROUND_HARBIN_RAIL, west[1] + EXIT_ROWS_AROUND_HARBIN_RAIL + 1)
        for c in range(EXIT_COLUMNS)
    ]
    zone += [(c, HEIGHT - 1) for c in range(0, 3)] + [(0, r) for r in range(HEIGHT - 4, HEIGHT - 1)]
    zone = [z for z in zone if grid[z[1]][z[0]] != "~"]
    o.append("    # The bulk of the 5th Army got away west toward Hengdaohezi on the Harbin railway [record];")
    o.append("    # a few hexes in the south-west corner stand for the roads toward Tunghua.")
    o.append("    exit_zone: " + flow([list(z) for z in zone], 10, "      "))
    o.append("    exit_requires_order: withdraw")
    o.append(END_MARK)
    return "\n".join(o) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stdout", action="store_true", help="print the generated YAML instead of splicing it")
    ap.add_argument("--scenario", default=str(Path(__file__).resolve().parents[1] / "scenarios" / "mutanchiang_1945.yaml"))
    ap.add_argument("--lenient", action="store_true", help="warn about unplanned river crossings instead of failing")
    args = ap.parse_args(argv)
    global STRICT
    STRICT = not args.lenient
    text = generate()
    if args.stdout:
        sys.stdout.write(text)
        return 0
    path = Path(args.scenario)
    old = path.read_text(encoding="utf-8")
    if BEGIN_MARK not in old or END_MARK not in old:
        print(f"{path}: marker lines not found; use --stdout", file=sys.stderr)
        return 2
    head, rest = old.split(BEGIN_MARK, 1)
    _, tail = rest.split(END_MARK + "\n", 1)
    path.write_text(head + text + tail, encoding="utf-8")
    print(f"wrote the map into {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
