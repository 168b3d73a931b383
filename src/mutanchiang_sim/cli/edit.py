"""``mutanchiang edit``: the scenario editor (or its opening view as a PNG)."""

from __future__ import annotations

import argparse

from .args import scenario_arg


def add_arguments(p: argparse.ArgumentParser) -> None:
    scenario_arg(p)
    p.add_argument("--screenshot", metavar="PNG", help="render the editor's opening view and exit")


def run(args: argparse.Namespace) -> int:
    from ..ui.editor import edit

    return edit(args.scenario, args.screenshot)
