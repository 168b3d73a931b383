"""Scenes drawn over the board: help, the menu, messages and the end-of-battle screen."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..sim.run import SideInfo, headline_keys, labelled
from . import theme
from ._pygame import pygame
from .text_fit import fitted

if TYPE_CHECKING:
    from ..core.scenario_def import Scenario
    from ..sim.session import GameSession
    from .app import App
    from .game_scene import GameScene

HELP = [
    ("Map", [
        ("Mouse wheel, PgUp/PgDn", "zoom in and out (at the pointer)"),
        ("Drag, arrow keys", "pan the map; Home centres on the city"),
        ("Click the minimap", "jump there"),
        ("Hover a counter", "the unit's details"),
    ]),
    ("Orders", [
        ("Click your counter", "select it (click again to cycle a stack); lit hexes are in reach"),
        ("Click a lit hex", "move there (the path and its cost show under the pointer)"),
        ("Shift+click", "move onto a lit hex your own units hold (to stack)"),
        ("Click an enemy", "plan an attack with the adjacent units: tick who joins, see the odds"),
        ("Enter / click target", "launch the attack;  Esc or right click cancels"),
        ("U, Ctrl+Z", "undo a move (only until something random happens)"),
        ("N", "next unit that has not moved"),
        ("B / X", "blow the bridge the unit stands at / withdraw it off the map (exit zone)"),
        ("E", "end your phase (asks first if units can still move)"),
        ("L", "step through the computer's moves of its last phase"),
        ("O", "map overlay: supply, zones of control, exit zone, line of retreat, none"),
    ]),
    ("Game", [
        ("+ / -", "computer speed;  Space pauses the computer"),
        ("F5 / F9", "save to / load from one of six slots"),
        ("Ctrl+S / Ctrl+L", "quick save / quick load (the current slot)"),
        ("M;  [ / ]", "sound on or off;  volume down / up (kept for the next game)"),
        ("F1, H", "this help;  Esc opens the menu;  Ctrl+Q quits"),
    ]),
    ("Counters", [
        ("Box symbol", "X infantry, oval armour, both mechanised, dot artillery, bridge engineers"),
        ("Marks above", "II battalion, III regiment, X brigade, XX division"),
        ("Numbers", "men (k = thousands) and tanks in the dark chip; bar = strength left"),
        ("Status", "red circle out of supply, D disrupted, notches dug in; dimmed = done"),
    ]),
]


class Overlay:
    opaque = False

    def __init__(self, app: App) -> None:
        self.app = app

    def update(self, dt: float) -> None:
        pass

    def dim(self, surface: pygame.Surface, alpha: int = 150) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, alpha))
        surface.blit(shade, (0, 0))


class HelpOverlay(Overlay):
    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN or (ev.type == pygame.MOUSEBUTTONUP and ev.button in (1, 3)):
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        self.dim(surface)
        w, h = surface.get_size()
        r = pygame.Rect(0, 0, min(900, w - 40), min(640, h - 40))
        r.center = (w // 2, h // 2)
        theme.panel(surface, r, theme.PANEL, theme.ACCENT, radius=10)
        surface.blit(theme.text("Controls", 30, theme.ACCENT, bold=True), (r.x + 24, r.y + 18))
        # everything in the box: the lines closer and smaller in a small window
        need = sum(24 + 19 * len(rows) + 8 for _, rows in HELP)
        k = min(1.0, (r.h - 58 - 34) / need)
        head, size, step = max(13, int(22 * k)), max(11, int(18 * k)), max(12, int(19 * k))
        y = r.y + 58
        for title, rows in HELP:
            surface.blit(theme.text(title, head, theme.TEXT_BRIGHT, bold=True), (r.x + 24, y))
            y += int(24 * k)
            for key, what in rows:
                surface.blit(fitted(key, size, 220, (240, 210, 130)), (r.x + 40, y))
                surface.blit(fitted(what, size, r.right - 20 - (r.x + 270), theme.TEXT), (r.x + 270, y))
                y += step
            y += int(8 * k)
        self.box, self.bottom = r, y  # where the box is and the lines end (for the tests)
        t = theme.text("press any key to close", 17, theme.TEXT_DIM)
        surface.blit(t, (r.right - t.get_width() - 18, r.bottom - 26))


class HandOverOverlay(Overlay):
    """Hot-seat under fog of war: the screen goes blank between the players' phases, so that
    the next player does not see what only the last one could."""

    opaque = True

    def __init__(self, app: App, side_name: str, game: GameScene | None = None) -> None:
        super().__init__(app)
        self.side_name = side_name
        self.game = game

    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_q and ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_META):
            self.app.quit()
        elif ev.type == pygame.KEYDOWN and ev.key == pygame.K_ESCAPE and self.game is not None:
            self.app.push(MenuOverlay(self.app, self.game))  # over the blank screen: nothing shows
        elif (ev.type == pygame.KEYDOWN and ev.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER)) or (
            ev.type == pygame.MOUSEBUTTONUP and ev.button == 1
        ):
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        t = theme.text(f"{self.side_name} player's turn", 34, theme.ACCENT, bold=True)
        surface.blit(t, t.get_rect(center=(w // 2, h // 2 - 20)))
        t = theme.text("Hand over the screen, then press Enter or click (Esc: menu, Ctrl+Q: quit)", 20, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(center=(w // 2, h // 2 + 24)))


class MessageOverlay(Overlay):
    def __init__(self, app: App, title: str, body: str) -> None:
        super().__init__(app)
        self.title = title
        self.body = body

    def handle_event(self, ev: pygame.event.Event) -> None:
        if (ev.type == pygame.KEYDOWN and ev.key in (pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_KP_ENTER)) or (
            ev.type == pygame.MOUSEBUTTONUP and ev.button == 1
        ):
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        self.dim(surface, 120)
        w, h = surface.get_size()
        lines = theme.wrap(self.body, 19, 520)
        r = pygame.Rect(0, 0, 580, 96 + 20 * len(lines))
        r.center = (w // 2, h // 2)
        theme.panel(surface, r, theme.PANEL, theme.BAD, radius=10)
        surface.blit(theme.text(self.title, 26, theme.BAD, bold=True), (r.x + 24, r.y + 16))
        y = r.y + 50
        for line in lines:
            surface.blit(theme.text(line, 19, theme.TEXT), (r.x + 24, y))
            y += 20
        t = theme.text("OK  [Enter]", 18, theme.TEXT_DIM)
        surface.blit(t, (r.right - t.get_width() - 20, r.bottom - 28))


class MenuOverlay(Overlay):
    ITEMS = (("resume", "Resume"), ("briefing", "Briefing"), ("save", "Save game   F5"), ("load", "Load game   F9"),
             ("restart", "Restart this battle"), ("new-game", "New game..."), ("help", "Controls   F1"), ("quit", "Quit"))

    def __init__(self, app: App, game: GameScene) -> None:
        super().__init__(app)
        self.game = game
        self.index = 0
        self.rects: list[pygame.Rect] = []

    def choose(self, name: str) -> None:
        self.app.pop()
        if name == "quit":
            self.app.quit()
        elif name != "resume":
            self.game.command(name)

    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN:
            if ev.key == pygame.K_ESCAPE:
                self.app.pop()
            elif ev.key in (pygame.K_DOWN, pygame.K_TAB):
                self.index = (self.index + 1) % len(self.ITEMS)
            elif ev.key == pygame.K_UP:
                self.index = (self.index - 1) % len(self.ITEMS)
            elif ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.choose(self.ITEMS[self.index][0])
        elif ev.type == pygame.MOUSEMOTION:
            for k, r in enumerate(self.rects):
                if r.collidepoint(ev.pos):
                    self.index = k
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            for k, r in enumerate(self.rects):
                if r.collidepoint(ev.pos):
                    self.choose(self.ITEMS[k][0])
                    return

    def draw(self, surface: pygame.Surface) -> None:
        self.dim(surface, 130)
        w, h = surface.get_size()
        step = min(50, (h - 120) // len(self.ITEMS))
        r = pygame.Rect(0, 0, 360, 80 + step * len(self.ITEMS))
        r.center = (w // 2, h // 2)
        theme.panel(surface, r, theme.PANEL, theme.ACCENT, radius=10)
        t = fitted(self.game.scenario.name, 26, r.w - 24, theme.ACCENT, bold=True)
        surface.blit(t, (r.centerx - t.get_width() // 2, r.y + 18))
        self.rects = []
        y = r.y + 60
        for k, (_, label) in enumerate(self.ITEMS):
            b = pygame.Rect(r.x + 30, y, r.w - 60, step - 10)
            pygame.draw.rect(surface, (150, 110, 40) if k == self.index else (64, 70, 82), b, border_radius=6)
            lab = theme.text(label, 22, theme.TEXT_BRIGHT, bold=True)
            surface.blit(lab, lab.get_rect(center=b.center))
            self.rects.append(b)
            y += step


def stat_rows(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """The figures the end screen shows: the city, the turns, each side's headline figures."""
    sides = SideInfo.of(scenario)
    keys = [k for k in headline_keys(sides) if not k.endswith(("_killed", "_guns_lost"))]
    return labelled(sides, "city_captured_turn", "turns_played", *keys, "bridges_blown")


