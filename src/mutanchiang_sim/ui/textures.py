"""Terrain textures: an image tiled over every hex of a terrain type.

A terrain type's image is the file its scenario names (``rules.terrain.<code>.texture``, a path
the scenario loader has resolved and checked), else the bundled ``assets/textures/<name>.png``
matching its name (``flat``, ``hills``, ... ; ``rolling-wooded`` also serves "forest"), else none:
the hex keeps its flat colour. The tiles are laid in world coordinates, one image across
``TEXTURE_HEXES`` hex widths at every zoom, so neighbouring map tiles meet without a seam.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import assets
from ._pygame import pygame
from .camera import SQRT3

if TYPE_CHECKING:
    from ..core.rules.coefficients import TerrainRule

TEXTURE_HEXES = 2.0
# other words for the bundled textures' terrain names
ALIASES = {"forest": "rolling-wooded", "wood": "rolling-wooded", "clear": "flat", "swamp": "marsh",
           "mountain": "mountains", "hill": "hills", "water": "lake", "urban": "town"}

_warned: set[str] = set()


def bundled_name(rule: TerrainRule) -> str | None:
    """The bundled texture for a terrain type, by its name (None if none fits)."""
    low = rule.name.lower()
    if low in assets.TEXTURES:
        return low
    for word, name in ALIASES.items():
        if word in low:
            return name
    for name in assets.TEXTURES:
        if name in low:
            return name
    return None


def load_texture(path: Path) -> pygame.Surface | None:
    """An image file as a surface, or None with one warning a file if it cannot be read."""
    try:
        surf = pygame.image.load(str(path))
    except (OSError, pygame.error) as e:
        if str(path) not in _warned:
            _warned.add(str(path))
            warnings.warn(f"mutanchiang: cannot load the texture {path} ({e}); the terrain keeps its colour",
                          RuntimeWarning, stacklevel=2)
        return None
    rgba = pygame.Surface(surf.get_size(), pygame.SRCALPHA)  # any depth in, 32 bits out
    rgba.blit(surf, (0, 0))
    return rgba


class TerrainTextures:
    """The texture of each terrain code of a map, scaled once per zoom."""

    def __init__(self, rules: Sequence[TerrainRule]) -> None:
        self.sources: list[pygame.Surface | None] = []
        for rule in rules:
            if rule.texture:
                self.sources.append(load_texture(Path(rule.texture)))
            else:
                name = bundled_name(rule)
                self.sources.append(assets.image(f"textures/{name}.png") if name else None)
        self._scaled: dict[tuple[int, int], pygame.Surface] = {}

    def has(self, code: int) -> bool:
        return self.sources[code] is not None

    def scaled(self, code: int, s: float) -> pygame.Surface | None:
        src = self.sources[code]
        if src is None:
            return None
        side = max(8, round(TEXTURE_HEXES * SQRT3 * s))
        key = (code, side)
        surf = self._scaled.get(key)
        if surf is None:
            if len(self._scaled) > 64:
                self._scaled.clear()
            surf = pygame.transform.smoothscale(src, (side, side))
            self._scaled[key] = surf
        return surf

    def paint(self, surf: pygame.Surface, code: int, s: float, x0: float, y0: float,
              polygons: list[list[tuple[float, float]]]) -> None:
        """Tile terrain ``code``'s texture over ``polygons`` (pixels of ``surf``, whose top left
        is world pixel ``(x0, y0)`` at hex size ``s``)."""
        tex = self.scaled(code, s)
        if tex is None or not polygons:
            return
        w, h = surf.get_size()
        mask = pygame.Surface((w, h), pygame.SRCALPHA)
        for pts in polygons:
            pygame.draw.polygon(mask, (255, 255, 255, 255), pts)
        layer = pygame.Surface((w, h), pygame.SRCALPHA)
        side = tex.get_width()
        start_x = -int(x0 % side)
        start_y = -int(y0 % side)
        for ty in range(start_y, h, side):
            for tx in range(start_x, w, side):
                layer.blit(tex, (tx, ty))
        layer.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        surf.blit(layer, (0, 0))
