"""The briefing: the situation, what each side must do, how the result is graded, the points
now and why, and the time line. Shown before the first phase and from the menu (B in the menu,
or the Briefing item). Everything in it comes from the scenario and the victory rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.rules import victory
from . import theme
from ._pygame import pygame
from .text_fit import Column

if TYPE_CHECKING:
    from ..core.scenario_def import EventSpec
    from ..core.state import GameState
    from .app import App

Section = tuple[str, list[str]]


def _objectives(state: GameState, side: str) -> list[str]:
    sc = state.scenario
    spec = sc.sides[side]
    v = sc.rules.victory
    out = []
    if side == sc.attacker and sc.city:
        out.append(f"Attacks: take {sc.city} (every hex of it).")
    elif spec.role == "defend":
        out.append(f"Defends: hold {sc.city} and the objectives as long as you can." if sc.city else "Defends.")
    if spec.exit_zone:
        order = f" once the {spec.exit_requires_order.replace('_', ' ')} order is given" if spec.exit_requires_order else ""
        out.append(f"May withdraw units off the map through its exit zone{order}: "
                   f"{v.vp_per_1000_escaped:g} VP for each 1,000 men withdrawn.")
    out.append(f"Scores {v.vp_per_1000_enemy_casualties:g} VP for each 1,000 enemy casualties, and the "
               "points of each objective it holds whole.")
    return out


def time_line(state: GameState) -> list[str]:
    """The battle's turns, its weather changes and its dated events, in order."""
    sc = state.scenario
    end = sc.time_of(sc.turns)
    rows = [f"{sc.turns} turns of {sc.turn_hours} hours, {sc.time_of(0):%d %b %H:%M} to {end:%d %b %H:%M}; "
            f"the {sc.side_label(sc.sides_order[0])} side moves first each turn."]
    items: list[tuple[int, str]] = []
    last = None
    for t, w in enumerate(sc.weather):
        wet = sc.wet_ground[t] if t < len(sc.wet_ground) else False
        if (w, wet) != last:
            items.append((t, f"{sc.rules.weather[w].name}" + (", wet ground" if wet else "")))
            last = (w, wet)
    def said(e: EventSpec) -> str:  # what the event tells the players when it fires
        messages = [str(f.params.get("text", "")) for f in e.effects if f.kind == "message"]
        return e.text or " ".join(m for m in messages if m) or e.id.replace("-", " ").replace("_", " ")

    for e in sc.events:
        if e.trigger.turn is not None:
            items.append((e.trigger.turn, said(e)))
    for t, what in sorted(items, key=lambda x: x[0]):
        when = sc.time_of(t)
        text = what if what.startswith((f"{when.day} {when:%B}", f"{when:%d %B}")) else f"{when:%d %b %H:%M}  {what}"
        rows.append(text)
    rows += [f"when it comes about: {said(e)}" for e in sc.events if e.trigger.turn is None]
    return rows


def points_lines(state: GameState) -> list[str]:
    """Each side's points now and what they are made of, a line a side."""
    sc = state.scenario
    st = victory.standing(state)
    out = []
    for side, parts in victory.points_of(state).items():
        shown = [f"{what} {vp:.1f}" for what, vp in parts if vp]
        out.append(f"{sc.side_label(side)} {st.points[side]:.0f} VP: " + ("; ".join(shown) or "nothing yet"))
    return out


def sections(state: GameState, humans: set[str]) -> list[Section]:
    """The briefing's sections, (heading, lines)."""
    sc = state.scenario
    who = ("You watch the computer play both sides." if not humans else
           "Hot-seat: two players, one for each side." if len(humans) == 2 else
           f"You command the {sc.side_label(next(iter(humans)))} side.")
    out: list[Section] = [(sc.name, [sc.description or "", who])]
    for side in sc.side_ids:
        out.append((f"{sc.side_label(side)} objectives", _objectives(state, side)))
    places = [p for p in sc.map.places if p.objective]
    if places:
        out.append(("Objectives", [", ".join(f"{p.name} {p.vp:g} VP" for p in places)]))
    first, second = sc.side_ids
    out.append((f"Result: {sc.side_label(first)} VP less {sc.side_label(second)} VP",
                [f"{name}: {need}" for name, need in victory.levels(sc)]))
    st = victory.standing(state)
    now = points_lines(state)
    now.append(f"If the battle ended now: {st.level} (margin {st.margin:+.0f}).")
    out.append(("Points now, and why", now))
    out.append(("Time line", time_line(state)))
    return out


