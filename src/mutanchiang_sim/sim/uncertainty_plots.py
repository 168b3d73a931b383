"""The report's figures of uncertainty: rates per sweep value with their Wilson intervals and
the paired differences between sweep values (``sweep.png``), running estimates as runs accrue
(``convergence.png``), and the differences between compared batches (paired by seed when they
played the same seeds).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .intervals import paired_difference, quantile_intervals, rate_interval
from .timed import rates, timed_figures

if TYPE_CHECKING:
    from .report import Batch

RATE_COLOR = "#1f4e79"
CAPTURE_COLOR = "#c0392b"
TIMED_COLORS = (CAPTURE_COLOR, "#d68910", "#7f8c8d")  # the timed figures' (:mod:`.timed`)


def _cell(v: Any) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def sweep_groups(b: Batch) -> dict[str, list[tuple[str, np.ndarray]]]:
    """For each swept key: (value, the row indices that played it), in the sweep's order."""
    keys = [k for k, _ in b.meta.get("sweep", [])]
    out: dict[str, list[tuple[str, np.ndarray]]] = {}
    for j, key in enumerate(keys):
        order = [_cell(v) for v in dict(b.meta["sweep"])[key]]
        groups: dict[str, list[int]] = {}
        for i, g in enumerate(b.cols.groups):
            groups.setdefault(g[j], []).append(i)
        rows = [(v, np.array(groups[v])) for v in [*order, *(g for g in groups if g not in order)] if v in groups]
        if rows:  # (a key no row played, as in a damaged runs.csv, has nothing to draw)
            out[key] = rows
    return out


def rate_with_ci(values: np.ndarray) -> tuple[float, float, float]:
    """A rate (the mean of 0/1 values) and its Wilson interval."""
    v = values[~np.isnan(values)]
    ci = rate_interval(int(v.sum()), int(v.size)) or (math.nan, math.nan)
    return (float(v.mean()) if v.size else math.nan), ci[0], ci[1]


