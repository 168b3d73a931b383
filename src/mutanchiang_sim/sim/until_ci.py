"""``batch --until-ci HALFWIDTH``: play rounds of runs until the rates are known well enough.

After each round the widest 95% Wilson half-width among each side's win rate and the rates of
the scenario's timed figures (:mod:`.timed`: the capture of its city and the time figures of its
history, such as Khalkhin Gol's encirclement), at every sweep point, is compared with the target. The next round plays as many runs as
the Wilson width at the rates seen so far says are needed (``n = z^2 p (1 - p) / h^2``, plus a
tenth), at least half as many again as played, at most ``--runs``. Rounds only add runs (a
batch's rows do not depend on how many rounds played them), so the rows are those of a plain
batch of the final size.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from .batch import BatchOutcome, BatchSpec
from .intervals import LEVEL, half_width, rate_interval
from .run import SideInfo
from .stats import read_columns, read_meta
from .timed import rates

FIRST_ROUND = 100  # runs per sweep point in the first round


@dataclass
class Widths:
    """The widest half-width after a round, and which rate (at which sweep point) has it."""

    widest: float
    where: str


def rate_widths(out: Path) -> Widths:
    """The widest Wilson half-width of the win and capture rates in the batch folder ``out``."""
    meta = read_meta(out)
    keys = [k for k, _ in meta.get("sweep", [])]
    cols = read_columns(out, keys, float(meta.get("turn_hours", 6)), sorted(meta.get("set", {})))
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, g in enumerate(cols.groups):
        groups.setdefault(g, []).append(i)
    columns = rates(cols, meta, SideInfo.from_meta(meta, cols.header))
    widest, where = 0.0, ""
    for g, rows in groups.items():
        ii = np.array(rows)
        for c, _, values in columns:
            v = values[ii]
            v = v[~np.isnan(v)]
            w = half_width(rate_interval(int(v.sum()), int(v.size)))
            if w > widest:
                widest, where = w, f"{c}{' at ' + ', '.join(g) if g else ''}"
    return Widths(widest, where)


def runs_needed(out: Path, target: float) -> int:
    """Runs per sweep point that the rates seen so far need for a half-width of ``target``."""
    meta = read_meta(out)
    keys = [k for k, _ in meta.get("sweep", [])]
    cols = read_columns(out, keys, float(meta.get("turn_hours", 6)), sorted(meta.get("set", {})))
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + LEVEL / 2))
    worst = 0.0
    for _, _, values in rates(cols, meta, SideInfo.from_meta(meta, cols.header)):
        if cols.n and not np.isnan(values).all():
            p = float(np.nanmean(values))
            worst = max(worst, p * (1 - p))
    return math.ceil(1.1 * z * z * max(worst, 0.01) / (target * target))


def run_until_ci(spec: BatchSpec, target: float, run: Callable[[BatchSpec, bool], BatchOutcome],
                 out: Path, resume: bool = False, first: int = FIRST_ROUND) -> tuple[BatchOutcome, dict[str, Any]]:
    """Play rounds of ``spec`` (its ``runs``: the most per point) with ``run(spec, resume)``
    until the widest half-width is at most ``target``; the outcomes added up and what stopped it."""
    if not 0 < target < 0.5:
        raise ValueError("the half-width must be between 0 and 0.5")
    runs = min(spec.runs, first)
    total: BatchOutcome | None = None
    rounds = 0
    while True:
        outcome = run(replace(spec, runs=runs), resume or rounds > 0)
        rounds += 1
        if total is None:
            total = outcome
        else:
            total.done_now += outcome.done_now
            total.errors_now += outcome.errors_now
            total.elapsed_s += outcome.elapsed_s
            total.total = outcome.total
        widths = rate_widths(out)
        if widths.widest <= target or runs >= spec.runs:
            break
        runs = min(spec.runs, max(runs + runs // 2, runs_needed(out, target)))
    return total, {"target_halfwidth": target, "level": LEVEL, "widest_halfwidth": round(widths.widest, 4),
                   "widest": widths.where, "runs_per_point": runs, "rounds": rounds,
                   "reached": widths.widest <= target}

