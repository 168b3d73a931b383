"""Save slots: six save files side by side, and the picker that saves to or loads from one.

The first slot is the game's own save file (``mutanchiang-save.json`` in the working directory, or
the file given with ``--load``); the others sit beside it as ``<name>-2.json`` ... ``<name>-6.json``.
Each slot is described from its file's header: the scenario, the date and turn in the game, who
played, and when it was saved. A damaged or foreign file is described as such, never opened; a
save made before its scenario was edited says so (and what changed), since loading it goes on
under the changed scenario.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.scenario_def import Scenario
from ..sim.save_open import changed_parts, what_changed
from ..sim.saves import read_save_header
from . import theme
from ._pygame import pygame
from .overlays import Overlay
from .text_fit import fitted

if TYPE_CHECKING:
    from .app import App
    from .game_scene import GameScene

SLOTS = 6
WARNING = (250, 196, 90)  # the colour of a slot's warning


def slot_paths(first: Path) -> list[Path]:
    """The slots' files: ``first`` and ``SLOTS - 1`` more beside it."""
    return [first] + [first.with_name(f"{first.stem}-{k}{first.suffix or '.json'}") for k in range(2, SLOTS + 1)]


def describe_slot(path: Path, scenario: Scenario) -> tuple[bool, str]:
    """``(has a game, one line about it)`` for the slot file ``path``."""
    used, line, _ = slot_info(path, scenario)
    return used, line


def slot_info(path: Path, scenario: Scenario) -> tuple[bool, str, str]:
    """``(has a game, one line about it, a warning)`` for the slot file ``path``; the warning
    (``""`` for none) says that the save was made against the scenario before it was edited."""
    if not path.exists():
        return False, "empty", ""
    try:
        doc = read_save_header(path)
    except ValueError as e:
        return False, "unusable: " + str(e).split(": ", 1)[-1], ""
    state = doc["state"]
    turn = int(state.get("turn", 0))
    warning = ""
    same_battle = doc.get("scenario_name") == scenario.name
    if doc.get("scenario_sha256") == scenario.source_sha256 or same_battle:
        when = f"{scenario.time_of(turn):%d %b %H:%M}, turn {turn + 1}/{scenario.turns}"
        if doc.get("scenario_sha256") != scenario.source_sha256:
            changed = what_changed(changed_parts(doc.get("scenario_parts"), scenario))
            warning = f"the scenario changed since this save ({changed}); it loads under the changed scenario"
    else:
        when = f"another scenario ({doc.get('scenario_name', '?')}), turn {turn + 1}"
    humans = doc.get("humans") or []
    who = " and ".join(scenario.side_label(str(h)) for h in humans) + (" (hot-seat)" if len(humans) > 1 else "") if humans else "watching"
    saved = str(doc.get("saved_at", ""))
    try:
        saved = _ago(datetime.fromisoformat(saved))
    except ValueError:
        pass
    over = ", over" if state.get("game_over") else ""
    return True, f"{when}{over} - {who} - saved {saved}", warning


def _ago(t: datetime) -> str:
    d = datetime.now() - t
    if d < timedelta(minutes=1):
        return "just now"
    if d < timedelta(hours=1):
        return f"{int(d.total_seconds() // 60)} min ago"
    if d < timedelta(days=1) and t.date() == datetime.now().date():
        return f"today {t:%H:%M}"
    return f"{t:%Y-%m-%d %H:%M}"


class SaveSlotsOverlay(Overlay):
    """Pick a slot to save to (``mode="save"``) or load from (``mode="load"``): click a row or
    press its number; Esc cancels."""

    def __init__(self, app: App, game: GameScene, mode: str) -> None:
        super().__init__(app)
        self.game = game
        self.mode = mode
        self.paths = slot_paths(game.slot_base)
        infos = [slot_info(p, game.scenario) for p in self.paths]
        self.rows = [(used, line) for used, line, _ in infos]
        self.warnings = [w for _, _, w in infos]
        current = game.save_path if game.save_path in self.paths else self.paths[0]
        self.index = self.paths.index(current)
        self.rects: list[pygame.Rect] = []

    def choose(self, k: int) -> None:
        path = self.paths[k]
        if self.mode == "load" and not self.rows[k][0]:
            self.app.pop()
            self.app.message("Nothing to load", f"Slot {k + 1} ({path.name}): {self.rows[k][1]}")
            return
        self.app.pop()
        if self.mode == "save":
            self.game.save(path)
        else:
            self.game.load(path)

    def handle_event(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN:
            if ev.key == pygame.K_ESCAPE:
                self.app.pop()
            elif pygame.K_1 <= ev.key < pygame.K_1 + SLOTS:
                self.choose(ev.key - pygame.K_1)
            elif ev.key in (pygame.K_DOWN, pygame.K_TAB):
                self.index = (self.index + 1) % SLOTS
            elif ev.key == pygame.K_UP:
                self.index = (self.index - 1) % SLOTS
            elif ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.choose(self.index)
        elif ev.type == pygame.MOUSEMOTION:
            for k, r in enumerate(self.rects):
                if r.collidepoint(ev.pos):
                    self.index = k
        elif ev.type == pygame.MOUSEBUTTONUP:
            if ev.button == 3:
                self.app.pop()
                return
            if ev.button == 1:
                for k, r in enumerate(self.rects):
                    if r.collidepoint(ev.pos):
                        self.choose(k)
                        return

    def draw(self, surface: pygame.Surface) -> None:
        self.dim(surface, 140)
        w, h = surface.get_size()
        r = pygame.Rect(0, 0, min(820, w - 40), 120 + 58 * SLOTS)
        r.center = (w // 2, h // 2)
        theme.panel(surface, r, theme.PANEL, theme.ACCENT, radius=10)
        title = "Save the game to a slot" if self.mode == "save" else "Load a game"
        surface.blit(theme.text(title, 28, theme.ACCENT, bold=True), (r.x + 24, r.y + 16))
        self.rects = []
        y = r.y + 60
        for k, (path, (used, line), warning) in enumerate(zip(self.paths, self.rows, self.warnings, strict=True)):
            b = pygame.Rect(r.x + 20, y, r.w - 40, 50)
            pygame.draw.rect(surface, (150, 110, 40) if k == self.index else (64, 70, 82), b, border_radius=6)
            surface.blit(theme.text(f"{k + 1}", 26, theme.TEXT_BRIGHT, bold=True), (b.x + 12, b.y + 11))
            name = theme.text(path.name, 18, theme.TEXT_BRIGHT, bold=True)
            surface.blit(name, (b.x + 48, b.y + 6))
            if warning:  # beside the name: the scenario was edited since this save
                x = b.x + 60 + name.get_width()
                surface.blit(fitted("\u26a0 " + warning, 15, b.right - 10 - x, WARNING), (x, b.y + 8))
            surface.blit(fitted(line, 16, b.w - 58, theme.TEXT if used else theme.TEXT_DIM), (b.x + 48, b.y + 27))
            self.rects.append(b)
            y += 58
        hint = "1-6 or click: save here (a used slot is overwritten)" if self.mode == "save" else "1-6 or click: load"
        t = theme.text(hint + "    Esc: cancel", 17, theme.TEXT_DIM)
        surface.blit(t, (r.x + 24, r.bottom - 34))
