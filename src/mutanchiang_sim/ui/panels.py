"""Panels around the map: the top bar, unit details, the attack preview, the minimap, tooltips."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.rules import combat, movement, victory
from . import theme
from ._pygame import pygame
from .camera import Camera, world_size
from .counters import SYMBOL_NAMES, CounterPainter, symbol_of
from .text_fit import Column, fitted

if TYPE_CHECKING:
    from ..core.state import GameState
    from ..core.units import Unit
    from .map_view import MapView

SPEED_NAMES = ("slow", "normal", "fast", "very fast", "instant")


def time_text(state: GameState) -> str:
    t = state.scenario.time_of(state.turn)
    return f"{t:%a %d %b %Y  %H:%M}"


TOP_GAP = {"time": 10, "vp": 8}  # the gap after an item (22 pixels for the others)
# how the bar gives way when it is too narrow, step by step: an item left out, the points and
# level at a smaller size, the weather in short
TOP_STEPS = ("vp:16", "vp:14", "weather:short", "light", "level", "weather", "turn")


def draw_top_bar(surface: pygame.Surface, rect: pygame.Rect, state: GameState, right_text: str = "") -> dict[str, pygame.Rect]:
    """The date, day or night, turn, side to move, weather and standing, left to right, and
    ``right_text`` at the right (shrunk to at most a third of the bar); when they do not all
    fit, the least needed give way step by step (:data:`TOP_STEPS`: smaller points, the
    weather in short, day or night, the level, the weather, the turn) so that the points always
    show, and the right-hand text shrinks last; nothing is drawn over anything else. Returns
    where each item went (``time``, ``light``, ``turn``, ``phase``, ``weather``, ``vp`` (with
    the level), ``level``, ``right``: for tooltips)."""
    pygame.draw.rect(surface, theme.PANEL_DARK, rect)
    pygame.draw.line(surface, theme.PANEL_EDGE, rect.bottomleft, rect.bottomright)
    placed: dict[str, pygame.Rect] = {}
    cy = rect.centery
    right = fitted(right_text, 17, max(120, rect.w // 3), theme.TEXT_DIM) if right_text else None
    sc = state.scenario
    side = state.side_to_move
    pal = theme.side_palette(sc, side)
    st = victory.standing(state)
    col_level = theme.side_palette(sc, st.winner)["bright"] if st.winner in sc.sides else theme.TEXT
    a, b = sc.side_ids
    vp = f"VP  {theme.side_name(sc, a)} {st.points[a]:.0f} : {st.points[b]:.0f} {theme.side_name(sc, b)}"
    level = f"({st.level} if it ended now)" if not state.game_over else f"({st.level})"
    weather = sc.rules.weather[state.weather].name
    chip = fitted(f"{theme.side_name(sc, side)} phase" if not state.game_over else "Battle over", 19, 142, pal["text"], bold=True)

    def items(size: int) -> dict[str, pygame.Surface]:
        return {
            "time": theme.text(time_text(state), 22, theme.TEXT_BRIGHT, bold=True),
            "light": theme.text("night" if state.night else "day", 18, (150, 170, 230) if state.night else (250, 220, 120), bold=True),
            "turn": theme.text(f"Turn {min(state.turn + 1, sc.turns)}/{sc.turns}", 20, theme.TEXT),
            "phase": pygame.Surface((150, 22), pygame.SRCALPHA),
            "weather": theme.text(f"Weather: {weather}{', wet ground' if state.wet else ''}", 18, (170, 200, 230)),
            "vp": theme.text(vp, size, theme.TEXT),
            "level": theme.text(level, size, col_level, bold=True),
        }

    def width(parts: dict[str, pygame.Surface]) -> int:
        return sum(s.get_width() + TOP_GAP.get(k, 22) for k, s in parts.items())

    room = rect.w - 24 - (right.get_width() + 12 if right is not None else 0)
    parts = items(18)
    # until everything fits, the least needed give way, one step at a time
    for step in TOP_STEPS:
        if width(parts) <= room:
            break
        if step.startswith("vp:"):
            size = int(step[3:])
            parts["vp"], parts["level"] = items(size)["vp"], items(size)["level"]
        elif step == "weather:short":
            parts["weather"] = theme.text(f"{weather}{', wet' if state.wet else ''}", 16, (170, 200, 230))
        else:
            parts.pop(step, None)
    if right is not None and width(parts) > room:  # the right-hand text gives up what the points need
        right = fitted(right_text, 17, max(60, rect.w - 36 - width(parts)), theme.TEXT_DIM)
    limit = rect.right - 12  # the right-hand text's left edge: nothing is drawn past it
    if right is not None:
        limit = rect.right - right.get_width() - 24
        placed["right"] = surface.blit(right, (rect.right - right.get_width() - 12, cy - right.get_height() // 2))
    x = rect.x + 12
    for name, s in parts.items():
        if x + s.get_width() > limit:
            break
        if name == "phase":
            box = pygame.Rect(x, cy - 11, 150, 22)
            pygame.draw.rect(surface, pal["bg"], box, border_radius=4)
            placed["phase"] = box
            surface.blit(chip, chip.get_rect(center=box.center))
        else:
            placed[name] = surface.blit(s, (x, cy - s.get_height() // 2))
        x += s.get_width() + TOP_GAP.get(name, 22)
    if "vp" in placed and "level" in placed:
        placed["vp"] = placed["vp"].union(placed["level"])
    return placed


def unit_lines(state: GameState, u: Unit) -> list[tuple[str, str]]:
    """(label, value) rows describing a unit."""
    m = state.scenario.map
    rule = m.terrain_rule(u.hex)
    place = m.place_by_hex.get(u.hex)
    share = u.men / u.men_start if u.men_start else 1.0
    rows = [
        ("Men", f"{u.men:,} of {u.men_start:,} ({share:.0%})"),
    ]
    if u.tanks_start or u.tanks:
        rows.append(("Tanks", f"{u.tanks} of {u.tanks_start}" + (f" ({u.tanks_repairable} in repair)" if u.tanks_repairable else "")))
    if u.guns_start or u.guns:
        rows.append(("Guns", f"{u.guns} of {u.guns_start}"))
    if u.vehicles:
        rows.append(("Vehicles", f"{u.vehicles}"))
    rows += [
        ("Quality", f"{u.quality:.2f}   readiness {u.readiness:.0%}"),
        ("Posture", f"{u.posture}" + (f", dug in {u.entrenchment}" if u.entrenchment else "") + (", DISRUPTED" if u.disrupted else "")),
        ("Supply", "in supply" if u.in_supply and not u.turns_out_of_supply else
         f"cut off {_turns(u.turns_out_of_supply)}" + ("" if u.in_supply else ", OUT OF SUPPLY")),
        ("Losses", f"{u.killed:,} killed, {u.wounded:,} wounded, {u.captured:,} captured"),
        ("Hex", f"{m.offset_of(u.hex)} {rule.name}" + (f", {place.name}" if place else "") +
         (f", fort {int(m.fort[u.hex])}" if m.fort[u.hex] else "")),
    ]
    if m.bank[u.hex] and state.scenario.rules.kinds[u.kind].can_assault_river and movement.crossing_prep(state):
        wait = movement.crossing_wait(state, u.side, u.hex)
        rows.append(("Boats", "ready for a river crossing from here" if not wait else
                     f"river in flood: boats ready here in {_turns(wait, 'more ')} on this bank"))
    if u.side == state.side_to_move and not state.game_over:
        act = "attacked" if u.attacked else "moved" if u.moved else "ready"
        rows.append(("Orders", f"{act}, {u.mp_left:.1f} of {movement.allowance(state, u):.1f} MP left"))
    return rows


def draw_unit_panel(surface: pygame.Surface | None, rect: pygame.Rect, state: GameState, u: Unit | None,
                    painter: CounterPainter, hint: str = "") -> Column:
    """The selected unit's details (or how to start) in ``rect``, at the largest text size at which
    everything fits; with ``surface`` None only laid out. Returns the column written."""
    for size in (16, 15, 14, 13, 12):
        col = _unit_panel(None, rect, state, u, painter, hint, size)
        if not col.overflow:
            break
    if surface is not None:
        theme.panel(surface, rect)
        col = _unit_panel(surface, rect, state, u, painter, hint, size)
    return col


def _unit_panel(surface: pygame.Surface | None, rect: pygame.Rect, state: GameState, u: Unit | None,
                painter: CounterPainter, hint: str, size: int) -> Column:
    if u is None:
        col = Column(surface, rect)
        col.fit("No unit selected", 20, theme.TEXT_DIM, bold=True, step=28)
        col.wrap(hint or "Click one of your counters to see where it can go. Click an enemy next to "
                 "your units to plan an attack. Press F1 for all controls.", size + 1, theme.TEXT_DIM, step=size + 1)
        return col
    counter = painter.counter(u, 30)
    if surface is not None:
        surface.blit(counter, (rect.x + 10, rect.y + 10))
    head = Column(surface, pygame.Rect(rect.x + 10 + counter.get_width(), rect.y, rect.w - 10 - counter.get_width(), rect.h))
    head.wrap(u.name, 20, theme.TEXT_BRIGHT, bold=True, max_lines=2)
    head.fit(f"{theme.side_name(state.scenario, u.side)} {SYMBOL_NAMES[symbol_of(u.kind)]} {u.size}", 16, theme.TEXT_DIM, step=14)
    if u.corps or u.formation:
        head.fit(" / ".join(p for p in (u.formation, u.corps) if p), 15, theme.TEXT_DIM, step=14)
    col = Column(surface, rect, top=max(60, head.y - rect.y + 4))
    col.overflow = head.overflow
    col.lines = head.lines + col.lines
    step = size - 1
    for label, value in unit_lines(state, u):
        y = col.y
        col.fit(label, size, theme.ACCENT, step=0, width=66)
        col.y = y
        col.wrap(value, size, theme.TEXT, indent=70, step=step)
        col.gap(1)
    if hint:
        col.wrap(hint, size, (200, 220, 160), step=size)
    return col


@dataclass
class AttackPlan:
    """An attack being prepared: the target, who may join, who is in."""

    target: int
    eligible: list[str]
    artillery: list[str]
    chosen: set[str] = field(default_factory=set)
    toggles: list[tuple[pygame.Rect, str]] = field(default_factory=list)
    attack_button: pygame.Rect | None = None
    cancel_button: pygame.Rect | None = None

    def attackers(self) -> tuple[str, ...]:
        return tuple(u for u in self.eligible if u in self.chosen)

    def support(self) -> tuple[str, ...]:
        return tuple(u for u in self.artillery if u in self.chosen)

    def odds(self, state: GameState) -> combat.CombatOdds | None:
        att = [state.unit_by_id[i] for i in self.attackers()]
        if not att:
            return None
        sup = [state.unit_by_id[i] for i in self.support()]
        river = any(not movement.crossing_open(state, u.hex, self.target) for u in att)
        return combat.odds(state, self.target, att, sup, river)


class Minimap:
    """The whole map in miniature, the units as dots, the view as a frame; click to jump."""

    def __init__(self, map_view: MapView) -> None:
        self.view = map_view
        self.image_rect = pygame.Rect(0, 0, 0, 0)
        self.scale = 1.0

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, camera: Camera, state: GameState | None,
             hidden: set[str] | frozenset[str] = frozenset()) -> None:
        theme.panel(surface, rect, theme.PANEL_DARK)
        img, s = self.view.overview(rect.w - 8, rect.h - 8)
        self.scale = s
        self.image_rect = img.get_rect(center=rect.center)
        surface.blit(img, self.image_rect)
        ox, oy = self.image_rect.topleft
        if state is not None:
            for i, units in state.occupancy.items():
                if all(u.id in hidden for u in units):
                    continue  # nobody seen there (fog of war)
                wx, wy = self.view.centres[i]
                col = theme.side_palette(state.scenario, units[0].side)["dot"]
                r = pygame.Rect(0, 0, 4, 4)
                r.center = (int(ox + wx * s), int(oy + wy * s))
                surface.fill((10, 10, 10), r.inflate(2, 2))
                surface.fill(col, r)
        x0, y0, x1, y1 = camera.visible_world_rect()
        frame = pygame.Rect(int(ox + x0 * s), int(oy + y0 * s), max(4, int((x1 - x0) * s)), max(4, int((y1 - y0) * s)))
        clip = surface.get_clip()
        surface.set_clip(self.image_rect)
        pygame.draw.rect(surface, (255, 255, 255), frame, 1)
        surface.set_clip(clip)

    def world_at(self, pos: tuple[int, int]) -> tuple[float, float] | None:
        if not self.image_rect.collidepoint(pos):
            return None
        ww, wh = world_size(self.view.map.width, self.view.map.height)
        wx = (pos[0] - self.image_rect.x) / self.scale
        wy = (pos[1] - self.image_rect.y) / self.scale
        return (min(wx, ww), min(wy, wh))


def draw_tooltip(surface: pygame.Surface, pos: tuple[int, int], title: str, rows: list[str]) -> None:
    lines = [theme.text(title, 18, theme.TEXT_BRIGHT, bold=True)] + [theme.text(r, 16, theme.TEXT) for r in rows]
    w = max(line.get_width() for line in lines) + 16
    h = sum(line.get_height() for line in lines) + 10
    r = pygame.Rect(pos[0] + 18, pos[1] + 18, w, h)
    sw, sh = surface.get_size()
    if r.right > sw - 4:
        r.x = pos[0] - w - 12
    if r.bottom > sh - 4:
        r.y = pos[1] - h - 12
    theme.panel(surface, r, (24, 26, 30), (140, 140, 120), alpha=235)
    y = r.y + 5
    for line in lines:
        surface.blit(line, (r.x + 8, y))
        y += line.get_height()


def _turns(n: int, what: str = "") -> str:
    """'1 turn', '2 more turns'."""
    return f"{n} {what}turn{'s' if n != 1 else ''}"
