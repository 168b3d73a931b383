"""``mutanchiang validate FILE...``: exit 0 when every file is valid, else 2 and a line a problem."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from ..scenario import validate_file

    bad = 0
    for f in args.files:
        problems = validate_file(f)
        for pr in problems:
            print(pr)
        if problems:
            bad += 1
        else:
            print(f"{f}: ok", file=sys.stderr)
    return 2 if bad else 0