def fmt_value(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.0%}" if v <= 1.0 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, str) and "T" in v:
        try:
            return f"{datetime.fromisoformat(v):%d %b %H:%M}"  # as the time is written everywhere else
        except ValueError:
            return v.replace("T", " ")
    return str(v) if v not in ("", None) else "not taken"


def fmt_range(low: float, high: float) -> str:
    if low <= 1.0 and high <= 1.0:
        return f"{low:.0%}-{high:.0%}" if low != high else f"{low:.0%}"
    return f"{low:,.0f}-{high:,.0f}" if low != high else f"{low:,.0f}"


class VictoryOverlay(Overlay):
    """The end of the battle: the outcome and this battle's figures beside the historical ones."""

    def __init__(self, app: App, game: GameSession) -> None:
        super().__init__(app)
        from ..core.rules import victory
        from ..sim.run import run_record

        self.game = game
        self.standing = victory.standing(game.state)
        self.record = run_record(game.state, game.seed or 0)
        hist = {h[0]: h for h in game.scenario.history}
        rows = []
        seen = set()
        sc = game.scenario
        for metric, label in stat_rows(sc):
            if metric not in self.record:
                continue
            h = hist.get(metric)
            seen.add(metric)
            if metric == "city_captured_turn":
                v = int(self.record[metric])
                mine = f"{sc.time_of(v):%d %b %H:%M}" if v >= 0 else "not taken"
                # the recorded range, given in turns or (city_captured_at) in hours from the start
                seen.add("city_captured_at")
                at = hist.get("city_captured_at")
                hours = (h[1] * sc.turn_hours, h[2] * sc.turn_hours) if h else (at[1], at[2]) if at else None
                then = "-"
                if hours is not None:
                    lo, hi = (sc.start + timedelta(hours=float(x)) for x in hours)
                    then = f"{lo:%d %b %H:%M} - {hi:%d %b %H:%M}"
                rows.append((label, mine, then))
                continue
            rows.append((label if not h or not h[3] else h[3], fmt_value(self.record[metric]), fmt_range(h[1], h[2]) if h else "-"))
        for metric, (_, low, high, label, _src) in hist.items():
            if metric not in seen and metric in self.record:
                then = fmt_range(low, high)
                if metric.endswith("_at"):  # a time (a side cut off, an objective taken): the range in hours from the start
                    lo, hi = (sc.start + timedelta(hours=float(x)) for x in (low, high))
                    then = f"{lo:%d %b %H:%M} - {hi:%d %b %H:%M}"
                    label = re.sub(r"\s*\(hours from [^)]*\)", "", label)  # shown as dates here, not hours
                value = self.record[metric]
                mine = fmt_value(value) if value else "never"
                rows.append((label or metric.replace("_", " "), mine, then))
        self.rows = rows
        self.note = ""

    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN:
            if ev.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_SPACE):
                self.app.pop()
            elif ev.key == pygame.K_r:
                self.save_replay()
            elif ev.key == pygame.K_q:
                self.app.quit()
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            self.app.pop()

    def save_replay(self) -> None:
        from ..sim.replay import write_replay
        from ..sim.run import GameResult

        g = self.game
        if g.actions is None or g.seed is None:
            self.note = "No replay: this game was continued from a save without its history."
            return
        path = Path("mutanchiang-replay.json")
        try:
            write_replay(path, g.scenario_path, g.overrides, g.ai, GameResult(g.state, g.seed, g.actions))
        except OSError as e:
            self.note = f"Could not write {path}: {e.strerror or e}"
            return
        self.note = f"Replay written to {path.resolve()}  (mutanchiang replay {path})"

    def draw(self, surface: pygame.Surface) -> None:
        self.dim(surface, 160)
        w, h = surface.get_size()
        r = pygame.Rect(0, 0, min(820, w - 40), min(150 + 28 * len(self.rows) + 60, h - 40))
        r.center = (w // 2, h // 2)
        st = self.standing
        sc = self.game.scenario
        edge = theme.side_palette(sc, st.winner)["dot"] if st.winner in sc.sides else theme.TEXT_DIM
        theme.panel(surface, r, (36, 38, 44), edge, radius=12)
        pygame.draw.rect(surface, edge, (r.x, r.y, r.w, 8), border_top_left_radius=12, border_top_right_radius=12)
        t = theme.text(st.level.upper(), 44, edge if st.winner != "draw" else theme.TEXT_BRIGHT, bold=True)
        surface.blit(t, (r.centerx - t.get_width() // 2, r.y + 24))
        a, b = sc.side_ids
        sub = f"{sc.name}: {theme.side_name(sc, a)} {st.points[a]:.0f} VP against {theme.side_name(sc, b)} {st.points[b]:.0f} VP"
        s = theme.text(sub, 20, theme.TEXT)
        surface.blit(s, (r.centerx - s.get_width() // 2, r.y + 70))
        y = r.y + 110
        cols = (r.x + 40, r.x + 420, r.x + 600)
        for x, head in zip(cols, ("", "This battle", f"Historical ({sc.start.year})"), strict=True):
            surface.blit(theme.text(head, 19, theme.ACCENT, bold=True), (x, y))
        y += 26
        pygame.draw.line(surface, theme.PANEL_EDGE, (r.x + 30, y - 3), (r.right - 30, y - 3))
        for k, (label, mine, hist) in enumerate(self.rows):
            if k % 2 == 0:
                pygame.draw.rect(surface, (44, 47, 54), (r.x + 30, y - 2, r.w - 60, 26))
            surface.blit(theme.text(label, 19, theme.TEXT), (cols[0], y + 2))
            surface.blit(theme.text(mine, 19, theme.TEXT_BRIGHT, bold=True), (cols[1], y + 2))
            surface.blit(theme.text(hist, 19, (200, 200, 170)), (cols[2], y + 2))
            y += 28
        foot = self.note or "Esc: look at the map    R: save a replay    Q: quit"
        f = theme.text(foot, 18, theme.TEXT_DIM)
        surface.blit(f, (r.centerx - f.get_width() // 2, r.bottom - 32))
