"""Small widgets: buttons and a scrollable log."""

from __future__ import annotations

from dataclasses import dataclass

from . import theme
from ._pygame import pygame


@dataclass
class Button:
    name: str
    label: str
    rect: pygame.Rect
    hint: str = ""
    enabled: bool = True
    active: bool = False

    def draw(self, surface: pygame.Surface, hover: bool) -> None:
        if not self.enabled:
            fill, ink = (52, 54, 60), (110, 110, 110)
        elif self.active:
            fill, ink = (150, 110, 40), theme.TEXT_BRIGHT
        elif hover:
            fill, ink = (84, 92, 108), theme.TEXT_BRIGHT
        else:
            fill, ink = (64, 70, 82), theme.TEXT
        pygame.draw.rect(surface, fill, self.rect, border_radius=5)
        pygame.draw.rect(surface, (20, 22, 26), self.rect, 1, border_radius=5)
        lab = theme.text(self.label, 20, ink, bold=True)
        if self.hint:
            hint = theme.text(self.hint, 15, theme.TEXT_DIM if self.enabled else (90, 90, 90))
            total = lab.get_width() + 6 + hint.get_width()
            x = self.rect.centerx - total // 2
            surface.blit(lab, (x, self.rect.centery - lab.get_height() // 2))
            surface.blit(hint, (x + lab.get_width() + 6, self.rect.centery - hint.get_height() // 2 + 1))
        else:
            surface.blit(lab, lab.get_rect(center=self.rect.center))


LOG_COLOURS = {
    "combat": (240, 200, 120),
    "destroyed": (240, 100, 90),
    "trapped": (240, 100, 90),
    "rout": (240, 150, 90),
    "retreat": (220, 190, 140),
    "capture": (255, 230, 90),
    "bridge": (130, 180, 255),
    "order": (180, 220, 255),
    "message": (200, 220, 200),
    "turn": (255, 255, 255),
    "end": (255, 230, 90),
    "arrival": (170, 220, 170),
    "exit": (200, 200, 240),
    "info": (170, 170, 170),
    "advance": (220, 200, 160),
}


class LogPanel:
    """A scrollable list of (kind, text) lines; new lines keep it at the bottom unless scrolled."""

    def __init__(self, entries: list[tuple[str, str]] | None = None) -> None:
        self.entries: list[tuple[str, str]] = list(entries or [])
        self.scroll = 0  # lines up from the bottom
        self._wrapped: list[tuple[str, str]] = []
        self._wrapped_for = (-1, -1)
        self.font_size = 17

    def add(self, kind: str, text: str) -> None:
        self.entries.append((kind, text))
        self.added(1)

    def added(self, n: int) -> None:
        """``n`` lines were appended to ``entries``: a scrolled view stays on the lines it shows."""
        if self.scroll:
            self.scroll += n

    def truncate(self, n: int) -> None:
        del self.entries[n:]
        self.scroll = 0

    def _lines(self, width: int) -> list[tuple[str, str]]:
        if self._wrapped_for != (len(self.entries), width):
            out: list[tuple[str, str]] = []
            indent = theme.font(self.font_size).size("  ")[0]  # the continuation lines' indent
            for kind, txt in self.entries:
                for k, line in enumerate(theme.wrap(txt, self.font_size, width - indent - 6)):
                    out.append((kind, line if k == 0 else "  " + line))
            self._wrapped = out
            self._wrapped_for = (len(self.entries), width)
        return self._wrapped

    def on_wheel(self, dy: int, rect: pygame.Rect) -> None:
        lines = self._lines(rect.w - 16)
        visible = max(1, (rect.h - 30) // 16)
        self.scroll = max(0, min(max(0, len(lines) - visible), self.scroll + dy * 3))

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, title: str = "Battle log") -> None:
        theme.panel(surface, rect, theme.PANEL_DARK)
        surface.blit(theme.text(title, 18, theme.ACCENT, bold=True), (rect.x + 8, rect.y + 6))
        if self.scroll:
            t = theme.text(f"scrolled {self.scroll} lines (wheel)", 14, theme.TEXT_DIM)
            surface.blit(t, (rect.right - t.get_width() - 8, rect.y + 8))
        lines = self._lines(rect.w - 16)
        lh = 16
        visible = max(1, (rect.h - 30) // lh)
        end = len(lines) - self.scroll
        start = max(0, end - visible)
        y = rect.y + 26
        clip = surface.get_clip()
        surface.set_clip(rect.inflate(-4, -4))
        for kind, line in lines[start:end]:
            surface.blit(theme.text(line, self.font_size, LOG_COLOURS.get(kind, theme.TEXT)), (rect.x + 8, y))
            y += lh
        surface.set_clip(clip)
        if len(lines) > visible:
            frac = visible / len(lines)
            bar_h = max(16, int((rect.h - 32) * frac))
            pos = (start / max(1, len(lines) - visible)) * (rect.h - 32 - bar_h)
            pygame.draw.rect(surface, (90, 96, 110), (rect.right - 6, rect.y + 28 + pos, 3, bar_h), border_radius=2)
