"""``mutanchiang replay FILE``: step through a recorded game."""

from __future__ import annotations

import argparse

from .outputs import output_path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--screenshot", metavar="PNG", help="render the replay's first view and exit")
    p.add_argument("--force", action="store_true", help="let --screenshot replace an existing file that is not a PNG")


def run(args: argparse.Namespace) -> int:
    from ..ui.replay_view import replay

    if args.screenshot:
        output_path(args.screenshot, "--screenshot", "png", [args.file], args.force)
    return replay(args.file, args.screenshot)