class BriefingOverlay:
    """The briefing over the dimmed board; the wheel or the arrow keys scroll it, Enter, Esc or
    a click closes it."""

    opaque = False

    def __init__(self, app: App, state: GameState, humans: set[str]) -> None:
        self.app = app
        self.sections = sections(state, humans)
        self.scroll = 0
        self.max_scroll = 0

    def update(self, dt: float) -> None:
        pass

    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN:
            if ev.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
                self.scroll = min(self.max_scroll, self.scroll + (60 if ev.key == pygame.K_DOWN else 300))
            elif ev.key in (pygame.K_UP, pygame.K_PAGEUP):
                self.scroll = max(0, self.scroll - (60 if ev.key == pygame.K_UP else 300))
            elif ev.key == pygame.K_q and ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_META):
                self.app.quit()
            elif ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE, pygame.K_SPACE):
                self.app.pop()
        elif ev.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(self.max_scroll, self.scroll - 40 * ev.y))
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            self.app.pop()

    def panel_rect(self) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        r = pygame.Rect(0, 0, min(900, w - 60), h - 60)
        r.center = (w // 2, h // 2)
        return r

    def layout(self, surface: pygame.Surface | None, r: pygame.Rect) -> Column:
        body = pygame.Rect(r.x + 10, r.y + 50, r.w - 20, r.h - 84)
        col = Column(surface, pygame.Rect(body.x, body.y - self.scroll, body.w, 10**6), pad=14, top=0)
        for k, (head, lines) in enumerate(self.sections):
            col.wrap(head, 20 if k else 24, theme.ACCENT, bold=True, step=22 if k else 26)
            for line in lines:
                if line:
                    col.wrap(line, 17, theme.TEXT, indent=8, step=19)
            col.gap(10)
        return col

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 160))
        surface.blit(shade, (0, 0))
        r = self.panel_rect()
        theme.panel(surface, r, theme.PANEL, theme.ACCENT, radius=10)
        t = theme.text("BRIEFING", 26, theme.ACCENT, bold=True)
        surface.blit(t, (r.centerx - t.get_width() // 2, r.y + 12))
        body = pygame.Rect(r.x + 10, r.y + 50, r.w - 20, r.h - 84)
        total = self.layout(None, r).y - (body.y - self.scroll)
        self.max_scroll = max(0, total - body.h)
        clip = surface.get_clip()
        surface.set_clip(body)
        self.layout(surface, r)
        surface.set_clip(clip)
        more = "  (wheel or arrows to scroll)" if self.max_scroll else ""
        t = theme.text("Enter, Esc or click to close; the menu (Esc) has it again" + more, 16, theme.TEXT_DIM)
        surface.blit(t, (r.centerx - t.get_width() // 2, r.bottom - 28))


def top_bar_tip(state: GameState, item: str) -> tuple[str, list[str]] | None:
    """The tooltip of the top bar's ``item`` (``time``, ``turn``, ``weather``, ``vp``...)."""
    sc = state.scenario
    if item in ("time", "light", "turn"):
        end = sc.time_of(sc.turns)
        return (f"Turn {min(state.turn + 1, sc.turns)} of {sc.turns}",
                [f"each turn is {sc.turn_hours} hours; the battle ends {end:%a %d %b %H:%M}",
                 "night: attacks and moves are slower" if state.night else "daylight"])
    if item == "weather":
        w = sc.rules.weather[state.weather]
        rows = [f"attack x{w.attack:g}, movement x{w.mobility:g}, tanks x{w.tank:g}"]
        if state.wet:
            rows.append(f"wet ground: off-road moves cost x{sc.rules.movement.wet_ground:g}")
        return (f"Weather: {w.name}", rows)
    if item in ("vp", "level"):
        st = victory.standing(state)
        rows = points_lines(state)
        rows.append(f"margin {st.margin:+.0f}; the levels:")
        rows += [f"  {name}: {need}" for name, need in victory.levels(sc)]
        rows.append("(the result is graded when the battle ends; Esc > Briefing has it all)")
        return (f"If it ended now: {st.level}", rows)
    return None
