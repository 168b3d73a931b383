"""What the scenario editor draws: its units on the map, the tool palette, the side panel (the
selected unit's fields, the problems found, the time line) and the top bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.scenario_def import Scenario
from . import editor_panel as panel
from . import theme
from ._pygame import pygame
from .editor_panel import Field
from .editor_tools import SideHexesTool
from .map_overlays import draw_overlay
from .widgets import Button

if TYPE_CHECKING:
    from .editor import EditorScene

PALETTE_W = 190
PANEL_W = 330
TOP_H = 34

UNIT_FIELDS: tuple[tuple[str, type], ...] = (
    ("name", str), ("kind", str), ("size", str), ("side", str), ("men", int), ("tanks", int), ("guns", int),
    ("vehicles", int), ("quality", float), ("readiness", float), ("posture", str), ("entrenchment", int),
    ("arrives", int), ("formation", str), ("corps", str),
)


def palette_buttons(scenario: Scenario, height: int) -> list[Button]:
    """The palette: a button per tool (one per terrain type), then Save and Undo, for a window
    ``height`` pixels high."""
    tools = [("select", "Select / move", "V")]
    for code, rule in scenario.rules.terrain.items():
        tools.append((f"terrain:{code}", f"{code}  {rule.name}", ""))
    tools += [("river", "River edge", "R"), ("road", "Road", "O"), ("rail", "Railway", "L"), ("bridge", "Bridge", "B"),
              ("place", "Place", "P"), ("objective", "Objective", "J")]
    tools += [(f"unit:{side}", f"{scenario.side_label(side)} unit", str(k + 1)) for k, side in enumerate(scenario.side_ids)]
    tools += [("delete", "Delete unit", "X")]
    out = []
    y = TOP_H + 8
    bh = max(22, min(30, (height - TOP_H - 90) // max(1, len(tools))))
    for name, label, hint in tools:
        out.append(Button(name, label, pygame.Rect(8, y, PALETTE_W - 16, bh - 4), hint))
        y += bh
    out.append(Button("save", "Save", pygame.Rect(8, y + 8, (PALETTE_W - 24) // 2, 30), ""))
    out.append(Button("undo", "Undo", pygame.Rect(16 + (PALETTE_W - 24) // 2, y + 8, (PALETTE_W - 24) // 2, 30), ""))
    return out


def _default_of(key: str) -> str:
    """A unit field's default as shown (dimmed) when the file does not give it."""
    from ..scenario.schema import UnitModel

    f = UnitModel.model_fields.get(key)
    if f is None or f.is_required():
        return ""
    return str(f.default)


