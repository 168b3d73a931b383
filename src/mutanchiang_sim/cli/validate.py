"""``mutanchiang validate FILE... [--set KEY=VALUE]``: exit 0 when every file is valid, else 2 and a line a problem; a
valid file that overrides global coefficients gets a ``warning:`` line each (still exit 0). ``--set``
checks the files as ``run``/``batch`` would load them with those overrides."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="check with this override (as run and batch take it)")


def run(args: argparse.Namespace) -> int:
    from ..scenario import validate_file
    from ..scenario.loader import scenario_warnings
    from ..scenario.overrides import parse_set

    overrides = parse_set(args.set)
    bad = 0
    for f in args.files:
        problems = validate_file(f, overrides)
        for pr in problems:
            print(pr)
        if problems:
            bad += 1
            continue
        warnings = scenario_warnings(f)  # valid, but overriding what a scenario should not
        for pr in warnings:
            print(pr)
        print(f"{f}: ok" + (f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else ""), file=sys.stderr)
    return 2 if bad else 0