def paired_to_first(b: Batch, key: str, first: np.ndarray, other: np.ndarray, column: np.ndarray) -> dict[str, Any]:
    """The paired difference of ``column``'s mean (a value per row) between two values of ``key``: rows are paired
    when they played the same seed with the same values of the other swept keys."""
    keys = [k for k, _ in b.meta.get("sweep", [])]
    j = keys.index(key)
    n_grid = max(1, math.prod(len(v) for _, v in b.meta.get("sweep", [])))

    def pair_key(i: int) -> tuple[Any, ...]:
        g = b.cols.groups[i]
        return (int(b.cols.run[i]) // n_grid, *g[:j], *g[j + 1:])

    base = {pair_key(int(i)): int(i) for i in first}
    pairs = [(base[pair_key(int(i))], int(i)) for i in other if pair_key(int(i)) in base]
    if not pairs:
        return {"diff": None, "ci": None, "pairs": 0}
    bi, oi = (np.array(x) for x in zip(*pairs, strict=True))
    return paired_difference(column[oi], column[bi])


def plot_sweep(base: Batch, out: Path) -> Path | None:
    """Top: the first side's win rate and the rates of the scenario's timed figures (the city's
    capture, its history's times: :mod:`.timed`) per sweep value, with their Wilson
    intervals (asymmetric, inside 0..1). Bottom: each value's paired difference from the first
    value (same seeds), with its bootstrap interval."""
    from .report import _plt, _save

    groups = sweep_groups(base)
    if not groups:
        return None
    plt = _plt()
    fig, axes = plt.subplots(2, len(groups), figsize=(5.5 * len(groups), 7), squeeze=False,
                             gridspec_kw={"height_ratios": [3, 2]})
    first = base.sides[0] if base.sides else None
    timed = rates(base.cols, base.meta, ())[:2]  # (the scenario's first two timed figures)
    series = [(base.cols.values(f"{first.id}_win") if first else None,
               f"{first.label if first else 'first side'} win rate", RATE_COLOR),
              *((values, label, color) for (_, label, values), color in zip(timed, TIMED_COLORS, strict=False))]
    for col, (key, rows) in enumerate(groups.items()):
        top, bottom = axes[0, col], axes[1, col]
        labels = [v for v, _ in rows]
        try:
            xs = [float(v) for v in labels]
        except ValueError:
            xs = [float(i) for i in range(len(labels))]
            for ax in (top, bottom):
                ax.set_xticks(xs, labels)
        for k, (column, name, color) in enumerate(series):
            if column is None or not column.size:
                continue
            est = [rate_with_ci(column[ii]) for _, ii in rows]
            ys = np.array([e[0] for e in est])
            err = np.array([[e[0] - e[1] for e in est], [e[2] - e[0] for e in est]])
            top.errorbar(xs, ys, yerr=err, marker="o", capsize=4, color=color, label=name)
            diffs = [paired_to_first(base, key, rows[0][1], ii, column) for _, ii in rows[1:]]
            dx = [x + (k - 0.5) * 0.02 * (max(xs) - min(xs) or 1) for x in xs[1:]]
            dy = np.array([d["diff"] if d["diff"] is not None else math.nan for d in diffs])
            derr = np.array([[d["diff"] - d["ci"][0] if d["ci"] else 0 for d in diffs],
                             [d["ci"][1] - d["diff"] if d["ci"] else 0 for d in diffs]])
            if dy.size:
                bottom.errorbar(dx, dy, yerr=derr, marker="s", capsize=4, color=color, ls="none", label=name)
        top.set_ylim(-0.02, 1.02)
        top.set_ylabel("share of battles")
        top.set_title(f"by {key} ({rows[0][1].size:,} runs per value)", fontsize=10)
        top.grid(alpha=0.3)
        top.legend(fontsize=8, frameon=False)
        bottom.axhline(0, color="grey", lw=0.8)
        bottom.set_xlim(*top.get_xlim())
        bottom.set_xlabel(key)
        bottom.set_ylabel(f"minus {labels[0]} (paired)")
        bottom.set_title(f"difference from {key}={labels[0]}, same seeds", fontsize=9)
        bottom.grid(alpha=0.3)
    return _save(fig, out / "sweep.png", "Outcome per sweep value (bars: 95% intervals)", fontsize=11)


def running_estimates(values: np.ndarray, points: int = 40) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A rate's estimate and Wilson interval after the first n runs (0/1 ``values`` in run
    order), at about ``points`` values of n: (n, estimate, low, high)."""
    v = values[~np.isnan(values)]
    if not v.size:
        empty = np.array([])
        return empty, empty, empty, empty
    ns = np.unique(np.linspace(1, v.size, min(points, v.size)).astype(int))
    k = np.cumsum(v)[ns - 1]
    cis = [rate_interval(int(kk), int(n)) or (math.nan, math.nan) for kk, n in zip(k, ns, strict=True)]
    return ns, k / ns, np.array([c[0] for c in cis]), np.array([c[1] for c in cis])


def plot_convergence(base: Batch, out: Path) -> Path | None:
    """Running estimates as runs accrue (run order): each side's win rate and the rates of the
    scenario's timed figures with their 95% intervals, and the median time of the first (the
    history's first time figure, else the city's capture) with its bootstrap interval."""
    from .report import _plt, _save

    if base.cols.n < 2:
        return None
    plt = _plt()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    colors = ("#1f4e79", "#27ae60", "#8e44ad", "#d68910")
    wins = [s for s in base.sides if f"{s.id}_win" in base.cols.numeric]
    palette = [*(colors[i % len(colors)] for i in range(len(wins))), *TIMED_COLORS * 4]
    for (_, label, values), color in zip(rates(base.cols, base.meta, wins), palette, strict=False):
        ns, est, lo, hi = running_estimates(values)
        left.plot(ns, est, color=color, lw=1.8, label=label)
        left.fill_between(ns, lo, hi, color=color, alpha=0.15, lw=0)
    left.set_ylim(0, 1)
    left.set_xlabel("runs")
    left.set_ylabel("share of battles")
    left.set_title("rates as runs accrue (band: 95% Wilson interval)", fontsize=10)
    left.grid(alpha=0.3)
    left.legend(fontsize=8, frameon=False)
    first = next(iter(timed_figures(base.meta)), None)
    what = first.label if first else "the city taken"
    hours = base.cols.values(first.hours) if first else np.array([])
    hours = hours[~np.isnan(hours)]
    ns = np.unique(np.linspace(10, hours.size, min(25, max(1, hours.size - 9))).astype(int)) if hours.size >= 10 else np.array([], int)
    if ns.size:
        ci = np.vstack([quantile_intervals(hours[:n], (0.5,), n_resamples=300)[0, 0] for n in ns])
        med = np.array([np.quantile(hours[:n], 0.5, method="inverted_cdf") for n in ns])
        shown = np.isfinite(med)
        right.plot(ns[shown], med[shown], color=CAPTURE_COLOR, lw=1.8, label=f"median time: {what}")
        top = np.where(np.isfinite(ci[:, 1]), ci[:, 1], np.nan)
        right.fill_between(ns, ci[:, 0], top, color=CAPTURE_COLOR, alpha=0.15, lw=0, label="95% bootstrap interval")
        if not shown.all():
            right.text(0.02, 0.95, "blank: not in over half the runs so far", transform=right.transAxes,
                       fontsize=8, va="top")
        right.legend(fontsize=8, frameon=False, loc="lower right")
    right.set_xlabel("runs")
    right.set_ylabel("hours from the start")
    right.set_title(f"median time ({what}) as runs accrue", fontsize=10)
    right.grid(alpha=0.3)
    return _save(fig, out / "convergence.png", f"{base.meta.get('scenario_name', '')}: is N enough?", fontsize=11)


def compare_differences(base: Batch, other: Batch) -> dict[str, dict[str, Any]]:
    """Each rate's difference (other minus base) with its 95% interval: paired over the seeds
    both batches played when they share some (the same --seed), else unpaired (each batch's
    own runs resampled). Keys: the summary's rate names; values ``{"diff", "ci", "pairs"}``."""
    from scipy.stats import bootstrap

    from .intervals import BOOTSTRAP_SEED, resamples

    out: dict[str, dict[str, Any]] = {}
    mine = {name: values for name, _, values in rates(base.cols, base.meta, base.sides)}
    theirs = {name: values for name, _, values in rates(other.cols, base.meta, base.sides)}
    seeds_b = {float(x): i for i, x in enumerate(base.cols.values("seed"))}
    pairs = [(seeds_b[float(x)], i) for i, x in enumerate(other.cols.values("seed")) if float(x) in seeds_b]
    for key, b in mine.items():
        name = f"{key}_rate" if key.endswith("_win") else key
        if key not in theirs:
            continue
        a = theirs[key]
        if len(pairs) >= 2:
            bi, oi = (np.array(x) for x in zip(*pairs, strict=True))
            out[name] = paired_difference(a[oi], b[bi])
            continue
        if a.size < 2 or b.size < 2:
            continue
        res = bootstrap((a, b), lambda x, y, axis=-1: np.mean(x, axis=axis) - np.mean(y, axis=axis),
                        vectorized=True, n_resamples=resamples(a.size + b.size), method="percentile",
                        rng=np.random.default_rng(BOOTSTRAP_SEED))
        out[name] = {"diff": float(a.mean() - b.mean()),
                     "ci": (float(res.confidence_interval.low), float(res.confidence_interval.high)), "pairs": 0}
    return out