def draw_units(ed: EditorScene, surface: pygame.Surface) -> None:
    """The units as counters, stacked (the selected one on top, its arrival turn marked), and a
    warning box where a unit of the file could not be placed."""
    s = ed.camera.size
    w, h = ed.painter.dims(s)
    clip = surface.get_clip()
    surface.set_clip(ed.map_rect)
    stacks: dict[int, list[Any]] = {}
    for u in ed.scenario.units:
        stacks.setdefault(u.hex, []).append(u)
    step = max(2, s // 8)
    for i, units in stacks.items():
        cx, cy = ed.map_view.centre_px(i, ed.camera)
        units.sort(key=lambda u: u.id == ed.selected)
        for k, u in enumerate(units):
            off = (k - (len(units) - 1)) * step
            r = pygame.Rect(0, 0, w, h)
            r.center = (int(cx - off), int(cy + off))
            surface.blit(ed.painter.counter(u, s), r.topleft)
            if u.arrives:
                surface.blit(theme.halo_text(f"T{u.arrives}", 12, (255, 255, 255), (0, 0, 0)), (r.right - 4, r.top - 8))
            if u.id == ed.selected:
                pygame.draw.rect(surface, (255, 255, 255), r.inflate(4, 4), 2, border_radius=3)
    # units the engine could not place (off the map, on water, unknown kind): a warning box
    shown = {u.id for u in ed.scenario.units}
    mw, mh = ed.doc.size
    for u in ed.doc.get(("units",), []) or []:
        hx = u.get("hex") if isinstance(u, dict) else None
        if not isinstance(hx, list) or len(hx) != 2 or u.get("id") in shown or not all(isinstance(v, int) for v in hx):
            continue
        if not (0 <= hx[0] < mw and 0 <= hx[1] < mh):
            continue
        r = pygame.Rect(0, 0, w, h)
        r.center = ed.hex_centre(hx[0], hx[1])
        pygame.draw.rect(surface, (90, 30, 30), r, border_radius=3)
        pygame.draw.rect(surface, theme.BAD if u.get("id") != ed.selected else (255, 255, 255), r, 2, border_radius=3)
        lab = theme.text("!", max(10, h - 6), (255, 230, 220), bold=True)
        surface.blit(lab, lab.get_rect(center=r.center))
    surface.set_clip(clip)


def draw_side_hexes(ed: EditorScene, surface: pygame.Surface) -> None:
    """While a side's exit zone or supply sources are being picked: those hexes, shaded in the
    side's colour and outlined."""
    tool = ed.active_tool
    if not isinstance(tool, SideHexesTool):
        return
    m = ed.scenario.map
    hexes = [m.index_of_offset(c, r) for c, r in tool.hexes(ed) if 0 <= c < m.width and 0 <= r < m.height]
    colour = theme.side_palette(ed.scenario, tool.side)["dot"] if tool.side in ed.scenario.sides else theme.ACCENT
    surface.set_clip(ed.map_rect)
    draw_overlay(surface, ed.camera, ed.map_view, ed.map_rect, hexes, (*colour[:3], 110))
    layout = ed.camera.layout()
    for i in hexes:
        pygame.draw.polygon(surface, (255, 255, 255), layout.corners(m.hex_of(i)), 3)
    surface.set_clip(None)


def draw_top(ed: EditorScene, surface: pygame.Surface) -> None:
    """The file's name (starred when unsaved), the scenario's name and the status line."""
    w = ed.app.size[0]
    pygame.draw.rect(surface, theme.PANEL_DARK, (0, 0, w, TOP_H))
    title = f"{ed.doc.path.name}{' *' if ed.doc.dirty else ''}  ·  {ed.doc.data.get('name', '')}"
    surface.blit(theme.text(title, 18, theme.TEXT_BRIGHT, bold=True), (10, 7))
    st = theme.text(ed.status, 16, theme.ACCENT)
    surface.blit(st, (max(320, w - PANEL_W - st.get_width() - 10), 9))


def draw_palette(ed: EditorScene, surface: pygame.Surface) -> None:
    """The tools down the left, the one in hand lit; terrain brushes show their colour."""
    rect = pygame.Rect(0, TOP_H, PALETTE_W, ed.app.size[1] - TOP_H)
    pygame.draw.rect(surface, theme.PANEL, rect)
    mouse = pygame.mouse.get_pos()
    for b in ed.buttons:
        b.active = b.name == ed.tool
        if b.name.startswith("terrain:"):
            code = b.name.split(":", 1)[1]
            rule = ed.scenario.rules.terrain[code]
            fill = theme.terrain_fill(rule.name, code, rule.passable, rule.urban)
            pygame.draw.rect(surface, (150, 110, 40) if b.active else (64, 70, 82), b.rect, border_radius=5)
            sw = pygame.Rect(b.rect.x + 6, b.rect.y + 4, b.rect.h - 8, b.rect.h - 8)
            pygame.draw.rect(surface, fill, sw)
            pygame.draw.rect(surface, (20, 20, 20), sw, 1)
            surface.blit(theme.text(f"{code}  {rule.name}", 16, theme.TEXT_BRIGHT), (sw.right + 8, b.rect.y + (b.rect.h - 18) // 2))
        else:
            b.draw(surface, b.rect.collidepoint(mouse))


def field_choices(scenario: Scenario, key: str) -> tuple[str, ...] | None:
    """The values a unit field may take when it is one of a list (None: any text or number)."""
    from ..core.units import POSTURES, SIZES

    if key == "kind":
        return tuple(scenario.rules.kinds)
    if key == "side":
        return tuple(scenario.side_ids)
    if key == "size":
        return SIZES
    if key == "posture":
        return POSTURES
    return None


def draw_choices(ed: EditorScene, surface: pygame.Surface, bottom: int) -> None:
    """Under the field being edited, when it is a pick list: its values to click (the one typed
    or picked so far lit); ``ed.choice_rects`` for clicks."""
    ed.choice_rects = []
    f = ed.editing
    options = f.choices if f is not None else None
    if f is None or not options:
        return
    row = 19
    room = max(1, (bottom - f.rect.bottom - 4) // row)
    shown = options[:room]
    box = pygame.Rect(f.rect.x, f.rect.bottom + 2, f.rect.w, row * len(shown) + 4)
    theme.panel(surface, box, (30, 32, 38), theme.ACCENT, radius=4)
    for k, value in enumerate(shown):
        r = pygame.Rect(box.x + 2, box.y + 2 + k * row, box.w - 4, row)
        if value == ed.edit_text.strip():
            pygame.draw.rect(surface, (150, 110, 40), r, border_radius=3)
        surface.blit(theme.text(value.replace("_", " "), 15, theme.TEXT_BRIGHT), (r.x + 5, r.y + 2))
        ed.choice_rects.append((r, value))


def draw_panel(ed: EditorScene, surface: pygame.Surface) -> None:
    """The side panel: the selected unit's fields (``ed.fields`` for clicks), the problems, and
    with no unit selected the time line."""
    W, H = ed.app.size
    rect = pygame.Rect(W - PANEL_W, TOP_H, PANEL_W, H - TOP_H)
    pygame.draw.rect(surface, theme.PANEL, rect)
    ed.fields = []
    ed.panel_buttons = []
    if ed.selected is not None:
        ed.tab = "unit"
    x, y = rect.x + 12, panel.draw_tabs(ed, surface, rect)
    k = ed.doc.unit_index(ed.selected) if ed.selected else None
    if ed.tab != "unit":
        y = panel.DRAW[ed.tab](ed, surface, rect, y)
    elif k is None:
        surface.blit(theme.text("No unit selected", 18, theme.TEXT_DIM, bold=True), (x, y))
        y += 26
        labels = " / ".join(ed.scenario.side_label(s) for s in ed.scenario.side_ids)
        for line in ("Select tool: click a counter,", "drag it to move it.", f"1 / 2: add a {labels} unit."):
            surface.blit(theme.text(line, 15, theme.TEXT_DIM), (x, y))
            y += 19
        y += 10
    else:
        unit = ed.doc.get(("units", k), {})
        surface.blit(theme.text(f"Unit {unit.get('id')}  at {unit.get('hex')}", 18, theme.TEXT_BRIGHT, bold=True), (x, y))
        y += 26
        for key, kind in UNIT_FIELDS:
            f = Field(key, kind, pygame.Rect(0, 0, 0, 0), (), field_choices(ed.scenario, key), key in ("formation", "corps"))
            y = panel.draw_field(ed, surface, x, y, PANEL_W - 120, f, unit.get(key), key in unit, _default_of(key))
        y += 8
    y = draw_problems(ed, surface, pygame.Rect(rect.x, y, PANEL_W, rect.bottom - y))
    if k is None and ed.tab == "unit":
        draw_timeline(ed, surface, pygame.Rect(rect.x, y + 8, PANEL_W, rect.bottom - y - 8))
    draw_choices(ed, surface, rect.bottom)


def draw_timeline(ed: EditorScene, surface: pygame.Surface, rect: pygame.Rect) -> None:
    """The weather and events in turn order, as far as ``rect`` holds them."""
    x, y = rect.x + 12, rect.y
    if rect.h < 60:
        return
    pygame.draw.line(surface, theme.PANEL_EDGE, (rect.x + 8, y), (rect.right - 8, y))
    y += 6
    surface.blit(theme.text("Time line (edit it under Weather and Events)", 17, theme.TEXT_BRIGHT, bold=True), (x, y))
    y += 24
    for when, what in ed.timeline():
        lines = theme.wrap(what, 14, rect.w - 120)
        if y + 17 * len(lines) > rect.bottom - 4:
            surface.blit(theme.text("...", 14, theme.TEXT_DIM), (x, y))
            return
        surface.blit(theme.text(when, 14, theme.ACCENT), (x, y))
        for ln in lines:
            surface.blit(theme.text(ln, 14, theme.TEXT), (x + 96, y))
            y += 17
        y += 2


def draw_problems(ed: EditorScene, surface: pygame.Surface, rect: pygame.Rect) -> int:
    """Whether the file is valid, and its problems (``ed.problem_rects`` for clicks); returns
    the y below the last line drawn."""
    x, y = rect.x + 12, rect.y
    pygame.draw.line(surface, theme.PANEL_EDGE, (rect.x + 8, y), (rect.right - 8, y))
    y += 6
    ed.problem_rects = []
    if ed.doc.revision != ed._validated_rev:
        head, col = "Checking...", theme.TEXT_DIM
    elif ed.problems:
        n = len(ed.problems)
        head, col = f"{n} problem{'s' if n != 1 else ''}: cannot save", theme.BAD
    else:
        head, col = "Valid: ready to save", theme.GOOD
    surface.blit(theme.text(head, 17, col, bold=True), (x, y))
    y += 24
    for pr in ed.problems:
        lines = theme.wrap(f"line {pr.line}: {pr.message}", 14, rect.w - 28)
        top = y
        for ln in lines:
            if y > rect.bottom - 18:
                return y
            surface.blit(theme.text(ln, 14, (240, 200, 190)), (x, y))
            y += 17
        ed.problem_rects.append((pygame.Rect(x, top, rect.w - 24, y - top), pr))
        y += 4
    return y
