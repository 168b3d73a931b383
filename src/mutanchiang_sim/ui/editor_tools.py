"""The scenario editor's tools, one class each: what a press, a drag and a release on the map do.

Every tool changes the scenario only through the editor's
:class:`~mutanchiang_sim.scenario.document.ScenarioDocument` (so each change can be undone) and
reports it with :meth:`EditorScene.edited`. A tool is named as its palette button is
(``"select"``, ``"terrain:<code>"``, ``"unit:<side>"``, ...); :func:`make_tool` builds one from
its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._pygame import pygame

if TYPE_CHECKING:
    from ..core.scenario_def import Scenario
    from .editor import EditorScene

Hex = tuple[int, int]  # (col, row)
Pos = tuple[int, int]  # a point on the screen

# A new unit of a side that has none yet to copy, by the side's role.
DEFAULT_UNITS = {
    "attack": {"name": "New Rifle Division", "kind": "rifle_division", "size": "division", "men": 9000, "guns": 120},
    "defend": {"name": "New Infantry Regiment", "kind": "infantry_regiment", "size": "regiment", "men": 3000, "guns": 12},
}


def new_unit(scenario: Scenario, side: str) -> dict[str, object]:
    """A new unit of ``side``: like the side's first unit (its kind, size, men, tanks and guns),
    or, for a side with none yet, the default of its role."""
    first = next((u for u in scenario.units if u.side == side), None)
    if first is not None:
        return {"name": f"New {first.kind.replace('_', ' ').title()}", "side": side, "kind": first.kind, "size": first.size, "men": first.men_start,
                **({"tanks": first.tanks_start} if first.tanks_start else {}),
                **({"guns": first.guns_start} if first.guns_start else {})}
    spec = scenario.sides.get(side)
    return {**DEFAULT_UNITS["defend" if spec is not None and spec.role == "defend" else "attack"], "side": side}
OBJECTIVE_STEPS = (0, 5, 10, 30)  # victory points an objective cycles through


class Tool:
    """A tool of the palette. ``pans_with_right`` tools have no use for the right button, which
    then drags the map (the middle button always does)."""

    name = ""
    pans_with_right = False

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        """The button went down at ``pos``, over the hex ``h``."""

    def drag(self, ed: EditorScene, h: Hex) -> None:
        """The pointer moved, a button held since this tool's press, over ``h``."""

    def release(self, ed: EditorScene, pos: Pos) -> None:
        """The button came up at ``pos`` after this tool's press."""


class SelectTool(Tool):
    """Select a counter (clicking a stack again cycles through it) and drag it to move it."""

    name = "select"
    pans_with_right = True

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        uid = ed.unit_at(pos)
        ed.selected = uid
        ed.editing = None
        if uid is not None:
            ed.drag_from = h
            ed.dragging = True
            ed.status = f"Selected {uid}: drag to move, edit its numbers on the right"

    def release(self, ed: EditorScene, pos: Pos) -> None:
        if ed.dragging and ed.selected and ed.drag_from is not None:
            h = ed.hex_at(pos)
            if h is not None and h != ed.drag_from:
                ed.doc.move_unit(ed.selected, h)
                ed.edited(f"Moved {ed.selected} to {list(h)}")


