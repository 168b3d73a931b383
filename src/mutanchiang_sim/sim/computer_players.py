"""The computer players a user picks: for each side a difficulty level or a policy by name.

A *choice* is ``side -> name``: a level (``easy``, ``normal``, ``hard``: the doctrine with that
``difficulty`` set over the scenario's ``ai.<side>`` section, so the section's other keys still
hold) or a policy (``doctrine`` with the scenario's own difficulty, or a baseline: ``advance``,
``hold``, ``random``, ``passive``). Sides not chosen play the scenario's doctrine. The command
line's ``--ai SIDE=LEVEL``, batches, replays, saves and the new-game screen all go through here.

Levels change only how the AI judges and how hard it pushes (``core.ai_params.DIFFICULTIES``);
the rules of combat are the scenario's whatever the level.

>>> LEVELS
('easy', 'normal', 'hard')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..ai import Policy, default_policies, policy_names
from ..ai.registry import DEFAULT_POLICY
from ..core.ai_params import DIFFICULTIES
from ..core.scenario_def import Scenario
from ..errors import BadFlag

LEVELS: tuple[str, ...] = tuple(DIFFICULTIES)


def choice_names() -> list[str]:
    """Every name a side's choice may be: the levels, then the policies."""
    return [*LEVELS, *(n for n in policy_names() if n not in LEVELS)]


def check_choice(side: str, name: str, scenario: Scenario, flag: str = "--ai") -> None:
    """BadFlag (naming ``flag``) for a side the scenario does not have or an unknown name."""
    sides = list(scenario.sides)
    if side not in sides:
        raise BadFlag(f"{flag}: {scenario.name} has no side {side!r} (sides: {', '.join(sides)})")
    if name not in choice_names():
        raise BadFlag(f"{flag}: unknown level {name!r} for {side} (known: {', '.join(choice_names())})")


def check_choices(choices: Mapping[str, str], scenario: Scenario, flag: str = "--ai") -> None:
    for side, name in choices.items():
        check_choice(side, name, scenario, flag)


def players_ai(scenario: Scenario, choices: Mapping[str, str] | None = None, fog: bool = False) -> dict[str, dict[str, Any]]:
    """The scenario's ``ai`` section as the chosen players see it: each level set as its side's
    ``difficulty``, and ``fog_of_war`` on for every side when ``fog``."""
    ai = {side: dict(params) for side, params in scenario.ai.items()}
    for side, name in (choices or {}).items():
        if name in LEVELS:
            ai.setdefault(side, {})["difficulty"] = name
    if fog:
        for side in scenario.sides:
            ai.setdefault(side, {})["fog_of_war"] = True
    return ai


def computer_players(scenario: Scenario, choices: Mapping[str, str] | None = None, fog: bool = False) -> dict[str, Policy]:
    """A computer player for every side of ``scenario`` by ``choices`` (the doctrine for sides
    not chosen); with ``fog`` they see the enemy only within their sight, as a player under fog
    of war does. BadFlag for an unknown side or name."""
    choices = dict(choices or {})
    check_choices(choices, scenario)
    names = {side: DEFAULT_POLICY if name in LEVELS else name for side, name in choices.items()}
    return default_policies(replace(scenario, ai=players_ai(scenario, choices, fog)), names)


__all__ = ["LEVELS", "check_choice", "check_choices", "choice_names", "computer_players", "players_ai"]
