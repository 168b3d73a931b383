"""Colours, fonts and small drawing helpers shared by every screen."""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import assets
from ._pygame import pygame

if TYPE_CHECKING:
    from ..core.scenario_def import Scenario

# --- palette ---------------------------------------------------------------------------------
BG = (34, 38, 44)
PANEL = (44, 48, 56)
PANEL_DARK = (30, 33, 39)
PANEL_EDGE = (82, 88, 100)
TEXT = (232, 228, 214)
TEXT_DIM = (160, 160, 150)
TEXT_BRIGHT = (255, 252, 240)
ACCENT = (226, 180, 76)
GOOD = (120, 200, 120)
BAD = (232, 96, 80)

# A side's colours come from its scenario (``sides.<id>.colour``): see side_palette.
DEFAULT_SIDE_COLOURS = ("#b2342a", "#c4aa3e")
NEUTRAL = (240, 240, 240)


@lru_cache(maxsize=64)
def palette(colour: str) -> dict[str, tuple[int, int, int]]:
    """A side's colours from its one ``#rrggbb``: the counter (``bg``), its symbol box and ink,
    the text on it (light on a dark colour, dark on a light one), and ``dot``, a brighter tone
    for what it holds on the map (hex outlines, stars, minimap dots, boats)."""
    c = colour.lstrip("#")
    bg = (int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)) if len(c) == 6 else (128, 128, 128)
    light = 0.299 * bg[0] + 0.587 * bg[1] + 0.114 * bg[2] > 150
    box = tuple(int(0.9 * a + 0.1 * b) for a, b in zip((244, 234, 200), bg, strict=True))
    return {
        "bg": bg,
        "box": (box[0], box[1], box[2]),
        "ink": (30, 26, 16),
        "text": (30, 28, 12) if light else (255, 246, 230),
        "dot": shade(bg, 1.2),
        "bright": mix(shade(bg, 1.2), (255, 255, 255), 0.35),
    }


def side_palette(scenario: Scenario, side: str) -> dict[str, tuple[int, int, int]]:
    """The colours of ``side`` in ``scenario`` (a default for a side it does not declare)."""
    spec = scenario.sides.get(side)
    if spec is not None and spec.colour:
        return palette(spec.colour)
    ids = list(scenario.sides)
    return palette(DEFAULT_SIDE_COLOURS[ids.index(side) % 2 if side in ids else 0])


def control_colour(scenario: Scenario, code: int) -> tuple[int, int, int]:
    """The colour of a hex held with control mark ``code`` (neutral for nobody's)."""
    side = scenario.side_of_code(code)
    return side_palette(scenario, side)["dot"] if side is not None else NEUTRAL


def side_name(scenario: Scenario, side: str) -> str:
    """``side``'s label in ``scenario`` ("Soviet")."""
    return scenario.side_label(side)

# Terrain fills by terrain *name* (scenario files may use their own codes).
TERRAIN_FILL = {
    "flat": (206, 206, 156),
    "clear": (206, 206, 156),
    "rolling-wooded": (132, 164, 96),
    "forest": (118, 152, 88),
    "wooded": (132, 164, 96),
    "hills": (196, 176, 124),
    "mountains": (156, 132, 102),
    "marsh": (168, 190, 164),
    "city": (176, 168, 160),
    "town": (198, 188, 164),
    "lake": (112, 160, 208),
    "water": (112, 160, 208),
}
RIVER = (58, 112, 196)
RIVER_DARK = (36, 74, 150)
ROAD = (150, 84, 36)
ROAD_EDGE = (236, 214, 150)
RAIL = (28, 28, 28)
GRID = (0, 0, 0, 38)
FORT = (90, 52, 30)
REACH = (255, 255, 255, 70)
REACH_EDGE = (255, 255, 255)
PATH = (255, 230, 90)
TARGET = (255, 80, 60)


