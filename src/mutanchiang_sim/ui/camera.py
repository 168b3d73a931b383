"""The camera: which part of the map a viewport shows, at which zoom (no drawing here).

World coordinates are in *hex-size units*: a point ``(wx, wy)`` sits at world pixel
``(wx * s, wy * s)`` when hexes have size ``s`` pixels (centre to corner). The camera keeps the
world point at the viewport's centre, so zooming needs no conversion. ``layout()`` gives the
core :class:`~mutanchiang_sim.core.hexgrid.Layout` that maps hexes to *screen* pixels.

The map editor reuses this class unchanged: build one per viewport and call ``layout()``.
"""

from __future__ import annotations

import math

from ..core.hexgrid import POINTY, Layout

SQRT3 = math.sqrt(3.0)
ZOOM_SIZES: tuple[int, ...] = (7, 10, 13, 17, 22, 28, 36, 46, 58)
MARGIN = 0.6  # hex-size units of empty border around the map


def world_origin() -> tuple[float, float]:
    """Where hex (0, 0) sits in world units (so the map starts at (0, 0) plus a margin)."""
    return (SQRT3 / 2.0 + MARGIN, 1.0 + MARGIN)


def world_size(width: int, height: int) -> tuple[float, float]:
    """The map's extent in world units (hexes ``width`` x ``height``, odd-r offset)."""
    return (SQRT3 * (width + 0.5) + 2 * MARGIN, 1.5 * height + 0.5 + 2 * MARGIN)


class Camera:
    """Zoom level and centre over a map of ``width`` x ``height`` hexes, for a viewport rect."""

    def __init__(self, width: int, height: int, viewport: tuple[int, int, int, int], zoom: int = 5) -> None:
        self.map_w, self.map_h = width, height
        self.viewport = viewport  # x, y, w, h on screen
        self.zoom = max(0, min(len(ZOOM_SIZES) - 1, zoom))
        ww, wh = world_size(width, height)
        self.cx, self.cy = ww / 2, wh / 2
        self.version = 0  # bumped on every change, for caches

    @property
    def size(self) -> int:
        return ZOOM_SIZES[self.zoom]

    def shift(self) -> tuple[int, int]:
        """Integer screen offset of world pixel (0, 0)."""
        x, y, w, h = self.viewport
        s = self.size
        return (round(x + w / 2 - self.cx * s), round(y + h / 2 - self.cy * s))

    def layout(self) -> Layout:
        s = self.size
        dx, dy = self.shift()
        ox, oy = world_origin()
        return Layout(POINTY, (float(s), float(s)), (ox * s + dx, oy * s + dy))

    def world_layout(self) -> Layout:
        """The layout in world pixels of the current zoom (for tile rendering)."""
        s = self.size
        ox, oy = world_origin()
        return Layout(POINTY, (float(s), float(s)), (ox * s, oy * s))

    def screen_to_world(self, px: float, py: float) -> tuple[float, float]:
        dx, dy = self.shift()
        s = self.size
        return ((px - dx) / s, (py - dy) / s)

    def world_to_screen(self, wx: float, wy: float) -> tuple[float, float]:
        dx, dy = self.shift()
        s = self.size
        return (wx * s + dx, wy * s + dy)

    def clamp(self) -> None:
        """Keep the map on screen: centred when it fits, else no more than a hex of slack."""
        ww, wh = world_size(self.map_w, self.map_h)
        _, _, w, h = self.viewport
        s = self.size
        for attr, extent, view in (("cx", ww, w / s), ("cy", wh, h / s)):
            if extent <= view:
                setattr(self, attr, extent / 2)
            else:
                lo, hi = view / 2 - 1.5, extent - view / 2 + 1.5
                setattr(self, attr, min(max(getattr(self, attr), lo), hi))
        self.version += 1

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Move the view so the map slides by ``(dx, dy)`` screen pixels."""
        s = self.size
        self.cx -= dx / s
        self.cy -= dy / s
        self.clamp()

    def zoom_at(self, steps: int, px: float | None = None, py: float | None = None) -> None:
        """Zoom in (steps > 0) or out keeping the world point under ``(px, py)`` still."""
        x, y, w, h = self.viewport
        if px is None or py is None:
            px, py = x + w / 2, y + h / 2
        wx, wy = self.screen_to_world(px, py)
        self.zoom = max(0, min(len(ZOOM_SIZES) - 1, self.zoom + steps))
        s = self.size
        # keep (wx, wy) under the pointer: px = wx*s + x + w/2 - cx*s
        self.cx = wx - (px - x - w / 2) / s
        self.cy = wy - (py - y - h / 2) / s
        self.clamp()

    def center_on_world(self, wx: float, wy: float) -> None:
        self.cx, self.cy = wx, wy
        self.clamp()

    def center_on_hex(self, col: int, row: int) -> None:
        ox, oy = world_origin()
        self.center_on_world(ox + SQRT3 * (col + 0.5 * (row & 1)), oy + 1.5 * row)

    def fit(self, width_px: int, height_px: int) -> None:
        """The largest zoom at which the whole map fits ``width_px`` x ``height_px``."""
        ww, wh = world_size(self.map_w, self.map_h)
        best = 0
        for k, s in enumerate(ZOOM_SIZES):
            if ww * s <= width_px and wh * s <= height_px:
                best = k
        self.zoom = best
        self.cx, self.cy = ww / 2, wh / 2
        self.clamp()

    def visible_world_rect(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the viewport in world units."""
        x, y, w, h = self.viewport
        x0, y0 = self.screen_to_world(x, y)
        x1, y1 = self.screen_to_world(x + w, y + h)
        return (x0, y0, x1, y1)
