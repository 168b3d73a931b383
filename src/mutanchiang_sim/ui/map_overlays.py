"""The map overlays a player can switch on with O (supply, zones of control, the exit zone, the
lines of retreat), their key in the map's corner, and a selected gun unit's range.

A side's line of retreat runs from each of its units on the map back to where the scenario lets
it go: its exit zone if it declares one (where its units may leave the map), else its supply
sources. Each route is the cheapest march back as the movement rules price a step (a road at the
road's cost, wet ground dearer), over intact bridges only and never through an enemy unit; the
hexes of a route that lie in the enemy's zone of control are marked as threatened, and a unit
with no route back at all is cut off."""

from __future__ import annotations

import heapq
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.map_tables import NO_EDGE
from ..core.rules import movement, supply
from . import theme
from ._pygame import pygame

if TYPE_CHECKING:
    from ..core.state import GameState
    from ..sim.session import GameSession
    from .camera import Camera
    from .map_view import MapView

OVERLAYS = ("none", "supply", "zones of control", "exit zone", "line of retreat")
THREAT = (235, 60, 45)
Colour = tuple[int, ...]


def side_of(session: GameSession) -> str:
    """The side the overlays are drawn for: the viewer, else the one human, else the side to move."""
    humans = session.humans
    return session.viewer() or (next(iter(humans)) if len(humans) == 1 else session.state.side_to_move)


def gun_range(state: GameState, uid: str) -> set[int]:
    """The hexes an artillery unit's guns reach (its kind's support range); empty for others."""
    from ..core.rules import attack

    u = state.unit_by_id[uid]
    if not state.scenario.rules.kinds[u.kind].artillery or not u.on_map:
        return set()
    return {i for i in range(state.scenario.map.size) if attack.in_support_range(state, u, i)}


def overlay_hexes(state: GameState, side: str, name: str) -> tuple[set[int], tuple[int, int, int, int]]:
    """The hexes an overlay shades for ``side`` and its colour: the ground its supply reaches,
    the enemy's zones of control, its exit zone (the line of retreat is drawn as lines)."""
    if name == "supply":
        return set(supply.supplied_hexes(state, side)), (90, 200, 120, 70)
    if name == "zones of control":
        return set(movement.enemy_zoc(state, side)), (230, 80, 60, 80)
    if name == "exit zone":
        spec = state.scenario.sides.get(side)
        return set(spec.exit_zone if spec else ()), (120, 170, 250, 90)
    return set(), (0, 0, 0, 0)


@dataclass(frozen=True)
class RetreatLines:
    """A side's line of retreat (see the module's doc)."""

    side: str
    rear: frozenset[int]  # where the routes end: the exit zone, else the supply sources
    to_exit: bool  # the rear is the exit zone (else the supply sources)
    routes: dict[str, tuple[int, ...]]  # unit id -> the hexes from its hex back to the rear
    threatened: frozenset[int]  # route hexes in the enemy's zone of control
    cut_off: tuple[str, ...]  # units with no way back

    @property
    def steps(self) -> set[tuple[int, int]]:
        """Every step (from, to) of every route, once."""
        return {(p[k], p[k + 1]) for p in self.routes.values() for k in range(len(p) - 1)}


def rear_of(state: GameState, side: str) -> tuple[frozenset[int], bool]:
    """Where ``side`` falls back to: its exit zone (True) if it has one, else its supply sources."""
    spec = state.scenario.sides.get(side)
    if spec is None:
        return frozenset(), False
    if spec.exit_zone:
        return frozenset(spec.exit_zone), True
    return frozenset(spec.supply_sources), False


