"""A game in progress, without a screen: who plays which side, the computer's policies, the
human's undo, saving and loading, and the log of what happened.

This is everything the game window knows about the battle except how it looks: the window
(:mod:`mutanchiang_sim.ui.game_scene`) turns clicks and keys into calls here and draws the result.
It imports no pygame, so a whole game can be played and tested headless. The battle itself is
a :class:`~.game.Game` (the public game API); every change to it goes through
:meth:`GameSession.apply`, which takes the action there and keeps the undo stack, the action
list (for replays) and the log in step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ai import Policy
from ..ai.fog import seen_hexes, visible_enemies
from ..core import engine
from ..core.actions import Action, Move, action_to_dict
from ..core.events import GameEvent
from ..core.rules import movement
from ..core.scenario_def import Scenario
from ..core.state import GameState
from ..core.units import Unit
from .computer_players import computer_players
from .game import SIGHT_HEXES, Game
from .save_open import change_warning
from .saves import SavedGame, load_game, save_game

QUIET_KINDS = frozenset({"move", "phase"})  # events not written to the log
DEFAULT_SAVE = Path("mutanchiang-save.json")

Reach = dict[int, tuple[float, int]]  # hex -> (movement points spent, previous hex), as movement.reachable


def event_line(scenario: Scenario, e: GameEvent) -> tuple[str, str]:
    """An event as a (kind, text) line of the battle log, stamped with the game time."""
    if e.kind == "turn":
        return ("turn", e.text)
    when = scenario.time_of(e.turn)
    if e.text.startswith(f"{when.day} {when:%B}") or e.text.startswith(f"{when:%d %B}"):
        return (e.kind, e.text)  # a scenario's message that gives its own date: not stamped twice
    return (e.kind, f"{when:%d %b %H:%M}  {e.text}")


def log_lines(scenario: Scenario, events: list[GameEvent]) -> list[tuple[str, str]]:
    """The log lines of ``events`` (moves and phase changes are not logged)."""
    return [event_line(scenario, e) for e in events if e.kind not in QUIET_KINDS]


@dataclass
class UndoPoint:
    """The game as it was before a human's move: the state and the lengths of the log and of the
    action list then."""

    state: GameState
    log_len: int
    n_actions: int


class GameSession:
    """One game: the state and everything around it that outlives a single action.

    ``humans`` are the sides a person plays (none: the computer plays both; both: hot-seat);
    the others are played by ``policies``, by default the computer players ``ai`` chooses (side
    -> level or policy, :mod:`.computer_players`). Those see under fog of war whenever the
    humans do (``fog``, now or when it is switched on later). ``actions`` is the list of actions so far (as plain
    dicts, for a replay) or None when the history is unknown (a game continued from a save
    without one). ``log`` is the battle log, (kind, text) lines, oldest first."""

    def __init__(self, scenario: Scenario, state: GameState, humans: set[str],
                 policies: dict[str, Policy] | None = None, seed: int | None = None,
                 scenario_path: str | None = None, save_path: str | Path | None = None,
                 log: list[tuple[str, str]] | None = None, actions: list[dict[str, Any]] | None = None,
                 overrides: dict[str, Any] | None = None, fog: bool = False,
                 ai: Mapping[str, str] | None = None,
                 sightings: dict[str, dict[str, tuple[int, int]]] | None = None) -> None:
        self.scenario = scenario = state.scenario  # (the values its ranges drew: core.uncertain)
        # a save without its seed is recorded as seed 0 (as the end-of-battle figures are)
        self.game = Game(scenario, state, seed if seed is not None else 0, record=False)
        self.humans = set(humans)
        self.ai = dict(ai or {})  # the computer players chosen, side -> level or policy
        self.load_warning = ""  # what the last load said of a scenario changed since the save
        self._own_policies = policies is None  # built here from ``ai`` (and rebuilt with the fog)
        self._fog = fog
        self.policies = policies if policies is not None else computer_players(scenario, self.ai, fog)
        self.seed = seed
        self.scenario_path = scenario_path
        self.overrides = dict(overrides or {})
        self.save_path = Path(save_path) if save_path else DEFAULT_SAVE
        self.actions: list[dict[str, Any]] | None = actions if actions is not None else ([] if seed is not None else None)
        self.log: list[tuple[str, str]] = list(log or [])
        self.undo_stack: list[UndoPoint] = []
        self._reach: Reach = {}
        self._reach_key: tuple[int, str, int, float] | None = None
        # side -> enemy unit -> (hex, turn) where that side last saw it (kept in saves)
        self.sightings: dict[str, dict[str, tuple[int, int]]] = {s: dict(b) for s, b in (sightings or {}).items()}
        self.note_sightings()

    @classmethod
    def start(cls, scenario: Scenario, seed: int, humans: set[str], scenario_path: str | None = None,
              fog: bool = False, ai: Mapping[str, str] | None = None) -> GameSession:
        """A new game of ``scenario`` with ``seed``; the log holds the opening turn's events."""
        opening = Game.new(scenario, seed)
        return cls(scenario, opening.state, humans, seed=seed, scenario_path=scenario_path,
                   log=log_lines(scenario, opening.events), fog=fog, ai=ai)

    @property
    def fog(self) -> bool:
        """Fog of war: a human sees enemy units only near his own (SIGHT_HEXES), and so do the
        computer players built here."""
        return self._fog

    @fog.setter
    def fog(self, on: bool) -> None:
        if on != self._fog and self._own_policies:
            self.policies = computer_players(self.scenario, self.ai, on)
        self._fog = on

    @property
    def state(self) -> GameState:
        return self.game.state

    @state.setter
    def state(self, state: GameState) -> None:
        self.game.state = state
        self._reach_key = None

    # --- whose turn, and what they see ---------------------------------------------------
    def human_turn(self) -> bool:
        return not self.state.game_over and self.state.side_to_move in self.humans

    def computer_to_move(self) -> bool:
        return not self.state.game_over and not self.human_turn()

    def viewer(self) -> str | None:
        """Whose eyes the map shows under fog of war: the one human side, or in hot-seat the side
        to move; None (everything) without fog, when watching, or once the battle is over."""
        if not self.fog or not self.humans or self.state.game_over:
            return None
        if len(self.humans) == 1:
            return next(iter(self.humans))
        return self.state.side_to_move

    def seen(self) -> set[int] | None:
        """The hexes the viewer can see under fog of war (None: no fog, everything is seen)."""
        side = self.viewer()
        return None if side is None else seen_hexes(self.state, side, SIGHT_HEXES)

    def note_sightings(self) -> None:
        """Remember where the viewer last saw each enemy unit (for the last-known markers)."""
        side = self.viewer()
        if side is None:
            return
        book = self.sightings.setdefault(side, {})
        for i, units in visible_enemies(self.state, side, fog_of_war=True, sight=SIGHT_HEXES).items():
            for u in units:
                book[u.id] = (i, self.state.turn)

    def last_known(self) -> dict[str, tuple[int, int]]:
        """Enemy units the viewer cannot see now but saw before: unit id -> (hex, turn) where
        and when it was last seen (units no longer on the map are left out)."""
        side = self.viewer()
        if side is None:
            return {}
        hidden = self.fogged()
        return {uid: at for uid, at in self.sightings.get(side, {}).items()
                if uid in hidden and self.state.unit_by_id[uid].on_map}

    def fogged(self) -> set[str]:
        """Enemy units the viewer cannot see (none without fog)."""
        side = self.viewer()
        if side is None:
            return set()
        seen = visible_enemies(self.state, side, fog_of_war=True, sight=SIGHT_HEXES)
        return {u.id for u in self.state.units if u.on_map and u.side != side and u.hex not in seen}

    # --- what a human may do -------------------------------------------------------------
    def can_order(self, u: Unit) -> bool:
        """Whether the human to move may still give ``u`` an order this phase."""
        return self.human_turn() and u.side == self.state.side_to_move and not u.acted

    def reach(self, u: Unit) -> Reach:
        """The hexes the human to move can move ``u`` to (empty if it cannot move now)."""
        if not self.can_order(u) or u.mp_left <= 0:
            return {}
        key = (self.state.action_count, u.id, u.hex, u.mp_left)
        if key != self._reach_key:
            self._reach = movement.reachable(self.state, u)
            self._reach_key = key
        return self._reach

    def ready_units(self) -> list[Unit]:
        """The side to move's units on the map that have neither moved nor attacked yet."""
        side = self.state.side_to_move
        return [u for u in self.state.units
                if u.side == side and u.on_map and not u.acted and u.mp_left > 0 and not u.moved]

    def bridge_at(self, u: Unit) -> int | None:
        """The index of an intact bridge ``u`` stands at (which it could blow), else None."""
        for k, b in enumerate(self.scenario.map.bridges):
            if u.hex in b.edge and self.state.bridges_intact[k]:
                return k
        return None

    # --- acting --------------------------------------------------------------------------
    def apply(self, action: Action, human: bool) -> list[GameEvent]:
        """Take ``action`` in the game and log what happened. A human's move can be undone
        (until something random happens); raises ``engine.IllegalAction``, the game unchanged,
        if the rules forbid the action."""
        snapshot = self.state.copy() if human and isinstance(action, Move) else None
        events = self.game.step(action)
        self._reach_key = None
        if snapshot is not None:
            self.undo_stack.append(UndoPoint(snapshot, len(self.log), len(self.actions) if self.actions is not None else 0))
        else:
            self.undo_stack.clear()
        if self.actions is not None:
            self.actions.append(action_to_dict(action))
        self.log.extend(log_lines(self.scenario, self._as_seen(events)))
        self.note_sightings()
        return events

    def _as_seen(self, events: list[GameEvent]) -> list[GameEvent]:
        """``events`` as the humans may read them under fog of war: an enemy unit that falls back
        or routs out of their sight is said to do so, not where to."""
        if not self.fog or not self.humans:
            return events
        out = []
        for e in events:
            if e.kind in ("retreat", "rout") and e.data.get("unit") in self.state.unit_by_id:
                u = self.state.unit_by_id[e.data["unit"]]
                enemy = self.scenario.other_side(u.side)
                if enemy in self.humans and int(e.data.get("hex", -1)) not in seen_hexes(self.state, enemy, SIGHT_HEXES):
                    verb = "routs" if e.kind == "rout" else "falls back"
                    e = GameEvent(e.kind, e.turn, f"{u.name} {verb} out of sight", {**e.data, "hex": None})
            out.append(e)
        return out

    def undo(self) -> bool:
        """Take back the human's last move; False if there is none to take back."""
        if not self.undo_stack or not self.human_turn():
            return False
        point = self.undo_stack.pop()
        self.state = point.state
        del self.log[point.log_len:]
        if self.actions is not None:
            del self.actions[point.n_actions:]
        return True

    def computer_choice(self) -> Action:
        """The action the policy of the side to move picks now (drawing on the AI's own stream)."""
        rng = self.state.ai_rng
        assert rng is not None, "GameState always has an AI stream once built"
        return self.policies[self.state.side_to_move].choose(self.state, rng)

    def run_computer(self, max_actions: int = 100000, take: Callable[[Action], object] | None = None) -> int:
        """Let the computer play until a human is to move or the game ends (at most
        ``max_actions`` tries); returns how many actions it tried. ``take`` carries out each
        action (the game window passes its own, which also animates and shows the results);
        by default :meth:`apply`, an illegal action leaving the game unchanged."""
        n = 0
        while self.computer_to_move() and n < max_actions:
            action = self.computer_choice()
            if take is not None:
                take(action)
            else:
                try:
                    self.apply(action, human=False)
                except engine.IllegalAction:
                    pass  # the policy's loss: it is asked again, the game unchanged
            n += 1
        return n

    # --- saving --------------------------------------------------------------------------
    def saved_game(self) -> SavedGame:
        return SavedGame(self.state, self.scenario_path, self.seed, sorted(self.humans), list(self.log),
                         list(self.actions) if self.actions is not None else None, self.overrides, dict(self.ai), self.fog,
                         {side: dict(book) for side, book in self.sightings.items()})

    def save(self, path: str | Path | None = None) -> Path:
        """Write the game to ``path`` (default: the current save file, which it becomes);
        raises OSError if it cannot be written."""
        p = Path(path) if path else self.save_path
        save_game(p, self.saved_game())
        self.save_path = p
        return p

    def load(self, path: str | Path | None = None) -> Path:
        """Continue the game saved in ``path`` (default: the current save file, which it
        becomes); raises ValueError (one line), the game unchanged, if it is not a save of
        this scenario."""
        p = Path(path) if path else self.save_path
        g = load_game(p, self.scenario, self.scenario_path)
        self.state = g.state
        self.scenario = self.game.scenario = g.state.scenario  # with the values the saved game drew
        self.log[:] = g.log
        self.load_warning = ""
        if g.changed is not None:  # saved before the scenario was edited, and still fits it
            self.load_warning = change_warning(p, g.changed, self.scenario, None).removeprefix("warning: ")
            self.log.append(("info", self.load_warning))
        self.seed = g.seed
        self.game.seed = g.seed if g.seed is not None else 0
        self.actions = g.actions
        if g.fog is not None:
            self.fog = g.fog  # as it was saved (rebuilds the computer players' eyes)
        if self._own_policies and g.ai != self.ai:  # the computer players it was saved with
            self.ai = dict(g.ai)
            self.policies = computer_players(self.scenario, self.ai, self._fog)
        self.sightings = {side: dict(book) for side, book in g.sightings.items()}
        self.note_sightings()
        self.undo_stack.clear()
        self.save_path = p
        return p
