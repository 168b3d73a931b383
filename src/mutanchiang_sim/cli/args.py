"""Arguments several commands share."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import BadFlag

if TYPE_CHECKING:
    from ..ai import Policy
    from ..core.scenario_def import Scenario


def scenario_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="scenario YAML file (default: the bundled Battle of Mutanchiang)")


def policy_args(p: argparse.ArgumentParser, help_suffix: str = "") -> None:
    p.add_argument("--soviet", default=None, metavar="POLICY", help=f"Soviet policy{help_suffix}")
    p.add_argument("--japan", default=None, metavar="POLICY", help=f"Japanese policy{help_suffix}")


def policy_names_given(args: argparse.Namespace) -> dict[str, str]:
    """The ``--soviet``/``--japan`` policies the user named, by side."""
    return {k: v for k, v in (("soviet", args.soviet), ("japan", args.japan)) if v}


def policies_for(scenario: Scenario, names: dict[str, str]) -> dict[str, Policy]:
    """The computer players for a battle, with ``names`` replacing the defaults (BadFlag for a
    name no policy has)."""
    from ..ai import default_policies

    try:
        return default_policies(scenario, names)
    except KeyError as e:
        raise BadFlag(str(e.args[0])) from None
