"""Unit counters: NATO-style symbols by kind and size, side colours, strength and status marks.

``symbol_of(kind)`` maps a scenario's unit kind to a symbol; ``CounterPainter.counter()`` returns a
cached surface for a unit at a given hex size; ``draw_units`` places every stack on the map.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import assets, theme
from ._pygame import pygame
from .camera import Camera

if TYPE_CHECKING:
    from ..core.scenario_def import SideSpec
    from ..core.state import GameState
    from ..core.units import Unit
    from .map_view import MapView

MARK_IMAGE_MIN = 8  # size marks lower than this many pixels are drawn in lines
SIZE_MARKS = {"battalion": "II", "regiment": "III", "brigade": "X", "division": "XX", "corps": "XXX", "army": "XXXX"}


def symbol_of(kind: str) -> str:
    """The NATO symbol family of a unit kind (``infantry``, ``armour``, ``mech`` ...)."""
    k = kind.lower()
    if "train" in k:
        return "train"
    if "rocket" in k:
        return "rocket"
    if "anti_tank" in k or "antitank" in k:
        return "antitank"
    if "artillery" in k or "gun" in k:
        return "artillery"
    if "mechani" in k or "motor" in k:
        return "mech"
    if "armoured_car" in k or "recon" in k:
        return "recce"
    if "cavalry" in k:
        return "cavalry"
    if "headquarters" in k or k == "hq" or k.endswith("_hq") or k.startswith("hq_"):
        return "hq"
    if "tank" in k or "armour" in k or "armor" in k:
        return "armour"
    if "engineer" in k or "sapper" in k:
        return "engineer"
    if "border" in k:
        return "border"
    if "fortified" in k:
        return "fortified"
    return "infantry"


SYMBOL_NAMES = {
    "infantry": "infantry", "armour": "armour", "mech": "mechanised infantry", "artillery": "artillery",
    "rocket": "rocket artillery", "antitank": "anti-tank", "engineer": "engineers", "train": "armoured train",
    "recce": "armoured reconnaissance", "cavalry": "cavalry", "hq": "headquarters", "border": "border guard", "fortified": "fortified region",
}


_INKED: dict[tuple[str, int, int, tuple[int, int, int]], pygame.Surface] = {}


def inked(rel: str, size: tuple[int, int], ink: tuple[int, int, int]) -> pygame.Surface | None:
    """The bundled white-on-clear image ``rel`` scaled to ``size`` and tinted ``ink`` (cached);
    None if the file cannot be loaded (``assets.image`` has warned)."""
    key = (rel, size[0], size[1], ink)
    surf = _INKED.get(key)
    if surf is None:
        src = assets.image(rel)
        if src is None:
            return None
        if len(_INKED) > 2000:
            _INKED.clear()
        surf = pygame.transform.smoothscale(src, (max(1, size[0]), max(1, size[1])))
        surf.fill((*ink, 255), special_flags=pygame.BLEND_RGBA_MULT)
        _INKED[key] = surf
    return surf


def draw_symbol(surf: pygame.Surface, box: pygame.Rect, sym: str, ink: tuple[int, int, int], fill: tuple[int, int, int]) -> None:
    """Draw the NATO symbol ``sym`` (``assets/symbols/<sym>.png``) inside ``box``, the frame included."""
    pygame.draw.rect(surf, fill, box)
    mark = inked(f"symbols/{sym}.png", box.size, ink)
    if mark is not None:
        surf.blit(mark, box.topleft)
    pygame.draw.rect(surf, ink, box, 1)


def draw_size_mark(surf: pygame.Surface, cx: int, top: int, h: int, size: str, ink: tuple[int, int, int]) -> None:
    """The size mark (``II`` ... ``XXXX``, ``assets/symbols/size-<size>.png``) centred on ``cx``."""
    if size not in SIZE_MARKS:
        return
    src = assets.image(f"symbols/size-{size}.png")
    if src is None or h < MARK_IMAGE_MIN:
        _size_mark_lines(surf, cx, top, h, SIZE_MARKS[size], ink)
        return
    w = max(1, round(src.get_width() * h / src.get_height()))
    mark = inked(f"symbols/size-{size}.png", (w, h), ink)
    if mark is not None:
        surf.blit(mark, (cx - w // 2, top))


def _size_mark_lines(surf: pygame.Surface, cx: int, top: int, h: int, mark: str, ink: tuple[int, int, int]) -> None:
    """A size mark in one-pixel lines: crisper than the scaled image when it is only a few pixels high."""
    w = max(2, h // 2 + 1)
    gap = max(1, h // 4)
    widths = [w if c == "X" else 1 for c in mark]
    x = cx - (sum(widths) + gap * (len(mark) - 1)) // 2
    for c, cw in zip(mark, widths, strict=True):
        if c == "X":
            pygame.draw.line(surf, ink, (x, top), (x + cw, top + h), 1)
            pygame.draw.line(surf, ink, (x, top + h), (x + cw, top), 1)
        else:
            pygame.draw.line(surf, ink, (x, top), (x, top + h), 1)
        x += cw + gap


class CounterPainter:
    """Builds and caches counter surfaces."""

    def __init__(self, sides: Mapping[str, SideSpec] | None = None) -> None:
        self._cache: dict[tuple[object, ...], pygame.Surface] = {}
        self.sides: Mapping[str, SideSpec] = sides or {}  # whose colours the counters wear

    def _colour(self, side: str) -> str:
        spec = self.sides.get(side)
        if spec is not None and spec.colour:
            return spec.colour
        ids = list(self.sides)
        return theme.DEFAULT_SIDE_COLOURS[ids.index(side) % 2 if side in ids else 0]

    @staticmethod
    def dims(s: int) -> tuple[int, int]:
        return (max(8, int(s * 1.5)), max(6, int(s * 1.22)))

    def counter(self, u: Unit, s: int, spent: bool = False) -> pygame.Surface:
        w, h = self.dims(s)
        share = u.men / u.men_start if u.men_start else 1.0
        key = (u.kind, u.size, u.side, self._colour(u.side), theme.fmt_men(u.men), u.tanks, u.in_supply, u.entrenchment, u.disrupted,
               spent, int(share * 20), w, h, u.status)
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) > 3000:
                self._cache.clear()
            surf = self._paint(u, w, h, share, spent)
            self._cache[key] = surf
        return surf

    def _paint(self, u: Unit, w: int, h: int, share: float, spent: bool) -> pygame.Surface:
        c = theme.palette(self._colour(u.side))
        surf = pygame.Surface((w + 2, h + 2), pygame.SRCALPHA)
        body = pygame.Rect(0, 0, w, h)
        # drop shadow
        pygame.draw.rect(surf, (0, 0, 0, 110), body.move(2, 2), border_radius=max(1, h // 8))
        pygame.draw.rect(surf, c["bg"], body, border_radius=max(1, h // 8))
        # a lighter top edge for a die-cut look
        pygame.draw.line(surf, theme.shade(c["bg"], 1.25), (2, 1), (w - 3, 1))
        sym = symbol_of(u.kind)
        if h < 14:
            box = pygame.Rect(int(w * 0.2), int(h * 0.2), max(4, int(w * 0.6)), max(3, int(h * 0.6)))
            draw_symbol(surf, box, sym, c["ink"], c["box"])
        else:
            mark_h = max(4, int(h * 0.14))
            draw_size_mark(surf, w // 2, max(1, int(h * 0.05)), mark_h, u.size, c["text"])
            box_h = int(h * 0.38)
            box_w = min(int(w * 0.6), int(box_h * 1.5))  # a NATO frame is 3:2
            box = pygame.Rect((w - box_w) // 2, int(h * 0.22), box_w, box_h)
            draw_symbol(surf, box, sym, c["ink"], c["box"])
            fs = max(11, int(h * 0.44))
            men = theme.text(theme.fmt_men(u.men), fs, c["text"], condensed=True)
            if u.tanks > 0:
                tank = theme.text(str(u.tanks), fs, (255, 255, 255), condensed=True)
                chip = pygame.Rect(0, 0, tank.get_width() + 4, tank.get_height() - 2)
                chip.bottomright = (w - 2, h - 3)
                pygame.draw.rect(surf, (40, 44, 40), chip, border_radius=2)
                surf.blit(tank, (chip.x + 2, chip.y - 1))
                surf.blit(men, (3, h - 3 - men.get_height() + 1))
            else:
                surf.blit(men, ((w - men.get_width()) // 2, h - 3 - men.get_height() + 1))
            # strength bar along the bottom edge
            bar_w = int((w - 4) * max(0.0, min(1.0, share)))
            colour = (90, 200, 90) if share > 0.66 else (230, 200, 60) if share > 0.33 else (230, 70, 60)
            pygame.draw.rect(surf, (20, 20, 20), (2, h - 3, w - 4, 2))
            pygame.draw.rect(surf, colour, (2, h - 3, bar_w, 2))
            r = max(3, h // 7)
            # status marks: out of supply (top left), disrupted (below it), entrenchment (top right)
            if not u.in_supply:
                pygame.draw.circle(surf, (250, 250, 250), (r + 1, r + 1), r)
                pygame.draw.circle(surf, (210, 20, 20), (r + 1, r + 1), r, max(1, r // 3))
                pygame.draw.line(surf, (210, 20, 20), (2, 2 * r), (2 * r, 2), max(1, r // 3))
            if u.disrupted:
                d = theme.text("D", max(9, int(h * 0.3)), (255, 255, 255), bold=True)
                chip = pygame.Rect(1, 2 * r + 2, d.get_width() + 3, d.get_height() - 2)
                pygame.draw.rect(surf, (230, 110, 20), chip, border_radius=2)
                surf.blit(d, (chip.x + 2, chip.y - 1))
            if u.entrenchment > 0:
                tw = max(4, int(w * 0.07))
                for k in range(min(3, u.entrenchment)):
                    x = w - 3 - (k + 1) * (tw + 1)
                    pygame.draw.lines(surf, (60, 36, 16), False, [(x, 2), (x, 2 + tw), (x + tw, 2 + tw), (x + tw, 2)], 2)
        pygame.draw.rect(surf, (16, 14, 12), body, 1, border_radius=max(1, h // 8))
        if spent:
            dim = pygame.Surface((w, h), pygame.SRCALPHA)
            pygame.draw.rect(dim, (20, 20, 20, 95), dim.get_rect(), border_radius=max(1, h // 8))
            surf.blit(dim, (0, 0))
        return surf

    def draw_units(
        self,
        surface: pygame.Surface,
        camera: Camera,
        map_view: MapView,
        state: GameState,
        selected: str | None = None,
        hidden: frozenset[str] | set[str] = frozenset(),
        floating: dict[str, tuple[float, float]] | None = None,
        dim_spent: bool = True,
    ) -> dict[str, pygame.Rect]:
        """Draw every stack; return each drawn unit's screen rect (for hit tests and tooltips)."""
        s = camera.size
        w, h = self.dims(s)
        x, y, vw, vh = camera.viewport
        view = pygame.Rect(x - w * 2, y - h * 2, vw + w * 4, vh + h * 4)
        rects: dict[str, pygame.Rect] = {}
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(camera.viewport))
        mover = state.side_to_move
        step = max(2, s // 8)
        for i, units in state.occupancy.items():
            cx, cy = map_view.centre_px(i, camera)
            if not view.collidepoint(cx, cy):
                continue
            stack = [u for u in units if u.id not in hidden]
            if selected is not None:
                stack.sort(key=lambda u: u.id == selected)
            n = len(stack)
            for k, u in enumerate(stack):
                off = (k - (n - 1)) * step
                spent = dim_spent and u.side == mover and (u.attacked or u.mp_left <= 0)
                surf = self.counter(u, s, spent)
                r = pygame.Rect(0, 0, w, h)
                r.center = (int(cx - off), int(cy + off))
                surface.blit(surf, r.topleft)
                rects[u.id] = r
        for uid, (fx, fy) in (floating or {}).items():
            glider = state.unit_by_id.get(uid)
            if glider is None:
                continue
            r = pygame.Rect(0, 0, w, h)
            r.center = (int(fx), int(fy))
            surface.blit(self.counter(glider, s), r.topleft)
            rects[uid] = r
        if selected is not None and selected in rects:
            r = rects[selected].inflate(4, 4)
            pygame.draw.rect(surface, (255, 255, 255), r, 2, border_radius=3)
            pygame.draw.rect(surface, (20, 20, 20), r.inflate(2, 2), 1, border_radius=3)
        surface.set_clip(clip)
        return rects
