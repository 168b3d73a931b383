"""The scenario editor (``mutanchiang edit``): paint the map, place units, check, save.

All edits go through a :class:`~mutanchiang_sim.scenario.document.ScenarioDocument`, so they can
be undone (Ctrl+Z / Ctrl+Y) and are saved into the author's own text (comments, key order and
layout kept) only when the scenario is valid. The map is drawn by the game's own
:class:`~.map_view.MapView` and :class:`~.camera.Camera`; counters by :class:`~.counters.CounterPainter`.

Tools (left palette; keys in brackets): Select/move [V], a terrain brush per terrain code, River
edge [R], Road [O], Railway [L], Bridge [B], Place [P], Objective [J], Soviet unit [1], Japanese
unit [2], Delete [X]. River and bridge tools act on the hex side nearest the pointer; road and
railway tools draw as you drag (right button: cut the hex out of routes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame

from ..core.hexgrid import hex_to_offset, offset_to_hex
from ..errors import BadInput
from ..scenario.document import ScenarioDocument
from ..scenario.errors import Problem, ScenarioError
from ..scenario.timeline import timeline
from . import theme
from .camera import Camera
from .counters import CounterPainter
from .map_view import MapView
from .widgets import Button

PALETTE_W = 190
PANEL_W = 330
TOP_H = 34
VALIDATE_DELAY = 0.35  # seconds after the last edit

UNIT_FIELDS: tuple[tuple[str, type], ...] = (
    ("name", str), ("kind", str), ("size", str), ("side", str), ("men", int), ("tanks", int), ("guns", int),
    ("vehicles", int), ("quality", float), ("readiness", float), ("posture", str), ("entrenchment", int),
    ("arrives", int), ("formation", str), ("corps", str),
)
DEFAULT_UNITS = {
    "soviet": {"name": "New Rifle Division", "side": "soviet", "kind": "rifle_division", "size": "division", "men": 9000, "guns": 120},
    "japan": {"name": "New Infantry Regiment", "side": "japan", "kind": "infantry_regiment", "size": "regiment", "men": 3000, "guns": 12},
}
OBJECTIVE_STEPS = (0, 5, 10, 30)


@dataclass
class Field:
    key: str
    kind: type
    rect: pygame.Rect


class EditorScene:
    """The editor as a scene of :class:`~.app.App` (opaque; one per document)."""

    opaque = True

    def __init__(self, app: Any, doc: ScenarioDocument) -> None:
        self.app = app
        self.doc = doc
        self.tool = "select"
        self.selected: str | None = None
        self.status = f"Opened {doc.path.name}. Ctrl+S saves, Ctrl+Z undoes, F1 lists the tools."
        self.problems: list[Problem] = []
        self._validated_rev = -1
        self._since_edit = 0.0
        self.editing: Field | None = None
        self.edit_text = ""
        self.fields: list[Field] = []
        self.problem_rects: list[tuple[pygame.Rect, Problem]] = []
        self.drag_from: tuple[int, int] | None = None  # route or move drag start (col, row)
        self.dragging = False
        self.pan_from: tuple[int, int] | None = None
        self.quit_armed = False
        self.painter = CounterPainter()
        self.scenario: Any = None
        self.map_view: MapView | None = None
        self._built_rev = -1
        self._build()
        w, h = app.size
        self.map_rect = pygame.Rect(PALETTE_W, TOP_H, w - PALETTE_W - PANEL_W, h - TOP_H)
        self.camera = Camera(self.scenario.map.width, self.scenario.map.height, tuple(self.map_rect))  # type: ignore[arg-type]
        self.camera.fit(self.map_rect.w, self.map_rect.h)
        self.buttons = self._make_buttons()
        self.validate_now()

    # --- the model ----------------------------------------------------------------------------
    def _build(self) -> None:
        """Rebuild the engine's view of the map and units from the document (leniently: broken
        parts are left out and reported by validation)."""
        from ..core.rules.coefficients import Rules
        from ..scenario.build import build_scenario
        from ..scenario.loader import merged_rules
        from ..scenario.schema import ScenarioFile

        if self._built_rev == self.doc.revision and self.scenario is not None:
            return
        data = dict(self.doc.data)
        data.pop("base", None)
        data["rules"] = merged_rules(self.doc.data)
        try:
            model = ScenarioFile.model_validate(data)
            scen = build_scenario(model, "", lambda loc, msg: None)
        except Exception:  # noqa: BLE001 - keep the last good picture while the data is broken
            if self.scenario is None:
                model = ScenarioFile.model_validate({**data, "units": [], "events": [], "rules": Rules().model_dump()})
                scen = build_scenario(model, "", lambda loc, msg: None)
            else:
                self._built_rev = self.doc.revision
                return
        old = self.scenario
        self.scenario = scen
        if self.map_view is None or old is None or (old.map.width, old.map.height) != (scen.map.width, scen.map.height):
            self.map_view = MapView(scen.map)
        else:
            self.map_view.map = scen.map
            self.map_view.invalidate()
        self._built_rev = self.doc.revision

    def validate_now(self) -> None:
        self.problems = self.doc.problems()
        self._validated_rev = self.doc.revision

    def edited(self, what: str) -> None:
        self._since_edit = 0.0
        self.status = what
        self.quit_armed = False
        self._build()

    # --- geometry -----------------------------------------------------------------------------
    def _make_buttons(self) -> list[Button]:
        tools = [("select", "Select / move", "V")]
        for code, rule in self.scenario.rules.terrain.items():
            tools.append((f"terrain:{code}", f"{code}  {rule.name}", ""))
        tools += [("river", "River edge", "R"), ("road", "Road", "O"), ("rail", "Railway", "L"), ("bridge", "Bridge", "B"),
                  ("place", "Place", "P"), ("objective", "Objective", "J"), ("unit:soviet", "Soviet unit", "1"),
                  ("unit:japan", "Japanese unit", "2"), ("delete", "Delete unit", "X")]
        out = []
        y = TOP_H + 8
        bh = max(22, min(30, (self.app.size[1] - TOP_H - 90) // max(1, len(tools))))
        for name, label, hint in tools:
            out.append(Button(name, label, pygame.Rect(8, y, PALETTE_W - 16, bh - 4), hint))
            y += bh
        out.append(Button("save", "Save", pygame.Rect(8, y + 8, (PALETTE_W - 24) // 2, 30), ""))
        out.append(Button("undo", "Undo", pygame.Rect(16 + (PALETTE_W - 24) // 2, y + 8, (PALETTE_W - 24) // 2, 30), ""))
        return out

    def hex_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        if not self.map_rect.collidepoint(pos) or self.map_view is None:
            return None
        i = self.map_view.hex_at(self.camera, *pos)
        if i is None:
            return None
        return (i % self.scenario.map.width, i // self.scenario.map.width)

    def hex_centre(self, col: int, row: int) -> tuple[int, int]:
        assert self.map_view is not None
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
        ids = [u["id"] for u in here]
        if self.selected in ids and len(ids) > 1:  # clicking a stack again cycles through it
            return ids[(ids.index(self.selected) + 1) % len(ids)]
        return str(ids[-1])

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
            self.camera.zoom_at(1 if ev.y > 0 else -1, *pygame.mouse.get_pos())
        elif ev.type == pygame.MOUSEMOTION:
            self.on_motion(ev.pos, getattr(ev, "rel", (0, 0)))
        elif ev.type == pygame.MOUSEBUTTONUP:
            self.on_up(ev.pos, ev.button)

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
        else:
            keys = {pygame.K_v: "select", pygame.K_r: "river", pygame.K_o: "road", pygame.K_l: "rail", pygame.K_b: "bridge",
                    pygame.K_p: "place", pygame.K_j: "objective", pygame.K_1: "unit:soviet", pygame.K_2: "unit:japan",
                    pygame.K_x: "delete"}
            if ev.key in keys:
                self.set_tool(keys[ev.key])

    def set_tool(self, tool: str) -> None:
        self.tool = tool
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
        if button == 2 or (button == 3 and self.tool in ("select", "river", "bridge", "place", "objective")):
            self.pan_from = pos
            return
        h = self.hex_at(pos)
        if h is None:
            return
        t = self.tool
        if t.startswith("terrain:"):
            self.doc.begin_group()
            self.dragging = True
            self.paint(h, t.split(":", 1)[1])
        elif t in ("road", "rail"):
            kind = "roads" if t == "road" else "railways"
            if button == 3:
                if self.doc.remove_route_hex(kind, h):
                    self.edited(f"Cut {list(h)} out of the {kind}")
                return
            self.doc.begin_group()
            self.dragging = True
            self.drag_from = h
        elif t in ("river", "bridge"):
            e = self.edge_at(pos)
            if e is not None:
                a, b = e
                if t == "river":
                    self.doc.toggle_river_edge(a, b)
                    self.edited(f"River edge {list(a)}-{list(b)} toggled")
                else:
                    self.doc.toggle_bridge(a, b)
                    self.edited(f"Bridge {list(a)}-{list(b)} toggled")
        elif t == "place":
            self.doc.toggle_place(h)
            self.edited(f"Place at {list(h)} toggled")
        elif t == "objective":
            pi = self.doc.place_at(h)
            if pi is None:
                self.status = "An objective is a place: make a place there first (P)"
                return
            vp = float(self.doc.get(("map", "places", pi, "vp"), 0) or 0)
            nxt = next((v for v in OBJECTIVE_STEPS if v > vp), 0)
            self.doc.set_objective(h, nxt)
            self.edited(f"{self.doc.get(('map', 'places', pi, 'name'))}: {nxt} victory points")
        elif t.startswith("unit:"):
            side = t.split(":", 1)[1]
            uid = self.doc.add_unit({**DEFAULT_UNITS[side], "hex": list(h)})
            self.selected = uid
            self.edited(f"Added {uid} at {list(h)}")
        elif t == "delete":
            uid = self.unit_at(pos)
            if uid is not None:
                self.selected = uid
                self.delete_selected()
        else:  # select / move
            uid = self.unit_at(pos)
            self.selected = uid
            self.editing = None
            if uid is not None:
                self.drag_from = h
                self.dragging = True
                self.status = f"Selected {uid}: drag to move, edit its numbers on the right"

    def on_motion(self, pos: tuple[int, int], rel: tuple[int, int]) -> None:
        if self.pan_from is not None:
            self.camera.pan_pixels(rel[0], rel[1])
            return
        if not self.dragging:
            return
        h = self.hex_at(pos)
        if h is None:
            return
        if self.tool.startswith("terrain:"):
            self.paint(h, self.tool.split(":", 1)[1])
        elif self.tool in ("road", "rail") and self.drag_from is not None and h != self.drag_from:
            kind = "roads" if self.tool == "road" else "railways"
            if self.doc.draw_route(kind, self.drag_from, h):
                self.edited(f"{'Road' if kind == 'roads' else 'Railway'} {list(self.drag_from)}-{list(h)}")
            self.drag_from = h

    def on_up(self, pos: tuple[int, int], button: int) -> None:
        if self.pan_from is not None:
            self.pan_from = None
            return
        if self.tool == "select" and self.dragging and self.selected and self.drag_from is not None:
            h = self.hex_at(pos)
            if h is not None and h != self.drag_from:
                self.doc.move_unit(self.selected, h)
                self.edited(f"Moved {self.selected} to {list(h)}")
        if self.dragging and (self.tool.startswith("terrain:") or self.tool in ("road", "rail")):
            self.doc.end_group()
        self.dragging = False
        self.drag_from = None

    def paint(self, h: tuple[int, int], code: str) -> None:
        if self.doc.terrain_at(*h) != code:
            self.doc.set_terrain(h[0], h[1], code)
            self.edited(f"Painted {list(h)} {self.scenario.rules.terrain[code].name}")

    # --- the side panel's fields -------------------------------------------------------------
    def start_edit(self, f: Field) -> None:
        k = self.doc.unit_index(self.selected or "")
        if k is None:
            return
        self.editing = f
        value = self.doc.get(("units", k, f.key), "")
        self.edit_text = "" if value is None else str(value)

    def on_field_key(self, ev: pygame.event.Event) -> None:
        assert self.editing is not None
        if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_TAB):
            f = self.editing
            ok = self.commit_field()
            if ok and ev.key == pygame.K_TAB:
                keys = [x.key for x in self.fields]
                nxt = self.fields[(keys.index(f.key) + 1) % len(self.fields)] if f.key in keys else None
                if nxt is not None:
                    self.start_edit(nxt)
        elif ev.key == pygame.K_ESCAPE:
            self.editing = None
        elif ev.key == pygame.K_BACKSPACE:
            self.edit_text = self.edit_text[:-1]
        elif ev.unicode and ev.unicode.isprintable():
            self.edit_text += ev.unicode

    def commit_field(self) -> bool:
        f = self.editing
        self.editing = None
        if f is None or self.selected is None:
            return False
        text = self.edit_text.strip()
        try:
            value: Any = f.kind(text) if f.kind is not str else self.edit_text
        except ValueError:
            self.status = f"{f.key}: {text!r} is not a{'n integer' if f.kind is int else ' number'}"
            return False
        if f.kind is str and not text and f.key in ("formation", "corps"):
            k = self.doc.unit_index(self.selected)
            if k is not None:
                self.doc.unset(("units", k), f.key)
        else:
            self.doc.set_unit_field(self.selected, f.key, value)
        self.edited(f"{self.selected}.{f.key} = {value!r}")
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
        assert self.map_view is not None
        self.map_view.draw(surface, self.camera, None, labels=False)
        self.draw_units(surface)
        self.map_view.draw_labels(surface, self.camera, None)
        self.draw_palette(surface)
        self.draw_panel(surface)
        self.draw_top(surface)

    def draw_units(self, surface: pygame.Surface) -> None:
        assert self.map_view is not None
        s = self.camera.size
        w, h = self.painter.dims(s)
        clip = surface.get_clip()
        surface.set_clip(self.map_rect)
        stacks: dict[int, list[Any]] = {}
        for u in self.scenario.units:
            stacks.setdefault(u.hex, []).append(u)
        step = max(2, s // 8)
        for i, units in stacks.items():
            cx, cy = self.map_view.centre_px(i, self.camera)
            units.sort(key=lambda u: u.id == self.selected)
            for k, u in enumerate(units):
                off = (k - (len(units) - 1)) * step
                r = pygame.Rect(0, 0, w, h)
                r.center = (int(cx - off), int(cy + off))
                surface.blit(self.painter.counter(u, s), r.topleft)
                if u.arrives:
                    surface.blit(theme.halo_text(f"T{u.arrives}", 12, (255, 255, 255), (0, 0, 0)), (r.right - 4, r.top - 8))
                if u.id == self.selected:
                    pygame.draw.rect(surface, (255, 255, 255), r.inflate(4, 4), 2, border_radius=3)
        # units the engine could not place (off the map, on water, unknown kind): a warning box
        shown = {u.id for u in self.scenario.units}
        mw, mh = self.doc.size
        for u in self.doc.get(("units",), []) or []:
            hx = u.get("hex") if isinstance(u, dict) else None
            if not isinstance(hx, list) or len(hx) != 2 or u.get("id") in shown or not all(isinstance(v, int) for v in hx):
                continue
            if not (0 <= hx[0] < mw and 0 <= hx[1] < mh):
                continue
            r = pygame.Rect(0, 0, w, h)
            r.center = self.hex_centre(hx[0], hx[1])
            pygame.draw.rect(surface, (90, 30, 30), r, border_radius=3)
            pygame.draw.rect(surface, theme.BAD if u.get("id") != self.selected else (255, 255, 255), r, 2, border_radius=3)
            lab = theme.text("!", max(10, h - 6), (255, 230, 220), bold=True)
            surface.blit(lab, lab.get_rect(center=r.center))
        surface.set_clip(clip)

    def draw_top(self, surface: pygame.Surface) -> None:
        w = self.app.size[0]
        pygame.draw.rect(surface, theme.PANEL_DARK, (0, 0, w, TOP_H))
        title = f"{self.doc.path.name}{' *' if self.doc.dirty else ''}  ·  {self.doc.data.get('name', '')}"
        surface.blit(theme.text(title, 18, theme.TEXT_BRIGHT, bold=True), (10, 7))
        st = theme.text(self.status, 16, theme.ACCENT)
        surface.blit(st, (max(320, w - PANEL_W - st.get_width() - 10), 9))

    def draw_palette(self, surface: pygame.Surface) -> None:
        rect = pygame.Rect(0, TOP_H, PALETTE_W, self.app.size[1] - TOP_H)
        pygame.draw.rect(surface, theme.PANEL, rect)
        mouse = pygame.mouse.get_pos()
        for b in self.buttons:
            b.active = b.name == self.tool
            if b.name.startswith("terrain:"):
                code = b.name.split(":", 1)[1]
                rule = self.scenario.rules.terrain[code]
                fill = theme.terrain_fill(rule.name, code, rule.passable, rule.urban)
                pygame.draw.rect(surface, (150, 110, 40) if b.active else (64, 70, 82), b.rect, border_radius=5)
                sw = pygame.Rect(b.rect.x + 6, b.rect.y + 4, b.rect.h - 8, b.rect.h - 8)
                pygame.draw.rect(surface, fill, sw)
                pygame.draw.rect(surface, (20, 20, 20), sw, 1)
                surface.blit(theme.text(f"{code}  {rule.name}", 16, theme.TEXT_BRIGHT), (sw.right + 8, b.rect.y + (b.rect.h - 18) // 2))
            else:
                b.draw(surface, b.rect.collidepoint(mouse))

    def draw_panel(self, surface: pygame.Surface) -> None:
        W, H = self.app.size
        rect = pygame.Rect(W - PANEL_W, TOP_H, PANEL_W, H - TOP_H)
        pygame.draw.rect(surface, theme.PANEL, rect)
        x, y = rect.x + 12, rect.y + 10
        self.fields = []
        k = self.doc.unit_index(self.selected) if self.selected else None
        if k is None:
            surface.blit(theme.text("No unit selected", 18, theme.TEXT_DIM, bold=True), (x, y))
            y += 26
            for line in ("Select tool: click a counter,", "drag it to move it.", "1 / 2: add a Soviet / Japanese unit."):
                surface.blit(theme.text(line, 15, theme.TEXT_DIM), (x, y))
                y += 19
            y += 10
        else:
            unit = self.doc.get(("units", k), {})
            surface.blit(theme.text(f"Unit {unit.get('id')}  at {unit.get('hex')}", 18, theme.TEXT_BRIGHT, bold=True), (x, y))
            y += 26
            for key, kind in UNIT_FIELDS:
                r = pygame.Rect(x + 96, y, PANEL_W - 120, 21)
                editing = self.editing is not None and self.editing.key == key
                given = key in unit
                value = self.edit_text + "|" if editing else str(unit.get(key, _default_of(key)))
                surface.blit(theme.text(key, 15, theme.TEXT_DIM), (x, y + 2))
                pygame.draw.rect(surface, (70, 64, 40) if editing else theme.PANEL_DARK, r, border_radius=3)
                ink = theme.TEXT_BRIGHT if given or editing else theme.TEXT_DIM
                surface.blit(theme.text(value[-34:], 15, ink), (r.x + 5, r.y + 2))
                self.fields.append(Field(key, kind, r))
                y += 24
            y += 8
        y = self.draw_problems(surface, pygame.Rect(rect.x, y, PANEL_W, rect.bottom - y))
        if k is None:
            self.draw_timeline(surface, pygame.Rect(rect.x, y + 8, PANEL_W, rect.bottom - y - 8))

    def timeline(self) -> list[tuple[str, str]]:
        """The file's weather and events in turn order, as (when, what) lines for the side panel."""
        return timeline(self.doc.data, self.scenario)

    def draw_timeline(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        x, y = rect.x + 12, rect.y
        if rect.h < 60:
            return
        pygame.draw.line(surface, theme.PANEL_EDGE, (rect.x + 8, y), (rect.right - 8, y))
        y += 6
        surface.blit(theme.text("Time line (edit in the file)", 17, theme.TEXT_BRIGHT, bold=True), (x, y))
        y += 24
        for when, what in self.timeline():
            lines = theme.wrap(what, 14, rect.w - 120)
            if y + 17 * len(lines) > rect.bottom - 4:
                surface.blit(theme.text("...", 14, theme.TEXT_DIM), (x, y))
                return
            surface.blit(theme.text(when, 14, theme.ACCENT), (x, y))
            for ln in lines:
                surface.blit(theme.text(ln, 14, theme.TEXT), (x + 96, y))
                y += 17
            y += 2

    def draw_problems(self, surface: pygame.Surface, rect: pygame.Rect) -> int:
        x, y = rect.x + 12, rect.y
        pygame.draw.line(surface, theme.PANEL_EDGE, (rect.x + 8, y), (rect.right - 8, y))
        y += 6
        self.problem_rects = []
        if self.doc.revision != self._validated_rev:
            head, col = "Checking...", theme.TEXT_DIM
        elif self.problems:
            n = len(self.problems)
            head, col = f"{n} problem{'s' if n != 1 else ''}: cannot save", theme.BAD
        else:
            head, col = "Valid: ready to save", theme.GOOD
        surface.blit(theme.text(head, 17, col, bold=True), (x, y))
        y += 24
        for pr in self.problems:
            lines = theme.wrap(f"line {pr.line}: {pr.message}", 14, rect.w - 28)
            top = y
            for ln in lines:
                if y > rect.bottom - 18:
                    return y
                surface.blit(theme.text(ln, 14, (240, 200, 190)), (x, y))
                y += 17
            self.problem_rects.append((pygame.Rect(x, top, rect.w - 24, y - top), pr))
            y += 4
        return y


def _default_of(key: str) -> str:
    """A unit field's default as shown (dimmed) when the file does not give it."""
    from ..scenario.schema import UnitModel

    f = UnitModel.model_fields.get(key)
    if f is None or f.is_required():
        return ""
    return str(f.default)


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
