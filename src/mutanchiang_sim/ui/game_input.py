"""What the player's keys, buttons and clicks mean in the game window.

Keys and buttons name commands (:func:`key_command`, :data:`BUTTONS`), which
:meth:`GameInput.command` carries out on the scene; a click on the map moves, attacks or
selects (:meth:`GameInput.map_click`). The map's own keys (arrows, zoom, Home) are the board's
(:mod:`.board`); the letters that pan a board elsewhere (A, D, W, S, Z, C) are commands here
or left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.actions import Move
from ..core.rules import movement
from ._pygame import pygame
from .panels import SPEED_NAMES, AttackPlan
from .widgets import Button

if TYPE_CHECKING:
    from .game_scene import GameScene

# the bottom bar: (command, label, key shown), and each button's width at full size
BUTTONS = (("end", "End phase", "E"), ("undo", "Undo", "U"), ("next", "Next unit", "N"),
           ("save", "Save", "F5"), ("load", "Load", "F9"), ("slower", "AI -", ""), ("faster", "AI +", ""),
           ("help", "Help", "F1"), ("menu", "Menu", "Esc"))
BUTTON_WIDTHS = (148, 100, 124, 92, 92, 58, 58, 86, 96)


def make_buttons(bar: pygame.Rect) -> list[Button]:
    """The bottom bar's buttons, shrunk to fit ``bar`` if need be."""
    gap = 6
    total = sum(BUTTON_WIDTHS) + gap * (len(BUTTON_WIDTHS) - 1)
    scale = min(1.0, (bar.w - 16) / total)
    x = bar.x + 8
    buttons = []
    for (name, label, hint), w in zip(BUTTONS, BUTTON_WIDTHS, strict=True):
        ww = int(w * scale)
        buttons.append(Button(name, label, pygame.Rect(x, bar.y + 7, ww, bar.h - 14), hint))
        x += ww + gap
    return buttons


LETTERS_NOT_PANNING = (pygame.K_a, pygame.K_d, pygame.K_w, pygame.K_s, pygame.K_z, pygame.K_c)


def key_command(key: int, mod: int) -> str | None:
    """The command a key press gives (with the modifier keys ``mod``), if any."""
    ctrl = mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
    if key == pygame.K_F1 or (key == pygame.K_h and not ctrl) or (key == pygame.K_SLASH and mod & pygame.KMOD_SHIFT):
        return "help"
    if key == pygame.K_ESCAPE:
        return "escape"
    if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
        return "confirm"
    if key == pygame.K_e and not ctrl:
        return "end"
    if (key == pygame.K_z and ctrl) or (key in (pygame.K_u, pygame.K_BACKSPACE) and not ctrl):
        return "undo"
    if key == pygame.K_n:
        return "next"
    if key == pygame.K_s and ctrl:
        return "quick-save"
    if key == pygame.K_l and ctrl:
        return "quick-load"
    if key == pygame.K_F5:
        return "save"
    if key == pygame.K_F9:
        return "load"
    if key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
        return "faster"
    if key in (pygame.K_MINUS, pygame.K_KP_MINUS):
        return "slower"
    if key == pygame.K_b:
        return "bridge"
    if key == pygame.K_x:
        return "exit"
    if key == pygame.K_SPACE:
        return "pause"
    if key == pygame.K_q and ctrl:
        return "quit"
    if key == pygame.K_l and not ctrl:
        return "computer-moves"
    if key == pygame.K_o and not ctrl:
        return "overlay"
    if key == pygame.K_m and not ctrl:
        return "mute"
    if key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
        return "louder" if key == pygame.K_RIGHTBRACKET else "quieter"
    return None


def shift_held() -> bool:
    return bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)


def attack_panel_hit(plan: AttackPlan, pos: tuple[int, int]) -> str | None:
    """What a click at ``pos`` on the attack preview means: ``"attack"``, ``"cancel"``,
    ``"toggle:<unit id>"`` (take the unit in or out of the attack), or None."""
    if plan.attack_button is not None and plan.attack_button.collidepoint(pos):
        return "attack"
    if plan.cancel_button is not None and plan.cancel_button.collidepoint(pos):
        return "cancel"
    for r, uid in plan.toggles:
        if r.collidepoint(pos):
            return f"toggle:{uid}"
    return None


