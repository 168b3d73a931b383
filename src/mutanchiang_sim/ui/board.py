"""The board: map, counters, panels and the camera controls shared by the game and the replay viewer."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.rules import movement
from ..core.scenario_def import Scenario
from ..core.state import GameState
from . import theme
from ._pygame import pygame
from .camera import Camera
from .counters import SYMBOL_NAMES, CounterPainter, symbol_of
from .map_view import MapView
from .panels import Minimap, draw_tooltip
from .widgets import Button, LogPanel

if TYPE_CHECKING:
    from .app import App

TOP_H = 40
SIDEBAR_W = 340
BOTTOM_H = 46
DRAG_THRESHOLD = 6
PAN_STEP = 60

Painter = Callable[[pygame.Surface], None]  # draws on the screen (clipped to the map)


class Floater:
    """A short-lived text over a hex (combat results)."""

    def __init__(self, hex_index: int, lines: list[tuple[str, tuple[int, int, int]]], life: float = 2.8) -> None:
        self.hex = hex_index
        self.lines = lines
        self.life = life
        self.age = 0.0


class BoardScene:
    """Base scene: owns a camera over the scenario's map and draws a ``GameState`` on it."""

    opaque = True

    def __init__(self, app: App, scenario: Scenario, state: GameState) -> None:
        self.app = app
        self.scenario = scenario
        self.state = state
        self.map_view = MapView(scenario.map)
        self.painter = CounterPainter(scenario.sides)
        self.minimap = Minimap(self.map_view)
        self.minimap_covered = False  # something is drawn over it (the attack preview): it takes no clicks
        self.log = LogPanel()
        self.buttons: list[Button] = []
        self.floaters: list[Floater] = []
        self.unit_rects: dict[str, pygame.Rect] = {}
        self.mouse = (0, 0)
        self._press: tuple[int, int] | None = None
        self._press_button = 0
        self._dragging = False
        self.layout_rects()
        m = scenario.map
        self.camera = Camera(m.width, m.height, self.map_rect_tuple())
        vx, vy, vw, vh = self.camera.viewport
        self.camera.fit(vw, vh)
        self.camera.zoom = max(self.camera.zoom, 5)
        self.center_on_action()

    # --- layout --------------------------------------------------------------------------
    def layout_rects(self) -> None:
        w, h = self.app.size
        self.top_rect = pygame.Rect(0, 0, w, TOP_H)
        self.side_rect = pygame.Rect(w - SIDEBAR_W, TOP_H, SIDEBAR_W, h - TOP_H)
        self.map_rect = pygame.Rect(0, TOP_H, w - SIDEBAR_W, h - TOP_H - BOTTOM_H)
        self.bottom_rect = pygame.Rect(0, h - BOTTOM_H, w - SIDEBAR_W, BOTTOM_H)
        sx = self.side_rect.x + 8
        sw = SIDEBAR_W - 16
        mini_h = min(230, max(120, int(h * 0.27)))
        self.mini_rect = pygame.Rect(sx, TOP_H + 8, sw, mini_h)
        info_h = min(340, max(262, (h - TOP_H - mini_h) // 2))  # more room for the unit in a taller window
        self.info_rect = pygame.Rect(sx, self.mini_rect.bottom + 8, sw, info_h)
        self.log_rect = pygame.Rect(sx, self.info_rect.bottom + 8, sw, h - self.info_rect.bottom - 16)

    def relayout(self) -> None:
        """The window changed size: the panels, the map's viewport and the buttons again,
        keeping the map's centre where it was."""
        self.layout_rects()
        self.camera.viewport = self.map_rect_tuple()
        self.camera.version += 1
        self.build_buttons()

    def build_buttons(self) -> None:
        """The bottom bar's buttons for the current layout (a scene's own)."""

    def busy(self) -> bool:
        """Whether the board changes by itself now (floating results)."""
        return bool(self.floaters)

    def map_rect_tuple(self) -> tuple[int, int, int, int]:
        r = self.map_rect
        return (r.x, r.y, r.w, r.h)

    def center_on_city(self) -> None:
        m = self.scenario.map
        name = self.scenario.city
        hexes: tuple[int, ...] = ()
        if name:
            try:
                hexes = m.place_named(name).hexes
            except KeyError:
                hexes = ()
        if hexes:
            wx = sum(self.map_view.centres[i][0] for i in hexes) / len(hexes)
            wy = sum(self.map_view.centres[i][1] for i in hexes) / len(hexes)
            self.camera.center_on_world(wx, wy)

    def center_on_action(self) -> None:
        """Centre between the city and the units on the map (the opening view)."""
        self.center_on_city()
        units = [u for u in self.state.units if u.on_map]
        if units:
            wx = sum(self.map_view.centres[u.hex][0] for u in units) / len(units)
            wy = sum(self.map_view.centres[u.hex][1] for u in units) / len(units)
            self.camera.center_on_world((self.camera.cx + wx) / 2, (self.camera.cy + wy) / 2)

    def center_on_hex(self, i: int) -> None:
        self.camera.center_on_world(*self.map_view.centres[i])

    # --- input shared by every board -----------------------------------------------------
    def hex_at(self, pos: tuple[int, int]) -> int | None:
        if not self.map_rect.collidepoint(pos):
            return None
        return self.map_view.hex_at(self.camera, pos[0], pos[1])

    def unit_at(self, pos: tuple[int, int]) -> str | None:
        """The id of the top counter under ``pos`` (counters overhang their hexes)."""
        if not self.map_rect.collidepoint(pos):
            return None
        hit = None
        for uid, r in self.unit_rects.items():
            if r.collidepoint(pos):
                hit = uid
        return hit

    def button_at(self, pos: tuple[int, int]) -> Button | None:
        for b in self.buttons:
            if b.rect.collidepoint(pos):
                return b
        return None

    def handle_board_event(self, ev: pygame.event.Event) -> str | None:
        """Camera, minimap, log and drag handling. Returns ``"click"`` for a left click on the map
        (not a drag), ``"button:<name>"`` for a button, ``"right"`` for a right click, else None."""
        if ev.type == pygame.MOUSEMOTION:
            self.mouse = ev.pos
            if self._press is not None and (ev.buttons[0] or ev.buttons[1] or ev.buttons[2]):
                if not self._dragging and math.dist(ev.pos, self._press) > DRAG_THRESHOLD and self.map_rect.collidepoint(self._press):
                    self._dragging = True
                if self._dragging:
                    self.camera.pan_pixels(*ev.rel)
                elif self.minimap.image_rect.collidepoint(ev.pos) and ev.buttons[0] and not self.minimap_covered:
                    w = self.minimap.world_at(ev.pos)
                    if w:
                        self.camera.center_on_world(*w)
            return None
        if ev.type == pygame.MOUSEBUTTONDOWN:
            self.mouse = ev.pos
            if ev.button in (1, 2, 3):
                self._press = ev.pos
                self._press_button = ev.button
                self._dragging = False
                if ev.button == 1 and not self.minimap_covered:
                    w = self.minimap.world_at(ev.pos)
                    if w is not None:
                        self.camera.center_on_world(*w)
                        self._press = None
            return None
        if ev.type == pygame.MOUSEBUTTONUP:
            self.mouse = ev.pos
            was_drag = self._dragging
            press = self._press
            self._press = None
            self._dragging = False
            if press is None or was_drag:
                return None
            if ev.button == 1:
                b = self.button_at(ev.pos)
                if b is not None:
                    return f"button:{b.name}" if b.enabled else None
                if self.map_rect.collidepoint(ev.pos):
                    return "click"
                if self.side_rect.collidepoint(ev.pos):
                    return "side-click"
            if ev.button == 3:
                return "right"
            return None
        if ev.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos() if pygame.mouse.get_focused() else self.mouse
            if self.log_rect.collidepoint(pos):
                self.log.on_wheel(ev.y, self.log_rect)
            elif self.map_rect.collidepoint(pos) or not self.side_rect.collidepoint(pos):
                self.camera.zoom_at(1 if ev.y > 0 else -1, *pos) if self.map_rect.collidepoint(pos) else self.camera.zoom_at(1 if ev.y > 0 else -1)
            return None
        if ev.type == pygame.KEYDOWN:
            k = ev.key
            if k in (pygame.K_LEFT, pygame.K_a) and self.arrows_pan(ev):
                self.camera.pan_pixels(PAN_STEP, 0)
            elif k in (pygame.K_RIGHT, pygame.K_d) and self.arrows_pan(ev):
                self.camera.pan_pixels(-PAN_STEP, 0)
            elif k in (pygame.K_UP, pygame.K_w) and self.arrows_pan(ev):
                self.camera.pan_pixels(0, PAN_STEP)
            elif k in (pygame.K_DOWN, pygame.K_s) and self.arrows_pan(ev):
                self.camera.pan_pixels(0, -PAN_STEP)
            elif k in (pygame.K_PAGEUP, pygame.K_z) and not ev.mod & pygame.KMOD_CTRL:
                self.camera.zoom_at(1)
            elif k in (pygame.K_PAGEDOWN, pygame.K_c) and not ev.mod & pygame.KMOD_CTRL:
                self.camera.zoom_at(-1)
            elif k == pygame.K_HOME:
                self.center_on_city()
        return None

    def arrows_pan(self, ev: pygame.event.Event) -> bool:
        """Whether this key pans the map (subclasses may reserve keys)."""
        return not ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_META)

    # --- drawing -------------------------------------------------------------------------
    def update_floaters(self, dt: float) -> None:
        for f in self.floaters:
            f.age += dt
        self.floaters = [f for f in self.floaters if f.age < f.life]

    def draw_board(self, surface: pygame.Surface, selected: str | None = None, hidden: set[str] | None = None,
                   floating: dict[str, tuple[float, float]] | None = None, under_units: Painter | None = None,
                   over_units: Painter | None = None) -> None:
        """The map and its counters; ``under_units`` and ``over_units`` draw on the map between."""
        self.map_view.draw(surface, self.camera, self.state, labels=False)
        clip = surface.get_clip()
        surface.set_clip(self.map_rect)
        if under_units is not None:
            under_units(surface)
        surface.set_clip(clip)
        self.unit_rects = self.painter.draw_units(surface, self.camera, self.map_view, self.state, selected,
                                                  hidden or set(), floating, dim_spent=not self.state.game_over)
        surface.set_clip(self.map_rect)
        self.map_view.draw_boats(surface, self.camera, self.state, self.viewer())
        self.map_view.draw_labels(surface, self.camera, self.state)
        if over_units is not None:
            over_units(surface)
        self.draw_floaters(surface)
        surface.set_clip(clip)
        # a thin frame around the map viewport
        pygame.draw.rect(surface, theme.PANEL_EDGE, self.map_rect, 1)

    def viewer(self) -> str | None:
        """The side whose eyes the board shows (fog of war); None: everything."""
        return None

    def draw_floaters(self, surface: pygame.Surface) -> None:
        for f in self.floaters:
            cx, cy = self.map_view.centre_px(f.hex, self.camera)
            rise = f.age * 14
            alpha = 255 if f.age < f.life - 0.6 else int(255 * (f.life - f.age) / 0.6)
            y = cy - self.camera.size * 1.1 - rise
            for txt, col in f.lines:
                t = theme.halo_text(txt, 22, col, (0, 0, 0), bold=True).copy()
                t.set_alpha(max(0, alpha))
                surface.blit(t, (cx - t.get_width() / 2, y))
                y += t.get_height() - 2

    def draw_buttons(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, theme.PANEL_DARK, self.bottom_rect)
        pygame.draw.line(surface, theme.PANEL_EDGE, self.bottom_rect.topleft, self.bottom_rect.topright)
        for b in self.buttons:
            b.draw(surface, b.rect.collidepoint(self.mouse))

    def draw_hover_tooltip(self, surface: pygame.Surface) -> None:
        tip = self.hover_tip()
        if tip is not None:
            draw_tooltip(surface, self.mouse, *tip)

    def hover_tip(self) -> tuple[str, list[str]] | None:
        """The tooltip for what is under the pointer: the unit (and the others stacked with it),
        or, with Alt held, the hex; None for nothing."""
        if self._dragging or not self.map_rect.collidepoint(self.mouse):
            return None
        uid = self.unit_at(self.mouse)
        if uid is None:
            i = self.hex_at(self.mouse)
            if i is None or not self._hover_hex_tip_wanted():
                return None
            m = self.scenario.map
            rule = m.terrain_rule(i)
            place = m.place_by_hex.get(i)
            cost, why = movement.ground_cost(self.state, i)
            rows = [f"move cost {cost:.1f} off road ({why}), defence x{rule.defence:g}, tanks x{rule.tank:g}"]
            if m.fort[i]:
                rows.append(f"fortifications level {int(m.fort[i])}")
            if place is not None and place.objective:
                rows.append(f"objective: {place.vp:g} VP")
            return f"{m.offset_of(i)} {rule.name}" + (f" - {place.name}" if place else ""), rows
        u = self.state.unit_by_id[uid]
        rows = [f"{theme.side_name(self.scenario, u.side)} {SYMBOL_NAMES[symbol_of(u.kind)]} {u.size}",
                f"men {u.men:,}/{u.men_start:,}" + (f"   tanks {u.tanks}/{u.tanks_start}" if u.tanks_start else "")
                + (f"   guns {u.guns}/{u.guns_start}" if u.guns_start else ""),
                f"quality {u.quality:.2f}, readiness {u.readiness:.0%}",
                f"{u.posture}" + (f", dug in {u.entrenchment}" if u.entrenchment else "")
                + ("" if u.in_supply else ", OUT OF SUPPLY") + (", disrupted" if u.disrupted else "")]
        if u.side == self.state.side_to_move:
            rows.append(f"{u.mp_left:.1f} MP left" + (", has attacked" if u.attacked else
                                                     ", has blown a bridge" if u.demolished else ""))
        others = [x for x in self.state.units_at(u.hex) if x.id != u.id and x.id in self.unit_rects]
        if others:
            rows.append(f"also here ({len(others)} more; click again to cycle):")
            rows += [f"  {x.name}, {theme.fmt_men(x.men)} men" + (f", {x.tanks} tanks" if x.tanks else "") for x in others]
        return u.name, rows

    def _hover_hex_tip_wanted(self) -> bool:
        return pygame.key.get_mods() & pygame.KMOD_ALT != 0
