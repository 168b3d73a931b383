"""The new-game screen: the scenario (the one given, or any bundled one: < and >), which side you
command, how well each computer side plays, fog of war and the seed (typed; empty: a random one).

Shown by ``mutanchiang play`` when the command line does not say who plays (no ``--side``,
``--load`` or ``--screenshot``), or with ``--new-game``; its choices start out as the flags
gave them. Start (Enter) builds the game exactly as the flags would (:func:`.app.build_game`),
Esc quits. A computer side's level is the doctrine's ``difficulty`` (``core.ai_params``); a
policy named with ``--ai`` (say ``passive``) is offered beside the levels.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..scenario import load_scenario
from ..scenario.loader import bundled_scenarios_dir, default_scenario_path
from ..sim.computer_players import LEVELS, check_choices
from . import theme
from ._pygame import pygame
from .text_fit import fitted
from .widgets import Button

if TYPE_CHECKING:
    from .app import App

BOTH, NONE = "both", "none"  # hot-seat, and watching the computer play every side
ROW_H = 40
BUTTON_W = 142
MAX_SEED_DIGITS = 9


def scenario_choices(given: str | None) -> list[str]:
    """The scenarios the screen offers: the one given first (if it is not a bundled one), then
    the bundled battles and their variants by file name."""
    bundled = sorted(str(p) for p in bundled_scenarios_dir().glob("*.yaml"))
    if given is None or any(Path(given).resolve() == Path(b).resolve() for b in bundled):
        return bundled
    return [given, *bundled]


class NewGameScene:
    """The choices, their buttons, and starting the game they describe."""

    opaque = True

    def __init__(self, app: App, scenario_path: str | None, side: str | None = None, seed: int | None = None,
                 fog: bool = False, ai: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.scenario_path = scenario_path
        self.scenario = load_scenario(scenario_path)
        self.paths = scenario_choices(scenario_path)
        here = Path(scenario_path or default_scenario_path()).resolve()
        self.path_index = next((k for k, p in enumerate(self.paths) if Path(p).resolve() == here), 0)
        preset = dict(ai or {})
        check_choices(preset, self.scenario)
        if side is not None:
            from .app import humans_of

            humans_of(self.scenario, side)  # BadFlag for a side the scenario does not have
        self.seed = seed
        self.seed_text = "" if seed is None else str(seed)
        self.typing_seed = False
        self.fog = fog
        self.mouse = (0, 0)
        self.buttons: list[Button] = []
        self.seed_rect = pygame.Rect(0, 0, 0, 0)
        self.set_sides(side, preset)

    def set_sides(self, side: str | None, preset: Mapping[str, str]) -> None:
        """The sides of the scenario chosen: who commands and each computer side's level (the
        preset's, else the scenario's own difficulty for it, else normal)."""
        self.sides: list[str] = list(self.scenario.side_ids)
        self.side = side if side in (*self.sides, BOTH, NONE) else self.sides[0]
        self.levels: dict[str, str] = {
            s: preset.get(s) or str(self.scenario.ai.get(s, {}).get("difficulty", "normal")) for s in self.sides
        }
        self.options: dict[str, tuple[str, ...]] = {
            s: LEVELS if self.levels[s] in LEVELS else (*LEVELS, self.levels[s]) for s in self.sides
        }
        self.layout()

    def next_scenario(self, step: int) -> None:
        """The next (or previous) scenario of the list; the choices carried over where they fit."""
        self.path_index = (self.path_index + step) % len(self.paths)
        self.scenario_path = self.paths[self.path_index]
        self.scenario = load_scenario(self.scenario_path)
        kept = {s: v for s, v in self.levels.items() if s in self.scenario.sides}
        self.set_sides(self.side, kept)

    # --- the choices -----------------------------------------------------------------------
    def humans(self) -> set[str]:
        from .app import humans_of

        return humans_of(self.scenario, self.side)

    def choices(self) -> dict[str, str]:
        """The computer players: each side nobody commands, at its level."""
        return {s: self.levels[s] for s in self.sides if s not in self.humans()}

    def choose(self, name: str) -> None:
        """Act on the button ``name`` (``side:X``, ``level:SIDE:LEVEL``, ``fog:on|off``, ``start``, ``quit``)."""
        kind, _, rest = name.partition(":")
        if kind == "side":
            self.side = rest
        elif kind == "level":
            side, _, level = rest.partition(":")
            self.levels[side] = level
        elif kind == "fog":
            self.fog = rest == "on"
        elif kind == "scenario":
            self.next_scenario(1 if rest == "next" else -1)
            return
        elif kind == "start":
            self.start()
            return
        elif kind == "quit":
            self.app.quit()
            return
        self.layout()

    def start(self) -> None:
        """Replace this screen by the game the choices describe."""
        from .app import build_game

        self.seed = int(self.seed_text) if self.seed_text else None
        scene = build_game(self.app, self.scenario_path, self.side, self.seed, fog=self.fog, ai=self.choices(), prompts=True)
        self.app.pop()
        self.app.push(scene)

    # --- layout and drawing --------------------------------------------------------------------
    def panel_rect(self) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        r = pygame.Rect(0, 0, min(840, w - 40), min(580, h - 40))
        r.center = (w // 2, h // 2)
        return r

    def layout(self) -> None:
        r = self.panel_rect()
        x0, y = r.x + 196, r.y + 68
        buttons: list[Button] = [Button("scenario:prev", "<", pygame.Rect(x0, y, 40, 32)),
                                 Button("scenario:next", ">", pygame.Rect(x0 + 4 * (BUTTON_W + 8) - 48, y, 40, 32))]
        self.scenario_y = y
        y += ROW_H + 8
        self.side_y = y
        sides = [(s, self.scenario.side_label(s)) for s in self.sides] + [(BOTH, "Both (hot-seat)"), (NONE, "Watch")]
        for k, (value, label) in enumerate(sides):
            buttons.append(Button(f"side:{value}", label, pygame.Rect(x0 + k * (BUTTON_W + 8), y, BUTTON_W, 32),
                                  active=self.side == value))
        y += ROW_H + 34
        self.level_rows: list[tuple[str, int]] = []
        for s in self.sides:
            self.level_rows.append((s, y))
            computer = s not in self.humans()
            for k, level in enumerate(self.options[s]):
                buttons.append(Button(f"level:{s}:{level}", level.capitalize(),
                                      pygame.Rect(x0 + k * (BUTTON_W + 8), y, BUTTON_W, 32),
                                      enabled=computer, active=computer and self.levels[s] == level))
            y += ROW_H
        self.fog_y = y + 34
        for k, (value, label) in enumerate((("off", "Off"), ("on", "On"))):
            buttons.append(Button(f"fog:{value}", label, pygame.Rect(x0 + k * (BUTTON_W + 8), self.fog_y, BUTTON_W, 32),
                                  active=self.fog == (value == "on")))
        self.seed_rect = pygame.Rect(x0, self.fog_y + ROW_H + 8, BUTTON_W, 32)
        self.seed_y = self.seed_rect.y
        bottom = r.bottom - 56
        buttons.append(Button("start", "Start", pygame.Rect(r.right - 2 * (BUTTON_W + 12), bottom, BUTTON_W, 36), hint="Enter"))
        buttons.append(Button("quit", "Quit", pygame.Rect(r.right - (BUTTON_W + 12), bottom, BUTTON_W, 36), hint="Esc"))
        self.buttons = buttons

    def button_at(self, pos: tuple[int, int]) -> Button | None:
        for b in self.buttons:
            if b.enabled and b.rect.collidepoint(pos):
                return b
        return None

    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.MOUSEMOTION:
            self.mouse = ev.pos
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            self.typing_seed = self.seed_rect.collidepoint(ev.pos)
            b = self.button_at(ev.pos)
            if b is not None:
                self.choose(b.name)
        elif ev.type == pygame.KEYDOWN and self.typing_seed and ev.key not in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if ev.key == pygame.K_ESCAPE or ev.key == pygame.K_TAB:
                self.typing_seed = False
            elif ev.key == pygame.K_BACKSPACE:
                self.seed_text = self.seed_text[:-1]
            elif ev.unicode.isdigit() and len(self.seed_text) < MAX_SEED_DIGITS:
                self.seed_text = (self.seed_text + ev.unicode).lstrip("0") or "0"
        elif ev.type == pygame.KEYDOWN:
            if ev.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.choose("scenario:" + ("next" if ev.key == pygame.K_RIGHT else "prev"))
            elif ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.choose("start")
            elif ev.key == pygame.K_ESCAPE:
                self.choose("quit")

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        r = self.panel_rect()
        theme.panel(surface, r, theme.PANEL, theme.ACCENT, radius=10)
        surface.blit(theme.text("New game", 30, theme.ACCENT, bold=True), (r.x + 24, r.y + 18))
        label_x = r.x + 24
        surface.blit(theme.text("Scenario", 20, theme.TEXT_BRIGHT, bold=True), (label_x, self.scenario_y + 6))
        x0 = self.buttons[0].rect.right + 10
        room = self.buttons[1].rect.x - 10 - x0
        name = fitted(self.scenario.name, 19, room, theme.TEXT_BRIGHT, bold=True)
        surface.blit(name, (x0 + (room - name.get_width()) // 2, self.scenario_y + 2))
        where = fitted(f"{Path(self.paths[self.path_index]).name}  ({self.path_index + 1} of {len(self.paths)}, Left/Right)",
                       14, room, theme.TEXT_DIM)
        surface.blit(where, (x0 + (room - where.get_width()) // 2, self.scenario_y + 22))
        surface.blit(theme.text("You command", 20, theme.TEXT_BRIGHT, bold=True), (label_x, self.side_y + 6))
        first_row = self.level_rows[0][1] if self.level_rows else r.y + 170
        surface.blit(theme.text("Computer players", 20, theme.TEXT_BRIGHT, bold=True), (label_x, first_row - 30))
        for s, y in self.level_rows:
            colour = theme.side_palette(self.scenario, s)["dot"]
            pygame.draw.circle(surface, colour, (label_x + 8, y + 16), 7)
            surface.blit(theme.text(self.scenario.side_label(s), 19, theme.TEXT), (label_x + 22, y + 6))
            if s in self.humans():
                surface.blit(theme.text("played by you", 16, theme.TEXT_DIM), (label_x + 22, y + 24))
        surface.blit(theme.text("Fog of war", 20, theme.TEXT_BRIGHT, bold=True), (label_x, self.fog_y + 6))
        surface.blit(theme.text("Seed", 20, theme.TEXT_BRIGHT, bold=True), (label_x, self.seed_y + 6))
        box = self.seed_rect
        pygame.draw.rect(surface, (70, 64, 40) if self.typing_seed else theme.PANEL_DARK, box, border_radius=4)
        pygame.draw.rect(surface, theme.ACCENT if self.typing_seed else theme.PANEL_EDGE, box, 1, border_radius=4)
        shown = self.seed_text + ("|" if self.typing_seed else "")
        surface.blit(theme.text(shown or "random", 18, theme.TEXT_BRIGHT if self.seed_text else theme.TEXT_DIM), (box.x + 8, box.y + 6))
        hint = "click and type a number: the same seed, the same dice" if not self.typing_seed else "Backspace clears; empty: random"
        surface.blit(theme.text(hint, 16, theme.TEXT_DIM), (box.right + 14, box.y + 8))
        notes = [
            "Levels differ in judgement and aggressiveness, never in hidden bonuses: an easy side misreads",
            "the odds and fumbles moves, a hard one reads them true and waits for good ones.",
            "Under fog you see enemy units only within 3 hexes of yours, and so does the computer.",
        ]
        y = self.seed_y + 50
        for line in notes:
            surface.blit(theme.text(line, 16, theme.TEXT_DIM), (label_x, y))
            y += 20
        hover = self.button_at(self.mouse)
        for b in self.buttons:
            b.draw(surface, b is hover)
