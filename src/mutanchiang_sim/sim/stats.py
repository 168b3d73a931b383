"""Statistics of a batch: read ``runs.csv`` column by column and build ``summary.json``.

Columns are read into compact float arrays (8 bytes a value), so summarising 100,000 runs
costs a few tens of MB. Runs that raised (a non-empty ``error``) are counted, not summarised.

The capture of the city is a time: ``city_captured_hours`` (hours from the scenario's start) is
derived from ``city_captured_turn``; runs where the city holds count as *never* (infinity), so
its percentiles read "by this time the city had fallen in 10/50/90 % of battles" and are
``null`` when it had not fallen in that many.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from .. import ENGINE_VERSION
from ..atomic import atomic_write_text
from ..errors import BadBatchFolder
from ..files import read_text_bounded
from .batch import BATCH_JSON, MAX_META_BYTES, RUNS_CSV, SUMMARY_JSON, cell
from .batch_meta import meta_problem
from .intervals import (
    BOOTSTRAP_SEED,
    LEVEL,
    paired_difference,
    quantile_intervals,
    rate_interval,
    resamples,
)
from .run import SideInfo, record_keys
from .run_set import RunSet

REQUIRED_COLUMNS = ("run", "seed", "winner", "error")  # what every batch's runs.csv has, whatever its scenario

STRING_COLUMNS = {"winner", "level", "city_captured_at", "error"}
NOT_METRICS = {"run", "seed", "batch_seed"}
CAPTURE_ALIASES = {"city_captured_at": "city_captured_hours", "city_captured_hours": "city_captured_hours",
                   "city_captured_turn": "city_captured_turn"}
QUANTILES = (0.1, 0.5, 0.9)


@dataclass
class Columns:
    """The successful runs of a batch, one array per numeric column."""

    numeric: dict[str, array[float]] = field(default_factory=dict)
    text: dict[str, list[str]] = field(default_factory=dict)
    groups: list[tuple[str, ...]] = field(default_factory=list)  # sweep values of each row
    errors: int = 0
    first_errors: list[dict[str, Any]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # the columns of runs.csv
    run: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))  # each row's run index

    @property
    def n(self) -> int:
        return len(self.groups)

    def values(self, name: str) -> np.ndarray:
        return np.frombuffer(self.numeric[name], dtype=np.float64) if name in self.numeric else np.array([])



def read_meta(out: Path) -> dict[str, Any]:
    """The folder's batch.json, checked for the shape the reports rely on; BadBatchFolder (one
    line naming the file) for one that is not a batch's description."""
    path = Path(out) / BATCH_JSON
    try:
        meta = json.loads(read_text_bounded(path, MAX_META_BYTES))
    except (ValueError, RecursionError) as e:  # (FileProblem and JSONDecodeError are ValueErrors)
        raise BadBatchFolder(f"{path}: not a batch description ({e})") from None
    if not isinstance(meta, dict):
        raise BadBatchFolder(f"{path}: not a batch description (a {type(meta).__name__}, not a mapping)")
    sweep = meta.get("sweep", [])
    if not isinstance(sweep, list) or not all(
        isinstance(s, list) and len(s) == 2 and isinstance(s[0], str) and isinstance(s[1], list) for s in sweep
    ):
        raise BadBatchFolder(f"{path}: sweep: expected a list of [key, [values...]], got {str(sweep)[:60]}")
    problem = meta_problem(meta)
    if problem is not None:
        raise BadBatchFolder(f"{path}: {problem}")
    return meta