def retreat_lines(state: GameState, side: str, skip: Collection[str] = ()) -> RetreatLines:
    """``side``'s line of retreat from each of its units on the map but those in ``skip`` (the
    units a player cannot see)."""
    m = state.scenario.map
    rear, to_exit = rear_of(state, side)
    mv = state.scenario.rules.movement
    wet = mv.wet_ground if state.scenario.wet_at(state.turn) else 1.0
    enemy = {i for i, us in state.occupancy.items() if us and us[0].side != side}
    edges, intact, cost_of = m.tables.edges, state.bridges_intact, m.move_cost
    # cheapest march back, outward from the rear: back[b] is the next hex on b's way back
    dist = {i: 0.0 for i in rear if m.passable[i] and i not in enemy}
    back: dict[int, int] = {}
    heap = [(0.0, i) for i in sorted(dist)]
    while heap:
        d, a = heapq.heappop(heap)
        if d > dist[a]:
            continue
        for b, _ in m.tables.crossings[a]:
            if b in enemy:
                continue
            river, road, rail, k = edges.get((b, a), NO_EDGE)
            if river and (k < 0 or not intact[k]):
                continue
            step = mv.road_cost if road else min(float(cost_of[a]) * wet, mv.track_rail_cost) if rail else float(cost_of[a]) * wet
            nd = d + step
            if nd < dist.get(b, float("inf")) - 1e-9:
                dist[b] = nd
                back[b] = a
                heapq.heappush(heap, (nd, b))
    zoc = movement.enemy_zoc(state, side)
    routes: dict[str, tuple[int, ...]] = {}
    cut: list[str] = []
    for u in state.units:
        if u.side != side or not u.on_map or u.id in skip:
            continue
        if u.hex not in dist:
            cut.append(u.id)
            continue
        path = [u.hex]
        while path[-1] in back:
            path.append(back[path[-1]])
        routes[u.id] = tuple(path)
    threatened = frozenset(i for p in routes.values() for i in p if i in zoc)
    return RetreatLines(side, rear, to_exit, routes, threatened, tuple(cut))


def legend(state: GameState, side: str, name: str) -> list[tuple[str, Colour, str]]:
    """The key to overlay ``name`` as ``side`` sees it: (swatch: "hex", "line" or "dot", colour, label)."""
    sc = state.scenario
    mine, theirs = sc.side_label(side), sc.side_label(sc.other_side(side))
    if name == "supply":
        return [("hex", overlay_hexes(state, side, name)[1], f"{mine} supply reaches here (from its sources)")]
    if name == "zones of control":
        return [("hex", overlay_hexes(state, side, name)[1], f"{theirs} zones of control: moving in stops a unit")]
    if name == "exit zone":
        spec = sc.sides.get(side)
        if spec is None or not spec.exit_zone:
            return [("hex", (0, 0, 0, 0), f"The {mine} side has no exit zone")]
        when = f" once the '{spec.exit_requires_order}' order is given" if spec.exit_requires_order else ""
        return [("hex", overlay_hexes(state, side, name)[1], f"{mine} exit zone: units may leave the map here (X){when}")]
    if name == "line of retreat":
        rows: list[tuple[str, Colour, str]] = []
        for s, who in ((side, mine), (sc.other_side(side), theirs)):
            _, to_exit = rear_of(state, s)
            where = "the exit zone" if to_exit else "the supply sources"
            seen = "" if s == side else " (the units you see)"
            rows.append(("line", theme.side_palette(sc, s)["dot"], f"{who} line of retreat{seen}, back to {where}"))
        _, to_exit = rear_of(state, side)
        rows.append(("hex", theme.side_palette(sc, side)["dot"], f"{mine} {'exit zone' if to_exit else 'supply sources'}: where the line ends"))
        rows.append(("dot", THREAT, f"{mine} line threatened: in the enemy's zone of control"))
        rows.append(("cut", THREAT, "cut off: no way back"))
        return rows
    return []


def draw_overlay(surface: pygame.Surface, camera: Camera, map_view: MapView, map_rect: pygame.Rect,
                 hexes: Collection[int], colour: Colour) -> None:
    """Shade ``hexes`` in ``colour`` (with its alpha)."""
    if not hexes:
        return
    m = map_view.map
    layout = camera.layout()
    layer = pygame.Surface(map_rect.size, pygame.SRCALPHA)
    ox, oy = map_rect.topleft
    for i in hexes:
        pygame.draw.polygon(layer, colour, [(x - ox, y - oy) for x, y in layout.corners(m.hex_of(i))])
    surface.blit(layer, map_rect.topleft)


