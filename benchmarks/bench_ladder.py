"""The difficulty ladder: does each level of a side beat the one below it against the same opponent?

    python benchmarks/bench_ladder.py                     # 200 battles a level and side, 2 workers
    python benchmarks/bench_ladder.py --runs 60           # a quick look
    python benchmarks/bench_ladder.py tests/data/small.yaml --levels easy,hard --markdown

For every side of the scenario and every level (easy, normal, hard) the side plays ``--runs``
battles at that level against the ``normal`` opponent (``--ai SIDE=LEVEL --ai OTHER=normal``),
with the same seeds for every level (common random numbers: the levels differ by the AI, not
by luck). The figure is the VP margin from that side's point of view: its points minus the
enemy's, from the run record. Printed: the mean margin with a 95% t-interval, and for each step
up the ladder (easy -> normal -> hard) whether each mean lies outside the other's interval (the
issue's test), with the mean of the paired differences and its interval beside it.

The battles are played by :func:`mutanchiang_sim.sim.batch.run_batch` on a process pool, exactly
as ``mutanchiang batch`` plays them; the normal-v-normal battles are shared by both sides'
ladders. Not a timed test: it prints figures and exits 0 (``--check``: 1 when a step fails).
"""

from __future__ import annotations

import argparse
import csv
import math
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mutanchiang_sim.scenario import default_scenario_path, load_scenario
from mutanchiang_sim.sim.batch import RUNS_CSV, BatchSpec, run_batch
from mutanchiang_sim.sim.computer_players import LEVELS, check_choices
from mutanchiang_sim.sim.executors import executor_for

OPPONENT = "normal"


def t_quantile(p: float, df: int) -> float:
    """Student's t quantile by the Cornish-Fisher expansion of Abramowitz & Stegun 26.7.5 (error
    under 1e-4 from 10 degrees of freedom on; the ladder's are in the tens or hundreds)."""
    z = statistics.NormalDist().inv_cdf(p)
    v = float(df)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
            + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * v**4))


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, xs: Sequence[float], confidence: float = 0.95) -> Interval:
        n = len(xs)
        m = statistics.fmean(xs)
        if n < 2:
            return cls(m, -math.inf, math.inf, n)
        half = t_quantile(0.5 + confidence / 2, n - 1) * statistics.stdev(xs) / math.sqrt(n)
        return cls(m, m - half, m + half, n)

    def __contains__(self, x: float) -> bool:
        return self.low <= x <= self.high

    def text(self) -> str:
        return f"{self.mean:+7.2f}  [{self.low:+7.2f}, {self.high:+7.2f}]"


def margins(rows: list[dict[str, str]], side: str, sides: Sequence[str]) -> dict[int, float]:
    """Seed -> the side's VP margin (its points minus the other sides'), for rows without error."""
    out: dict[int, float] = {}
    for r in rows:
        if r.get("error"):
            continue
        own = float(r[f"{side}_points"])
        out[int(r["seed"])] = own - sum(float(r[f"{o}_points"]) for o in sides if o != side)
    return out


