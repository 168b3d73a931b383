"""``mutanchiang replay FILE``: step through a recorded game."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--screenshot", metavar="PNG", help="render the replay's first view and exit")


def run(args: argparse.Namespace) -> int:
    from ..ui.replay_view import replay

    return replay(args.file, args.screenshot)
