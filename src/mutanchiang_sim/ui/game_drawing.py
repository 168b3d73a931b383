"""What the game window draws over the map for the player's orders: the hexes in reach, the
enemies in reach of an attack, the attack plan's arrows, the path under the pointer with its cost,
the status line of the hex under the pointer, the passing message ("toast"), a unit gliding
along its move and the hint on what the selected unit can do."""

from __future__ import annotations

import math

from ..core.rules import movement
from ..core.state import GameState
from ..core.terrain import GameMap
from ..core.units import Unit
from ..sim.session import GameSession, Reach
from . import theme
from ._pygame import pygame
from .camera import Camera
from .map_view import MapView
from .panels import AttackPlan

Point = tuple[float, float]


class MoveAnimation:
    """A unit gliding along the hexes of its move, ``per_hex`` seconds a hex."""

    def __init__(self, unit: str, hexes: list[int], per_hex: float) -> None:
        self.unit = unit
        self.hexes = hexes
        self.per_hex = per_hex
        self.t = 0.0

    @property
    def done(self) -> bool:
        return self.t >= self.per_hex * (len(self.hexes) - 1)

    def position(self, map_view: MapView, camera: Camera) -> Point:
        """Where the unit is now, in pixels."""
        f = self.t / self.per_hex
        k = min(int(f), len(self.hexes) - 2)
        t = min(1.0, f - k)
        x0, y0 = map_view.centre_px(self.hexes[k], camera)
        x1, y1 = map_view.centre_px(self.hexes[k + 1], camera)
        return (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)