def read_columns(out: Path, sweep_keys: Sequence[str] = (), turn_hours: float = 6.0,
                 set_keys: Sequence[str] = ()) -> Columns:
    """Stream ``out/runs.csv`` into :class:`Columns` (sorted by run index on the way out); the
    ``--set`` and sweep values are parameters, not metrics."""
    cols = Columns()
    text_names = STRING_COLUMNS | set(sweep_keys) | set(set_keys)
    keep_text = ("winner", "city_captured_at")
    runs = array("q")
    path = Path(out) / RUNS_CSV
    seen = RunSet()
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None) or []
        cols.header = list(header)
        idx = {name: i for i, name in enumerate(header)}
        lacking = [c for c in REQUIRED_COLUMNS if c not in idx]
        if lacking:
            raise BadBatchFolder(f"{path}: not a batch's results (no {lacking[0]!r} column)")
        text_names |= {h for h in header if h.endswith("_at")}  # times (a side cut off, an objective taken)
        num_names = [h for h in header if h not in text_names and h != "run"]
        sides = [s.id for s in SideInfo.from_meta({}, header)]  # (each side's {side}_win: 1 when it won)
        # every *_turn column (-1: never) also as hours from the start (never: infinity)
        timed = [(h, f"{h[: -len('_turn')]}_hours") for h in header if h.endswith("_turn") and h != "city_captured_turn"]
        for name in [*num_names, *(f"{side}_win" for side in sides), "city_captured_hours", *(hrs for _, hrs in timed)]:
            cols.numeric[name] = array("d")
        for name in keep_text:
            cols.text[name] = []
        # one value per swept key on every row (blank for a key a damaged runs.csv lost)
        sweep_idx = [idx.get(k, -1) for k in sweep_keys]
        err_i = idx.get("error", -1)
        for row in reader:
            if len(row) != len(header):
                continue
            run_text = row[idx["run"]]
            if not run_text.isdigit():
                raise BadBatchFolder(f"{path} line {reader.line_num}: run {run_text[:40]!r} is not a whole number")
            if int(run_text) in seen:
                raise BadBatchFolder(f"{path} line {reader.line_num} repeats run {int(run_text)}")
            seen.add(int(run_text))
            if err_i >= 0 and row[err_i]:
                cols.errors += 1
                if len(cols.first_errors) < 10:
                    cols.first_errors.append({"run": int(row[idx["run"]]), "seed": int(row[idx["seed"]]), "error": row[err_i]})
                continue
            runs.append(int(row[idx["run"]]))
            for name in num_names:
                cols.numeric[name].append(_num(row[idx[name]]))
            for name in keep_text:
                cols.text[name].append(row[idx[name]] if name in idx else "")
            for side in sides:
                cols.numeric[f"{side}_win"].append(1.0 if row[idx["winner"]] == side else 0.0)
            turn = _num(row[idx["city_captured_turn"]]) if "city_captured_turn" in idx else math.nan
            cols.numeric["city_captured_hours"].append(turn * turn_hours if turn >= 0 else math.inf)  # (nan: never)
            for h, hrs in timed:
                t = _num(row[idx[h]])
                cols.numeric[hrs].append(t * turn_hours if t >= 0 else math.inf)
            cols.groups.append(tuple(row[i] if i >= 0 else "" for i in sweep_idx))
    for name in [n for n in cols.numeric if n.endswith("_turn")]:  # never: infinity
        a = cols.numeric[name]
        for i, v in enumerate(a):
            if v < 0 or math.isnan(v):  # empty (or -1 in batches before 0.1.1): never
                a[i] = math.inf
    _sort_by_run(cols, runs)
    cols.run = np.sort(np.frombuffer(runs, dtype=np.int64)) if len(runs) else cols.run
    return cols


def _sort_by_run(cols: Columns, runs: array[int]) -> None:
    if all(runs[i] < runs[i + 1] for i in range(len(runs) - 1)):
        return
    order = np.argsort(np.frombuffer(runs, dtype=np.int64), kind="stable")
    for name, a in cols.numeric.items():
        cols.numeric[name] = array("d", np.frombuffer(a, dtype=np.float64)[order].tobytes())
    for name, t in cols.text.items():
        cols.text[name] = [t[i] for i in order]
    cols.groups = [cols.groups[i] for i in order]


def _num(text: str) -> float:
    if text == "":
        return math.nan
    if text in ("true", "false", "True", "False"):
        return 1.0 if text[0] in "tT" else 0.0
    try:
        return float(text)
    except ValueError:
        return math.nan


def quantiles(values: np.ndarray, qs: Iterable[float] = QUANTILES) -> list[float]:
    """Percentiles; a sample holding +inf (a city never taken) uses observed values only."""
    v = values[~np.isnan(values)]
    if v.size == 0:
        return [math.nan for _ in qs]
    q = np.asarray(list(qs), dtype=np.float64)
    if np.isinf(v).any():
        return [float(x) for x in np.quantile(v, q, method="inverted_cdf")]
    return [float(x) for x in np.quantile(v, q, method="linear")]


