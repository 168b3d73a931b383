"""``mutanchiang play``: the game window (or its opening view as a PNG).

Started without ``--side``, ``--load`` or ``--screenshot`` it opens on the new-game screen (the
side to play, each computer side's level, fog of war), preset from the other flags; with
``--side`` it goes straight into the battle; ``--new-game`` shows the screen in any case.
"""

from __future__ import annotations

import argparse

from ..errors import BadFlag
from .args import ai_args, ai_choices, scenario_arg

SIDE_CHOICES = ["soviet", "japan", "both", "none"]
DEFAULT_SIDE = "soviet"


def add_arguments(p: argparse.ArgumentParser) -> None:
    scenario_arg(p)
    p.add_argument("--side", choices=SIDE_CHOICES, default=None,
                   help="the side(s) you command; the computer plays the rest (without it: the new-game screen, "
                        f"or {DEFAULT_SIDE} with --screenshot)")
    p.add_argument("--load", metavar="SAVE", help="continue a saved game")
    p.add_argument("--fog", action="store_true",
                   help="fog of war: see enemy units only within 3 hexes of your own (the computer too)")
    ai_args(p)
    p.add_argument("--new-game", action="store_true",
                   help="open on the new-game screen even with --side (or render it with --screenshot)")
    p.add_argument("--screenshot", metavar="PNG", help="render the opening view to PNG and exit")
    p.add_argument("--seed", type=int, default=None, help="seed of the game (default: random)")
    p.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")


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
    choices = ai_choices(args)
    if args.load and choices:
        raise BadFlag("--ai: a saved game keeps the computer players it was saved with (start a new game to choose)")
    if args.load and args.new_game:
        raise BadFlag("--new-game: not with --load (a saved game is continued as it was)")
    new_game = wants_new_game_screen(args)
    side = args.side or DEFAULT_SIDE
    if not new_game:
        from ..ui.app import humans_of

        played = sorted(humans_of(side) & set(choices))
        if played:
            raise BadFlag(f"--ai: {played[0]} is played by you (--side {side}), not by the computer")
    from ..ui.app import play

    return play(args.scenario, side, args.seed, args.load, args.fog, args.screenshot, size, ai=choices,
                new_game=new_game)