def draw_retreat(surface: pygame.Surface, camera: Camera, map_view: MapView, map_rect: pygame.Rect,
                 state: GameState, lines: RetreatLines, own: bool) -> None:
    """One side's line of retreat: each step a line in the side's colour, cut-off units ringed
    red; for the viewer's own side (``own``) also its rear shaded and the threatened hexes dotted."""
    colour = theme.side_palette(state.scenario, lines.side)["dot"]
    if own:  # the rear shaded and outlined, to show on any ground
        draw_overlay(surface, camera, map_view, map_rect, lines.rear, (*colour, 90))
        layout = camera.layout()
        surface.set_clip(map_rect)
        for i in lines.rear:
            pygame.draw.polygon(surface, colour, layout.corners(map_view.map.hex_of(i)), 2)
        surface.set_clip(None)
    width = max(2, camera.size // (7 if own else 10))
    surface.set_clip(map_rect)
    centre = map_view.centre_px
    for a, b in sorted(lines.steps):
        pa, pb = centre(a, camera), centre(b, camera)
        pygame.draw.line(surface, (20, 16, 12), pa, pb, width + 3)
        pygame.draw.line(surface, colour, pa, pb, width)
    r = max(3, camera.size // 6)
    for i in sorted(lines.threatened) if own else ():
        x, y = centre(i, camera)
        pygame.draw.circle(surface, (250, 250, 250), (int(x), int(y)), r + 2)
        pygame.draw.circle(surface, THREAT, (int(x), int(y)), r)
    for uid in lines.cut_off:
        x, y = centre(state.unit_by_id[uid].hex, camera)
        pygame.draw.circle(surface, THREAT, (int(x), int(y)), int(camera.size * 0.9), max(2, width))
    surface.set_clip(None)


def draw_legend(surface: pygame.Surface, map_rect: pygame.Rect, rows: list[tuple[str, Colour, str]]) -> pygame.Rect | None:
    """The overlay's key in the map's bottom-left corner, above the hex readout."""
    if not rows:
        return None
    size = 15
    texts = [theme.text(label, size, theme.TEXT) for _, _, label in rows]
    w = min(map_rect.w - 12, 44 + max(t.get_width() for t in texts))
    h = 10 + 20 * len(rows)
    box = pygame.Rect(map_rect.x + 6, map_rect.bottom - 32 - h, w, h)
    theme.panel(surface, box, (20, 22, 26), (70, 70, 70), radius=4, alpha=215)
    y = box.y + 6
    for (kind, colour, _), t in zip(rows, texts, strict=True):
        sw = pygame.Rect(box.x + 8, y + 3, 24, 12)
        if kind == "hex":
            if len(colour) < 4 or colour[3]:
                pygame.draw.rect(surface, colour[:3], sw)
            pygame.draw.rect(surface, (90, 90, 90), sw, 1)
        elif kind == "line":
            pygame.draw.line(surface, (20, 16, 12), (sw.x, sw.centery), (sw.right, sw.centery), 6)
            pygame.draw.line(surface, colour[:3], (sw.x, sw.centery), (sw.right, sw.centery), 3)
        elif kind == "dot":
            pygame.draw.circle(surface, (250, 250, 250), sw.center, 7)
            pygame.draw.circle(surface, colour[:3], sw.center, 5)
        else:
            pygame.draw.circle(surface, colour[:3], sw.center, 7, 2)
        surface.blit(t, (box.x + 40, y))
        y += 20
    return box


_lines_memo: dict[tuple[int, int, int, str, frozenset[str]], RetreatLines] = {}


def cached_retreat_lines(state: GameState, side: str, skip: Collection[str] = ()) -> RetreatLines:
    """:func:`retreat_lines`, worked out again only after something happened (the window redraws
    often)."""
    key = (state.serial, state.action_count, state.turn, side, frozenset(skip))
    hit = _lines_memo.get(key)
    if hit is None:
        if len(_lines_memo) > 8:
            _lines_memo.clear()
        hit = _lines_memo[key] = retreat_lines(state, side, skip)
    return hit


def draw_map_overlay(surface: pygame.Surface, camera: Camera, map_view: MapView, map_rect: pygame.Rect,
                     state: GameState, side: str, name: str, hidden: Collection[str]) -> None:
    """Overlay ``name`` as ``side`` sees it (``hidden``: the enemy units it cannot see)."""
    if name != "line of retreat":
        draw_overlay(surface, camera, map_view, map_rect, *overlay_hexes(state, side, name))
        return
    enemy = state.scenario.other_side(side)
    draw_retreat(surface, camera, map_view, map_rect, state, cached_retreat_lines(state, enemy, hidden), own=False)
    draw_retreat(surface, camera, map_view, map_rect, state, cached_retreat_lines(state, side), own=True)