class TerrainBrush(Tool):
    """Paint the terrain ``code`` on every hex the pointer crosses; a stroke is one undo step."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.name = f"terrain:{code}"

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        ed.doc.begin_group()
        ed.dragging = True
        self.paint(ed, h)

    def drag(self, ed: EditorScene, h: Hex) -> None:
        self.paint(ed, h)

    def release(self, ed: EditorScene, pos: Pos) -> None:
        if ed.dragging:
            ed.doc.end_group()

    def paint(self, ed: EditorScene, h: Hex) -> None:
        if ed.doc.terrain_at(*h) != self.code:
            ed.doc.set_terrain(h[0], h[1], self.code)
            ed.edited(f"Painted {list(h)} {ed.scenario.rules.terrain[self.code].name}")


class RouteTool(Tool):
    """Draw a road or railway (``kind`` ``"roads"`` or ``"railways"``) from hex to hex as the
    pointer drags; the right button cuts the hex out of the routes of that kind."""

    def __init__(self, name: str, kind: str) -> None:
        self.name = name
        self.kind = kind

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        if button == 3:
            if ed.doc.remove_route_hex(self.kind, h):
                ed.edited(f"Cut {list(h)} out of the {self.kind}")
            return
        ed.doc.begin_group()
        ed.dragging = True
        ed.drag_from = h

    def drag(self, ed: EditorScene, h: Hex) -> None:
        if ed.drag_from is not None and h != ed.drag_from:
            if ed.doc.draw_route(self.kind, ed.drag_from, h):
                ed.edited(f"{'Road' if self.kind == 'roads' else 'Railway'} {list(ed.drag_from)}-{list(h)}")
            ed.drag_from = h

    def release(self, ed: EditorScene, pos: Pos) -> None:
        if ed.dragging:
            ed.doc.end_group()


class EdgeTool(Tool):
    """A tool that toggles something on the hex side nearest the pointer."""

    label = ""
    pans_with_right = True

    def toggle(self, ed: EditorScene, a: Hex, b: Hex) -> None:
        raise NotImplementedError

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        e = ed.edge_at(pos)
        if e is not None:
            a, b = e
            self.toggle(ed, a, b)
            ed.edited(f"{self.label} {list(a)}-{list(b)} toggled")


class RiverEdgeTool(EdgeTool):
    """Put a river on the hex side nearest the pointer, or take it away."""

    name = "river"
    label = "River edge"

    def toggle(self, ed: EditorScene, a: Hex, b: Hex) -> None:
        ed.doc.toggle_river_edge(a, b)


class BridgeTool(EdgeTool):
    """Put a bridge on the hex side nearest the pointer, or take it away."""

    name = "bridge"
    label = "Bridge"

    def toggle(self, ed: EditorScene, a: Hex, b: Hex) -> None:
        ed.doc.toggle_bridge(a, b)


class PlaceTool(Tool):
    """Make the hex a (named) place, or no place any more."""

    name = "place"
    pans_with_right = True

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        ed.doc.toggle_place(h)
        ed.edited(f"Place at {list(h)} toggled")


class ObjectiveTool(Tool):
    """Step the victory points of the place in the hex through :data:`OBJECTIVE_STEPS`."""

    name = "objective"
    pans_with_right = True

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        pi = ed.doc.place_at(h)
        if pi is None:
            ed.status = "An objective is a place: make a place there first (P)"
            return
        vp = float(ed.doc.get(("map", "places", pi, "vp"), 0) or 0)
        nxt = next((v for v in OBJECTIVE_STEPS if v > vp), 0)
        ed.doc.set_objective(h, nxt)
        ed.edited(f"{ed.doc.get(('map', 'places', pi, 'name'))}: {nxt} victory points")


class UnitTool(Tool):
    """Add a new unit of ``side`` (see :func:`new_unit`) in the hex and select it."""

    def __init__(self, side: str) -> None:
        self.side = side
        self.name = f"unit:{side}"

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        uid = ed.doc.add_unit({**new_unit(ed.scenario, self.side), "hex": list(h)})
        ed.selected = uid
        ed.edited(f"Added {uid} at {list(h)}")


class DeleteTool(Tool):
    """Delete the counter clicked."""

    name = "delete"

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        uid = ed.unit_at(pos)
        if uid is not None:
            ed.selected = uid
            ed.delete_selected()


SIDE_HEX_LISTS = {"exit_zone": "exit zone", "supply_sources": "supply sources"}  # a side's lists of hexes


class SideHexesTool(Tool):
    """Toggle the hex clicked in a side's list of hexes (``key``: ``exit_zone`` or
    ``supply_sources``, see :data:`SIDE_HEX_LISTS`); picked on the editor's Sides page."""

    pans_with_right = True

    def __init__(self, side: str, key: str) -> None:
        self.side = side
        self.key = key
        self.name = f"hexes:{side}:{key}"

    def hexes(self, ed: EditorScene) -> list[Hex]:
        """The hexes in the list now (those written as ``[col, row]``)."""
        items = ed.doc.get(("sides", self.side, self.key))
        return [(int(h[0]), int(h[1])) for h in items or () if isinstance(h, list | tuple) and len(h) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in h)] if isinstance(items, list) else []

    def press(self, ed: EditorScene, pos: Pos, h: Hex, button: int) -> None:
        if not isinstance(ed.doc.get(("sides", self.side)), dict):
            ed.status = f"The file has no side {self.side!r}"
            return
        path = ed.doc.ensure_list(("sides", self.side), self.key)
        items = ed.doc.get(path)
        k = next((k for k, x in enumerate(items) if isinstance(x, list | tuple) and list(x) == list(h)), None)
        what = f"{ed.scenario.side_label(self.side)} {SIDE_HEX_LISTS[self.key]}"
        if k is None:
            ed.doc.insert(path, len(items), list(h))
            ed.edited(f"{list(h)} added to the {what}")
        else:
            ed.doc.delete(path, k)
            ed.edited(f"{list(h)} taken out of the {what}")


FIXED_TOOLS: dict[str, type[Tool]] = {t.name: t for t in (SelectTool, RiverEdgeTool, BridgeTool, PlaceTool, ObjectiveTool, DeleteTool)}
ROUTE_KINDS = {"road": "roads", "rail": "railways"}
TOOL_KEYS = {pygame.K_v: "select", pygame.K_r: "river", pygame.K_o: "road", pygame.K_l: "rail", pygame.K_b: "bridge",
             pygame.K_p: "place", pygame.K_j: "objective", pygame.K_x: "delete"}  # the key that picks each tool
SIDE_UNIT_KEYS = {pygame.K_1: 0, pygame.K_2: 1}  # a unit of the scenario's first or second side


def make_tool(name: str) -> Tool:
    """The tool of the palette button ``name``."""
    if name.startswith("terrain:"):
        return TerrainBrush(name.split(":", 1)[1])
    if name.startswith("unit:"):
        return UnitTool(name.split(":", 1)[1])
    if name in ROUTE_KINDS:
        return RouteTool(name, ROUTE_KINDS[name])
    if name.startswith("hexes:") and name.count(":") == 2 and name.rsplit(":", 1)[1] in SIDE_HEX_LISTS:
        _, side, key = name.split(":")
        return SideHexesTool(side, key)
    return FIXED_TOOLS.get(name, SelectTool)()
