"""``mutanchiang new FILE``: a small valid starting scenario."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--width", type=int, default=12)
    p.add_argument("--height", type=int, default=10)
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:
    from ..scenario.template import write_template

    target = write_template(args.file, args.width, args.height, force=args.force)
    print(f"wrote {target} ({args.width} x {args.height} hexes); next: mutanchiang edit {target}")
    return 0