def play(path: Path, choices: dict[str, str], runs: int, seed: int, executor, workers: int, out: Path) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    scenario = load_scenario(path)
    spec = BatchSpec(str(path), runs, seed, policies=choices)
    run_batch(spec, {(): scenario}, executor, out, workers=workers, base=scenario)
    with (out / RUNS_CSV).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("scenario", nargs="?", default=None, help="scenario file (default: the bundled battle)")
    p.add_argument("--runs", type=int, default=200, help="battles a level and side (default 200)")
    p.add_argument("--seed", type=int, default=0, help="batch seed (every level plays the same seeds)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--levels", default=",".join(LEVELS), help="levels, lowest first (default easy,normal,hard)")
    p.add_argument("--sides", default=None, help="sides to rank (default: every side of the scenario)")
    p.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    p.add_argument("--check", action="store_true", help="exit 1 when a step of the ladder does not hold")
    a = p.parse_args(argv)
    path = Path(a.scenario).resolve() if a.scenario else default_scenario_path()
    scenario = load_scenario(path)
    all_sides = list(scenario.sides)
    sides = a.sides.split(",") if a.sides else all_sides
    levels = a.levels.split(",")
    for side in sides:
        check_choices(dict.fromkeys(all_sides, OPPONENT) | {side: levels[0]}, scenario)
        for level in levels:
            check_choices({side: level}, scenario)

    played: dict[tuple[tuple[str, str], ...], list[dict[str, str]]] = {}  # choices -> runs.csv rows
    wanted = {(side, level): tuple(sorted((dict.fromkeys(all_sides, OPPONENT) | {side: level}).items()))
              for side in sides for level in levels}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ladder-") as tmp, executor_for("process", a.workers, None) as (ex, n):
        for k, key in enumerate(dict.fromkeys(wanted.values())):
            rows = played[key] = play(path, dict(key), a.runs, a.seed, ex, n, Path(tmp) / f"c{k}")
            print(f"  played {', '.join(f'{s}={v}' for s, v in key)}: {len(rows)} battles "
                  f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - t0

    cmd = "python benchmarks/bench_ladder.py " + " ".join(shlex.quote(x) for x in (argv if argv is not None else sys.argv[1:]))
    print(f"\nDifficulty ladder: {scenario.name}; {a.runs} battles a level (batch seed {a.seed}) against the "
          f"{OPPONENT} opponent; VP margin = own points - enemy points; {elapsed:.0f} s on {a.workers} workers")
    print(f"command: {cmd.strip()}\n")
    table: list[tuple[str, str, Interval]] = []
    steps: list[tuple[str, str, str, bool, bool, Interval]] = []
    ok = True
    for side in sides:
        by_level = {lv: margins(played[wanted[(side, lv)]], side, all_sides) for lv in levels}
        ivs = {lv: Interval.of(list(m.values())) for lv, m in by_level.items()}
        for lv in levels:
            table.append((side, lv, ivs[lv]))
        for lo, hi in zip(levels, levels[1:], strict=False):
            a_iv, b_iv = ivs[lo], ivs[hi]
            outside = a_iv.mean < b_iv.low and b_iv.mean > a_iv.high
            disjoint = a_iv.high < b_iv.low
            common = sorted(set(by_level[lo]) & set(by_level[hi]))
            diff = Interval.of([by_level[hi][s] - by_level[lo][s] for s in common])
            steps.append((side, lo, hi, outside, disjoint, diff))
            ok = ok and outside
    print(f"{'side':<10} {'level':<8} {'mean margin  [95% CI]':>28} {'n':>5}")
    for side, lv, iv in table:
        print(f"{side:<10} {lv:<8} {iv.text():>28} {iv.n:>5}")
    print()
    print(f"{'side':<10} {'step':<16} {'outside each other':>19} {'disjoint':>9} {'paired gain  [95% CI]':>30}")
    for side, lo, hi, outside, disjoint, diff in steps:
        print(f"{side:<10} {lo + ' < ' + hi:<16} {'yes' if outside else 'NO':>19} {'yes' if disjoint else 'no':>9} "
              f"{diff.text():>30}")
    print(f"\nladder holds on {'every side' if ok else 'NOT every side'}: "
          f"{'yes' if ok else 'no'} (each step's means outside the other's 95% interval)")
    if a.markdown:
        print("\n| side | level | mean VP margin | 95% CI | battles |\n|---|---|---|---|---|")
        for side, lv, iv in table:
            print(f"| {side} | {lv} | {iv.mean:+.2f} | {iv.low:+.2f} .. {iv.high:+.2f} | {iv.n} |")
        print("\n| side | step | each mean outside the other's CI | paired gain (95% CI) |\n|---|---|---|---|")
        for side, lo, hi, outside, _disjoint, diff in steps:
            print(f"| {side} | {lo} < {hi} | {'yes' if outside else 'no'} | "
                  f"{diff.mean:+.2f} ({diff.low:+.2f} .. {diff.high:+.2f}) |")
    return 1 if a.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