def describe(values: np.ndarray, n_resamples: int | None = None) -> dict[str, Any]:
    """mean/p10/p50/p90 of a metric over all runs, and ``n_finite`` and ``mean_finite``: how
    many runs have a finite value and their mean. A metric that may be *never* (a city that
    held: +inf) has no mean over all runs (``null``): ``mean_finite`` is the mean over the runs
    where it happened (what pandas' ``.mean()`` of the column gives). ``p10_ci``, ``p50_ci`` and
    ``p90_ci`` are their 95% bootstrap intervals (``[low, high]``, ``null`` for an end at never)."""
    v = values[~np.isnan(values)]
    finite = v[np.isfinite(v)]
    p10, p50, p90 = quantiles(values)
    mean_finite = clean(float(finite.mean())) if finite.size else None
    cis = quantile_intervals(v, QUANTILES, n_resamples=n_resamples)[0]
    return {"mean": mean_finite if finite.size == v.size else None, "mean_finite": mean_finite,
            "n_finite": int(finite.size), "p10": clean(p10), "p50": clean(p50), "p90": clean(p90),
            **{f"p{int(q * 100)}_ci": [clean(float(lo)), clean(float(hi))]
               for q, (lo, hi) in zip(QUANTILES, cis, strict=True)}}


def rate_ci(k: int, n: int) -> list[float] | None:
    """A rate's 95% Wilson interval, rounded for JSON."""
    ci = rate_interval(k, n)
    return None if ci is None else [round(ci[0], 4), round(ci[1], 4)]


def clean(x: Any, digits: int = 4) -> Any:
    """JSON-friendly numbers: no NaN or infinity (``null``), a few decimals."""
    if isinstance(x, float):
        if not math.isfinite(x):
            return None
        return round(x, digits) if abs(x) < 1e15 else x
    return x


def _hours(v: Any, start: datetime) -> float:
    if isinstance(v, datetime):
        return (v - start) / timedelta(hours=1)
    if isinstance(v, str):
        return (datetime.fromisoformat(v) - start) / timedelta(hours=1)
    return float(v)


def history_rows(cols: Columns, meta: dict[str, Any]) -> list[dict[str, Any]]:
    """Each historical figure beside the batch: its range, the batch's p10/p50/p90, p50 inside?"""
    start = datetime.fromisoformat(meta.get("start", "1945-08-12T06:00:00"))
    out = []
    for fig in meta.get("history", []):
        metric = fig["metric"]
        column = CAPTURE_ALIASES.get(metric, f"{metric[: -len('_at')]}_hours" if metric.endswith("_at") else metric)
        entry: dict[str, Any] = {k: fig.get(k) for k in ("metric", "label", "source", "low", "high")}
        low, high = fig["low"], fig["high"]
        if column.endswith("_hours"):  # a time: the range in hours from the start (or ISO times)
            low, high = _hours(low, start), _hours(high, start)
            entry["low_at"] = (start + timedelta(hours=low)).isoformat(timespec="minutes")
            entry["high_at"] = (start + timedelta(hours=high)).isoformat(timespec="minutes")
        entry["column"] = column
        if column not in cols.numeric or cols.n == 0:
            entry.update(p10=None, p50=None, p90=None, inside=None,
                         note="no such column in runs.csv" if column not in cols.numeric else "no successful runs")
            out.append(entry)
            continue
        p10, p50, p90 = quantiles(cols.values(column))
        entry.update(p10=clean(p10), p50=clean(p50), p90=clean(p90))
        entry["inside"] = bool(math.isfinite(p50) and low <= p50 <= high)
        if column.endswith("_hours"):  # a time: each quantile as a date too
            for q, h in (("p10", p10), ("p50", p50), ("p90", p90)):
                entry[f"{q}_at"] = (start + timedelta(hours=h)).isoformat(timespec="minutes") if math.isfinite(h) else None
            if not math.isfinite(p50):
                entry["note"] = "the city held in at least half of the runs" if column == "city_captured_hours" else "not in at least half of the runs"
        out.append(entry)
    return out


def metric_names(cols: Columns, sides: Sequence[str]) -> list[str]:
    order = [k for k in record_keys(sides) if k in cols.numeric and k not in NOT_METRICS]
    extra = [k for k in cols.numeric if k not in order and k not in NOT_METRICS]
    return order + extra


