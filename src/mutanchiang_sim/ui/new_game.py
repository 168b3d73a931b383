"""The new-game screen: which side you command, how well each computer side plays, fog of war.

Shown by ``mutanchiang play`` when the command line does not say who plays (no ``--side``,
``--load`` or ``--screenshot``), or with ``--new-game``; its choices start out as the flags
gave them. Start (Enter) builds the game exactly as the flags would (:func:`.app.build_game`),
Esc quits. A computer side's level is the doctrine's ``difficulty`` (``core.ai_params``); a
policy named with ``--ai`` (say ``passive``) is offered beside the levels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..scenario import load_scenario
from ..sim.computer_players import LEVELS, check_choices
from . import theme
from ._pygame import pygame
from .widgets import Button

if TYPE_CHECKING:
    from .app import App

BOTH, NONE = "both", "none"  # hot-seat, and watching the computer play every side
ROW_H = 40
BUTTON_W = 142


class NewGameScene:
    """The choices, their buttons, and starting the game they describe."""

    opaque = True

    def __init__(self, app: App, scenario_path: str | None, side: str | None = None, seed: int | None = None,
                 fog: bool = False, ai: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.scenario_path = scenario_path
        self.scenario = load_scenario(scenario_path)
        self.sides: list[str] = list(self.scenario.side_ids)
        preset = dict(ai or {})
        check_choices(preset, self.scenario)
        if side is not None:
            from .app import humans_of

            humans_of(self.scenario, side)  # BadFlag for a side the scenario does not have
        self.side = side if side in (*self.sides, BOTH, NONE) else self.sides[0]
        self.seed = seed
        self.fog = fog
        # each side's level: the flag's, else the scenario's own difficulty for it, else normal
        self.levels: dict[str, str] = {
            s: preset.get(s) or str(self.scenario.ai.get(s, {}).get("difficulty", "normal")) for s in self.sides
        }
        self.options: dict[str, tuple[str, ...]] = {
            s: LEVELS if self.levels[s] in LEVELS else (*LEVELS, self.levels[s]) for s in self.sides
        }
        self.mouse = (0, 0)
        self.buttons: list[Button] = []
        self.layout()

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

        scene = build_game(self.app, self.scenario_path, self.side, self.seed, fog=self.fog, ai=self.choices(), prompts=True)
        self.app.pop()
        self.app.push(scene)

    # --- layout and drawing --------------------------------------------------------------------
    def panel_rect(self) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        r = pygame.Rect(0, 0, min(840, w - 40), min(520, h - 40))
        r.center = (w // 2, h // 2)
        return r

    def layout(self) -> None:
        r = self.panel_rect()
        x0, y = r.x + 196, r.y + 96
        buttons: list[Button] = []
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
            b = self.button_at(ev.pos)
            if b is not None:
                self.choose(b.name)
        elif ev.type == pygame.KEYDOWN:
            if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
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
        surface.blit(theme.text(self.scenario.name, 20, theme.TEXT_BRIGHT), (r.x + 24, r.y + 56))
        label_x = r.x + 24
        surface.blit(theme.text("You command", 20, theme.TEXT_BRIGHT, bold=True), (label_x, r.y + 102))
        first_row = self.level_rows[0][1] if self.level_rows else r.y + 170
        surface.blit(theme.text("Computer players", 20, theme.TEXT_BRIGHT, bold=True), (label_x, first_row - 30))
        for s, y in self.level_rows:
            colour = theme.side_palette(self.scenario, s)["dot"]
            pygame.draw.circle(surface, colour, (label_x + 8, y + 16), 7)
            surface.blit(theme.text(self.scenario.side_label(s), 19, theme.TEXT), (label_x + 22, y + 6))
            if s in self.humans():
                surface.blit(theme.text("played by you", 16, theme.TEXT_DIM), (label_x + 22, y + 24))
        surface.blit(theme.text("Fog of war", 20, theme.TEXT_BRIGHT, bold=True), (label_x, self.fog_y + 6))
        notes = [
            "Levels differ in judgement and aggressiveness, never in hidden bonuses: an easy side misreads",
            "the odds and fumbles moves, a hard one reads them true and waits for good ones.",
            "Under fog you see enemy units only within 3 hexes of yours, and so does the computer.",
            f"Seed: {self.seed if self.seed is not None else 'random'}",
        ]
        y = self.fog_y + 50
        for line in notes:
            surface.blit(theme.text(line, 16, theme.TEXT_DIM), (label_x, y))
            y += 20
        hover = self.button_at(self.mouse)
        for b in self.buttons:
            b.draw(surface, b is hover)
