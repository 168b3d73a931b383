"""One battle being played: the scenario, its seed, the live state and what has happened.

Everything that plays a game goes through :class:`Game`: the command line and batches (via
:func:`~.run.play_game`), replays, the game window and outside programs (via
:mod:`mutanchiang_sim.api`). It is pygame-free and does no I/O of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..ai import Policy, default_policies, make_policy
from ..ai.fog import visible_enemies
from ..ai.registry import DEFAULT_POLICY
from ..core import engine
from ..core.actions import Action, Attack, BlowBridge, Exit, Move, action_from_dict, action_to_dict
from ..core.events import GameEvent
from ..core.rules import attack, combat, combat_preview, movement, victory
from ..core.scenario_def import Scenario
from ..core.state import GameState
from ..errors import BadSave
from ..scenario import load_scenario
from .views import Explanation, Observation, Outcome, UnitView

SIGHT_HEXES = 3  # how far a side sees under fog of war (as the game window and the AI do)
MAX_ACTIONS_PER_TURN = 5000  # a game that takes more is stuck: play() raises instead of hanging


class Game:
    """One battle being played. Build it with :meth:`load` (a scenario file) or :meth:`new`.

    Ask who is to move and what is legal, let it explain an action before taking it, take
    actions (:meth:`step`) or let computer players take them (:meth:`play`), look at the board
    as one side sees it (:meth:`observe`), copy it (:meth:`clone`), keep it as plain data
    (:meth:`to_dict`), and read the result (:meth:`outcome`, :meth:`record`)."""

    def __init__(self, scenario: Scenario, state: GameState, seed: int, events: Sequence[GameEvent] = (),
                 record: bool = True) -> None:
        self.scenario = scenario
        self.state = state
        self.seed = seed
        self.record_history = record  # keep the actions and events (off for fast batch runs)
        self.events: list[GameEvent] = list(events) if record else []  # what happened, in order
        self.actions: list[Action] = []  # every action taken through this object, in order
        # The computer players made by name, kept so that a game played in pieces (play with
        # ``max_actions`` or ``until``, again and again) is the same battle as one played in one
        # call: a planning policy carries its phase's plan from one action to the next.
        self._named_players: dict[tuple[str, str], Policy] = {}

    # --- making one -----------------------------------------------------------------------
    @classmethod
    def new(cls, scenario: Scenario, seed: int = 0, record: bool = True) -> Game:
        """A new game of a loaded scenario: the first turn has begun (arrivals, events, supply).
        ``record`` keeps every action and event (:attr:`actions`, :attr:`events`)."""
        if seed < 0:
            raise ValueError(f"seed must be >= 0, got {seed}")
        state, events = engine.new_game(scenario, seed)
        return cls(state.scenario, state, seed, events, record)  # (its ranges drawn: core.uncertain)

    @classmethod
    def load(cls, scenario: str | Path | None = None, seed: int = 0,
             overrides: Mapping[str, Any] | None = None) -> Game:
        """A new game of the scenario file (None: the bundled battle) with dotted-key
        ``overrides`` (as ``--set`` gives them); ScenarioError for a file that does not load."""
        return cls.new(load_scenario(scenario, dict(overrides or {})), seed)

    # --- where we are -----------------------------------------------------------------------
    @property
    def over(self) -> bool:
        return self.state.game_over

    @property
    def side_to_move(self) -> str | None:
        return None if self.state.game_over else self.state.side_to_move

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(self.state.sides_order)

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def time(self) -> datetime:
        return self.scenario.time_of(self.state.turn)

    # --- what may be done -------------------------------------------------------------------
    def legal_actions(self) -> list[Action]:
        """Every legal action of the side to move (empty once the game is over)."""
        return list(engine.legal_actions(self.state))

    def why_illegal(self, action: Action) -> str | None:
        """Why ``action`` is illegal now, or None when it is legal."""
        return engine.check(self.state, action)

    def is_legal(self, action: Action) -> bool:
        return self.why_illegal(action) is None

    def explain(self, action: Action) -> Explanation:
        """What ``action`` would cost and risk, from the rules' own code, without taking it."""
        st = self.state
        reason = engine.check(st, action)
        if reason is not None:
            return Explanation(action, False, reason, f"illegal: {reason}")
        if isinstance(action, Move):
            u = st.unit_by_id[action.unit]
            cost = movement.path_cost(st, u, action.path)
            stops = action.path[-1] in movement.enemy_zoc(st, u.side)
            after = 0.0 if stops else max(0.0, u.mp_left - cost)
            to = self.scenario.map.offset_of(action.path[-1])
            zoc = ", stops in an enemy zone of control" if stops else ""
            return Explanation(action, True, None, f"{u.name} moves to {to} for {cost:.1f} MP{zoc}",
                               move_cost=cost, mp_after=after, stops_in_enemy_zoc=stops)
        if isinstance(action, Attack):
            attackers = [st.unit_by_id[i] for i in action.attackers]
            support = [st.unit_by_id[i] for i in action.support]
            river = attack.over_river(st, action.target, attackers)
            o = combat.odds(st, action.target, attackers, support, river)
            chances = combat_preview.outcome_chances(st, o, action.target, attackers)
            ratio = f"{o.ratio:.2f}" if o.ratio < 1 else f"{o.ratio:.1f}"
            text = (f"attack at {self.scenario.map.offset_of(action.target)}: {ratio}:1, expected losses "
                    f"{o.expected_attacker_losses:,} vs {o.expected_defender_losses:,}; defenders hold "
                    f"{chances[0]:.0%}, fall back {chances[1]:.0%}, rout {chances[2]:.0%}")
            return Explanation(action, True, None, text, odds=o, chances=chances)
        if isinstance(action, BlowBridge):
            name = self.scenario.map.bridges[action.bridge].name
            return Explanation(action, True, None, f"{st.unit_by_id[action.unit].name} blows the {name}")
        if isinstance(action, Exit):
            u = st.unit_by_id[action.unit]
            return Explanation(action, True, None, f"{u.name} leaves the map with {u.men:,} men")
        return Explanation(action, True, None, f"{st.side_to_move} ends the phase")

    # --- doing it -----------------------------------------------------------------------------
    def step(self, action: Action) -> list[GameEvent]:
        """Take ``action`` for the side to move and return what happened; IllegalAction (and
        no change at all) if the rules forbid it."""
        _, events = engine.apply(self.state, action)
        if self.record_history:
            self.actions.append(action)
            self.events.extend(events)
        return events

    def policies(self, names: Mapping[str, str] | None = None) -> dict[str, Policy]:
        """The scenario's computer players (its ``ai`` section), ``names`` replacing the default
        doctrine for some sides; KeyError for an unknown policy name."""
        return default_policies(self.scenario, dict(names or {}))

    def play(self, policies: Mapping[str, Policy | str] | None = None, until: str | None = None,
             max_actions: int | None = None, on_event: Callable[[GameEvent], None] | None = None) -> int:
        """Let computer players move: every side by ``policies`` (a policy or its name; the
        scenario's doctrine for sides not named) until the game ends, or it is ``until``'s turn
        to move, or ``max_actions`` have been taken; ``on_event`` sees every event. Returns the
        number of actions taken. Without ``until`` or ``max_actions``, a game that does not end
        within ``MAX_ACTIONS_PER_TURN`` a turn raises RuntimeError instead of hanging."""
        players = self._players(policies)
        bounded = max_actions is not None
        limit = max_actions if max_actions is not None else MAX_ACTIONS_PER_TURN * (self.scenario.turns + 1)
        state = self.state
        rng = state.ai_rng
        assert rng is not None
        count = 0
        while not state.game_over and state.side_to_move != until:
            if count >= limit:
                if bounded:
                    break
                raise RuntimeError(f"the game did not end after {count} actions")
            events = self.step(players[state.side_to_move].choose(state, rng))
            count += 1
            if on_event is not None:
                for e in events:
                    on_event(e)
        return count

    def _players(self, policies: Mapping[str, Policy | str] | None) -> dict[str, Policy]:
        given = dict(policies or {})
        for side in given:
            if side not in self.scenario.sides:
                raise KeyError(f"{self.scenario.name} has no side {side!r} (sides: {', '.join(self.scenario.side_ids)})")
        players: dict[str, Policy] = {}
        for side in self.scenario.side_ids:
            p = given.get(side, DEFAULT_POLICY)
            if not isinstance(p, str):
                players[side] = p
                continue
            key = (side, p)
            if key not in self._named_players:
                self._named_players[key] = make_policy(p, side, self.scenario.ai.get(side, {}))
            players[side] = self._named_players[key]
        return players

    # --- looking at it --------------------------------------------------------------------------
    def observe(self, side: str, fog: bool = False) -> Observation:
        """The board as ``side`` sees it: its own units, and the enemy units within
        ``SIGHT_HEXES`` of them under ``fog`` (every enemy unit without)."""
        st = self.state
        if side not in st.sides_order:
            raise ValueError(f"unknown side {side!r} (sides: {', '.join(st.sides_order)})")
        seen = visible_enemies(st, side, fog_of_war=fog, sight=SIGHT_HEXES)
        enemies = sorted((u for us in seen.values() for u in us), key=lambda u: st.unit_rank[u.id])
        return Observation(
            side=side, turn=st.turn, phase=st.phase, side_to_move=self.side_to_move, time=self.time,
            weather=st.weather, night=st.night, wet_ground=st.wet,
            own=tuple(UnitView.of(u) for u in st.units if u.side == side and u.on_map),
            enemies=tuple(UnitView.of(u) for u in enemies),
            control=tuple(st.control), bridges_intact=tuple(st.bridges_intact), orders=tuple(sorted(st.orders)),
            fog=fog,
        )

    def outcome(self) -> Outcome:
        s = victory.standing(self.state)
        return Outcome(self.over, s.winner, s.level, dict(s.points),
                       s.margin, self.scenario.city, self.state.city_captured_turn)

    def record(self) -> dict[str, Any]:
        """The run record (the row ``mutanchiang batch`` writes) of the game as it stands."""
        from .run import run_record

        return run_record(self.state, self.seed)

    # --- copies and plain data ------------------------------------------------------------------
    def clone(self) -> Game:
        """An independent copy: playing on it leaves this game as it is (same dice to come).
        The computer players of both games plan afresh from here (a plan in progress cannot be
        copied), so the copy and this game go on the same way."""
        self._named_players.clear()
        g = Game(self.scenario, self.state.copy(), self.seed, self.events, self.record_history)
        g.actions = list(self.actions)
        return g

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the state, the seed and the actions taken through this object."""
        return {"seed": self.seed, "state": self.state.to_dict(),
                "actions": [action_to_dict(a) for a in self.actions]}

    @classmethod
    def from_dict(cls, scenario: Scenario, d: Mapping[str, Any]) -> Game:
        """A game rebuilt from :meth:`to_dict`'s data for the same scenario; BadSave (one line,
        naming the field) if the data does not fit it."""
        try:
            seed = d["seed"]
            if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
                raise ValueError(f"seed: expected a whole number >= 0, got {seed!r}")
            state = GameState.from_dict(scenario, dict(d["state"]))
            actions = [action_from_dict(a) for a in d.get("actions", [])]
        except (KeyError, TypeError, ValueError) as e:
            raise BadSave(f"not a game of {scenario.name}: {e}") from None
        g = cls(scenario, state, seed)
        g.actions = actions
        return g




__all__ = ["MAX_ACTIONS_PER_TURN", "SIGHT_HEXES", "Game"]