def summarize(out: Path, elapsed_s: float | None = None, runs_timed: int | None = None) -> dict[str, Any]:
    """The design's ``summary.json`` for the batch in ``out``."""
    out = Path(out)
    meta = read_meta(out)
    sweep_keys = [k for k, _ in meta.get("sweep", [])]
    cols = read_columns(out, sweep_keys, float(meta.get("turn_hours", 6)), sorted(meta.get("set", {})))
    n_ok = cols.n
    total = n_ok + cols.errors
    winners = cols.text.get("winner", [])
    sides = SideInfo.from_meta(meta, cols.header)
    summary: dict[str, Any] = {
        "runs": total,
        "runs_ok": n_ok,
        "errors": cols.errors,
        "runs_planned": meta.get("total_runs", total),
        "seed": meta.get("seed"),
        "scenario": meta.get("scenario_name"),
        "scenario_path": meta.get("scenario_path"),
        "scenario_sha256": meta.get("scenario_sha256"),
        "engine_version": meta.get("engine_version", ENGINE_VERSION),
        "set": meta.get("set", {}),
        "sweep": meta.get("sweep", []),
        "policies": meta.get("policies", {}),
        "elapsed_s": clean(elapsed_s, 3) if elapsed_s is not None else None,
        "battles_per_s": clean(runs_timed / elapsed_s, 2) if elapsed_s and runs_timed else None,
        "sides": [side.to_dict() for side in sides],
    }
    counts = {f"{side.id}_win_rate": sum(w == side.id for w in winners) for side in sides}
    counts["draw_rate"] = sum(w == "draw" for w in winners)
    counts["capture_rate"] = int(np.nansum(cols.values("city_captured")))
    for key, k in counts.items():
        summary[key] = _rate(k, n_ok)
        summary[f"{key}_ci"] = rate_ci(k, n_ok)
    names = metric_names(cols, [s.id for s in sides])
    n_boot = resamples(n_ok, len(names))
    summary["metrics"] = {name: describe(cols.values(name), n_boot) for name in names} if n_ok else {}
    summary["history"] = history_rows(cols, meta)
    for h in summary["history"]:
        m = summary["metrics"].get(h["column"]) or {}
        h["p50_ci"] = m.get("p50_ci")
    summary["intervals"] = {"level": LEVEL, "rates": "Wilson score (scipy.stats.binomtest)",
                            "percentiles": "percentile bootstrap over runs (scipy.stats.bootstrap)",
                            "resamples": n_boot, "bootstrap_seed": BOOTSTRAP_SEED}
    start = datetime.fromisoformat(meta.get("start", "1945-08-12T06:00:00"))
    cap = summary["metrics"].get("city_captured_hours", {})
    summary["city_captured_at"] = {key: _at(start, cap.get(key)) for key in ("p10", "p50", "p90")}
    summary["city_captured_at"].update({f"{key}_ci": [_at(start, h) for h in cap.get(f"{key}_ci") or [None, None]]
                                        for key in ("p10", "p50", "p90")})
    summary["timed"] = timed_summary(cols, meta, summary["metrics"], start)
    summary["by_sweep"] = by_sweep(cols, sweep_keys, meta, [s.id for s in sides]) if sweep_keys else []
    summary["first_errors"] = cols.first_errors
    summary["provenance"] = meta.get("provenance", {})
    summary["until_ci"] = None  # (batch --until-ci: what stopped it)
    return summary


def timed_summary(cols: Columns, meta: dict[str, Any], metrics: dict[str, Any], start: datetime) -> list[dict[str, Any]]:
    """Each timed figure of the scenario (:mod:`.timed`): its rate with its interval and its
    p10/p50/p90 as dates (``null``: not by then in that share of the runs)."""
    from .timed import happened, timed_figures

    out = []
    for t in timed_figures(meta):
        if t.prefix not in cols.numeric and t.hours not in cols.numeric:
            continue
        v = happened(cols, t)
        k, n = int(np.nansum(v)), int(np.sum(~np.isnan(v)))
        m = metrics.get(t.hours) or {}
        out.append({"prefix": t.prefix, "label": t.label, "rate_name": t.rate_name, "rate": _rate(k, n),
                    "rate_ci": rate_ci(k, n), **{f"{q}_at": _at(start, m.get(q)) for q in ("p10", "p50", "p90")}})
    return out


