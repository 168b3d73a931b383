"""Drawing the map: terrain with texture, rivers on hex sides, roads, railways, bridges,
fortifications, places and objectives.

The static part (terrain, rivers, roads, rails, forts) is rendered once per zoom level into
square tiles kept in a small LRU cache, so a frame is a handful of blits. The parts that change
in play (bridges blown, who holds an objective) and the place names are drawn over the tiles
every frame. ``MapView`` needs only a :class:`GameMap`; a ``GameState`` is optional, which is
what lets the scenario editor reuse it (call :meth:`MapView.invalidate` after editing the map).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

from . import theme
from ._pygame import pygame
from .camera import SQRT3, Camera, world_origin, world_size
from .textures import TerrainTextures

if TYPE_CHECKING:
    from ..core.state import GameState
    from ..core.terrain import GameMap

TILE = 384
MAX_TILES = 96


class MapView:
    """Renders one :class:`GameMap` through a :class:`Camera`."""

    def __init__(self, game_map: GameMap) -> None:
        self.map = game_map
        self._tiles: OrderedDict[tuple[int, int, int], pygame.Surface] = OrderedDict()
        self.invalidate()

    # --- geometry ------------------------------------------------------------------------
    def invalidate(self) -> None:
        """Forget every cached tile (call after the map has been edited)."""
        m = self.map
        self._tiles.clear()
        ox, oy = world_origin()
        self.centres: list[tuple[float, float]] = []
        for i in range(m.size):
            col, row = i % m.width, i // m.width
            self.centres.append((ox + SQRT3 * (col + 0.5 * (row & 1)), oy + 1.5 * row))
        self.fills = []
        for i in range(m.size):
            rule = m.terrain_rules[m.terrain_flat[i]]
            base = theme.terrain_fill(rule.name, m.terrain_codes[m.terrain_flat[i]], rule.passable, rule.urban)
            jitter = 1.0 + ((i * 2654435761) % 97 - 48) / 1300.0  # gentle per-hex variation
            self.fills.append(theme.shade(base, jitter))
        self.textures = TerrainTextures(m.terrain_rules)
        self._labels: dict[tuple[str, int], pygame.Surface] = {}
        self._overview: pygame.Surface | None = None

    def centre_px(self, i: int, camera: Camera) -> tuple[float, float]:
        """Screen pixel of hex ``i``'s centre."""
        wx, wy = self.centres[i]
        return camera.world_to_screen(wx, wy)

    def hex_at(self, camera: Camera, px: float, py: float) -> int | None:
        """The map index of the hex under a screen pixel, or None off the map."""
        h = camera.layout().hex_at(px, py)
        if not self.map.contains(h):
            return None
        return self.map.index(h)

    def edge_points(self, a: int, b: int, layout_s: float, shift: tuple[float, float]) -> tuple[tuple[float, float], tuple[float, float]]:
        """End points (pixels at size ``layout_s``, offset by ``shift``) of the side between a and b."""
        ax, ay = self.centres[a]
        bx, by = self.centres[b]
        mx, my = (ax + bx) / 2, (ay + by) / 2
        dx, dy = bx - ax, by - ay
        n = math.hypot(dx, dy) or 1.0
        # the shared side is perpendicular to the centre line, of length 1 (hex-size units)
        px, py = -dy / n * 0.5, dx / n * 0.5
        s = layout_s
        return ((((mx + px) * s + shift[0]), ((my + py) * s + shift[1])), (((mx - px) * s + shift[0]), ((my - py) * s + shift[1])))

    # --- tiles ---------------------------------------------------------------------------
    def _tile(self, zoom: int, s: int, tx: int, ty: int) -> pygame.Surface:
        key = (zoom, tx, ty)
        surf = self._tiles.get(key)
        if surf is not None:
            self._tiles.move_to_end(key)
            return surf
        surf = self.render_region(s, tx * TILE, ty * TILE, TILE, TILE)
        self._tiles[key] = surf
        if len(self._tiles) > MAX_TILES:
            self._tiles.popitem(last=False)
        return surf

    def hexes_in(self, s: float, x0: float, y0: float, w: float, h: float) -> list[int]:
        """Indices of hexes that touch the world-pixel rectangle (at size ``s``)."""
        m = self.map
        ox, oy = world_origin()
        pad = 1.2 * s
        rmin = max(0, math.floor(((y0 - pad) / s - oy) / 1.5))
        rmax = min(m.height - 1, math.ceil(((y0 + h + pad) / s - oy) / 1.5))
        out: list[int] = []
        for r in range(rmin, rmax + 1):
            off = 0.5 * (r & 1)
            cmin = max(0, math.floor(((x0 - pad) / s - ox) / SQRT3 - off))
            cmax = min(m.width - 1, math.ceil(((x0 + w + pad) / s - ox) / SQRT3 - off))
            out.extend(r * m.width + c for c in range(cmin, cmax + 1))
        return out

    def render_region(self, s: float, x0: float, y0: float, w: int, h: int, detail: bool = True) -> pygame.Surface:
        """The static map layer for world pixels ``[x0, x0+w) x [y0, y0+h)`` at hex size ``s``."""
        m = self.map
        surf = pygame.Surface((w, h))
        surf.fill(theme.BG)
        hexes = self.hexes_in(s, x0, y0, w, h)
        shift = (-x0, -y0)
        corners = [(s * math.cos(math.pi / 180 * (60 * k - 30)), s * math.sin(math.pi / 180 * (60 * k - 30))) for k in range(6)]
        fine = detail and s >= 10
        textured: dict[int, list[list[tuple[float, float]]]] = {}
        for i in hexes:
            cx, cy = self.centres[i][0] * s - x0, self.centres[i][1] * s - y0
            pts = [(cx + ox, cy + oy) for ox, oy in corners]
            pygame.draw.polygon(surf, self.fills[i], pts)
            code = int(m.terrain_flat[i])
            if fine and self.textures.has(code):
                textured.setdefault(code, []).append(pts)
        for code, polygons in textured.items():
            self.textures.paint(surf, code, s, x0, y0, polygons)
        for i in hexes:
            cx, cy = self.centres[i][0] * s - x0, self.centres[i][1] * s - y0
            fill = self.fills[i]
            if fine:
                self._texture(surf, i, cx, cy, s, fill)
            pygame.draw.polygon(surf, theme.shade(fill, 0.84) if fine else fill, [(cx + ox, cy + oy) for ox, oy in corners], 1)
        hexset = set(hexes)
        # rivers on hex sides
        rw = max(2, int(s * 0.17))
        for a, b in m.river_edges:
            if a in hexset or b in hexset:
                p, q = self.edge_points(a, b, s, shift)
                pygame.draw.line(surf, theme.RIVER_DARK, p, q, rw + 2)
                for pt in (p, q):
                    pygame.draw.circle(surf, theme.RIVER_DARK, pt, (rw + 2) / 2)
        for a, b in m.river_edges:
            if a in hexset or b in hexset:
                p, q = self.edge_points(a, b, s, shift)
                pygame.draw.line(surf, theme.RIVER, p, q, rw)
                for pt in (p, q):
                    pygame.draw.circle(surf, theme.RIVER, pt, rw / 2)
        # roads: a light casing and a brown core, centre to centre
        road_w = max(1, int(s * 0.12))
        for width, colour in ((road_w + 2, (96, 56, 24)), (road_w, (224, 176, 86))):
            for a, b in m.road_edges:
                if a in hexset or b in hexset:
                    pa = (self.centres[a][0] * s - x0, self.centres[a][1] * s - y0)
                    pb = (self.centres[b][0] * s - x0, self.centres[b][1] * s - y0)
                    pygame.draw.line(surf, colour, pa, pb, width)
                    if width > 2:
                        pygame.draw.circle(surf, colour, pa, width / 2)
                        pygame.draw.circle(surf, colour, pb, width / 2)
        # railways: black line with sleepers
        rail_w = max(1, int(s * 0.07))
        for a, b in m.rail_edges:
            if a in hexset or b in hexset:
                pa = (self.centres[a][0] * s - x0, self.centres[a][1] * s - y0)
                pb = (self.centres[b][0] * s - x0, self.centres[b][1] * s - y0)
                pygame.draw.line(surf, theme.RAIL, pa, pb, rail_w)
                if s >= 13:
                    dx, dy = pb[0] - pa[0], pb[1] - pa[1]
                    n = math.hypot(dx, dy) or 1.0
                    nx, ny = -dy / n * s * 0.13, dx / n * s * 0.13
                    steps = max(2, int(n / (s * 0.3)))
                    for k in range(steps):
                        t = (k + 0.5) / steps
                        x, y = pa[0] + dx * t, pa[1] + dy * t
                        pygame.draw.line(surf, theme.RAIL, (x - nx, y - ny), (x + nx, y + ny), 1)
        # fortifications: a toothed ring
        if s >= 9:
            for i in hexes:
                lvl = int(m.fort[i])
                if lvl > 0:
                    cx, cy = self.centres[i][0] * s - x0, self.centres[i][1] * s - y0
                    self._fort(surf, cx, cy, s, lvl)
        return surf

    def _texture(self, surf: pygame.Surface, i: int, cx: float, cy: float, s: float, fill: tuple[int, int, int]) -> None:
        m = self.map
        rule = m.terrain_rules[m.terrain_flat[i]]
        name = rule.name.lower()
        rnd = np.random.default_rng(i * 7919 + 17)  # decoration only: the same marks on every draw
        if not rule.passable or "lake" in name or "water" in name:
            c = theme.shade(fill, 1.18)
            for _ in range(3):
                x, y = cx + rnd.uniform(-0.5, 0.3) * s, cy + rnd.uniform(-0.5, 0.4) * s
                r = pygame.Rect(int(x), int(y), max(4, int(s * 0.4)), max(3, int(s * 0.18)))
                pygame.draw.arc(surf, c, r, 0.3, 2.8, 1)
        elif "mountain" in name:
            peaks = 1 if rnd.random() < 0.45 else 2
            for k in range(peaks):
                bx = cx + ((k - 0.5) * 0.55 if peaks == 2 else rnd.uniform(-0.15, 0.15)) * s
                by = cy + (0.3 if k == 0 else 0.1) * s
                hgt = s * rnd.uniform(0.55, 0.75)
                half = s * 0.36
                top = (bx, by - hgt)
                pygame.draw.polygon(surf, theme.shade(fill, 1.22), [(bx - half, by), top, (bx, by)])
                pygame.draw.polygon(surf, theme.shade(fill, 0.72), [(bx, by), top, (bx + half, by)])
                snow = 0.28
                pygame.draw.polygon(surf, (236, 232, 224), [(bx - half * snow, by - hgt * (1 - snow)), top, (bx + half * snow, by - hgt * (1 - snow))])
        elif "hill" in name:
            c = theme.shade(fill, 0.7)
            for k in range(1 if rnd.random() < 0.4 else 2):
                x = cx + (k - 0.5) * 0.6 * s + rnd.uniform(-0.1, 0.1) * s
                y = cy + (0.15 - 0.3 * k) * s + rnd.uniform(-0.1, 0.1) * s
                r = pygame.Rect(0, 0, int(s * 0.62), int(s * 0.44))
                r.center = (int(x), int(y))
                pygame.draw.arc(surf, theme.shade(fill, 1.15), r.move(-1, -1), 0.2, math.pi - 0.2, max(1, int(s / 14)))
                pygame.draw.arc(surf, c, r, 0.2, math.pi - 0.2, max(1, int(s / 14)))
        elif "wood" in name or "forest" in name:
            dark = theme.shade(fill, 0.68)
            light = theme.shade(fill, 1.2)
            for _ in range(7):
                a = rnd.uniform(0, 2 * math.pi)
                d = rnd.uniform(0, 0.58) * s
                x, y = cx + math.cos(a) * d, cy + math.sin(a) * d
                radius = s * rnd.uniform(0.13, 0.19)
                pygame.draw.circle(surf, dark, (x, y + radius * 0.3), radius)
                pygame.draw.circle(surf, light, (x - radius * 0.3, y - radius * 0.2), radius * 0.45)
        elif "marsh" in name or "swamp" in name:
            c = (70, 120, 150)
            t = (60, 110, 60)
            for _ in range(4):
                x, y = cx + rnd.uniform(-0.55, 0.45) * s, cy + rnd.uniform(-0.5, 0.5) * s
                pygame.draw.line(surf, c, (x, y), (x + 0.32 * s, y), 1)
                for k in range(3):
                    tx = x + 0.08 * s + k * 0.08 * s
                    pygame.draw.line(surf, t, (tx, y - 1), (tx + (k - 1) * 0.05 * s, y - 0.16 * s), 1)
        elif rule.urban or "city" in name or "town" in name:
            big = "city" in name
            n = 7 if big else 3
            ink = (92, 84, 80) if big else (120, 100, 84)
            roof = (150, 70, 60) if not big else (120, 112, 110)
            for _ in range(n):
                x, y = cx + rnd.uniform(-0.5, 0.35) * s, cy + rnd.uniform(-0.5, 0.35) * s
                w, h = rnd.uniform(0.14, 0.26) * s, rnd.uniform(0.12, 0.22) * s
                r = pygame.Rect(int(x), int(y), max(2, int(w)), max(2, int(h)))
                pygame.draw.rect(surf, roof, r)
                pygame.draw.rect(surf, ink, r, 1)
        else:  # open ground: a few field strokes
            c = theme.shade(fill, 0.92)
            for _ in range(2):
                x, y = cx + rnd.uniform(-0.5, 0.3) * s, cy + rnd.uniform(-0.4, 0.4) * s
                pygame.draw.line(surf, c, (x, y), (x + 0.25 * s, y + rnd.uniform(-0.05, 0.05) * s), 1)

    @staticmethod
    def _fort(surf: pygame.Surface, cx: float, cy: float, s: float, level: int) -> None:
        k = 0.66
        pts = [(cx + k * s * math.cos(math.radians(60 * j - 30)), cy + k * s * math.sin(math.radians(60 * j - 30))) for j in range(6)]
        width = 2 if level < 2 else 3
        pygame.draw.polygon(surf, theme.FORT, pts, width)
        for j in range(6):
            a, b = pts[j], pts[(j + 1) % 6]
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            dx, dy = mx - cx, my - cy
            n = math.hypot(dx, dy) or 1.0
            ux, uy = dx / n, dy / n
            tx, ty = -uy, ux
            t = s * 0.11
            pygame.draw.polygon(surf, theme.FORT, [(mx + tx * t, my + ty * t), (mx - tx * t, my - ty * t), (mx + ux * t * 1.6, my + uy * t * 1.6)])

    # --- per-frame drawing ---------------------------------------------------------------
    def draw(self, surface: pygame.Surface, camera: Camera, state: GameState | None = None, labels: bool = True) -> None:
        """Draw the map into the camera's viewport (clipped to it). With counters on top, pass
        ``labels=False`` and call :meth:`draw_labels` after them so names stay readable."""
        x, y, w, h = camera.viewport
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(x, y, w, h))
        surface.fill(theme.BG, pygame.Rect(x, y, w, h))
        s = camera.size
        dx, dy = camera.shift()
        ww, wh = world_size(self.map.width, self.map.height)
        tx0 = max(0, (x - dx) // TILE)
        ty0 = max(0, (y - dy) // TILE)
        tx1 = min(int(ww * s) // TILE, (x + w - dx) // TILE)
        ty1 = min(int(wh * s) // TILE, (y + h - dy) // TILE)
        for ty in range(ty0, ty1 + 1):
            for tx in range(tx0, tx1 + 1):
                surface.blit(self._tile(camera.zoom, s, tx, ty), (tx * TILE + dx, ty * TILE + dy))
        self.draw_dynamic(surface, camera, state, labels)
        surface.set_clip(clip)

    def draw_dynamic(self, surface: pygame.Surface, camera: Camera, state: GameState | None, labels: bool = True) -> None:
        m = self.map
        s = camera.size
        dx, dy = camera.shift()
        # objective hexes outlined in the colour of whoever holds them
        if state is not None:
            layout = camera.layout()
            for p in m.places:
                if not p.objective:
                    continue
                for i in p.hexes:
                    col = theme.control_colour(state.scenario, state.control[i])
                    pygame.draw.polygon(surface, col, layout.corners(m.hex_of(i)), 2 if s >= 13 else 1)
        # bridges
        for k, b in enumerate(m.bridges):
            intact = state.bridges_intact[k] if state is not None else b.intact
            self._bridge(surface, b.edge[0], b.edge[1], s, (dx, dy), intact)
        if labels:
            self.draw_labels(surface, camera, state)

    def draw_labels(self, surface: pygame.Surface, camera: Camera, state: GameState | None) -> None:
        """Objective stars and place names (drawn over the counters, at the hex's top and foot)."""
        m = self.map
        s = camera.size
        dx, dy = camera.shift()
        for p in m.places:
            if not p.hexes:
                continue
            px = sum(self.centres[i][0] for i in p.hexes) / len(p.hexes) * s + dx
            py = sum(self.centres[i][1] for i in p.hexes) / len(p.hexes) * s + dy
            if p.objective:
                col = theme.NEUTRAL
                if state is not None:
                    cs = {state.control[i] for i in p.hexes}
                    col = theme.control_colour(state.scenario, cs.pop() if len(cs) == 1 else 0)
                self._star(surface, px, py - 0.74 * s, max(4.0, s * 0.24), col)
            if (s >= 13 or p.kind == "city" or p.objective):
                big = p.kind == "city"
                size = int(max(13, min(30, s * (0.75 if big else 0.55))))
                key = (p.name, size)
                lab = self._labels.get(key)
                if lab is None:
                    lab = theme.halo_text(p.name if not big else p.name.upper(), size, (20, 18, 14), (250, 246, 230), bold=big)
                    self._labels[key] = lab
                surface.blit(lab, (px - lab.get_width() / 2, py + 0.56 * s))

    def _bridge(self, surface: pygame.Surface, a: int, b: int, s: float, shift: tuple[float, float], intact: bool) -> None:
        ax, ay = self.centres[a]
        bx, by = self.centres[b]
        mx, my = (ax + bx) / 2 * s + shift[0], (ay + by) / 2 * s + shift[1]
        ux, uy = (bx - ax), (by - ay)
        n = math.hypot(ux, uy) or 1.0
        ux, uy = ux / n, uy / n
        vx, vy = -uy, ux
        half_len = s * 0.34
        half_w = max(2.0, s * 0.12)
        p1 = (mx - ux * half_len + vx * half_w, my - uy * half_len + vy * half_w)
        p2 = (mx + ux * half_len + vx * half_w, my + uy * half_len + vy * half_w)
        p3 = (mx + ux * half_len - vx * half_w, my + uy * half_len - vy * half_w)
        p4 = (mx - ux * half_len - vx * half_w, my - uy * half_len - vy * half_w)
        if intact:
            pygame.draw.polygon(surface, (236, 226, 200), [p1, p2, p3, p4])
            pygame.draw.line(surface, (40, 30, 20), p1, p2, 2)
            pygame.draw.line(surface, (40, 30, 20), p4, p3, 2)
        else:
            # a broken span: two stubs and a red cross
            for t0, t1 in ((-1.0, -0.35), (0.35, 1.0)):
                q = [(mx + ux * half_len * t0 + vx * half_w, my + uy * half_len * t0 + vy * half_w),
                     (mx + ux * half_len * t1 + vx * half_w, my + uy * half_len * t1 + vy * half_w),
                     (mx + ux * half_len * t1 - vx * half_w, my + uy * half_len * t1 - vy * half_w),
                     (mx + ux * half_len * t0 - vx * half_w, my + uy * half_len * t0 - vy * half_w)]
                pygame.draw.polygon(surface, (120, 110, 100), q)
            r = max(3.0, s * 0.2)
            pygame.draw.line(surface, (220, 30, 30), (mx - r, my - r), (mx + r, my + r), max(2, int(s / 10)))
            pygame.draw.line(surface, (220, 30, 30), (mx - r, my + r), (mx + r, my - r), max(2, int(s / 10)))

    def draw_boats(self, surface: pygame.Surface, camera: Camera, state: GameState, only: str | None = None) -> None:
        """Boats gathered on river banks (drawn over the counters, at their lower left corner): a
        hull in the side's colour, hollow while they are being gathered, filled once ready. With
        ``only`` just that side's (fog of war)."""
        s = camera.size
        if not state.boats or s < 9:
            return
        need = state.scenario.rules.movement.crossing_prep_turns
        for (side, i), n in sorted(state.boats.items()):
            if only is not None and side != only:
                continue
            cx, cy = self.centre_px(i, camera)
            self._boat(surface, cx - 0.88 * s, cy + 0.5 * s, s, theme.side_palette(state.scenario, side)["dot"], n >= need)

    @staticmethod
    def _boat(surface: pygame.Surface, x: float, y: float, s: float, col: tuple[int, int, int], ready: bool) -> None:
        w, h = 0.62 * s, 0.24 * s
        hull = [(x - w / 2, y - h / 2), (x + w / 2, y - h / 2), (x + w / 3, y + h / 2), (x - w / 3, y + h / 2)]
        pygame.draw.polygon(surface, col if ready else (235, 235, 225), hull)
        pygame.draw.polygon(surface, (15, 15, 15), hull, 1)
        pygame.draw.line(surface, (15, 15, 15), (x, y - h / 2), (x, y - h / 2 - 0.36 * s), 2)  # the mast
        pygame.draw.polygon(surface, col, [(x + 1, y - h / 2 - 0.36 * s), (x + 1, y - h / 2 - 2), (x + 0.24 * s, y - h / 2 - 2)])

    @staticmethod
    def _star(surface: pygame.Surface, x: float, y: float, r: float, colour: tuple[int, int, int]) -> None:
        pts = []
        for k in range(10):
            rr = r if k % 2 == 0 else r * 0.45
            a = -math.pi / 2 + k * math.pi / 5
            pts.append((x + rr * math.cos(a), y + rr * math.sin(a)))
        pygame.draw.polygon(surface, colour, pts)
        pygame.draw.polygon(surface, (20, 20, 20), pts, 1)

    # --- overview (minimap) --------------------------------------------------------------
    def overview(self, max_w: int, max_h: int) -> tuple[pygame.Surface, float]:
        """The whole map scaled to fit ``max_w`` x ``max_h``; returns (surface, scale)."""
        ww, wh = world_size(self.map.width, self.map.height)
        s = min(max_w / ww, max_h / wh)
        if self._overview is None or self._overview.get_size() != (int(ww * s), int(wh * s)):
            self._overview = self.render_region(s, 0, 0, int(ww * s), int(wh * s), detail=False)
        return self._overview, s
