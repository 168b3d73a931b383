"""``mutanchiang report DIR [--compare DIR ...]``: PNG plots and a Markdown report of a batch."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--compare", action="append", metavar="DIR", help="other batches to compare (what-ifs)")


def run(args: argparse.Namespace) -> int:
    from ..sim.report import report_batches

    report = report_batches(args.dir, args.compare or [])
    print(f"wrote {report} and its plots in {report.parent}")
    return 0