def _at(start: datetime, hours: float | None) -> str | None:
    return None if hours is None else (start + timedelta(hours=hours)).isoformat(timespec="minutes")


def _rate(k: int, n: int) -> float | None:
    return round(k / n, 4) if n else None


def by_sweep(cols: Columns, sweep_keys: Sequence[str], meta: dict[str, Any], sides: Sequence[str]) -> list[dict[str, Any]]:
    """Each side's win rate, the rates of the scenario's timed figures (:mod:`.timed`: the city's
    ``capture_rate``, the history's times such as ``japan_cut_off_rate``), the loss medians and
    the timed figures' median hours at each point of the sweep grid, with their 95% intervals;
    and ``vs_first``: the paired differences from the first point (the same seeds play every
    point), each ``{"diff", "ci", "pairs"}``."""
    index: dict[tuple[str, ...], list[int]] = {}
    for i, g in enumerate(cols.groups):
        index.setdefault(g, []).append(i)
    combos = _grid_values(meta)
    order = [tuple(cell(v) for v in combo) for combo in combos]
    typed = dict(zip(order, combos, strict=True))  # the values as batch.json has them (not strings)
    n_grid = max(1, len(combos))
    from .timed import rates, timed_figures

    infos = [SideInfo(side, side) for side in sides]
    rate_cols = [(name if name.endswith("_rate") else f"{name}_rate", v) for name, _, v in rates(cols, meta, infos)]
    losses = [f"{side}_{k}" for k in ("casualties", "tanks_lost") for side in sides]
    medians = [m for m in (*losses, *(t.hours for t in timed_figures(meta))) if m in cols.numeric]
    rows = []
    first: np.ndarray | None = None
    for g in [*(o for o in order if o in index), *(g for g in index if g not in order)]:
        ii = np.array(index[g])
        entry: dict[str, Any] = {"params": dict(zip(sweep_keys, typed.get(g, g), strict=True)), "runs": int(ii.size)}
        for name, values in rate_cols:
            v = values[ii]
            entry[name] = round(float(np.nanmean(v)), 4)
            entry[f"{name}_ci"] = rate_ci(int(np.nansum(v)), int(np.sum(~np.isnan(v))))
        for m in medians:
            d = describe(cols.values(m)[ii], resamples(ii.size, len(medians)))
            entry[f"{m}_p50"], entry[f"{m}_p50_ci"] = d["p50"], d["p50_ci"]
        if first is None:
            first = ii
        else:
            entry["vs_first"] = _paired(cols, first, ii, n_grid, rate_cols, medians)
        rows.append(entry)
    return rows


def _paired(cols: Columns, base: np.ndarray, other: np.ndarray, n_grid: int,
            rate_cols: Sequence[tuple[str, np.ndarray]], medians: Sequence[str]) -> dict[str, Any]:
    """Paired differences (other minus base) of rates and medians over the seeds both played."""
    seed_base = {int(r) // n_grid: i for r, i in zip(cols.run[base], base, strict=True)}
    pairs = [(seed_base[int(r) // n_grid], i) for r, i in zip(cols.run[other], other, strict=True)
             if int(r) // n_grid in seed_base]
    if not pairs:
        return {}
    bi, oi = (np.array(x) for x in zip(*pairs, strict=True))
    out: dict[str, Any] = {}
    for name, values in rate_cols:
        out[name] = _clean_diff(paired_difference(values[oi], values[bi]))
    for m in medians:
        out[f"{m}_p50"] = _clean_diff(paired_difference(cols.values(m)[oi], cols.values(m)[bi], "median"))
    return out


def _clean_diff(d: dict[str, Any]) -> dict[str, Any]:
    return {"diff": clean(d["diff"]), "ci": None if d["ci"] is None else [clean(x) for x in d["ci"]], "pairs": d["pairs"]}


def _grid_values(meta: dict[str, Any]) -> list[tuple[Any, ...]]:
    sweep = meta.get("sweep", [])
    return list(itertools.product(*(v for _, v in sweep))) if sweep else []


def write_summary(out: Path, summary: dict[str, Any]) -> Path:
    path = Path(out) / SUMMARY_JSON
    atomic_write_text(path, json.dumps(summary, indent=2, default=str) + "\n")
    return path
