"""The public face of the engine: one :class:`Game` for notebooks, the UI, the CLI and agents.

A game is a scenario, a seed and a live state. Ask it who is to move and what is legal, let it
explain an action before you take it (the costs of a move, the odds and expected losses of an
attack), take actions one at a time (:meth:`Game.step` returns what happened), let computer
players take them (:meth:`Game.play`), look at the board as one side sees it
(:meth:`Game.observe`, fog of war included), copy it (:meth:`Game.clone`), keep it as a plain
dict (:meth:`Game.to_dict` / :meth:`Game.from_dict`), and read the result (:meth:`Game.outcome`,
:meth:`Game.record`). Illegal actions raise :class:`IllegalAction` and change nothing; bad
files or values raise the kinds of :class:`~mutanchiang_sim.errors.BadInput`.

>>> game = Game.load("tests/data/small.yaml", seed=1)  # doctest: +SKIP
>>> game.side_to_move, len(game.legal_actions()) > 1  # doctest: +SKIP
('soviet', True)
>>> game.play()  # both sides by their doctrine AI, to the end  # doctest: +SKIP
>>> game.outcome().level  # doctest: +SKIP
'Soviet decisive victory'
"""

from __future__ import annotations

from .ai import Policy, make_policy, policy_names
from .core.actions import (
    Action,
    Attack,
    BlowBridge,
    EndPhase,
    Exit,
    Move,
    action_from_dict,
    action_to_dict,
)
from .core.engine import IllegalAction
from .core.events import GameEvent
from .core.scenario_def import Scenario
from .errors import BadFlag, BadInput, BadReplay, BadSave, Problem, ScenarioError
from .scenario import load_scenario
from .sim.game import SIGHT_HEXES, Game
from .sim.views import Explanation, Observation, Outcome, UnitView


def policy(name: str, side: str, scenario: Scenario | None = None) -> Policy:
    """A computer player by name for ``side`` (with the scenario's ``ai`` parameters, if given);
    KeyError for a name no policy has (see :func:`policy_names`)."""
    return make_policy(name, side, dict(scenario.ai.get(side, {})) if scenario is not None else {})


__all__ = [
    "SIGHT_HEXES", "Action", "Attack", "BadFlag", "BadInput", "BadReplay", "BadSave", "BlowBridge", "EndPhase",
    "Exit", "Explanation", "Game", "GameEvent", "IllegalAction", "Move", "Observation", "Outcome", "Policy",
    "Problem", "Scenario", "ScenarioError", "UnitView", "action_from_dict", "action_to_dict", "load_scenario",
    "policy", "policy_names",
]
