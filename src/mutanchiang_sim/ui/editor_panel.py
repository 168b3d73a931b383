"""The editor's side panel beyond the selected unit: the sides, the weather and the events, each
field edited as a unit's is (click, type or pick, Enter) and checked by the same live validation.

A field names the mapping of the document that holds it (``Field.path``: a side, a weather
period, an event) and its key. The conditions (``when``) and ``effects`` of an event are edited
as one line of YAML flow text (``{side: soviet, place: Yehe}``), read with the scenario reader's
own safeguards."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.scenario_def import ROLES
from ..scenario.errors import ScenarioError
from ..scenario.yaml_text import parse_text, plain
from . import theme
from ._pygame import pygame
from .editor_tools import SIDE_HEX_LISTS
from .text_fit import fitted

if TYPE_CHECKING:
    from .editor import EditorScene

TABS = (("unit", "Unit"), ("sides", "Sides"), ("weather", "Weather"), ("events", "Events"))
MAX_TEXT = 2000  # characters a field takes


class Yaml:
    """The kind of a field whose value is YAML flow text (an event's ``when`` and ``effects``)."""


@dataclass
class Field:
    """A field in the side panel: its key, its kind (str, int, float, bool or :class:`Yaml`),
    where it is drawn, the mapping that holds it (``()``: the selected unit), the values it may
    take (a pick list) and whether an empty entry removes the key."""

    key: str
    kind: type
    rect: pygame.Rect
    path: tuple[Any, ...] = ()
    choices: tuple[str, ...] | None = None
    optional: bool = False


SIDE_FIELDS: tuple[tuple[str, type, bool], ...] = (
    ("name", str, True), ("adjective", str, True), ("colour", str, True), ("role", str, True),
    ("exit_requires_order", str, True),
)
WEATHER_FIELDS: tuple[tuple[str, type, bool], ...] = (("from_turn", int, False), ("weather", str, False), ("wet_ground", bool, True))
EVENT_FIELDS: tuple[tuple[str, type, bool], ...] = (
    ("id", str, False), ("text", str, True), ("turn", int, True), ("not_before", int, True), ("when", Yaml, True),
    ("effects", Yaml, False),
)
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9 _.\-()']*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def flow(v: Any) -> str:
    """``v`` as one line of YAML flow text that reads back as ``v``."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, str):
        if _PLAIN.match(v) and v.lower() not in _RESERVED and v == v.strip():
            return v
        # double-quoted, with what YAML would not keep as it is (control and line-break characters) escaped
        return "".join(ch if ch.isprintable() or ch == " " else json.dumps(ch)[1:-1] if ord(ch) < 0x10000 else ch
                       for ch in json.dumps(v, ensure_ascii=False))
    return str(v)


def shown(v: Any, kind: type) -> str:
    """A field's value as the panel shows it and the edit starts from."""
    if v is None:
        return ""
    if kind is Yaml:
        return flow(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def parse(f: Field, text: str) -> tuple[bool, Any]:
    """``(True, value)`` for ``text`` typed into ``f`` (``(True, None)``: remove the key), or
    ``(False, why)`` when the text cannot be a value of its kind."""
    t = text.strip()
    if len(t) > MAX_TEXT:
        return False, f"{f.key}: longer than {MAX_TEXT} characters"
    if not t and f.optional:
        return True, None
    if f.kind is int or f.kind is float:
        try:
            return True, f.kind(t)
        except ValueError:
            return False, f"{f.key}: {t!r} is not a{'n integer' if f.kind is int else ' number'}"
    if f.kind is bool:
        if t.lower() in ("true", "yes", "1"):
            return True, True
        if t.lower() in ("false", "no", "0"):
            return True, False
        return False, f"{f.key}: {t!r} is not true or false"
    if f.kind is Yaml:
        try:
            return True, plain(parse_text(f.key, f"value: {t}")["value"])
        except ScenarioError as e:
            return False, f"{f.key}: {e.problems[0].message}"
    return True, text


def container(ed: EditorScene, f: Field) -> tuple[Any, ...] | None:
    """The document path of the mapping that holds ``f`` (None: no such mapping any more)."""
    if f.path:
        return f.path if isinstance(ed.doc.get(f.path), dict) else None
    k = ed.doc.unit_index(ed.selected or "")
    return None if k is None else ("units", k)


# --- adding and removing ---------------------------------------------------------------------------
def act(ed: EditorScene, what: str) -> None:
    """A button of the panel: a tab, a weather period or an event added or deleted, the next or
    the previous event."""
    doc = ed.doc
    if what.startswith("tab:"):
        ed.tab = what[4:]
        ed.editing = None
        ed.weather_first = 0
        if ed.tab != "unit":
            ed.selected = None
        if ed.tool.startswith("hexes:") and ed.tab != "sides":
            ed.set_tool("select")
        return
    if what.startswith("tool:"):  # (the Sides page's hex lists)
        ed.set_tool(what[5:])
        if what.startswith("tool:hexes:"):
            _, _, side, key = what.split(":")
            ed.status = f"Picking the {ed.scenario.side_label(side)} {SIDE_HEX_LISTS[key]}: click hexes on the map"
        return
    if what in ("weather:up", "weather:down"):
        ed.scroll_weather(-1 if what == "weather:up" else 1)
        return
    if what == "weather:add":
        periods = doc.get(("weather",))
        if not isinstance(periods, list):
            doc.set((), "weather", [])
            periods = []
        last = periods[-1] if periods and isinstance(periods[-1], dict) else {}
        turn = int(last.get("from_turn", -1)) + 1 if isinstance(last.get("from_turn", -1), int) else 0
        new = {"from_turn": turn, "weather": last.get("weather", "clear"), "wet_ground": bool(last.get("wet_ground", False))}
        doc.insert(("weather",), len(periods), new)
        ed.weather_first = len(periods)  # the new one in sight (the page shows as many before it as fit)
        ed.edited(f"Weather from turn {turn} added")
    elif what.startswith("weather:del:"):
        k = int(what.rsplit(":", 1)[1])
        doc.delete(("weather",), k)
        ed.edited(f"Weather period {k + 1} deleted")
    elif what == "event:add":
        events = doc.get(("events",))
        if not isinstance(events, list):
            doc.set((), "events", [])
            events = []
        used = {e.get("id") for e in events if isinstance(e, dict)}
        n = len(events) + 1
        while f"event-{n}" in used:
            n += 1
        doc.insert(("events",), len(events), {"id": f"event-{n}", "turn": 0, "effects": [{"message": "A new event."}]})
        ed.event_index = len(events)
        ed.edited(f"Event event-{n} added")
    elif what == "event:del":
        events = doc.get(("events",)) or []
        if 0 <= ed.event_index < len(events):
            gone = events[ed.event_index].get("id", "?") if isinstance(events[ed.event_index], dict) else "?"
            doc.delete(("events",), ed.event_index)
            ed.event_index = max(0, min(ed.event_index, len(events) - 2))
            ed.edited(f"Event {gone} deleted")
    elif what in ("event:next", "event:prev"):
        n = len(doc.get(("events",)) or [])
        if n:
            ed.event_index = (ed.event_index + (1 if what == "event:next" else -1)) % n
            ed.editing = None


# --- drawing ---------------------------------------------------------------------------------------
def draw_tabs(ed: EditorScene, surface: pygame.Surface, rect: pygame.Rect) -> int:
    """The tab row at the top of the panel; returns the y below it."""
    w = (rect.w - 16) // len(TABS)
    for k, (name, label) in enumerate(TABS):
        r = pygame.Rect(rect.x + 8 + k * w, rect.y + 6, w - 4, 24)
        on = ed.tab == name
        pygame.draw.rect(surface, (150, 110, 40) if on else (64, 70, 82), r, border_radius=5)
        t = theme.text(label, 15, theme.TEXT_BRIGHT, bold=on)
        surface.blit(t, t.get_rect(center=r.center))
        ed.panel_buttons.append((r, f"tab:{name}"))
    return rect.y + 38


def draw_field(ed: EditorScene, surface: pygame.Surface, x: int, y: int, width: int, f: Field, value: Any,
               given: bool, default: str = "", lines: int = 1) -> int:
    """A field's label and box (``lines`` high at most, the value wrapped), kept in
    ``ed.fields`` for clicks; returns the y below it."""
    editing = ed.editing is not None and ed.editing.key == f.key and ed.editing.path == f.path
    text = ed.edit_text + "|" if editing else (shown(value, f.kind) if given else default)
    wrapped = theme.wrap(text, 15, width - 10) if lines > 1 else [text if editing else text]
    if len(wrapped) > lines:
        wrapped = wrapped[-lines:] if editing else wrapped[:lines - 1] + [wrapped[lines - 1] + " ..."]
    h = 4 + 17 * len(wrapped)
    f.rect = pygame.Rect(x + 96, y, width, max(21, h))
    label = theme.text(f.key.replace("_", " "), 15, theme.TEXT_DIM)
    if label.get_width() > 92:
        label = theme.text(f.key.replace("_", " "), 12, theme.TEXT_DIM)
    surface.blit(label, (x, y + 2))
    pygame.draw.rect(surface, (70, 64, 40) if editing else theme.PANEL_DARK, f.rect, border_radius=3)
    ink = theme.TEXT_BRIGHT if given or editing else theme.TEXT_DIM
    for k, line in enumerate(wrapped):
        s = line if lines > 1 else line[-34:]
        surface.blit(theme.text(s, 15, ink), (f.rect.x + 5, f.rect.y + 2 + 17 * k))
    ed.fields.append(f)
    return f.rect.bottom + 3


def small_button(ed: EditorScene, surface: pygame.Surface, r: pygame.Rect, label: str, what: str) -> None:
    pygame.draw.rect(surface, (64, 70, 82), r, border_radius=4)
    t = theme.text(label, 14, theme.TEXT_BRIGHT)
    surface.blit(t, t.get_rect(center=r.center))
    ed.panel_buttons.append((r, what))


def draw_sides(ed: EditorScene, surface: pygame.Surface, rect: pygame.Rect, y: int) -> int:
    x, width = rect.x + 12, rect.w - 120
    sides = ed.doc.get(("sides",))
    if not isinstance(sides, dict) or not sides:
        surface.blit(theme.text("The file declares no sides", 15, theme.TEXT_DIM), (x, y))
        return y + 24
    for sid, spec in sides.items():
        if not isinstance(spec, dict):
            continue
        name = spec.get("name")
        title = f"{name} ({sid})" if isinstance(name, str) and name.strip() and name != sid else f"Side {sid}"
        surface.blit(fitted(title, 17, rect.w - 70, theme.TEXT_BRIGHT, bold=True), (x, y))
        col = spec.get("colour")
        if isinstance(col, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", col):
            pygame.draw.rect(surface, theme.palette(col)["bg"], (rect.right - 40, y + 2, 24, 16))
        y += 22
        for key, kind, optional in SIDE_FIELDS:
            f = Field(key, kind, pygame.Rect(0, 0, 0, 0), ("sides", sid), ROLES if key == "role" else None, optional)
            y = draw_field(ed, surface, x, y, width, f, spec.get(key), key in spec)
        for key, label in SIDE_HEX_LISTS.items():  # picked on the map: click a button, then hexes
            items = spec.get(key)
            n = len(items) if isinstance(items, list) else 0
            tool = f"hexes:{sid}:{key}"
            on = ed.tool == tool
            surface.blit(theme.text(f"{label}: {n} hex{'es' if n != 1 else ''}", 14, theme.TEXT if n else theme.TEXT_DIM), (x, y + 2))
            r = pygame.Rect(rect.right - 168, y, 154, 20)
            pygame.draw.rect(surface, (150, 110, 40) if on else (64, 70, 82), r, border_radius=4)
            t = theme.text("done picking" if on else "pick on the map", 14, theme.TEXT_BRIGHT, bold=on)
            surface.blit(t, t.get_rect(center=r.center))
            ed.panel_buttons.append((r, "tool:select" if on else f"tool:{tool}"))
            y += 23
        y += 6
    if ed.tool.startswith("hexes:"):
        for line in theme.wrap("Click hexes on the map to add or take them out; they are outlined there.", 13, rect.w - 24):
            surface.blit(theme.text(line, 13, theme.ACCENT), (x, y))
            y += 15
    return y


def draw_weather(ed: EditorScene, surface: pygame.Surface, rect: pygame.Rect, y: int) -> int:
    """The weather periods from ``ed.weather_first`` on, as many as the panel holds; the arrows
    (and the mouse wheel over the panel) scroll the list when it is longer."""
    x, width = rect.x + 12, rect.w - 120
    periods = ed.doc.get(("weather",))
    periods = periods if isinstance(periods, list) else []
    names = tuple(ed.scenario.rules.weather)
    per = 26 + 24 * len(WEATHER_FIELDS)  # a period's height
    room = max(1, (rect.bottom - 150 - y - 2 * 26) // per)  # periods that fit (with room for the problems)
    ed.weather_first = max(0, min(ed.weather_first, len(periods) - room))
    first = ed.weather_first
    top = y
    if first > 0:
        small_button(ed, surface, pygame.Rect(x, y, 200, 20), f"\u25b2 {first} earlier", "weather:up")
        y += 26
    ed.weather_shown = 0
    for k in range(first, len(periods)):
        p = periods[k]
        if not isinstance(p, dict):
            continue
        if ed.weather_shown >= room:
            small_button(ed, surface, pygame.Rect(x, y, 200, 20), f"\u25bc {len(periods) - k} later", "weather:down")
            y += 26
            break
        ed.weather_shown += 1
        turn = p.get("from_turn")
        when = f": from {ed.scenario.time_of(turn):%d %b %H:%M}" if isinstance(turn, int) and not isinstance(turn, bool) and 0 <= turn <= 10**5 else ""
        surface.blit(theme.text(f"Period {k + 1}{when}", 16, theme.TEXT_BRIGHT, bold=True), (x, y))
        small_button(ed, surface, pygame.Rect(rect.right - 78, y, 64, 19), "delete", f"weather:del:{k}")
        y += 22
        for key, kind, optional in WEATHER_FIELDS:
            choices = names if key == "weather" else ("true", "false") if kind is bool else None
            f = Field(key, kind, pygame.Rect(0, 0, 0, 0), ("weather", k), choices, optional)
            y = draw_field(ed, surface, x, y, width, f, p.get(key), key in p, "false" if kind is bool else "")
        y += 4
    ed.weather_rect = pygame.Rect(rect.x, top, rect.w, y - top)
    small_button(ed, surface, pygame.Rect(x, y, 170, 22), "+ add a weather change", "weather:add")
    return y + 30


def draw_events(ed: EditorScene, surface: pygame.Surface, rect: pygame.Rect, y: int) -> int:
    x, width = rect.x + 12, rect.w - 120
    events = ed.doc.get(("events",))
    events = events if isinstance(events, list) else []
    if events:
        ed.event_index = max(0, min(ed.event_index, len(events) - 1))
        surface.blit(theme.text(f"Event {ed.event_index + 1} of {len(events)}", 17, theme.TEXT_BRIGHT, bold=True), (x, y))
        small_button(ed, surface, pygame.Rect(rect.right - 130, y, 34, 20), "<", "event:prev")
        small_button(ed, surface, pygame.Rect(rect.right - 92, y, 34, 20), ">", "event:next")
        y += 26
        ev = events[ed.event_index]
        if isinstance(ev, dict):
            for key, kind, optional in EVENT_FIELDS:
                f = Field(key, kind, pygame.Rect(0, 0, 0, 0), ("events", ed.event_index), None, optional)
                default = {"not_before": "0", "when": "none: only its turn", "turn": "none: when its conditions hold"}.get(key, "")
                y = draw_field(ed, surface, x, y, width, f, ev.get(key), key in ev, default, lines=1 if kind in (int, float) else 4)
        y += 4
    else:
        surface.blit(theme.text("No events", 15, theme.TEXT_DIM), (x, y))
        y += 22
    small_button(ed, surface, pygame.Rect(x, y, 120, 22), "+ new event", "event:add")
    if events:
        small_button(ed, surface, pygame.Rect(x + 130, y, 120, 22), "delete event", "event:del")
    y += 28
    hint = "when and effects are YAML, e.g. {side: soviet, place: Yehe} and [{message: Rain.}]"
    for line in theme.wrap(hint, 13, rect.w - 24):
        surface.blit(theme.text(line, 13, theme.TEXT_DIM), (x, y))
        y += 15
    return y + 4


DRAW = {"sides": draw_sides, "weather": draw_weather, "events": draw_events}
