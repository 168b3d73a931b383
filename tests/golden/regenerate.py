"""Rewrite the golden playthroughs under tests/golden/data/ (see README.md beside this file).

    python tests/golden/regenerate.py            # every case
    python tests/golden/regenerate.py NAME ...   # some cases (names as in the test ids)
    python tests/golden/regenerate.py --check    # only say which cases differ, write nothing

Only for a deliberate change of behaviour (a rule, a coefficient, a scenario's data, the AI);
commit the result with a one-line reason. For each case it prints whether it changed and, if so,
where its log first differs from the committed one and how its run record moved.
"""

from __future__ import annotations

import argparse
import sys

from playthrough import (
    CASES,
    DATA,
    differences,
    first_divergence,
    log_path,
    play,
    read_log,
    read_summary,
    summary_path,
    write,
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="case names (default: all)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if any case differs")
    args = ap.parse_args(argv)
    known = {c.name: c for c in CASES}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        print(f"unknown case(s): {', '.join(unknown)} (known: {', '.join(known)})", file=sys.stderr)
        return 2
    changed = 0
    for case in [known[n] for n in args.names] or list(CASES):
        played = play(case)
        if not summary_path(case).exists() or not log_path(case).exists():
            print(f"{case.name}: new")
        elif read_summary(case) == played.summary:
            print(f"{case.name}: unchanged")
            continue
        else:
            old = read_summary(case)
            print(f"{case.name}: CHANGED\n  {first_divergence(read_log(case), played.log) or 'same log'}")
            for d in differences(old["record"], played.summary["record"]):
                print(f"  record {d}")
        changed += 1
        if not args.check:
            write(played)
    if not args.check:
        for stale in sorted(p for p in DATA.iterdir() if p.name.split(".")[0] not in known):
            print(f"{stale.name}: no such case any more, removed")
            stale.unlink()
    print(f"{changed} of {len(known) if not args.names else len(args.names)} case(s) {'differ' if args.check else 'written'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
