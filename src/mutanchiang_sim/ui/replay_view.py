"""The replay viewer: step forward and back through a recorded game (``mutanchiang replay FILE``).

States are rebuilt on demand from the replay's seed and actions (the engine is deterministic),
and each one is kept, so stepping back is instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import engine
from ..core.actions import Attack, Move
from ..core.scenario_def import Scenario
from ..core.state import GameState
from ..errors import BadReplay
from ..sim.replay import Replay
from ..sim.session import log_lines
from . import theme
from ._pygame import pygame
from .board import BoardScene
from .panels import draw_top_bar, draw_unit_panel
from .widgets import Button

if TYPE_CHECKING:
    from .app import App

AUTO_DELAY = 0.25


class ReplayScene(BoardScene):
    def __init__(self, app: App, scenario: Scenario, replay: Replay, title: str = "") -> None:
        from ..sim.replay import replay_scenario

        state, events = engine.new_game(replay_scenario(scenario, replay), replay.seed)
        self.replay = replay
        self.live = state
        self.states: list[GameState] = [state.copy()]
        self.all_log: list[tuple[str, str]] = log_lines(scenario, events)
        if not replay.same_engine:  # the rules' code changed since: the dice may fall otherwise
            self.all_log.insert(0, ("destroyed", "Recorded by another version of the engine: this replay may not show "
                                           "the same battle (or may stop where an action no longer fits)."))
        self.log_at: list[int] = [len(self.all_log)]
        self.index = 0
        self.title = title
        self.auto = False
        self.auto_wait = 0.0
        self.selected: str | None = None
        self.error = ""
        super().__init__(app, scenario, self.states[0])
        self.build_buttons()
        self.sync()

    @property
    def total(self) -> int:
        return len(self.replay.actions)

    # --- stepping ------------------------------------------------------------------------
    def _compute_to(self, k: int) -> None:
        while len(self.states) - 1 < k and not self.error:
            n = len(self.states) - 1
            try:
                self.live, events = engine.apply(self.live, self.replay.actions[n])
            except engine.IllegalAction as e:
                self.error = f"The replay does not fit this scenario at action {n + 1}: {e}"
                break
            self.states.append(self.live.copy())
            self.all_log.extend(log_lines(self.scenario, events))
            self.log_at.append(len(self.all_log))

    def go(self, k: int) -> None:
        k = max(0, min(self.total, k))
        self._compute_to(k)
        self.index = min(k, len(self.states) - 1)
        self.sync()

    def sync(self) -> None:
        self.state = self.states[self.index]
        self.log.entries = self.all_log[: self.log_at[self.index]]
        self.log.scroll = 0

    def step_phase(self, direction: int) -> None:
        """To the next (or previous) change of phase."""
        start = (self.state.turn, self.state.phase)
        k = self.index
        while 0 <= k + direction <= self.total:
            self._compute_to(k + direction)
            if k + direction >= len(self.states):
                break
            k += direction
            st = self.states[k]
            if (st.turn, st.phase) != start:
                break
        self.go(k)

    # --- input ---------------------------------------------------------------------------
    def build_buttons(self) -> None:
        specs = [("start", "|<", "Home"), ("back", "< Back", "Left"), ("play", "Play", "Space"),
                 ("fwd", "Step >", "Right"), ("phase", "Phase >>", "Shift+Right"), ("end", ">|", "End"), ("help", "Help", "F1")]
        widths = [84, 118, 110, 124, 174, 84, 90]
        x = self.bottom_rect.x + 8
        self.buttons = []
        for (name, label, hint), w in zip(specs, widths, strict=True):
            self.buttons.append(Button(name, label, pygame.Rect(x, self.bottom_rect.y + 7, w, self.bottom_rect.h - 14), hint))
            x += w + 6

    def arrows_pan(self, ev: pygame.event.Event) -> bool:
        return ev.key not in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_HOME, pygame.K_END) and super().arrows_pan(ev)

    def handle_event(self, ev: pygame.event.Event) -> None:
        what = self.handle_board_event(ev)
        if what == "click":
            uid = self.unit_at(ev.pos)
            self.selected = uid
        elif what == "right":
            self.selected = None
        elif what is not None and what.startswith("button:"):
            self.command(what.split(":", 1)[1])
        elif ev.type == pygame.KEYDOWN:
            k = ev.key
            shift = ev.mod & pygame.KMOD_SHIFT
            if k == pygame.K_RIGHT:
                self.command("phase" if shift else "fwd")
            elif k == pygame.K_LEFT:
                self.command("phase-back" if shift else "back")
            elif k == pygame.K_SPACE:
                self.command("play")
            elif k == pygame.K_HOME:
                self.command("start")
            elif k == pygame.K_END:
                self.command("end")
            elif k == pygame.K_F1:
                self.command("help")
            elif k in (pygame.K_ESCAPE, pygame.K_q):
                self.app.quit()

    def command(self, name: str) -> None:
        if name == "fwd":
            self.go(self.index + 1)
        elif name == "back":
            self.go(self.index - 1)
        elif name == "phase":
            self.step_phase(1)
        elif name == "phase-back":
            self.step_phase(-1)
        elif name == "start":
            self.go(0)
        elif name == "end":
            self.go(self.total)
        elif name == "play":
            self.auto = not self.auto
        elif name == "help":
            self.app.message("Replay controls", "Right / Left: one action forward / back.  Shift+Right / Shift+Left: a "
                             "phase.  Home / End: first / last.  Space: play / pause.  Wheel, drag, Up / Down: zoom "
                             "and pan.  Click a counter for its details.  Esc: quit.")

    def update(self, dt: float) -> None:
        self.update_floaters(dt)
        if self.auto:
            self.auto_wait -= dt
            if self.auto_wait <= 0:
                if self.index >= self.total or self.error:
                    self.auto = False
                else:
                    self.go(self.index + 1)
                self.auto_wait = AUTO_DELAY

    # --- drawing -------------------------------------------------------------------------
    def last_action(self) -> Any:
        return self.replay.actions[self.index - 1] if self.index > 0 else None

    def draw_last(self, surface: pygame.Surface) -> None:
        a = self.last_action()
        prev = self.states[self.index - 1] if self.index > 0 else None
        if isinstance(a, Move) and prev is not None:
            u = prev.unit_by_id.get(a.unit)
            if u is not None:
                pts = [self.map_view.centre_px(h, self.camera) for h in (u.hex, *a.path)]
                pygame.draw.lines(surface, (30, 20, 10), False, pts, 6)
                pygame.draw.lines(surface, theme.PATH, False, pts, 3)
        elif isinstance(a, Attack) and prev is not None:
            x1, y1 = self.map_view.centre_px(a.target, self.camera)
            for uid in a.attackers:
                u = prev.unit_by_id.get(uid)
                if u is not None:
                    x0, y0 = self.map_view.centre_px(u.hex, self.camera)
                    pygame.draw.line(surface, theme.TARGET, (x0, y0), (x0 + (x1 - x0) * 0.8, y0 + (y1 - y0) * 0.8), 4)
            layout = self.camera.layout()
            pygame.draw.polygon(surface, theme.TARGET, layout.corners(self.scenario.map.hex_of(a.target)), 3)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        for b in self.buttons:
            b.active = b.name == "play" and self.auto
            if b.name == "play":
                b.label = "Pause" if self.auto else "Play"
        sel = self.selected if self.selected in self.state.unit_by_id else None
        self.draw_board(surface, sel, over_units=self.draw_last)
        right = f"REPLAY  action {self.index}/{self.total}" + (f"  {self.title}" if self.title else "")
        draw_top_bar(surface, self.top_rect, self.state, right)
        pygame.draw.rect(surface, theme.BG, self.side_rect)
        self.minimap.draw(surface, self.mini_rect, self.camera, self.state)
        u = self.state.unit_by_id.get(sel) if sel else None
        draw_unit_panel(surface, self.info_rect, self.state, u, self.painter,
                        self.error or "Replay: Right/Left step, Shift+Right a phase, Space plays. Click a counter for details.")
        self.log.draw(surface, self.log_rect, "Battle log (replay)")
        self.draw_buttons(surface)
        # progress bar over the buttons
        r = self.bottom_rect
        frac = self.index / self.total if self.total else 1.0
        pygame.draw.rect(surface, (60, 64, 74), (r.x, r.y, r.w, 3))
        pygame.draw.rect(surface, theme.ACCENT, (r.x, r.y, int(r.w * frac), 3))
        self.draw_hover_tooltip(surface)


def replay(file: str, screenshot: str | None = None) -> int:
    """Step through the replay ``file`` in a window (or render its first view to ``screenshot``);
    BadInput for a damaged replay or one whose scenario is gone or changed."""
    from ..sim.replay import read_replay, replay_scenario
    from ..sim.save_open import load_recorded
    from .app import run_window

    try:
        recorded = read_replay(Path(file))
    except ValueError as e:
        raise BadReplay(str(e)) from None
    path = recorded.scenario_path
    if path is not None and not Path(path).is_file():
        raise BadReplay(f"{file}: its scenario {path} is not there any more")
    scenario = load_recorded(file, path, recorded.overrides)
    if recorded.scenario_sha256 and scenario.source_sha256 and recorded.scenario_sha256 != scenario.source_sha256:
        raise BadReplay(f"{file}: recorded with a different version of the scenario {path or '(bundled)'}")
    try:
        replay_scenario(scenario, recorded)
    except ValueError as e:
        raise BadReplay(f"{file}: {e}") from None
    name = Path(file).name
    return run_window(lambda app: ReplayScene(app, scenario, recorded, name), screenshot,
                      title=f"{scenario.name} - replay")
