"""The game: a human (or two, or none) and the computer playing through the engine's Actions."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from ..ai.fog import visible_enemies
from ..core import engine
from ..core.actions import Action, Attack, BlowBridge, EndPhase, Exit, Move, action_to_dict
from ..core.events import GameEvent
from ..core.rules import movement
from ..core.scenario_def import Scenario
from ..core.state import GameState
from ..sim.saves import SavedGame, load_game, save_game
from . import theme
from .board import BoardScene, Floater
from .panels import SPEED_NAMES, AttackPlan, draw_attack_panel, draw_top_bar, draw_unit_panel
from .widgets import Button

if TYPE_CHECKING:
    from ..ai import Policy
    from .app import App

SPEED_DELAY = (0.7, 0.32, 0.12, 0.04, 0.0)  # seconds between computer actions
SPEED_STEP = (0.16, 0.09, 0.045, 0.015, 0.0)  # seconds per hex of an animated move
QUIET_KINDS = {"move", "phase"}


def event_line(scenario: Scenario, e: GameEvent) -> tuple[str, str]:
    if e.kind == "turn":
        return ("turn", e.text)
    return (e.kind, f"{scenario.time_of(e.turn):%d %b %H:%M}  {e.text}")


def draw_arrow(surface: pygame.Surface, a: tuple[float, float], b: tuple[float, float],
               colour: tuple[int, int, int], width: int) -> None:
    """A thick arrow from a to b with a dark outline."""
    import math

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


FOG_SIGHT = 3  # hexes a side sees around its own units under fog of war (as the AI's ``sight``)


class GameScene(BoardScene):
    def __init__(self, app: App, scenario: Scenario, state: GameState, humans: set[str],
                 policies: dict[str, Policy] | None = None, seed: int | None = None,
                 scenario_path: str | None = None, save_path: str | Path | None = None,
                 log: list[tuple[str, str]] | None = None, actions: list[dict[str, Any]] | None = None,
                 overrides: dict[str, Any] | None = None, fog: bool = False) -> None:
        super().__init__(app, scenario, state)
        self.humans = set(humans)
        self.fog = fog  # fog of war: the player sees enemy units only near his own (FOG_SIGHT hexes)
        if policies is None:
            from ..sim.run import default_policies

            policies = default_policies(scenario)
        self.policies = policies
        self.seed = seed
        self.scenario_path = scenario_path
        self.overrides = dict(overrides or {})
        self.save_path = Path(save_path) if save_path else Path("mutanchiang-save.json")
        self.slot_base = self.save_path  # the first save slot; the others sit beside it
        self.actions: list[dict[str, Any]] | None = actions if actions is not None else ([] if seed is not None else None)
        for kind, txt in log or []:
            self.log.add(kind, txt)
        self.selected: str | None = None
        self._reach: dict[int, tuple[float, int]] = {}
        self._reach_key: tuple[Any, ...] | None = None
        self.plan: AttackPlan | None = None
        self.undo_stack: list[tuple[GameState, int, int]] = []
        self.speed = 1
        self.ai_wait = 0.6
        self.anim: dict[str, Any] | None = None
        self.toast_text = ""
        self.toast_time = 0.0
        self.victory_shown = False
        self.paused = False
        self._last_mover = state.side_to_move
        self.build_buttons()

    # --- buttons -------------------------------------------------------------------------
    def build_buttons(self) -> None:
        specs = [("end", "End phase", "E"), ("undo", "Undo", "U"), ("next", "Next unit", "N"),
                 ("save", "Save", "F5"), ("load", "Load", "F9"), ("slower", "AI -", ""), ("faster", "AI +", ""),
                 ("help", "Help", "F1"), ("menu", "Menu", "Esc")]
        r = self.bottom_rect
        widths = [148, 100, 124, 92, 92, 58, 58, 86, 96]
        gap = 6
        total = sum(widths) + gap * (len(widths) - 1)
        scale = min(1.0, (r.w - 16) / total)
        x = r.x + 8
        self.buttons = []
        for (name, label, hint), w in zip(specs, widths, strict=True):
            ww = int(w * scale)
            self.buttons.append(Button(name, label, pygame.Rect(x, r.y + 7, ww, r.h - 14), hint))
            x += ww + gap

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
        """Whose eyes the map shows under fog of war: the one human side, or in hot-seat the side
        to move; None (everything) without fog, when watching, or once the battle is over."""
        if not self.fog or not self.humans or self.state.game_over:
            return None
        if len(self.humans) == 1:
            return next(iter(self.humans))
        return self.state.side_to_move

    def fogged(self) -> set[str]:
        """Enemy units the viewer cannot see (none without fog)."""
        side = self.viewer()
        if side is None:
            return set()
        seen = visible_enemies(self.state, side, fog_of_war=True, sight=FOG_SIGHT)
        return {u.id for u in self.state.units if u.on_map and u.side != side and u.hex not in seen}

    def human_turn(self) -> bool:
        return not self.state.game_over and self.state.side_to_move in self.humans

    def selected_unit(self) -> Any:
        if self.selected is None:
            return None
        u = self.state.unit_by_id.get(self.selected)
        if u is None or not u.on_map:
            self.selected = None
            return None
        return u

    def reach(self) -> dict[int, tuple[float, int]]:
        u = self.selected_unit()
        if u is None or not self.human_turn() or u.side != self.state.side_to_move or u.attacked or u.mp_left <= 0:
            return {}
        key = (id(self.state), self.state.action_count, u.id, u.hex, u.mp_left)
        if key != self._reach_key:
            self._reach = movement.reachable(self.state, u)
            self._reach_key = key
        return self._reach

    # --- acting --------------------------------------------------------------------------
    def do(self, action: Action, human: bool) -> list[GameEvent] | None:
        """Apply an action through the engine; log, animate and keep the undo stack."""
        state = self.state
        snapshot = state.copy() if human and isinstance(action, Move) else None
        moving = state.unit_by_id.get(action.unit) if isinstance(action, Move) else None
        start_hex = moving.hex if moving is not None else -1
        try:
            state, events = engine.apply(state, action)
        except engine.IllegalAction as e:
            self.toast(f"Not allowed: {e}")
            return None
        self.state = state
        if snapshot is not None:
            self.undo_stack.append((snapshot, len(self.log.entries), len(self.actions) if self.actions is not None else 0))
        else:
            self.undo_stack.clear()
        if self.actions is not None:
            self.actions.append(action_to_dict(action))
        if isinstance(action, Move) and moving is not None:
            per_hex = SPEED_STEP[self.speed] if not human else 0.05
            if per_hex > 0 and moving.id not in self.fogged():  # no waiting on a move nobody sees
                self.anim = {"unit": moving.id, "hexes": [start_hex, *action.path], "t": 0.0, "per": per_hex}
        self._quiet = not human and self.speed >= 3
        for e in events:
            self.on_event(e)
        self.floaters = self.floaters[-4:]
        self.plan = None
        return events

    def on_event(self, e: GameEvent) -> None:
        if e.kind not in QUIET_KINDS:
            kind, line = event_line(self.scenario, e)
            self.log.add(kind, line)
        if getattr(self, "_quiet", False):
            return
        if e.kind == "combat":
            d = e.data
            out = str(d.get("outcome", "hold")).upper()
            col = (255, 120, 90) if out in ("RETREAT", "ROUT") else (255, 240, 200)
            self.floaters.append(Floater(int(d["target"]), [(out, col), (f"-{d.get('attacker_losses', 0):,} / -{d.get('defender_losses', 0):,}", (255, 255, 255))]))
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
        self.toast_time = secs

    def end_phase(self) -> None:
        if not self.human_turn():
            return
        self.selected = None
        self.do(EndPhase(), human=True)

    def undo(self) -> None:
        if not self.undo_stack or not self.human_turn():
            self.toast("Nothing to undo")
            return
        snap, log_len, n_actions = self.undo_stack.pop()
        self.state = snap
        self.log.truncate(log_len)
        if self.actions is not None:
            del self.actions[n_actions:]
        self.plan = None
        self.anim = None
        self._reach_key = None
        self.toast("Move undone")

    def next_unit(self) -> None:
        side = self.state.side_to_move
        ready = [u for u in self.state.units if u.side == side and u.on_map and not u.attacked and u.mp_left > 0 and not u.moved]
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

    def map_click(self, pos: tuple[int, int]) -> None:
        i = self.hex_at(pos)
        if i is None:
            return
        st = self.state
        my_turn = self.human_turn()
        side = st.side_to_move
        if self.plan is not None:
            if i == self.plan.target:
                self.confirm_attack()
                return
            self.plan = None
        u = self.selected_unit()
        reach = self.reach()
        if my_turn and u is not None and i in reach:
            self.do(Move(u.id, movement.path_to(reach, u.hex, i)), human=True)
            return
        fogged = self.fogged()
        here = [x for x in st.units_at(i) if x.id not in fogged]  # an unseen enemy is not there to click
        if my_turn and here and here[0].side != side:
            if self.open_attack(i):
                return
        if here:
            ids = [x.id for x in here]
            clicked = self.unit_at(pos)
            if clicked in ids and clicked != self.selected:
                self.selected = clicked
            elif self.selected in ids:
                self.selected = ids[(ids.index(self.selected) + 1) % len(ids)]
            else:
                self.selected = ids[-1]
            return
        self.selected = None

    def side_click(self, pos: tuple[int, int]) -> None:
        plan = self.plan
        if plan is None:
            return
        if plan.attack_button is not None and plan.attack_button.collidepoint(pos):
            self.confirm_attack()
            return
        if plan.cancel_button is not None and plan.cancel_button.collidepoint(pos):
            self.plan = None
            return
        for r, uid in plan.toggles:
            if r.collidepoint(pos):
                plan.chosen ^= {uid}
                return

    def selected_action(self, kind: str) -> None:
        u = self.selected_unit()
        if u is None or not self.human_turn():
            self.toast("Select one of your units first")
            return
        if kind == "exit":
            self.do(Exit(u.id), human=True)
            return
        m = self.scenario.map
        for k, b in enumerate(m.bridges):
            if u.hex in b.edge and self.state.bridges_intact[k]:
                self.do(BlowBridge(u.id, k), human=True)
                return
        self.toast(f"{u.name} is not at an intact bridge")

    # --- saving --------------------------------------------------------------------------
    def saved_game(self) -> SavedGame:
        return SavedGame(self.state, self.scenario_path, self.seed, sorted(self.humans), list(self.log.entries),
                         list(self.actions) if self.actions is not None else None, self.overrides)

    def save(self, path: str | Path | None = None) -> bool:
        p = Path(path) if path else self.save_path
        try:
            save_game(p, self.saved_game())
        except OSError as e:
            self.app.message("Could not save", f"{p}: {e.strerror or e}")
            return False
        self.save_path = p
        self.toast(f"Saved to {p}")
        return True

    def load(self, path: str | Path | None = None) -> bool:
        p = Path(path) if path else self.save_path
        try:
            g = load_game(p, self.scenario, self.scenario_path)
        except ValueError as e:
            self.app.message("Could not load", str(e))
            return False
        self.state = g.state
        self.log.entries = list(g.log)
        self.log.scroll = 0
        self.seed = g.seed
        self.actions = g.actions
        self.undo_stack.clear()
        self.selected = None
        self.plan = None
        self.anim = None
        self.victory_shown = False
        self.save_path = p
        self.toast(f"Loaded {p}")
        return True

    # --- events --------------------------------------------------------------------------
    def arrows_pan(self, ev: pygame.event.Event) -> bool:
        if ev.key in (pygame.K_a, pygame.K_d, pygame.K_w, pygame.K_s, pygame.K_z, pygame.K_c):
            return False  # letters are commands here; arrows pan
        return super().arrows_pan(ev)

    def handle_event(self, ev: pygame.event.Event) -> None:
        what = self.handle_board_event(ev)
        if what == "click":
            self.map_click(ev.pos)
        elif what == "side-click":
            self.side_click(ev.pos)
        elif what == "right":
            self.plan = None
            self.selected = None
        elif what is not None and what.startswith("button:"):
            self.command(what.split(":", 1)[1])
        elif ev.type == pygame.KEYDOWN:
            self.key(ev)

    def key(self, ev: pygame.event.Event) -> None:
        k = ev.key
        ctrl = ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
        if k == pygame.K_F1 or (k == pygame.K_h and not ctrl) or (k == pygame.K_SLASH and ev.mod & pygame.KMOD_SHIFT):
            self.command("help")
        elif k == pygame.K_ESCAPE:
            if self.plan is not None:
                self.plan = None
            elif self.selected is not None:
                self.selected = None
            else:
                self.command("menu")
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.plan is not None:
            self.confirm_attack()
        elif k == pygame.K_e and not ctrl:
            self.command("end")
        elif (k == pygame.K_z and ctrl) or (k in (pygame.K_u, pygame.K_BACKSPACE) and not ctrl):
            self.command("undo")
        elif k == pygame.K_n:
            self.command("next")
        elif k == pygame.K_s and ctrl:
            self.save()  # quick save to the current slot
        elif k == pygame.K_l and ctrl:
            self.load()  # quick load from it
        elif k == pygame.K_F5:
            self.command("save")
        elif k == pygame.K_F9:
            self.command("load")
        elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.command("faster")
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.command("slower")
        elif k == pygame.K_b:
            self.selected_action("bridge")
        elif k == pygame.K_x:
            self.selected_action("exit")
        elif k == pygame.K_SPACE and not self.human_turn():
            self.paused = not self.paused
            self.toast("Computer paused" if self.paused else "Computer resumed")
        elif k == pygame.K_q and ctrl:
            self.app.quit()

    def command(self, name: str) -> None:
        if name == "end":
            self.end_phase()
        elif name == "undo":
            self.undo()
        elif name == "next":
            if self.human_turn():
                self.next_unit()
        elif name in ("save", "load"):
            from .save_slots import SaveSlotsOverlay

            self.app.push(SaveSlotsOverlay(self.app, self, name))
        elif name == "faster":
            self.speed = min(len(SPEED_NAMES) - 1, self.speed + 1)
            self.toast(f"Computer speed: {SPEED_NAMES[self.speed]}")
        elif name == "slower":
            self.speed = max(0, self.speed - 1)
            self.toast(f"Computer speed: {SPEED_NAMES[self.speed]}")
        elif name == "help":
            from .overlays import HelpOverlay

            self.app.push(HelpOverlay(self.app))
        elif name == "menu":
            from .overlays import MenuOverlay

            self.app.push(MenuOverlay(self.app, self))

    # --- the clock -----------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.update_floaters(dt)
        if self.toast_time > 0:
            self.toast_time -= dt
        if self.anim is not None:
            self.anim["t"] += dt
            if self.anim["t"] >= self.anim["per"] * (len(self.anim["hexes"]) - 1):
                self.anim = None
            return
        st = self.state
        if st.side_to_move != self._last_mover:
            self._last_mover = st.side_to_move
            if len(self.humans) == 2 and not st.game_over:
                self.toast(f"{theme.SIDE_NAMES[st.side_to_move]} player to move", 3.0)
                if self.fog:  # the screen shows only the side to move: hand it over blank
                    from .overlays import HandOverOverlay

                    self.selected = None
                    self.plan = None
                    self.app.push(HandOverOverlay(self.app, theme.SIDE_NAMES[st.side_to_move]))
        if st.game_over:
            if not self.victory_shown:
                self.victory_shown = True
                from .overlays import VictoryOverlay

                self.app.push(VictoryOverlay(self.app, self))
            return
        if self.human_turn() or self.paused:
            return
        self.ai_wait -= dt
        if self.ai_wait > 0:
            return
        budget = time.perf_counter() + (0.012 if self.speed == len(SPEED_NAMES) - 1 else 0.0)
        while True:
            side = self.state.side_to_move
            pol = self.policies[side]
            action = pol.choose(self.state, self.state.ai_rng)
            self.do(action, human=False)
            if self.state.game_over or self.human_turn() or self.anim is not None or time.perf_counter() >= budget:
                break
        self.ai_wait = SPEED_DELAY[self.speed]

    def run_ai_until_human(self, max_actions: int = 100000) -> None:
        """Let the computer play at once until a human is to move or the game ends (tests, tools)."""
        n = 0
        while not self.state.game_over and not self.human_turn() and n < max_actions:
            side = self.state.side_to_move
            self.do(self.policies[side].choose(self.state, self.state.ai_rng), human=False)
            n += 1
        self.anim = None
        self.floaters.clear()

    # --- drawing -------------------------------------------------------------------------
    def anim_position(self) -> tuple[str, tuple[float, float]] | None:
        a = self.anim
        if a is None:
            return None
        hexes = a["hexes"]
        f = a["t"] / a["per"]
        k = min(int(f), len(hexes) - 2)
        t = min(1.0, f - k)
        x0, y0 = self.map_view.centre_px(hexes[k], self.camera)
        x1, y1 = self.map_view.centre_px(hexes[k + 1], self.camera)
        return a["unit"], (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)

    def draw(self, surface: pygame.Surface) -> None:
        self.refresh_buttons()
        surface.fill(theme.BG)
        ap = self.anim_position()
        fogged = self.fogged()
        hidden = ({ap[0]} if ap else set()) | fogged
        floating = {ap[0]: ap[1]} if ap and ap[0] not in fogged else None
        self.draw_board(surface, self.selected, hidden, floating, self.draw_highlights, self.draw_path)
        who = "watching" if not self.humans else "hot-seat" if len(self.humans) == 2 else f"you: {theme.SIDE_NAMES[next(iter(self.humans))]}"
        if self.fog:
            who += ", fog"
        draw_top_bar(surface, self.top_rect, self.state, f"{who} | AI {SPEED_NAMES[self.speed]}" + (" (paused)" if self.paused else ""))
        pygame.draw.rect(surface, theme.BG, self.side_rect)
        self.minimap.draw(surface, self.mini_rect, self.camera, self.state, fogged)
        if self.plan is not None:
            draw_attack_panel(surface, self.info_rect, self.state, self.plan)
        else:
            draw_unit_panel(surface, self.info_rect, self.state, self.selected_unit(), self.painter, self.hint())
        self.log.draw(surface, self.log_rect)
        self.draw_buttons(surface)
        self.draw_status(surface)
        self.draw_hover_tooltip(surface)

    def hint(self) -> str:
        u = self.selected_unit()
        if not self.human_turn():
            if self.state.game_over:
                return "The battle is over."
            return f"The computer is moving the {theme.SIDE_NAMES[self.state.side_to_move]} side. +/- sets its speed, Space pauses."
        if u is None:
            return ""
        if u.side != self.state.side_to_move:
            return "An enemy unit."
        if u.attacked:
            return "This unit has attacked this phase."
        m = self.scenario.map
        extra = ""
        if any(u.hex in b.edge and self.state.bridges_intact[k] for k, b in enumerate(m.bridges)):
            extra = " B blows the bridge here."
        spec = self.scenario.sides.get(u.side)
        if spec is not None and u.hex in spec.exit_zone:
            extra += " X withdraws it off the map."
        return "Click a lit hex to move; click an adjacent enemy to attack." + extra

    def draw_highlights(self, surface: pygame.Surface) -> None:
        reach = self.reach()
        layout = self.camera.layout()
        m = self.scenario.map
        if reach:
            overlay = pygame.Surface(self.map_rect.size, pygame.SRCALPHA)
            ox, oy = self.map_rect.topleft
            for i in reach:
                pts = [(x - ox, y - oy) for x, y in layout.corners(m.hex_of(i))]
                pygame.draw.polygon(overlay, (255, 255, 255, 64), pts)
            surface.blit(overlay, self.map_rect.topleft)
            for i in reach:
                pygame.draw.polygon(surface, (255, 255, 255), layout.corners(m.hex_of(i)), 1)
        # enemies the selected unit (or the plan) can attack
        targets: set[int] = set()
        u = self.selected_unit()
        if self.human_turn() and u is not None and u.side == self.state.side_to_move and not u.attacked:
            for j in m.neighbor_lists[u.hex]:
                if self.state.side_at(j) not in (None, u.side):
                    targets.add(j)
        if self.plan is not None:
            targets = set()
        for j in targets:
            pygame.draw.polygon(surface, theme.TARGET, layout.corners(m.hex_of(j)), 3)

    def draw_attack_arrows(self, surface: pygame.Surface) -> None:
        plan = self.plan
        if plan is None:
            return
        layout = self.camera.layout()
        x1, y1 = self.map_view.centre_px(plan.target, self.camera)
        for uid in (*plan.attackers(), *plan.support()):
            a = self.state.unit_by_id[uid]
            x0, y0 = self.map_view.centre_px(a.hex, self.camera)
            arty = uid in plan.artillery
            draw_arrow(surface, (x0 + (x1 - x0) * 0.1, y0 + (y1 - y0) * 0.1), (x0 + (x1 - x0) * 0.85, y0 + (y1 - y0) * 0.85),
                       (255, 160, 60) if arty else (255, 226, 70), 3 if arty else 5)
        pts = layout.corners(self.scenario.map.hex_of(plan.target))
        pygame.draw.polygon(surface, (0, 0, 0), pts, 5)
        pygame.draw.polygon(surface, theme.TARGET, pts, 3)

    def draw_path(self, surface: pygame.Surface) -> None:
        self.draw_attack_arrows(surface)
        reach = self.reach()
        u = self.selected_unit()
        if not reach or u is None or self.plan is not None:
            return
        i = self.hex_at(self.mouse)
        if i is None or i not in reach:
            return
        path = (u.hex, *movement.path_to(reach, u.hex, i))
        pts = [self.map_view.centre_px(h, self.camera) for h in path]
        if len(pts) > 1:
            pygame.draw.lines(surface, (30, 20, 10), False, pts, 6)
            pygame.draw.lines(surface, theme.PATH, False, pts, 3)
        for p in pts[1:]:
            pygame.draw.circle(surface, theme.PATH, p, 4)
        cost = reach[i][0]
        label = theme.halo_text(f"{cost:.1f} / {u.mp_left:.1f} MP", 20, (255, 255, 255), (0, 0, 0), bold=True)
        x, y = pts[-1]
        surface.blit(label, (x - label.get_width() / 2, y + self.camera.size * 0.55))

    def draw_status(self, surface: pygame.Surface) -> None:
        # the hex under the pointer, bottom-left of the map
        i = self.hex_at(self.mouse)
        if i is not None:
            m = self.scenario.map
            rule = m.terrain_rule(i)
            place = m.place_by_hex.get(i)
            txt = f"{m.offset_of(i)}  {rule.name}" + (f" - {place.name}" if place else "") + \
                  (f"  fort {int(m.fort[i])}" if m.fort[i] else "") + f"   move {rule.move_cost:g}  defence x{rule.defence:g}"
            t = theme.text(txt, 17, theme.TEXT)
            r = pygame.Rect(self.map_rect.x + 6, self.map_rect.bottom - 26, t.get_width() + 14, 21)
            theme.panel(surface, r, (20, 22, 26), (70, 70, 70), radius=4, alpha=210)
            surface.blit(t, (r.x + 7, r.y + 3))
        if self.toast_time > 0 and self.toast_text:
            t = theme.text(self.toast_text, 22, theme.TEXT_BRIGHT, bold=True)
            r = t.get_rect(midtop=(self.map_rect.centerx, self.map_rect.y + 14)).inflate(28, 14)
            theme.panel(surface, r, (30, 30, 34), theme.ACCENT, radius=8, alpha=225)
            surface.blit(t, t.get_rect(center=r.center))
