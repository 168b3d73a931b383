"""Arguments several commands share."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import BadFlag

if TYPE_CHECKING:
    from ..ai import Policy
    from ..core.scenario_def import Scenario

# ``--soviet X`` and ``--japan X`` are short for ``--ai soviet=X`` and ``--ai japan=X`` (the
# bundled battle's sides); a scenario without such a side refuses them like any unknown side.
SIDE_ALIASES = ("soviet", "japan")


def scenario_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="scenario YAML file (default: the bundled Battle of Mutanchiang)")


def executor_args(p: argparse.ArgumentParser) -> None:
    """Where the battles of a batch (or a study) are played: ``--workers``, ``--executor``,
    ``--scheduler``."""
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--executor", choices=["process", "dask"], default="process")
    p.add_argument("--scheduler", metavar="ADDR", default=None)


def ai_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ai", action="append", metavar="SIDE=LEVEL", default=None,
                   help="the computer player of SIDE: a level (easy, normal, hard) or a policy "
                        "(advance, hold, random, passive, doctrine); repeat for each side (default: doctrine)")
    for side in SIDE_ALIASES:
        p.add_argument(f"--{side}", default=None, metavar="LEVEL", help=f"short for --ai {side}=LEVEL")


def ai_choices(args: argparse.Namespace) -> dict[str, str]:
    """The computer players the user named, by side (levels and names checked, sides not: they
    come from the scenario, see :func:`players_for`); BadFlag for a side named twice."""
    from ..sim.computer_players import choice_names

    given: list[tuple[str, str, str]] = []  # (flag, side, name)
    for item in getattr(args, "ai", None) or ():
        if "=" not in item:
            raise BadFlag(f"--ai: expected SIDE=LEVEL like japan=hard, got {item!r}")
        side, name = (part.strip() for part in item.split("=", 1))
        if not side:
            raise BadFlag(f"--ai: no side in {item!r} (expected SIDE=LEVEL like japan=hard)")
        given.append(("--ai", side, name))
    for side in SIDE_ALIASES:
        if getattr(args, side, None):
            given.append((f"--{side}", side, getattr(args, side).strip()))
    choices: dict[str, str] = {}
    for flag, side, name in given:
        if side in choices:
            raise BadFlag(f"{flag}: the computer player of {side} is given twice")
        if name not in choice_names():
            raise BadFlag(f"{flag}: unknown level {name!r} for {side} (known: {', '.join(choice_names())})")
        choices[side] = name
    return choices


def players_for(scenario: Scenario, choices: dict[str, str], fog: bool = False) -> dict[str, Policy]:
    """The computer players for a battle (BadFlag for a side the scenario does not have)."""
    from ..sim.computer_players import computer_players

    return computer_players(scenario, choices, fog)