def terrain_fill(name: str, code: str, passable: bool = True, urban: bool = False) -> tuple[int, int, int]:
    if name in TERRAIN_FILL:
        return TERRAIN_FILL[name]
    low = name.lower()
    for key, col in TERRAIN_FILL.items():
        if key in low:
            return col
    if not passable:
        return TERRAIN_FILL["lake"]
    if urban:
        return TERRAIN_FILL["town"]
    h = sum(ord(c) for c in code) * 37
    return (150 + h % 60, 150 + (h // 7) % 60, 120 + (h // 13) % 50)


def shade(col: tuple[int, ...], f: float) -> tuple[int, int, int]:
    """``col`` times ``f`` (darker below 1, lighter above), clamped."""
    return (min(255, max(0, int(col[0] * f))), min(255, max(0, int(col[1] * f))), min(255, max(0, int(col[2] * f))))


def mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, int, int]:
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


# --- fonts and text --------------------------------------------------------------------------
# The bundled DejaVu faces (assets/fonts/). Sizes across the screens were first written for
# pygame's default font; the bundled face at this fraction of a requested size sets a line about
# as wide as that one did (fitted by measuring both), so every layout keeps its room.
FONT_SCALE = 0.62
_font_fallback_warned = False


def font_file(bold: bool = False, condensed: bool = False) -> Path:
    """The bundled font file for a face: ``condensed`` (bold, narrow, for counters), bold or regular."""
    face = "condensed" if condensed else "bold" if bold else "regular"
    return assets.asset(assets.FONTS[face])


@lru_cache(maxsize=96)
def font(size: int, bold: bool = False, condensed: bool = False) -> pygame.font.Font:
    """The bundled font at ``size`` (in the units the screens use); pygame's default font, with
    one warning for the whole session, if the file is missing or unreadable."""
    global _font_fallback_warned
    if not pygame.font.get_init():
        pygame.font.init()
    path = font_file(bold, condensed)
    try:
        return pygame.font.Font(str(path), max(7, round(size * FONT_SCALE)))
    except (OSError, pygame.error) as e:
        if not _font_fallback_warned:
            _font_fallback_warned = True
            warnings.warn(f"mutanchiang: cannot load the font {path} ({e}); using pygame's default font",
                          RuntimeWarning, stacklevel=2)
    f = pygame.font.Font(None, max(6, int(size)))
    f.set_bold(bold or condensed)
    return f


_TEXT_CACHE: dict[tuple[Any, ...], pygame.Surface] = {}


def text(s: str, size: int, colour: tuple[int, ...] = TEXT, bold: bool = False, condensed: bool = False) -> pygame.Surface:
    """A rendered line of text (cached)."""
    key = (s, size, colour, bold, condensed)
    surf = _TEXT_CACHE.get(key)
    if surf is None:
        if len(_TEXT_CACHE) > 4000:
            _TEXT_CACHE.clear()
        surf = font(size, bold, condensed).render(s, True, colour)
        _TEXT_CACHE[key] = surf
    return surf


def halo_text(s: str, size: int, colour: tuple[int, ...], halo: tuple[int, ...], bold: bool = False) -> pygame.Surface:
    """Text with a one-pixel outline, readable over any terrain (cached)."""
    key = ("halo", s, size, colour, halo, bold)
    surf = _TEXT_CACHE.get(key)
    if surf is None:
        fg = font(size, bold).render(s, True, colour)
        bg = font(size, bold).render(s, True, halo)
        w, h = fg.get_width() + 2, fg.get_height() + 2
        surf = pygame.Surface((w, h), pygame.SRCALPHA)
        for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
            surf.blit(bg, (dx, dy))
        surf.blit(fg, (1, 1))
        _TEXT_CACHE[key] = surf
    return surf


def reset_caches() -> None:
    """Forget fonts and rendered text (needed after ``pygame.quit()``; the App calls it)."""
    font.cache_clear()
    _TEXT_CACHE.clear()
    assets.reset_caches()


def wrap(s: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Split ``s`` into lines no wider than ``width`` pixels (measured in the face it is drawn
    in); a word too long for a line is cut into pieces that fit (so nothing runs past the edge)."""
    f = font(size, bold)
    lines: list[str] = []
    cur = ""
    for word in s.split():
        while f.size(word)[0] > width and len(word) > 1:  # a word wider than the line
            k = len(word) - 1
            while k > 1 and f.size(word[:k])[0] > width:
                k -= 1
            if cur:
                lines.append(cur)
                cur = ""
            lines.append(word[:k])
            word = word[k:]
        cand = f"{cur} {word}" if cur else word
        if f.size(cand)[0] <= width or not cur:
            cur = cand
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines or [""]


def panel(surface: pygame.Surface, rect: pygame.Rect, fill: tuple[int, ...] = PANEL, edge: tuple[int, ...] = PANEL_EDGE, radius: int = 6, alpha: int = 255) -> None:
    if alpha < 255:
        s = pygame.Surface(rect.size, pygame.SRCALPHA)
        pygame.draw.rect(s, (*fill[:3], alpha), s.get_rect(), border_radius=radius)
        surface.blit(s, rect.topleft)
    else:
        pygame.draw.rect(surface, fill, rect, border_radius=radius)
    pygame.draw.rect(surface, edge, rect, 1, border_radius=radius)


def fmt_men(n: int) -> str:
    if n >= 10000:
        return f"{n / 1000:.0f}k"
    if n >= 1000:
        return f"{n / 1000:.1f}k"
    return str(n)
