"""The scenario editor (``mutanchiang edit``): paint the map, place units, check, save.

All edits go through a :class:`~mutanchiang_sim.scenario.document.ScenarioDocument`, so they can
be undone (Ctrl+Z / Ctrl+Y) and are saved into the author's own text (comments, key order and
layout kept) only when the scenario is valid. The map is drawn by the game's own
:class:`~.map_view.MapView` and :class:`~.camera.Camera`; counters by :class:`~.counters.CounterPainter`.

Tools (left palette; keys in brackets): Select/move [V], a terrain brush per terrain code, River
edge [R], Road [O], Railway [L], Bridge [B], Place [P], Objective [J], a unit of the first
side [1] or of the second [2], Delete [X]. River and bridge tools act on the hex side nearest the pointer; road and
railway tools draw as you drag (right button: cut the hex out of routes).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..core.hexgrid import hex_to_offset, offset_to_hex
from ..core.scenario_def import Scenario
from ..errors import BadInput
from ..scenario.document import ScenarioDocument
from ..scenario.errors import Problem, ScenarioError
from ..scenario.timeline import timeline
from . import editor_panel as panel
from . import editor_view as view
from . import theme
from ._pygame import pygame
from .camera import Camera
from .counters import CounterPainter
from .editor_panel import Field
from .editor_tools import SIDE_UNIT_KEYS, TOOL_KEYS, SelectTool, Tool, make_tool
from .editor_view import PALETTE_W, PANEL_W, TOP_H
from .map_view import MapView

VALIDATE_DELAY = 0.35  # seconds after the last edit


class EditorScene:
    """The editor as a scene of :class:`~.app.App` (opaque; one per document)."""

    opaque = True

    def __init__(self, app: Any, doc: ScenarioDocument) -> None:
        self.app = app
        self.doc = doc
        self.active_tool: Tool = SelectTool()
        self.selected: str | None = None
        self.status = f"Opened {doc.path.name}. Ctrl+S saves, Ctrl+Z undoes, F1 lists the tools."
        self.problems: list[Problem] = []
        self._validated_rev = -1
        self._since_edit = 0.0
        self.editing: Field | None = None
        self.choice_rects: list[tuple[pygame.Rect, str]] = []  # a pick list's values, drawn under its field
        self.edit_text = ""
        self.fields: list[Field] = []
        self.tab = "unit"  # the side panel's page: the unit, the sides, the weather or the events
        self.event_index = 0  # the event the events page shows
        self.weather_first = 0  # the first weather period the weather page shows (it scrolls)
        self.weather_shown = 0  # how many periods it showed last
        self.weather_rect = pygame.Rect(0, 0, 0, 0)  # where they were drawn
        self.panel_buttons: list[tuple[pygame.Rect, str]] = []  # the panel's tabs and buttons
        self.problem_rects: list[tuple[pygame.Rect, Problem]] = []
        self.drag_from: tuple[int, int] | None = None  # route or move drag start (col, row)
        self.dragging = False
        self.pan_from: tuple[int, int] | None = None
        self.quit_armed = False
        self.scenario = picture_of(doc.data) or build_picture(doc.data, bare=True)
        self.painter = CounterPainter(self.scenario.sides)
        self.map_view = MapView(self.scenario.map)
        self._built_rev = doc.revision
        w, h = app.size
        self.map_rect = pygame.Rect(PALETTE_W, TOP_H, w - PALETTE_W - PANEL_W, h - TOP_H)
        r = self.map_rect
        self.camera = Camera(self.scenario.map.width, self.scenario.map.height, (r.x, r.y, r.w, r.h))
        self.camera.fit(self.map_rect.w, self.map_rect.h)
        self.buttons = view.palette_buttons(self.scenario, app.size[1])
        self.validate_now()

    def relayout(self) -> None:
        """The window changed size: the map's viewport and the palette again."""
        w, h = self.app.size
        self.map_rect = pygame.Rect(PALETTE_W, TOP_H, w - PALETTE_W - PANEL_W, h - TOP_H)
        r = self.map_rect
        self.camera.viewport = (r.x, r.y, r.w, r.h)
        self.camera.version += 1
        self.buttons = view.palette_buttons(self.scenario, h)

    # --- the model ----------------------------------------------------------------------------
    def _build(self) -> None:
        """Rebuild the picture of the map and units after an edit (while the data is broken, the
        last good picture stays)."""
        if self._built_rev == self.doc.revision:
            return
        self._built_rev = self.doc.revision
        scen = picture_of(self.doc.data)
        if scen is None:
            return
        old = self.scenario
        self.scenario = scen
        self.painter.sides = scen.sides
        if (old.map.width, old.map.height) != (scen.map.width, scen.map.height):
            self.map_view = MapView(scen.map)
        else:
            self.map_view.map = scen.map
            self.map_view.invalidate()

    def validate_now(self) -> None:
        self.problems = self.doc.problems()
        self._validated_rev = self.doc.revision

    def edited(self, what: str) -> None:
        self._since_edit = 0.0
        self.status = what
        self.quit_armed = False
        self._build()

    # --- geometry -----------------------------------------------------------------------------
    def hex_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        if not self.map_rect.collidepoint(pos):
            return None
        i = self.map_view.hex_at(self.camera, *pos)
        if i is None:
            return None
        return (i % self.scenario.map.width, i // self.scenario.map.width)

    def hex_centre(self, col: int, row: int) -> tuple[int, int]:
        x, y = self.map_view.centre_px(row * self.scenario.map.width + col, self.camera)
        return (int(x), int(y))

    def edge_at(self, pos: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """The hex under the pointer and its neighbour across the side nearest the pointer."""
        a = self.hex_at(pos)
        if a is None:
            return None
        cx, cy = self.hex_centre(*a)
        ang = math.atan2(pos[1] - cy, pos[0] - cx)
        best, best_d = None, 9.0
        w, h = self.doc.size
        for nb in offset_to_hex(*a).neighbors():
            b = hex_to_offset(nb)
            if not (0 <= b[0] < w and 0 <= b[1] < h):
                continue
            bx, by = self.hex_centre(*b)
            d = abs((math.atan2(by - cy, bx - cx) - ang + math.pi) % (2 * math.pi) - math.pi)
            if d < best_d:
                best, best_d = b, d
        return (a, best) if best is not None else None

    def unit_at(self, pos: tuple[int, int]) -> str | None:
        h = self.hex_at(pos)
        if h is None:
            return None
        here = self.doc.units_at(h)
        if not here:
            return None
        ids = [str(u["id"]) for u in here]
        if self.selected in ids and len(ids) > 1:  # clicking a stack again cycles through it
            return ids[(ids.index(self.selected) + 1) % len(ids)]
        return ids[-1]

    # --- events -------------------------------------------------------------------------------
    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN:
            self.on_key(ev)
        elif ev.type == pygame.MOUSEBUTTONDOWN:
            if ev.button in (4, 5):
                self.camera.zoom_at(1 if ev.button == 4 else -1, *ev.pos)
            else:
                self.on_down(ev.pos, ev.button)
        elif ev.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            if self.tab == "weather" and pos[0] >= self.map_rect.right:  # over the panel: scroll the periods
                self.scroll_weather(-1 if ev.y > 0 else 1)
            else:
                self.camera.zoom_at(1 if ev.y > 0 else -1, *pos)
        elif ev.type == pygame.MOUSEMOTION:
            self.on_motion(ev.pos, getattr(ev, "rel", (0, 0)))
        elif ev.type == pygame.MOUSEBUTTONUP:
            self.on_up(ev.pos, ev.button)

    def scroll_weather(self, step: int) -> None:
        """Show the weather periods from ``step`` later (earlier when negative) on."""
        periods = self.doc.get(("weather",))
        n = len(periods) if isinstance(periods, list) else 0
        self.weather_first = max(0, min(self.weather_first + step, n - max(1, self.weather_shown)))
        self.editing = None

    def on_key(self, ev: pygame.event.Event) -> None:
        ctrl = bool(ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
        if self.editing is not None:
            self.on_field_key(ev)
            return
        if ctrl and ev.key == pygame.K_s:
            self.save()
        elif ctrl and ev.key == pygame.K_z and ev.mod & pygame.KMOD_SHIFT or ctrl and ev.key == pygame.K_y:
            self.redo()
        elif ctrl and ev.key == pygame.K_z:
            self.undo()
        elif ev.key in (pygame.K_DELETE, pygame.K_BACKSPACE) and self.selected:
            self.delete_selected()
        elif ev.key == pygame.K_ESCAPE:
            self.request_quit()
        elif ev.key == pygame.K_F1:
            self.app.message("Editor tools", __doc__.split("\n\n", 2)[2] if __doc__ else "")
        elif ev.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            dx = {pygame.K_LEFT: 60, pygame.K_RIGHT: -60}.get(ev.key, 0)
            dy = {pygame.K_UP: 60, pygame.K_DOWN: -60}.get(ev.key, 0)
            self.camera.pan_pixels(dx, dy)
        elif ev.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.camera.zoom_at(1)
        elif ev.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.camera.zoom_at(-1)
        elif ev.key in SIDE_UNIT_KEYS and SIDE_UNIT_KEYS[ev.key] < len(self.scenario.side_ids):
            self.set_tool(f"unit:{self.scenario.side_ids[SIDE_UNIT_KEYS[ev.key]]}")
        elif ev.key in TOOL_KEYS:
            self.set_tool(TOOL_KEYS[ev.key])

    @property
    def tool(self) -> str:
        """The name of the tool in hand (as its palette button's)."""
        return self.active_tool.name

    def set_tool(self, tool: str) -> None:
        self.active_tool = make_tool(tool)
        label = next((b.label for b in self.buttons if b.name == tool), tool)
        self.status = f"Tool: {label.strip()}"

    def on_down(self, pos: tuple[int, int], button: int) -> None:
        for b in self.buttons:
            if b.rect.collidepoint(pos):
                if b.name == "save":
                    self.save()
                elif b.name == "undo":
                    self.undo()
                else:
                    self.set_tool(b.name)
                return
        for r, value in self.choice_rects:
            if r.collidepoint(pos) and self.editing is not None:
                self.edit_text = value
                self.commit_field()
                return
        for r, what in self.panel_buttons:
            if r.collidepoint(pos):
                self.editing = None
                panel.act(self, what)
                return
        for f in self.fields:
            if f.rect.collidepoint(pos):
                self.start_edit(f)
                return
        for rect, pr in self.problem_rects:
            if rect.collidepoint(pos):
                self.status = str(pr)
                return
        if not self.map_rect.collidepoint(pos):
            return
        if button == 2 or (button == 3 and self.active_tool.pans_with_right):
            self.pan_from = pos
            return
        h = self.hex_at(pos)
        if h is not None:
            self.active_tool.press(self, pos, h, button)

    def on_motion(self, pos: tuple[int, int], rel: tuple[int, int]) -> None:
        if self.pan_from is not None:
            self.camera.pan_pixels(rel[0], rel[1])
            return
        if not self.dragging:
            return
        h = self.hex_at(pos)
        if h is not None:
            self.active_tool.drag(self, h)

    def on_up(self, pos: tuple[int, int], button: int) -> None:
        if self.pan_from is not None:
            self.pan_from = None
            return
        self.active_tool.release(self, pos)
        self.dragging = False
        self.drag_from = None

    # --- the side panel's fields -------------------------------------------------------------
    def start_edit(self, f: Field) -> None:
        path = panel.container(self, f)
        if path is None:
            return
        self.editing = f
        self.edit_text = panel.shown(self.doc.get(path + (f.key,)), f.kind)

    def on_field_key(self, ev: pygame.event.Event) -> None:
        assert self.editing is not None
        if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_TAB):
            f = self.editing
            ok = self.commit_field()
            if ok and ev.key == pygame.K_TAB:
                at = [k for k, x in enumerate(self.fields) if (x.key, x.path) == (f.key, f.path)]
                if at:
                    self.start_edit(self.fields[(at[0] + 1) % len(self.fields)])
        elif ev.key == pygame.K_ESCAPE:
            self.editing = None
        elif ev.key in (pygame.K_UP, pygame.K_DOWN) and self.editing.choices:
            options = self.editing.choices
            now = self.edit_text.strip()
            k = options.index(now) if now in options else -1
            self.edit_text = options[(k + (1 if ev.key == pygame.K_DOWN else -1)) % len(options)]
        elif ev.key == pygame.K_BACKSPACE:
            self.edit_text = self.edit_text[:-1]
        elif ev.unicode and ev.unicode.isprintable():
            self.edit_text += ev.unicode

    def commit_field(self) -> bool:
        """Put the text typed into the field being edited into the document (the check runs a
        moment later). Text that cannot be a value of the field's kind is kept in the field,
        with the reason on the status line, to be put right or dropped with Esc."""
        f = self.editing
        self.editing = None
        path = panel.container(self, f) if f is not None else None
        if f is None or path is None:
            return False
        ok, value = panel.parse(f, self.edit_text)
        if not ok:
            self.status = str(value)
            self.editing = f
            return False
        if value is None:
            self.doc.unset(path, f.key)
        else:
            self.doc.set(path, f.key, value)
        where = self.selected if not f.path else ".".join(str(p) for p in path)
        self.edited(f"{where}.{f.key} = {value!r}")
        return True

    # --- commands -----------------------------------------------------------------------------
    def delete_selected(self) -> None:
        if self.selected and self.doc.unit_index(self.selected) is not None:
            uid = self.selected
            self.doc.delete_unit(uid)
            self.selected = None
            self.edited(f"Deleted {uid}")

    def undo(self) -> None:
        if self.doc.undo():
            self.edited("Undone")
        else:
            self.status = "Nothing to undo"

    def redo(self) -> None:
        if self.doc.redo():
            self.edited("Redone")
        else:
            self.status = "Nothing to redo"

    def save(self) -> bool:
        try:
            problems = self.doc.save()
        except OSError as e:
            self.status = f"Not saved: {e.strerror or e}"
            return False
        if problems:
            self.problems = problems
            self._validated_rev = self.doc.revision
            self.status = f"Not saved: {len(problems)} problem{'s' if len(problems) != 1 else ''} (see the list)"
            return False
        self.problems = []
        self.status = f"Saved {self.doc.path}"
        return True

    def request_quit(self) -> None:
        if self.doc.dirty and not self.quit_armed:
            self.quit_armed = True
            self.status = "Unsaved changes: Esc again quits without saving, Ctrl+S saves"
            return
        self.app.quit()

    # --- the frame ----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self._since_edit += dt
        if self.doc.revision != self._validated_rev and self._since_edit >= VALIDATE_DELAY:
            self.validate_now()

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        self.map_view.draw(surface, self.camera, None, labels=False)
        view.draw_side_hexes(self, surface)  # (under the counters, which stay readable)
        view.draw_units(self, surface)
        self.map_view.draw_labels(surface, self.camera, None)
        view.draw_palette(self, surface)
        view.draw_panel(self, surface)
        view.draw_top(self, surface)

    def timeline(self) -> list[tuple[str, str]]:
        """The file's weather and events in turn order, as (when, what) lines for the side panel."""
        return timeline(self.doc.data, self.scenario)


def picture_of(data: dict[str, Any]) -> Scenario | None:
    """The engine's scenario built leniently from a document's data, for the editor to draw
    (broken parts are left out and reported by validation); None if it cannot be built."""
    try:
        return build_picture(data)
    except Exception:  # noqa: BLE001 - any error in the data: no picture of it
        return None


def build_picture(data: dict[str, Any], bare: bool = False) -> Scenario:
    """The scenario of ``data`` (without its base); ``bare``: without the units, the events and
    the file's rules (the first picture of a file whose units are broken)."""
    from ..core.rules.coefficients import Rules
    from ..scenario.build import build_scenario
    from ..scenario.loader import merged_rules, scenario_model
    from ..scenario.ranges import extract_ranges

    rules = merged_rules(data)
    data = dict(data)
    data.pop("base", None)
    data["rules"] = rules
    if bare:
        data.update(units=[], events=[], rules=Rules().model_dump())
    data = extract_ranges(data)[0]  # (a range stands at its nominal value: scenario.ranges)
    return build_scenario(scenario_model(data), "", lambda loc, msg: None)


def open_document(path: str | None) -> ScenarioDocument:
    from ..scenario.loader import default_scenario_path

    p = Path(path) if path else default_scenario_path()
    try:
        doc = ScenarioDocument.open(p)
    except ScenarioError as e:
        raise BadInput(*(str(x) for x in e.problems)) from None
    if doc.is_variant:
        raise BadInput(f"{p}: is a variant of {doc.data.get('base')!r}; the editor edits whole scenarios "
                       "(open the base, or change the variant's overrides by hand)")
    w, h = doc.size
    if not isinstance(doc.data.get("map"), dict) or w < 2 or h < 2 or not isinstance(doc.get(("map", "terrain")), list):
        raise BadInput(f"{p}: the map is unreadable; fix it first (mutanchiang validate {p})")
    return doc


def edit(scenario: str | None, screenshot: str | None = None) -> int:
    """Open ``scenario`` (None: the bundled one) in the editor, or render its first view to
    ``screenshot``; BadInput for a file the editor cannot edit."""
    from .app import run_window

    doc = open_document(scenario)
    return run_window(lambda app: EditorScene(app, doc), screenshot, (1280, 800), f"Scenario editor: {doc.path.name}")
