"""``mutanchiang play``: the game window (or its opening view as a PNG).

Started without ``--side``, ``--load`` or ``--screenshot`` it opens on the new-game screen (the
side to play, each computer side's level, fog of war), preset from the other flags; with
``--side`` it goes straight into the battle; ``--new-game`` shows the screen in any case.
"""

from __future__ import annotations

import argparse

from ..errors import BadFlag
from .args import ai_args, ai_choices, scenario_arg
from .outputs import output_path


def add_arguments(p: argparse.ArgumentParser) -> None:
    scenario_arg(p)
    p.add_argument("--side", default=None, metavar="SIDE",
                   help="the side you command (a side's id, e.g. soviet), both (hot-seat) or none (watch); "
                        "the computer plays the rest (without it: the new-game screen, or the side that "
                        "moves first with --load or --screenshot)")
    p.add_argument("--load", metavar="SAVE", help="continue a saved game")
    p.add_argument("--fog", action="store_true",
                   help="fog of war: see enemy units only within 3 hexes of your own (the computer too)")
    ai_args(p)
    p.add_argument("--new-game", action="store_true",
                   help="open on the new-game screen even with --side (or render it with --screenshot)")
    p.add_argument("--screenshot", metavar="PNG", help="render the opening view to PNG and exit")
    p.add_argument("--seed", type=int, default=None, help="seed of the game (default: random)")
    p.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")
    p.add_argument("--force", action="store_true", help="let --screenshot replace an existing file that is not a PNG")


def parse_size(text: str) -> tuple[int, int]:
    """``WIDTHxHEIGHT`` as a pair of pixels, within what a window can be.

    >>> parse_size("1280x800")
    (1280, 800)
    """
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise BadFlag(f"--size: expected WIDTHxHEIGHT like 1280x800, got {text!r}") from None
    if not (800 <= w <= 8000 and 600 <= h <= 8000):
        raise BadFlag(f"--size: {w}x{h} is out of range (800x600 up to 8000x8000)")
    return (w, h)


def wants_new_game_screen(args: argparse.Namespace) -> bool:
    """The new-game screen when asked for, or when nothing says who plays what."""
    return bool(args.new_game) or (args.side is None and not args.load and not args.screenshot)


def run(args: argparse.Namespace) -> int:
    size = parse_size(args.size or "1280x800")
    if args.screenshot:
        from ..scenario import default_scenario_path

        output_path(args.screenshot, "--screenshot", "png", [args.scenario or default_scenario_path(), args.load],
                    args.force)
    choices = ai_choices(args)
    if args.load and choices:
        raise BadFlag("--ai: a saved game keeps the computer players it was saved with (start a new game to choose)")
    if args.load and args.new_game:
        raise BadFlag("--new-game: not with --load (a saved game is continued as it was)")
    from ..ui.app import play

    return play(args.scenario, args.side, args.seed, args.load, args.fog, args.screenshot, size, ai=choices,
                new_game=wants_new_game_screen(args))
