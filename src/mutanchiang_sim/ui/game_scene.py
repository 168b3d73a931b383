"""The game: a human (or two, or none) and the computer playing through the engine's Actions.

The game itself (state, policies, undo, saving, the log) is a :class:`~..sim.session.GameSession`;
this scene shows it, turns the player's clicks and keys (:mod:`.game_input`) into its calls and
draws the orders over the map (:mod:`.game_drawing`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import engine
from ..core.actions import Action, Attack, BlowBridge, EndPhase, Exit, Move
from ..core.events import GameEvent
from ..core.state import GameState
from ..core.units import Unit
from ..sim.session import GameSession, Reach, UndoPoint
from . import game_drawing as drawing
from . import map_overlays as overlays
from . import phase_help as phases
from . import theme
from ._pygame import pygame
from .attack_preview import fit_attack_panel
from .board import BoardScene, Floater
from .game_drawing import MoveAnimation
from .game_input import LETTERS_NOT_PANNING, GameInput, make_buttons
from .panels import SPEED_NAMES, AttackPlan, draw_top_bar, draw_unit_panel
from .sound import sound_for

if TYPE_CHECKING:
    from .app import App

SPEED_DELAY = (0.7, 0.32, 0.12, 0.04, 0.0)  # seconds between computer actions
SPEED_STEP = (0.16, 0.09, 0.045, 0.015, 0.0)  # seconds per hex of an animated move


class GameScene(BoardScene):
    def __init__(self, app: App, session: GameSession) -> None:
        self.session = session
        super().__init__(app, session.scenario, session.state)
        self.log.entries = session.log  # the panel shows the session's log itself
        self.slot_base = session.save_path  # the first save slot; the others sit beside it
        self.selected: str | None = None
        self.plan: AttackPlan | None = None
        self.speed = 1
        self.ai_wait = 0.6
        self.anim: MoveAnimation | None = None
        self.toast_text = ""
        self.toast_until = 0.0  # time.monotonic() when the toast goes (real time: a slow frame does not stretch it)
        self.victory_shown = False
        self.paused = False
        self.brief_on_start = False  # show the briefing before the first phase (set by the window)
        self.warn_unmoved = False  # ask before ending a phase with units still able to move
        self.overlay = 0  # index into phase_help.OVERLAYS (O cycles)
        self.computer_phase: phases.ComputerPhase | None = None  # what the computer is doing in its phase
        self.last_computer: phases.ComputerPhase | None = None  # ...and did in its last one
        self.stepping: int | None = None  # which of its moves L is showing
        self._last_mover = session.state.side_to_move
        self.build_buttons()
        self.input = GameInput(self)

    # --- the session's state, under the names the board uses ---------------------------------
    @property
    def state(self) -> GameState:
        return self.session.state

    @state.setter
    def state(self, state: GameState) -> None:
        self.session.state = state

    @property
    def fog(self) -> bool:
        return self.session.fog

    @fog.setter
    def fog(self, on: bool) -> None:
        self.session.fog = on

    @property
    def undo_stack(self) -> list[UndoPoint]:
        return self.session.undo_stack

    # --- buttons -------------------------------------------------------------------------
    def build_buttons(self) -> None:
        self.buttons = make_buttons(self.bottom_rect)

    def refresh_buttons(self) -> None:
        my_turn = self.human_turn()
        for b in self.buttons:
            if b.name == "end":
                b.enabled = my_turn
                b.active = my_turn
            elif b.name == "undo":
                b.enabled = my_turn and bool(self.undo_stack)
            elif b.name == "next":
                b.enabled = my_turn
            elif b.name == "slower":
                b.enabled = self.speed > 0
            elif b.name == "faster":
                b.enabled = self.speed < len(SPEED_NAMES) - 1

    # --- queries -------------------------------------------------------------------------
    def viewer(self) -> str | None:
        return self.session.viewer()

    def fogged(self) -> set[str]:
        return self.session.fogged()

    def human_turn(self) -> bool:
        return self.session.human_turn()

    def selected_unit(self) -> Unit | None:
        if self.selected is None:
            return None
        u = self.state.unit_by_id.get(self.selected)
        if u is None or not u.on_map:
            self.selected = None
            return None
        return u

    def reach(self) -> Reach:
        u = self.selected_unit()
        return {} if u is None else self.session.reach(u)

    # --- acting --------------------------------------------------------------------------
    def do(self, action: Action, human: bool) -> list[GameEvent] | None:
        """Apply an action through the session; animate it and show what happened."""
        moving = self.state.unit_by_id.get(action.unit) if isinstance(action, Move) else None
        start_hex = moving.hex if moving is not None else -1
        n_log = len(self.session.log)
        side = self.state.side_to_move
        try:
            events = self.session.apply(action, human)
        except engine.IllegalAction as err:
            self.toast(f"Not allowed: {err}")
            return None
        self.log.added(len(self.session.log) - n_log)
        if not human:
            self.note_computer(side, events)
        seen = moving is None or moving.id not in self.fogged()
        if isinstance(action, Move) and moving is not None:
            per_hex = SPEED_STEP[self.speed] if not human else 0.05
            if per_hex > 0 and seen:  # no waiting on a move nobody sees
                self.anim = MoveAnimation(moving.id, [start_hex, *action.path], per_hex)
        effect = sound_for(events, self.session.humans, heard_move=seen)
        if human or self.speed < 3:  # the computer at high speed: no floaters, toasts or sounds
            for e in events:
                self.show_event(e)
        if human or self.speed < 3 or effect in ("victory", "defeat"):
            self.app.sound.play(effect)
        self.floaters = self.floaters[-4:]
        self.plan = None
        return events

    def show_event(self, e: GameEvent) -> None:
        """Combat results and losses float over the map; captures and bridges are toasted."""
        if e.kind == "combat":
            d = e.data
            out = str(d.get("outcome", "hold")).upper()
            col = (255, 120, 90) if out in ("RETREAT", "ROUT") else (255, 240, 200)
            lines = [(out, col), (f"men -{d.get('attacker_losses', 0):,} / -{d.get('defender_losses', 0):,}", (255, 255, 255))]
            for what in ("tanks", "guns"):  # the attackers' / the defenders'
                a, b = d.get(f"attacker_{what}_lost", 0), d.get(f"defender_{what}_lost", 0)
                if a or b:
                    lines.append((f"{what} -{a} / -{b}", (255, 230, 200)))
            self.floaters.append(Floater(int(d["target"]), lines))
        elif e.kind == "destroyed":
            u = self.state.unit_by_id.get(str(e.data.get("unit")))
            if u is not None:
                self.floaters.append(Floater(u.hex, [("DESTROYED", (255, 80, 60))]))
        elif e.kind == "capture":
            self.toast(e.text, 4.0)
        elif e.kind == "bridge":
            self.toast(e.text, 3.0)

    def toast(self, text: str, secs: float = 2.5) -> None:
        self.toast_text = text
        self.toast_until = time.monotonic() + secs

    def busy(self) -> bool:
        """An animation, a result floating, a toast, or the computer about to move."""
        st = self.state
        computer = not st.game_over and not self.human_turn() and not self.paused
        return self.brief_on_start or self.anim is not None or bool(self.floaters) or self.toast_showing() or computer or (
            st.side_to_move != self._last_mover)

    def toast_showing(self) -> bool:
        return bool(self.toast_text) and time.monotonic() < self.toast_until

    def end_phase(self) -> None:
        if not self.human_turn():
            return
        ready = self.session.ready_units()
        if self.warn_unmoved and ready:
            def end(dont_ask: bool) -> None:
                self.warn_unmoved = not dont_ask
                self.selected = None
                self.do(EndPhase(), human=True)

            self.app.push(phases.EndPhaseWarning(self.app, [u.name for u in ready], end))
            return
        self.selected = None
        self.do(EndPhase(), human=True)

    # --- what the computer did -------------------------------------------------------------
    def note_computer(self, side: str, events: list[GameEvent]) -> None:
        """Add a computer action's events to its phase; when the phase is over, sum it up."""
        seen = self.session.seen()  # under fog: a move counts only if it ends in the player's sight
        if self.computer_phase is None or self.computer_phase.side != side:
            self.computer_phase = phases.ComputerPhase(side, seen is not None)
        for e in events:
            self.computer_phase.add(e, seen)
        if self.state.side_to_move != side or self.state.game_over:
            done, self.computer_phase = self.computer_phase, None
            self.last_computer = done
            self.stepping = None
            text = done.summary(self.state)
            self.session.log.append(("info", text))
            self.log.added(1)
            if self.human_turn():
                self.toast(text.split(". Press")[0], 4.0)

    def step_computer_moves(self) -> None:
        """Show the computer's next move of its last phase on the map (L), round and round."""
        done = self.last_computer
        if done is None or not done.moves:
            self.toast("No move of the computer's last phase to show" if done is not None else "The computer has not moved yet")
            return
        k = 0 if self.stepping is None else (self.stepping + 1) % len(done.moves)
        self.stepping = k
        uid, _, to = done.moves[k]
        u = self.state.unit_by_id.get(uid)
        self.center_on_hex(to)
        name = u.name if u is not None else uid
        self.toast(f"{k + 1}/{len(done.moves)}: {name}", 2.0)

    def undo(self) -> None:
        if not self.session.undo():
            self.toast("Nothing to undo")
            return
        self.log.scroll = 0
        self.plan = None
        self.anim = None
        self.toast("Move undone")

    def next_unit(self) -> None:
        ready = self.session.ready_units()
        if not ready:
            self.toast("Every unit has moved")
            return
        ids = [u.id for u in ready]
        k = (ids.index(self.selected) + 1) % len(ids) if self.selected in ids else 0
        self.selected = ids[k]
        self.center_on_hex(ready[k].hex)

    def open_attack(self, target: int) -> bool:
        """Prepare an attack on ``target`` with every eligible adjacent unit; False if none."""
        from ..core.rules import attack

        side = self.state.side_to_move
        eligible = [u.id for u in attack.attackers_of(self.state, side, target)]
        if not eligible:
            return False
        arty = [u.id for u in attack.supporters_of(self.state, side, target)]
        sel = self.selected if self.selected in eligible else None
        chosen = set(eligible) | set(arty) if sel is None else {sel} | set(arty)
        self.plan = AttackPlan(target, eligible, arty, chosen)
        return True

    def confirm_attack(self) -> None:
        if self.plan is None:
            return
        if not self.plan.attackers():
            self.toast("Choose at least one attacking unit")
            return
        self.do(Attack(self.plan.target, self.plan.attackers(), self.plan.support()), human=True)

    def selected_action(self, kind: str) -> None:
        u = self.selected_unit()
        if u is None or not self.human_turn():
            self.toast("Select one of your units first")
            return
        if kind == "exit":
            self.do(Exit(u.id), human=True)
            return
        k = self.session.bridge_at(u)
        if k is not None:
            self.do(BlowBridge(u.id, k), human=True)
            return
        self.toast(f"{u.name} is not at an intact bridge")

    # --- new games -----------------------------------------------------------------------
    def restart(self) -> None:
        """This battle again from its first turn: the same scenario, seed, players and fog."""
        s = self.session
        if s.seed is None:
            self.toast("This game's seed is not known: start a new game from the menu")
            return
        fresh = GameSession.start(s.scenario, s.seed, set(s.humans), s.scenario_path, s.fog, s.ai)
        fresh.log.insert(0, ("info", f"{s.scenario.name}. Seed {s.seed}, restarted."))
        self.replace_by(GameScene(self.app, fresh))

    def new_game(self) -> None:
        """The new-game screen, preset from this game's choices, in this game's place."""
        from .new_game import NewGameScene

        s = self.session
        side = "none" if not s.humans else "both" if len(s.humans) == 2 else next(iter(s.humans))
        self.replace_by(NewGameScene(self.app, s.scenario_path, side, None, s.fog, s.ai))

    def replace_by(self, scene: object) -> None:
        stack = self.app.scenes
        k = stack.index(self) if self in stack else len(stack)
        del stack[k:]
        self.app.push(scene)

    # --- saving --------------------------------------------------------------------------
    @property
    def save_path(self) -> Path:
        return self.session.save_path

    def save(self, path: str | Path | None = None) -> bool:
        p = Path(path) if path else self.save_path
        try:
            self.session.save(p)
        except OSError as e:
            self.app.message("Could not save", f"{p}: {e.strerror or e}")
            return False
        self.toast(f"Saved to {p}")
        return True

    def load(self, path: str | Path | None = None) -> bool:
        p = Path(path) if path else self.save_path
        try:
            self.session.load(p)
        except ValueError as e:
            self.app.message("Could not load", str(e))
            return False
        self.log.scroll = 0
        self.selected = None
        self.plan = None
        self.anim = None
        self.victory_shown = False
        warning = self.session.load_warning
        self.toast(f"Loaded, but {warning}" if warning else f"Loaded {p}", 8.0 if warning else 2.5)
        return True

    # --- events --------------------------------------------------------------------------
    def arrows_pan(self, ev: pygame.event.Event) -> bool:
        if ev.key in LETTERS_NOT_PANNING:
            return False  # letters are commands here; arrows pan
        return super().arrows_pan(ev)

    def handle_event(self, ev: pygame.event.Event) -> None:
        self.input.handle_event(ev)

    def command(self, name: str) -> None:
        """Carry out a button's, key's or menu item's command (see :mod:`.game_input`)."""
        self.input.command(name)


    # --- the clock -----------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.brief_on_start:
            from .briefing import BriefingOverlay

            self.brief_on_start = False
            self.app.push(BriefingOverlay(self.app, self.state, self.session.humans))
            return
        self.update_floaters(dt)
        if self.anim is not None:
            self.anim.t += dt
            if self.anim.done:
                self.anim = None
            return
        st = self.state
        if st.side_to_move != self._last_mover:
            self._last_mover = st.side_to_move
            if len(self.session.humans) == 2 and not st.game_over:
                self.toast(f"{theme.side_name(st.scenario, st.side_to_move)} player to move", 3.0)
                if self.fog:  # the screen shows only the side to move: hand it over blank
                    from .overlays import HandOverOverlay

                    self.selected = None
                    self.plan = None
                    self.app.push(HandOverOverlay(self.app, theme.side_name(st.scenario, st.side_to_move), self))
        if st.game_over:
            if not self.victory_shown:
                self.victory_shown = True
                from .overlays import VictoryOverlay

                self.app.push(VictoryOverlay(self.app, self.session))
            return
        if self.human_turn() or self.paused:
            return
        self.ai_wait -= dt
        if self.ai_wait > 0:
            return
        budget = time.perf_counter() + (0.012 if self.speed == len(SPEED_NAMES) - 1 else 0.0)
        while True:
            self.do(self.session.computer_choice(), human=False)
            if self.state.game_over or self.human_turn() or self.anim is not None or time.perf_counter() >= budget:
                break
        self.ai_wait = SPEED_DELAY[self.speed]

    def run_ai_until_human(self, max_actions: int = 100000) -> None:
        """Let the computer play at once until a human is to move or the game ends (tests, tools)."""
        self.session.run_computer(max_actions, take=lambda action: self.do(action, human=False))
        self.anim = None
        self.floaters.clear()

    # --- drawing -------------------------------------------------------------------------
    def anim_position(self) -> tuple[str, tuple[float, float]] | None:
        return None if self.anim is None else (self.anim.unit, self.anim.position(self.map_view, self.camera))

    def draw(self, surface: pygame.Surface) -> None:
        self.refresh_buttons()
        surface.fill(theme.BG)
        ap = self.anim_position()
        fogged = self.fogged()
        hidden = ({ap[0]} if ap else set()) | fogged
        floating = {ap[0]: ap[1]} if ap and ap[0] not in fogged else None
        self.draw_board(surface, self.selected, hidden, floating, self.draw_highlights, self.draw_orders)
        humans = self.session.humans
        who = "watching" if not humans else "hot-seat" if len(humans) == 2 else f"you: {theme.side_name(self.scenario, next(iter(humans)))}"
        if self.fog:
            who += ", fog"
        self.top_items = draw_top_bar(surface, self.top_rect, self.state, f"{who} | AI {SPEED_NAMES[self.speed]}" + (" (paused)" if self.paused else ""))
        pygame.draw.rect(surface, theme.BG, self.side_rect)
        self.minimap.draw(surface, self.mini_rect, self.camera, self.state, fogged)
        # the preview takes the log's room too, and the minimap's when it must (the minimap then ignores clicks)
        plan_rects = [self.preview_rect(), self.preview_rect().union(self.mini_rect)]
        self.minimap_covered = self.plan is not None and fit_attack_panel(surface, plan_rects, self.state, self.plan).rect.colliderect(self.mini_rect)
        if self.plan is None:
            draw_unit_panel(surface, self.info_rect, self.state, self.selected_unit(), self.painter, self.hint())
            self.log.draw(surface, self.log_rect)
        self.draw_buttons(surface)
        self.draw_status(surface)
        self.draw_hover_tooltip(surface)

    def preview_rect(self) -> pygame.Rect:
        """Where the attack preview is drawn: the unit panel and the log's place."""
        return self.info_rect.union(self.log_rect)

    def hover_tip(self) -> tuple[str, list[str]] | None:
        """Over the top bar: what the date, the weather or the points mean; else the board's."""
        if self.top_rect.collidepoint(self.mouse):
            from .briefing import top_bar_tip

            for item, r in getattr(self, "top_items", {}).items():
                if r.collidepoint(self.mouse):
                    return top_bar_tip(self.state, item)
            return None
        return super().hover_tip()

    def hint(self) -> str:
        return drawing.order_hint(self.session, self.selected_unit())

    def draw_highlights(self, surface: pygame.Surface) -> None:
        """Under the counters: the hexes in reach and the enemies the selected unit can attack."""
        m = self.scenario.map
        if self.overlay:
            overlays.draw_map_overlay(surface, self.camera, self.map_view, self.map_rect, self.state, overlays.side_of(self.session),
                                      overlays.OVERLAYS[self.overlay], self.fogged())
        seen = self.session.seen()
        if seen is not None:  # fog of war: what the player cannot see is shaded
            drawing.draw_fog(surface, self.camera, self.map_view, self.map_rect, seen)
            drawing.draw_last_known(surface, self.camera, self.map_view, self.state, self.session.last_known())
        drawing.draw_reach(surface, self.camera, self.map_rect, m, self.reach())
        u = self.selected_unit()
        if u is not None:  # a gun unit: where its guns reach
            overlays.draw_overlay(surface, self.camera, self.map_view, self.map_rect, overlays.gun_range(self.state, u.id), (240, 170, 60, 45))
        if self.plan is None and u is not None and self.session.can_order(u):
            drawing.draw_targets(surface, self.camera, m, drawing.attack_targets(self.state, u))

    def draw_orders(self, surface: pygame.Surface) -> None:
        """Over the counters: the computer's move being shown (L), the attack plan's arrows, or
        the path to the hex under the pointer."""
        if self.stepping is not None and self.last_computer is not None and self.stepping < len(self.last_computer.moves):
            phases.draw_move_marker(surface, self.camera, self.map_view, self.last_computer.moves[self.stepping])
        if self.plan is not None:
            drawing.draw_attack_arrows(surface, self.camera, self.map_view, self.state, self.plan)
            return
        reach = self.reach()
        u = self.selected_unit()
        i = self.hex_at(self.mouse)
        if reach and u is not None and i is not None and i in reach:
            drawing.draw_move_path(surface, self.camera, self.map_view, reach, u, i)

    def draw_status(self, surface: pygame.Surface) -> None:
        if self.overlay:
            overlays.draw_legend(surface, self.map_rect, overlays.legend(self.state, overlays.side_of(self.session), overlays.OVERLAYS[self.overlay]))
        i = self.hex_at(self.mouse)
        if i is not None:
            drawing.draw_hex_status(surface, self.map_rect, self.state, i)
        if self.toast_showing():
            drawing.draw_toast(surface, self.map_rect, self.toast_text)