def draw_arrow(surface: pygame.Surface, a: Point, b: Point, colour: tuple[int, int, int], width: int) -> None:
    """A thick arrow from a to b with a dark outline."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    head = width * 2.6
    base = (b[0] - ux * head, b[1] - uy * head)
    tri = [b, (base[0] - uy * head * 0.6, base[1] + ux * head * 0.6), (base[0] + uy * head * 0.6, base[1] - ux * head * 0.6)]
    pygame.draw.line(surface, (20, 10, 10), a, base, width + 3)
    pygame.draw.polygon(surface, (20, 10, 10), tri, 3)
    pygame.draw.line(surface, colour, a, base, width)
    pygame.draw.polygon(surface, colour, tri)


def draw_reach(surface: pygame.Surface, camera: Camera, map_rect: pygame.Rect, m: GameMap, reach: Reach) -> None:
    """The hexes in reach, lit and outlined."""
    if not reach:
        return
    layout = camera.layout()
    overlay = pygame.Surface(map_rect.size, pygame.SRCALPHA)
    ox, oy = map_rect.topleft
    for i in reach:
        pts = [(x - ox, y - oy) for x, y in layout.corners(m.hex_of(i))]
        pygame.draw.polygon(overlay, (255, 255, 255, 64), pts)
    surface.blit(overlay, map_rect.topleft)
    for i in reach:
        pygame.draw.polygon(surface, (255, 255, 255), layout.corners(m.hex_of(i)), 1)


FOG_SHADE = (12, 14, 20, 120)  # over the hexes the player cannot see


def draw_fog(surface: pygame.Surface, camera: Camera, map_view: MapView, map_rect: pygame.Rect, seen: set[int]) -> int:
    """Shade every hex on screen the player cannot see; returns how many were shaded."""
    m = map_view.map
    layout = camera.layout()
    overlay = pygame.Surface(map_rect.size, pygame.SRCALPHA)
    ox, oy = map_rect.topleft
    margin = camera.size * 2
    area = map_rect.inflate(margin, margin)
    n = 0
    for i in range(m.size):
        if i in seen:
            continue
        cx, cy = map_view.centre_px(i, camera)
        if not area.collidepoint(cx, cy):
            continue
        pygame.draw.polygon(overlay, FOG_SHADE, [(x - ox, y - oy) for x, y in layout.corners(m.hex_of(i))])
        n += 1
    surface.blit(overlay, map_rect.topleft)
    return n


def draw_last_known(surface: pygame.Surface, camera: Camera, map_view: MapView, state: GameState,
                    last: dict[str, tuple[int, int]]) -> None:
    """A hollow ghost where each unseen enemy unit was last seen, with '?' and the time then."""
    sc = state.scenario
    size = max(14, int(camera.size * 1.3))
    drawn: set[int] = set()
    for uid, (i, turn) in last.items():
        if i in drawn:
            continue
        drawn.add(i)
        cx, cy = map_view.centre_px(i, camera)
        r = pygame.Rect(0, 0, size, int(size * 0.8))
        r.center = (int(cx), int(cy))
        col = theme.side_palette(sc, state.unit_by_id[uid].side)["bg"]
        ghost = pygame.Surface(r.size, pygame.SRCALPHA)
        ghost.fill((*col[:3], 70))
        surface.blit(ghost, r.topleft)
        pygame.draw.rect(surface, (20, 20, 20), r.inflate(2, 2), 3, border_radius=3)
        pygame.draw.rect(surface, col, r, 2, border_radius=3)
        q = theme.halo_text("?", max(12, size // 2), col, (0, 0, 0), bold=True)
        surface.blit(q, q.get_rect(center=r.center))
        if camera.size >= 24:
            t = theme.halo_text(f"seen {sc.time_of(turn):%d %H:%M}", 13, (230, 230, 230), (0, 0, 0))
            surface.blit(t, t.get_rect(midtop=(r.centerx, r.bottom + 1)))


def attack_targets(state: GameState, u: Unit) -> set[int]:
    """The neighbouring hexes held by the enemy of ``u``."""
    return {j for j in state.scenario.map.neighbor_lists[u.hex] if state.side_at(j) not in (None, u.side)}


def draw_targets(surface: pygame.Surface, camera: Camera, m: GameMap, targets: set[int]) -> None:
    layout = camera.layout()
    for j in targets:
        pygame.draw.polygon(surface, theme.TARGET, layout.corners(m.hex_of(j)), 3)


def draw_attack_arrows(surface: pygame.Surface, camera: Camera, map_view: MapView, state: GameState,
                       plan: AttackPlan) -> None:
    """An arrow from each unit in the plan to its target (artillery's thinner and orange)."""
    layout = camera.layout()
    x1, y1 = map_view.centre_px(plan.target, camera)
    for uid in (*plan.attackers(), *plan.support()):
        a = state.unit_by_id[uid]
        x0, y0 = map_view.centre_px(a.hex, camera)
        arty = uid in plan.artillery
        draw_arrow(surface, (x0 + (x1 - x0) * 0.1, y0 + (y1 - y0) * 0.1), (x0 + (x1 - x0) * 0.85, y0 + (y1 - y0) * 0.85),
                   (255, 160, 60) if arty else (255, 226, 70), 3 if arty else 5)
    pts = layout.corners(state.scenario.map.hex_of(plan.target))
    pygame.draw.polygon(surface, (0, 0, 0), pts, 5)
    pygame.draw.polygon(surface, theme.TARGET, pts, 3)


def draw_move_path(surface: pygame.Surface, camera: Camera, map_view: MapView, reach: Reach, u: Unit, dest: int) -> None:
    """The path ``u`` would take to ``dest`` (in ``reach``) and what it costs."""
    path = (u.hex, *movement.path_to(reach, u.hex, dest))
    pts = [map_view.centre_px(h, camera) for h in path]
    if len(pts) > 1:
        pygame.draw.lines(surface, (30, 20, 10), False, pts, 6)
        pygame.draw.lines(surface, theme.PATH, False, pts, 3)
    for p in pts[1:]:
        pygame.draw.circle(surface, theme.PATH, p, 4)
    cost = reach[dest][0]
    label = theme.halo_text(f"{cost:.1f} / {u.mp_left:.1f} MP", 20, (255, 255, 255), (0, 0, 0), bold=True)
    x, y = pts[-1]
    surface.blit(label, (x - label.get_width() / 2, y + camera.size * 0.55))


def hex_status(state: GameState, i: int) -> str:
    """The line describing hex ``i``: where, what ground, what moving into it costs now and why."""
    m = state.scenario.map
    rule = m.terrain_rule(i)
    place = m.place_by_hex.get(i)
    cost, why = movement.ground_cost(state, i)
    move = f"move {cost:.1f}" + (f" ({why})" if "x" in why else "") + (
        f", road {state.scenario.rules.movement.road_cost:g}" if i in m.road_hexes else "")
    return f"{m.offset_of(i)}  {rule.name}" + (f" - {place.name}" if place else "") + \
        (f"  fort {int(m.fort[i])}" if m.fort[i] else "") + f"   {move}  defence x{rule.defence:g}"


def draw_hex_status(surface: pygame.Surface, map_rect: pygame.Rect, state: GameState, i: int) -> None:
    """The hex ``i`` (the one under the pointer) in one line at the bottom left of the map."""
    txt = hex_status(state, i)
    t = theme.text(txt, 17, theme.TEXT)
    r = pygame.Rect(map_rect.x + 6, map_rect.bottom - 26, t.get_width() + 14, 21)
    theme.panel(surface, r, (20, 22, 26), (70, 70, 70), radius=4, alpha=210)
    surface.blit(t, (r.x + 7, r.y + 3))


def draw_toast(surface: pygame.Surface, map_rect: pygame.Rect, text: str) -> None:
    """A passing message at the top of the map (wrapped, and shrunk to three lines at most)."""
    size, width = 22, max(120, map_rect.w - 60)
    lines = theme.wrap(text, size, width, True)
    while len(lines) > 3 and size > 12:
        size -= 1
        lines = theme.wrap(text, size, width, True)
    surfs = [theme.text(line, size, theme.TEXT_BRIGHT, bold=True) for line in lines]
    w = max(t.get_width() for t in surfs) if surfs else 0
    r = pygame.Rect(0, 0, w, sum(t.get_height() for t in surfs)).inflate(28, 14)
    r.midtop = (map_rect.centerx, map_rect.y + 14)
    theme.panel(surface, r, (30, 30, 34), theme.ACCENT, radius=8, alpha=225)
    y = r.y + 7
    for t in surfs:
        surface.blit(t, t.get_rect(midtop=(r.centerx, y)))
        y += t.get_height()


def order_hint(session: GameSession, u: Unit | None) -> str:
    """The unit panel's line on what the player can do now with the selected unit ``u``."""
    state = session.state
    if not session.human_turn():
        if state.game_over:
            return "The battle is over."
        return f"The computer is moving the {theme.side_name(state.scenario, state.side_to_move)} side. +/- sets its speed, Space pauses."
    if u is None:
        return ""
    if u.side != state.side_to_move:
        return "An enemy unit."
    if u.attacked:
        return "This unit has attacked this phase."
    extra = ""
    if session.bridge_at(u) is not None:
        extra = " B blows the bridge here."
    spec = session.scenario.sides.get(u.side)
    if spec is not None and u.hex in spec.exit_zone:
        extra += " X withdraws it off the map."
    return "Click a lit hex to move; click an adjacent enemy to attack." + extra
