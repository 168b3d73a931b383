"""Text that fits its box: lines that wrap or shrink, never run past an edge.

Everything is measured with the font :func:`.theme.font` gives, so the helpers keep working
whatever font the theme loads. A :class:`Column` writes lines down a panel and remembers any
line that did not fit (``overflow``), which the tests read.
"""

from __future__ import annotations

from . import theme
from ._pygame import pygame

MIN_SIZE = 11  # the smallest size text is shrunk to


def width_of(s: str, size: int, bold: bool = False) -> int:
    return int(theme.font(size, bold).size(s)[0])


def fit_size(s: str, size: int, width: int, bold: bool = False, min_size: int = MIN_SIZE) -> int:
    """The largest size from ``size`` down to ``min_size`` at which ``s`` is at most ``width`` wide
    (``min_size`` if none is)."""
    while size > min_size and width_of(s, size, bold) > width:
        size -= 1
    return size


class Column:
    """Lines written down ``rect`` from its top, ``pad`` pixels in from each side. With
    ``surface`` None it only measures (to choose a size that fits before drawing)."""

    def __init__(self, surface: pygame.Surface | None, rect: pygame.Rect, pad: int = 10, top: int | None = None) -> None:
        self.surface = surface
        self.rect = rect
        self.x = rect.x + pad
        self.width = rect.w - 2 * pad
        self.y = rect.y + (pad if top is None else top)
        self.bottom = rect.bottom
        self.overflow: list[str] = []  # lines that did not fit, whole or in part
        self.lines: list[str] = []  # every line written

    def room(self, h: int) -> bool:
        return self.y + h <= self.bottom

    def _put(self, s: str, size: int, colour: tuple[int, ...], bold: bool, x: int, step: int) -> None:
        surf = theme.text(s, size, colour, bold)
        self.lines.append(s)
        if x + surf.get_width() > self.rect.right or self.y + surf.get_height() > self.bottom + 2:
            self.overflow.append(s)
        if self.surface is not None:
            self.surface.blit(surf, (x, self.y))
        self.y += step

    def wrap(self, s: str, size: int, colour: tuple[int, ...] = theme.TEXT, bold: bool = False, indent: int = 0,
             step: int | None = None, max_lines: int | None = None) -> int:
        """Write ``s`` wrapped to the width; with ``max_lines`` the text shrinks until it fits in
        so many lines. Returns the number of lines."""
        width = self.width - indent
        lines = theme.wrap(s, size, width, bold)
        while max_lines is not None and len(lines) > max_lines and size > MIN_SIZE:
            size -= 1
            lines = theme.wrap(s, size, width, bold)
        for line in lines:
            self._put(line, size, colour, bold, self.x + indent, step or size - 1)
        return len(lines)

    def fit(self, s: str, size: int, colour: tuple[int, ...] = theme.TEXT, bold: bool = False, indent: int = 0,
            step: int | None = None, width: int | None = None) -> int:
        """Write ``s`` on one line, shrunk to fit (wrapped if even the smallest size is too wide).
        Returns the size used."""
        w = (self.width - indent) if width is None else width
        size = fit_size(s, size, w, bold)
        if width_of(s, size, bold) > w:
            self.wrap(s, size, colour, bold, indent, step)
            return size
        self._put(s, size, colour, bold, self.x + indent, step or size - 1)
        return size

    def gap(self, h: int) -> None:
        self.y += h


def fitted(s: str, size: int, width: int, colour: tuple[int, ...] = theme.TEXT, bold: bool = False) -> pygame.Surface:
    """``s`` rendered on one line at the largest size (down to :data:`MIN_SIZE`) that fits ``width``."""
    return theme.text(s, fit_size(s, size, width, bold), colour, bold)
