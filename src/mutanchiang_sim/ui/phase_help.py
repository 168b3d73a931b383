"""Help around the phases: the warning when a player ends a phase with units still able to move,
and what the computer did in its phase (a summary, and its moves to step through on the map)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.events import GameEvent
from . import theme
from ._pygame import pygame

if TYPE_CHECKING:
    from ..core.state import GameState
    from .app import App
    from .camera import Camera
    from .map_view import MapView


class EndPhaseWarning:
    """'N units can still move': End phase anyway (Enter), Cancel (Esc), or end it and do not
    ask again this game (D)."""

    opaque = False

    def __init__(self, app: App, ready: list[str], on_end: object) -> None:
        self.app = app
        self.ready = ready
        self.on_end = on_end  # called with dont_ask (bool) when the player ends the phase
        self.buttons: list[tuple[pygame.Rect, str]] = []

    def update(self, dt: float) -> None:
        pass

    def choose(self, what: str) -> None:
        self.app.pop()
        if what in ("end", "never"):
            self.on_end(what == "never")  # type: ignore[operator]

    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN:
            if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_e):
                self.choose("end")
            elif ev.key == pygame.K_d:
                self.choose("never")
            elif ev.key == pygame.K_ESCAPE:
                self.choose("cancel")
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            for r, what in self.buttons:
                if r.collidepoint(ev.pos):
                    self.choose(what)

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 120))
        surface.blit(shade, (0, 0))
        w, h = surface.get_size()
        r = pygame.Rect(0, 0, 560, 200)
        r.center = (w // 2, h // 2)
        theme.panel(surface, r, theme.PANEL, theme.ACCENT, radius=10)
        n = len(self.ready)
        t = theme.text(f"{n} unit{'s' if n != 1 else ''} can still move", 24, theme.ACCENT, bold=True)
        surface.blit(t, (r.centerx - t.get_width() // 2, r.y + 18))
        names = ", ".join(self.ready[:3]) + (f" and {n - 3} more" if n > 3 else "")
        for k, line in enumerate(theme.wrap(names, 17, r.w - 40)[:2]):
            s = theme.text(line, 17, theme.TEXT)
            surface.blit(s, (r.centerx - s.get_width() // 2, r.y + 58 + 19 * k))
        self.buttons = []
        bw = (r.w - 40) // 3
        for k, (what, label) in enumerate((("end", "End phase [Enter]"), ("cancel", "Cancel [Esc]"),
                                           ("never", "Don't ask again [D]"))):
            b = pygame.Rect(r.x + 10 + k * (bw + 10), r.bottom - 52, bw, 36)
            pygame.draw.rect(surface, (150, 110, 40) if what == "end" else (64, 70, 82), b, border_radius=6)
            s = theme.text(label, 16, theme.TEXT_BRIGHT, bold=True)
            surface.blit(s, s.get_rect(center=b.center))
            self.buttons.append((b, what))


@dataclass
class ComputerPhase:
    """What the computer did in its last phase, from the engine's events."""

    side: str
    fog: bool = False  # the player sees only part of the map: only the moves that end in sight count
    moves: list[tuple[str, int, int]] = field(default_factory=list)  # unit, from, to
    attacks: int = 0
    men_lost: int = 0  # its own, in its attacks
    men_inflicted: int = 0
    bridges: int = 0
    exits: int = 0

    def add(self, e: GameEvent, seen: set[int] | None = None) -> None:
        """Count event ``e``; under fog (``seen``: the hexes the player sees now) a move only if
        it ends in sight."""
        d = e.data
        if e.kind == "move":
            to = int(d["path"][-1])
            if seen is None or to in seen:
                self.moves.append((str(d["unit"]), int(d["from"]), to))
        elif e.kind == "combat":
            self.attacks += 1
            self.men_lost += int(d.get("attacker_losses", 0))
            self.men_inflicted += int(d.get("defender_losses", 0))
        elif e.kind == "bridge" and not d.get("intact", True):
            self.bridges += 1
        elif e.kind == "exit":
            self.exits += 1

    def summary(self, state: GameState) -> str:
        parts = [_count(len(self.moves), "move") + (" seen" if self.fog else "")]
        if self.attacks:
            parts.append(f"{_count(self.attacks, 'attack')} (lost {self.men_lost:,} men, inflicted {self.men_inflicted:,})")
        if self.bridges:
            parts.append(f"{_count(self.bridges, 'bridge')} blown")
        if self.exits:
            parts.append(f"{_count(self.exits, 'unit')} withdrawn")
        tail = ". Press L to step through its moves." if self.moves else "."
        return f"{state.scenario.side_label(self.side)} phase: " + ", ".join(parts) + tail


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def draw_move_marker(surface: pygame.Surface, camera: Camera, map_view: MapView, move: tuple[str, int, int]) -> None:
    """An arrow from where a unit started its move to where it ended."""
    from .game_drawing import draw_arrow

    _, a, b = move
    pa, pb = map_view.centre_px(a, camera), map_view.centre_px(b, camera)
    pygame.draw.circle(surface, (250, 220, 120), (int(pa[0]), int(pa[1])), max(4, camera.size // 4), 2)
    if a != b:
        draw_arrow(surface, pa, pb, (250, 220, 120), max(3, camera.size // 8))
