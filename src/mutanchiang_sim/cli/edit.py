"""``mutanchiang edit``: the scenario editor (or its opening view as a PNG)."""

from __future__ import annotations

import argparse

from .args import scenario_arg
from .outputs import output_path


def add_arguments(p: argparse.ArgumentParser) -> None:
    scenario_arg(p)
    p.add_argument("--screenshot", metavar="PNG", help="render the editor's opening view and exit")
    p.add_argument("--force", action="store_true", help="let --screenshot replace an existing file that is not a PNG")


def run(args: argparse.Namespace) -> int:
    from ..scenario import default_scenario_path
    from ..ui.editor import edit

    if args.screenshot:
        output_path(args.screenshot, "--screenshot", "png", [args.scenario or default_scenario_path()], args.force)
    return edit(args.scenario, args.screenshot)