class GameInput:
    """Turns the events the game scene gets into its orders and commands."""

    def __init__(self, scene: GameScene) -> None:
        self.scene = scene

    def map_click(self, pos: tuple[int, int]) -> None:
        """A left click on the map: launch the planned attack, move the selected unit into a lit
        hex, plan an attack on an enemy, or select (cycle through) the units there."""
        scene = self.scene
        i = scene.hex_at(pos)
        if i is None:
            return
        st = scene.state
        my_turn = scene.human_turn()
        side = st.side_to_move
        if scene.plan is not None:
            if i == scene.plan.target:
                scene.confirm_attack()
                return
            scene.plan = None
        u = scene.selected_unit()
        reach = scene.reach()
        fogged = scene.fogged()
        here = [x for x in st.units_at(i) if x.id not in fogged]  # an unseen enemy is not there to click
        # a click on a friend selects it; Shift+click moves onto its hex (to stack)
        onto_friend = bool(here) and here[0].side == side and not shift_held()
        if my_turn and u is not None and i in reach and not onto_friend:
            scene.do(Move(u.id, movement.path_to(reach, u.hex, i)), human=True)
            return
        if my_turn and here and here[0].side != side:
            if scene.open_attack(i):
                return
        if here:
            ids = [x.id for x in here]
            clicked = scene.unit_at(pos)
            if clicked in ids and clicked != scene.selected:
                scene.selected = clicked
            elif scene.selected in ids:
                scene.selected = ids[(ids.index(scene.selected) + 1) % len(ids)]
            else:
                scene.selected = ids[-1]
            return
        scene.selected = None

    def side_click(self, pos: tuple[int, int]) -> None:
        scene = self.scene
        plan = scene.plan
        if plan is None:
            return
        hit = attack_panel_hit(plan, pos)
        if hit == "attack":
            scene.confirm_attack()
        elif hit == "cancel":
            scene.plan = None
        elif hit is not None:
            plan.chosen ^= {hit.split(":", 1)[1]}

    def handle_event(self, ev: pygame.event.Event) -> None:
        scene = self.scene
        what = scene.handle_board_event(ev)
        if what == "click":
            self.map_click(ev.pos)
        elif what == "side-click":
            self.side_click(ev.pos)
        elif what == "right":
            scene.plan = None
            scene.selected = None
        elif what is not None and what.startswith("button:"):
            self.command(what.split(":", 1)[1])
        elif ev.type == pygame.KEYDOWN:
            name = key_command(ev.key, ev.mod)
            if name is not None:
                self.command(name)

    def command(self, name: str) -> None:
        """Carry out a button's, key's or menu item's command."""
        scene = self.scene
        if name == "end":
            scene.end_phase()
        elif name == "undo":
            scene.undo()
        elif name == "next":
            if scene.human_turn():
                scene.next_unit()
        elif name == "escape":  # first the plan, then the selection, then the menu
            if scene.plan is not None:
                scene.plan = None
            elif scene.selected is not None:
                scene.selected = None
            else:
                self.command("menu")
        elif name == "confirm":
            scene.confirm_attack()
        elif name == "quick-save":
            scene.save()  # to the current slot
        elif name == "quick-load":
            scene.load()  # from it
        elif name in ("save", "load"):
            from .save_slots import SaveSlotsOverlay

            scene.app.push(SaveSlotsOverlay(scene.app, self.scene, name))
        elif name == "faster":
            scene.speed = min(len(SPEED_NAMES) - 1, scene.speed + 1)
            scene.toast(f"Computer speed: {SPEED_NAMES[scene.speed]}")
        elif name == "slower":
            scene.speed = max(0, scene.speed - 1)
            scene.toast(f"Computer speed: {SPEED_NAMES[scene.speed]}")
        elif name in ("bridge", "exit"):
            scene.selected_action(name)
        elif name == "pause":
            if not scene.human_turn():
                scene.paused = not scene.paused
                scene.toast("Computer paused" if scene.paused else "Computer resumed")
        elif name == "quit":
            scene.app.quit()
        elif name in ("mute", "louder", "quieter"):
            sound = scene.app.sound
            scene.toast(sound.toggle_mute() if name == "mute" else sound.change_volume(1 if name == "louder" else -1))
        elif name == "help":
            from .overlays import HelpOverlay

            scene.app.push(HelpOverlay(scene.app))
        elif name == "computer-moves":
            scene.step_computer_moves()
        elif name == "overlay":
            from .map_overlays import OVERLAYS

            scene.overlay = (scene.overlay + 1) % len(OVERLAYS)
            scene.toast(f"Map overlay: {OVERLAYS[scene.overlay]}  (O for the next)")
        elif name == "briefing":
            from .briefing import BriefingOverlay

            scene.app.push(BriefingOverlay(scene.app, scene.state, scene.session.humans))
        elif name == "restart":
            scene.restart()
        elif name == "new-game":
            scene.new_game()
        elif name == "menu":
            from .overlays import MenuOverlay

            scene.app.push(MenuOverlay(scene.app, self.scene))
