"""``mutanchiang report DIR``: plots of a batch and a Markdown report that embeds them.

Writes into DIR: ``losses.png`` (histograms of losses, the historical ranges shaded),
``city_falls.png`` (when the city falls, as a CDF over all runs), ``history.png`` (each recorded
figure's range beside the batch's p10-p90, green when the median falls inside), ``sweep.png``
(win and capture rates per sweep value with 95% intervals and the paired differences, when the
batch swept a parameter), ``convergence.png`` (running estimates: is N enough?) and
``report.md``. ``--compare OTHER`` overlays other batches (what-ifs) on the plots and tabulates
the differences with their 95% intervals (paired by seed when the batches share seeds).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import atomic_write_bytes, atomic_write_text
from ..errors import BadBatchFolder
from ..files import problem_of, read_text_bounded
from .batch import BATCH_JSON, MAX_META_BYTES, RUNS_CSV, SUMMARY_JSON
from .run import SHARE_FIGURES, SideInfo, headline_keys, labelled
from .stats import Columns, clean, read_columns, read_meta, summarize
from .timed import Timed, happened, timed_figures
from .turn_plots import plot_trajectories
from .uncertainty_plots import compare_differences, plot_convergence, plot_sweep


def loss_plots(sides: Sequence[SideInfo]) -> tuple[tuple[str, str], ...]:
    """The figures ``losses.png`` draws: each side's headline figures (shares aside)."""
    return tuple((k, label) for k, label in labelled(sides, *headline_keys(sides)) if not k.endswith(SHARE_FIGURES))


BASE_COLOR = "#1f4e79"
OTHER_COLORS = ("#c0392b", "#27ae60", "#8e44ad", "#d68910")
HISTORY_COLOR = "#f4c542"


@dataclass
class Batch:
    """One batch folder, read for reporting."""

    path: Path
    name: str
    meta: dict[str, Any]
    summary: dict[str, Any]
    cols: Columns

    @property
    def sides(self) -> tuple[SideInfo, ...]:
        return SideInfo.from_meta(self.meta, self.cols.header)

    @property
    def start(self) -> datetime:
        return datetime.fromisoformat(self.meta.get("start", "1945-08-12T06:00:00"))


def read_batch(path: Path) -> Batch:
    import json

    path = Path(path)
    meta = read_meta(path)
    sweep_keys = [k for k, _ in meta.get("sweep", [])]
    summary = summarize(path)
    old = path / SUMMARY_JSON
    try:  # keep the timing of the run that wrote it (a damaged old summary is just rewritten)
        prev = json.loads(read_text_bounded(old, MAX_META_BYTES)) if old.exists() else {}
    except (OSError, ValueError):
        prev = {}
    if isinstance(prev, dict) and prev.get("runs") == summary["runs"]:
        summary["elapsed_s"], summary["battles_per_s"] = prev.get("elapsed_s"), prev.get("battles_per_s")
    cols = read_columns(path, sweep_keys, float(meta.get("turn_hours", 6)), sorted(meta.get("set", {})))
    return Batch(path, path.resolve().name, meta, summary, cols)


def _save(fig: Any, path: Path, *suptitle: Any, **title_style: Any) -> Path:
    """Title (if any), lay out, write at 110 dpi and free a figure; the PNG's path."""
    import matplotlib.pyplot as plt

    if suptitle:
        fig.suptitle(*suptitle, **title_style)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, dpi=110, format="png")
    plt.close(fig)
    atomic_write_bytes(path, buf.getvalue())  # a failed write keeps the old plot
    return path


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _history_for(b: Batch, metric: str) -> list[dict[str, Any]]:
    return [h for h in b.summary.get("history", []) if h.get("column") == metric or h.get("metric") == metric]


def plot_losses(base: Batch, others: list[Batch], out: Path) -> Path:
    """Histograms of losses; historical ranges shaded; medians dashed; what-ifs as outlines."""
    plt = _plt()
    present = [(m, t) for m, t in loss_plots(base.sides) if m in base.cols.numeric]
    ncols = 2
    nrows = max(1, math.ceil(len(present) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 3.2 * nrows), squeeze=False)
    for ax, (metric, title) in zip(axes.flat, present, strict=False):
        series = [(base, BASE_COLOR)] + [(o, OTHER_COLORS[i % len(OTHER_COLORS)]) for i, o in enumerate(others)]
        hist = _history_for(base, metric)
        values = [b.cols.values(metric) for b, _ in series]
        finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.array([])
        lo = float(finite.min()) if finite.size else 0.0
        hi = float(finite.max()) if finite.size else 1.0
        for h in hist:
            lo, hi = min(lo, float(h["low"])), max(hi, float(h["high"]))
        if finite.size and np.all(finite == np.round(finite)) and hi - lo <= 60:
            bins = np.arange(math.floor(lo) - 0.5, math.ceil(hi) + 1.5)  # one bar per whole number
        else:
            bins = np.linspace(lo, hi if hi > lo else lo + 1, 41)
        for h in hist:
            ax.axvspan(float(h["low"]), float(h["high"]), color=HISTORY_COLOR, alpha=0.35, lw=0,
                       label=f"historical: {h.get('label') or metric}")
        for (b, color), v in zip(series, values, strict=True):
            v = v[np.isfinite(v)]
            if not v.size:
                continue
            if b is base:
                ax.hist(v, bins=bins, color=color, alpha=0.75, label=f"{b.name} (n={v.size:,})")
            else:
                ax.hist(v, bins=bins, histtype="step", lw=1.8, color=color, label=f"{b.name} (n={v.size:,})")
            ax.axvline(float(np.median(v)), color=color, ls="--", lw=1.2)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel("runs")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, loc="best", frameon=True, framealpha=0.8)
    for ax in list(axes.flat)[len(present):]:
        ax.set_visible(False)
    return _save(fig, out / "losses.png", f"{base.meta.get('scenario_name', '')}: losses per battle (dashed: median)", fontsize=12)


def plot_city_falls(base: Batch, others: list[Batch], out: Path) -> Path:
    """Share of battles in which the city has fallen, against the clock (over all runs)."""
    plt = _plt()
    import matplotlib.dates as mdates

    fig, ax = plt.subplots(figsize=(10, 4.2))
    end = base.start + timedelta(hours=float(base.meta.get("turn_hours", 6)) * int(base.meta.get("turns", 20)))
    th = float(base.meta.get("turn_hours", 6))
    spans = [(_hours_of(h, "low", base), _hours_of(h, "high", base), h) for h in _history_for(base, "city_captured_hours")]
    spans += [(float(h["low"]) * th, float(h["high"]) * th, h) for h in _history_for(base, "city_captured_turn")]
    for lo, hi, h in spans:
        ax.axvspan(base.start + timedelta(hours=lo), base.start + timedelta(hours=hi),
                   color=HISTORY_COLOR, alpha=0.4, lw=0, label=f"historical: {h.get('label') or 'the city falls'}")
    series = [(base, BASE_COLOR)] + [(o, OTHER_COLORS[i % len(OTHER_COLORS)]) for i, o in enumerate(others)]
    for b, color in series:
        hours = b.cols.values("city_captured_hours")
        n = hours.size
        if not n:
            continue
        taken = np.sort(hours[np.isfinite(hours)])
        times = [b.start] + [b.start + timedelta(hours=float(x)) for x in taken] + [end]
        share = [0.0] + [(i + 1) / n for i in range(taken.size)] + [taken.size / n]
        ax.step(times, share, where="post", color=color, lw=2,
                label=f"{b.name}: taken in {taken.size / n:.0%} of {n:,} runs")
    ax.axhline(0.5, color="grey", lw=0.8, ls=":")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(base.start, end)
    ax.set_ylabel("share of battles with the city taken")
    ax.set_title(f"{base.meta.get('scenario_name', '')}: when the city falls (CDF over all runs)", fontsize=11)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%H:%M"))  # type: ignore[no-untyped-call]
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="upper left", frameon=False)
    ax.grid(alpha=0.3)
    return _save(fig, out / "city_falls.png")


def _hours_of(h: dict[str, Any], key: str, b: Batch) -> float:
    at = h.get(f"{key}_at")
    if at:
        return (datetime.fromisoformat(at) - b.start) / timedelta(hours=1)
    return float(h[key])


def plot_history(base: Batch, out: Path) -> Path | None:
    """One row per recorded figure: its range shaded, the batch's p10-p90 and median."""
    hist = base.summary.get("history") or []
    if not hist:
        return None
    plt = _plt()
    import matplotlib.ticker as mticker

    fig, axes = plt.subplots(len(hist), 1, figsize=(9, 1.25 * len(hist) + 0.8), squeeze=False)
    for ax, h in zip(axes[:, 0], hist, strict=True):
        cap = h.get("column") == "city_captured_hours"
        lo, hi = (_hours_of(h, "low", base), _hours_of(h, "high", base)) if cap else (float(h["low"]), float(h["high"]))
        ax.axvspan(lo, hi, color=HISTORY_COLOR, alpha=0.45, lw=0)
        pts = [h.get("p10"), h.get("p50"), h.get("p90")]
        ci = [x for x in (h.get("p50_ci") or []) if x is not None]
        xs = [lo, hi] + [p for p in pts if p is not None] + ci
        inside = h.get("inside")
        color = {True: "#1e8449", False: "#c0392b"}.get(inside, "grey")
        span = max(xs) - min(xs) or 1.0
        left_end, right_end = min(xs) - 0.15 * span, max(xs) + 0.15 * span
        if pts[0] is not None:
            right = pts[2] if pts[2] is not None else right_end
            ax.plot([pts[0], right], [0, 0], color=color, lw=3, solid_capstyle="butt")
            if pts[2] is None:  # p90 is "never": the bar runs to the edge, marked so
                ax.annotate("", xy=(right_end, 0), xytext=(right_end - 0.06 * span, 0),
                            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2})
                ax.text(right_end - 0.01 * span, 0.35, "p90: held", ha="right", va="bottom", fontsize=7, color=color)
        if pts[1] is not None:
            ax.plot([pts[1]], [0], "o", color=color, ms=9)
            if len(ci) == 2:
                ax.plot(ci, [0, 0], "|", color="black", ms=14, mew=1.5)
        ax.set_xlim(left_end, right_end)
        ax.set_ylim(-1, 1)
        ax.set_yticks([])
        verdict = {True: "median inside", False: "median outside", None: "no data"}[inside]
        if cap:  # a time: the axis in dates, like the recorded range
            start = base.start
            ax.xaxis.set_major_formatter(mticker.FuncFormatter(
                lambda x, _pos, start=start: f"{start + timedelta(hours=x):%d %b %H:%M}"))
        ax.set_title(f"{h.get('label') or h['metric']}: {verdict}", fontsize=9, loc="left", color=color)
        ax.tick_params(axis="x", labelsize=8)
    return _save(fig, out / "history.png",
                 "Batch (bar p10-p90, dot median, ticks its 95% interval) against the historical range (shaded)",
                 fontsize=10)


def sweep_rates(b: Batch) -> dict[str, list[tuple[str, int, float, float]]]:
    """For each swept key: (value, runs, the first side's win rate, capture rate), other keys pooled."""
    keys = [k for k, _ in b.meta.get("sweep", [])]
    out: dict[str, list[tuple[str, int, float, float]]] = {}
    first = b.sides[0].id if b.sides else ""
    win = b.cols.values(f"{first}_win")
    cap = b.cols.values("city_captured")
    for j, key in enumerate(keys):
        order = [str(v) if not isinstance(v, bool) else ("true" if v else "false") for v in dict(b.meta["sweep"])[key]]
        groups: dict[str, list[int]] = {}
        for i, g in enumerate(b.cols.groups):
            groups.setdefault(g[j], []).append(i)
        rows = []
        for v in [*order, *(g for g in groups if g not in order)]:
            if v in groups:
                ii = np.array(groups[v])
                rows.append((v, int(ii.size), float(win[ii].mean()), float(cap[ii].mean())))
        out[key] = rows
    return out


def _pct(v: Any) -> str:
    return "-" if v is None else f"{v:.1%}"


def _timed_rate(b: Batch, t: Timed) -> float | None:
    """The share of ``b``'s runs in which the timed figure ``t`` happened."""
    v = happened(b.cols, t) if t.prefix in b.cols.numeric or t.hours in b.cols.numeric else np.array([])
    v = v[~np.isnan(v)]
    return float(v.mean()) if v.size else None


def _ci(ci: Any, fmt: Callable[[Any], str]) -> str:
    """A 95% interval as the report shows it: ``(75.7% - 88.9%)``; an end at never is "held"."""
    if not ci:
        return ""
    return "(" + " - ".join(fmt(x) if x is not None else "held" for x in ci) + ")"


def _diff(d: dict[str, Any] | None, pct: bool = True) -> str:
    if not d or d.get("diff") is None:
        return "-"
    def f(x: float) -> str:
        return f"{x:+.1%}" if pct else f"{x:+,.0f}"

    ci = d.get("ci")
    return f(d["diff"]) + (f" ({f(ci[0])} .. {f(ci[1])})" if ci and None not in ci else "")


def _num(v: Any) -> str:
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.3g}"


def _shown_path(path: object) -> str:
    """A recorded path as the report shows it: relative to the working directory when inside it."""
    if not path:
        return ""
    p = Path(str(path))
    try:
        return p.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(p)


def markdown(base: Batch, others: list[Batch], images: dict[str, Path | None]) -> str:
    s = base.summary
    m = base.meta
    lines = [f"# Batch report: {m.get('scenario_name', '')}", ""]
    lines += [
        f"- Runs: **{s['runs']:,}** ({s['runs_ok']:,} finished, {s['errors']:,} raised an error) of {s['runs_planned']:,} planned; batch seed {s['seed']}",
        f"- Scenario: `{_shown_path(m.get('scenario_path'))}` (sha256 `{str(s.get('scenario_sha256'))[:16]}...`), engine {s.get('engine_version')}",
        f"- Policies: {m.get('policies') or 'default'}; --set: {m.get('set') or 'none'}; sweep: {m.get('sweep') or 'none'}",
    ]
    if s.get("battles_per_s"):
        lines.append(f"- Speed: {s['battles_per_s']:,.1f} battles/s ({s['elapsed_s']:,.1f} s)")
    lines += ["- Replay any run alone: `mutanchiang run SCENARIO --seed <seed column>` (plus its --set and sweep values)", ""]
    at = s.get("city_captured_at") or {}
    sides = base.sides
    lines += ["## Outcome", "", "Rates with their 95% Wilson intervals; the median capture time with its 95% "
              "bootstrap interval.", "", "| | | 95% interval |", "|---|---|---|",
              *(f"| {x.label} wins | {_pct(s.get(f'{x.id}_win_rate'))} | {_ci(s.get(f'{x.id}_win_rate_ci'), _pct)} |"
                for x in sides),
              f"| Draws | {_pct(s.get('draw_rate'))} | {_ci(s.get('draw_rate_ci'), _pct)} |",
              f"| City taken | {_pct(s.get('capture_rate'))} | {_ci(s.get('capture_rate_ci'), _pct)} |",
              f"| City taken by (p10 / p50 / p90) | {' / '.join(str(at.get(k) or 'held') for k in ('p10', 'p50', 'p90'))} "
              f"| p50 {_ci(at.get('p50_ci'), str)} |",
              *(f"| {t['label']} | {_pct(t.get('rate'))} (by p10 / p50 / p90: "
                f"{' / '.join(str(t.get(k + '_at') or 'never') for k in ('p10', 'p50', 'p90'))}) | {_ci(t.get('rate_ci'), _pct)} |"
                for t in s.get("timed") or [] if t.get("prefix") != "city_captured"), ""]
    hist = s.get("history") or []
    if hist:
        lines += ["## Against the historical record", "",
                  "The batch's median is *inside* when it falls within the recorded range.", "",
                  "| figure | recorded range | p10 | p50 | p90 | median inside | source |", "|---|---|---:|---:|---:|:---:|---|"]
        for h in hist:
            if h.get("low_at"):
                rng = f"{h['low_at']} .. {h['high_at']}"
                ps = [h.get(f"{q}_at") or "held" for q in ("p10", "p50", "p90")]
            else:
                rng = f"{_num(h['low'])} .. {_num(h['high'])}"
                ps = [_num(h.get(q)) for q in ("p10", "p50", "p90")]
            mark = {True: "yes", False: "**no**", None: "-"}[h.get("inside")]
            lines.append(f"| {h.get('label') or h['metric']} (`{h['metric']}`) | {rng} | {ps[0]} | "
                         f"{ps[1]} | {ps[2]} | {mark} | {h.get('source') or ''} |")
        inside = sum(1 for h in hist if h.get("inside"))
        lines += ["", f"{inside} of {len(hist)} recorded figures have the batch median inside their range.", ""]
        if images.get("history"):
            lines += ["![Batch against the historical record](history.png)", ""]
    lines += ["## Losses", "", "![Losses per battle](losses.png)", "",
              "| metric | mean | p10 | p50 | p90 | p50's 95% interval |", "|---|---:|---:|---:|---:|---:|"]
    for key, label in labelled(sides, *headline_keys(sides)):
        d = (s.get("metrics") or {}).get(key)
        if d:
            lines.append(f"| {label} | {_num(d['mean'])} | {_num(d['p10'])} | {_num(d['p50'])} | {_num(d['p90'])} "
                         f"| {_ci(d.get('p50_ci'), _num)} |")
    lines += ["", "## When the city falls", "", "![When the city falls](city_falls.png)", ""]
    if images.get("trajectories"):
        lines += ["## Turn by turn", "", "Each side's figures at the start of every turn (`turns.csv`): the median "
                  "and the p10-p90 band over the runs, with the scenario's dated events and the recorded capture.", "",
                  "![Per-turn figures](trajectories.png)", ""]
    if images.get("convergence"):
        lines += ["## Is N enough?", "", "Running estimates in run order; the bands are 95% intervals. "
                  "Flat lines in narrow bands say more runs would change little.", "",
                  "![Running estimates](convergence.png)", ""]
    rates = sweep_rates(base)
    if rates:
        lines += ["## By sweep value", "", "Every sweep value plays the same seeds (common random numbers): the "
                  "differences from the first point are paired over the seeds, with 95% bootstrap intervals.", ""]
        if images.get("sweep"):
            lines += ["![Outcome per sweep value](sweep.png)", ""]
        first = sides[0] if sides else None
        head = f"{first.label if first else 'first side'} wins"
        primary = next(iter(timed_figures(base.meta)), Timed("city_captured", "city taken"))
        lines += [f"| point | runs | {head} | {primary.label} | {head}, paired difference | {primary.label}, paired difference |",
                  "|---|---:|---:|---:|---:|---:|"]
        rate = primary.rate_name
        for row in s.get("by_sweep") or []:
            point = ", ".join(f"{k}={v}" for k, v in row["params"].items())
            win = f"{first.id}_win_rate" if first else ""
            vs = row.get("vs_first") or {}
            lines.append(f"| {point} | {row['runs']:,} | {_pct(row.get(win))} {_ci(row.get(win + '_ci'), _pct)} "
                         f"| {_pct(row.get(rate))} {_ci(row.get(rate + '_ci'), _pct)} "
                         f"| {_diff(vs.get(win)) if vs else 'base'} | {_diff(vs.get(rate)) if vs else 'base'} |")
        lines.append("")
    if others:
        timed = timed_figures(base.meta)
        city = base.meta.get("city") or "city"
        lines += ["## Compared with other batches", "",
                  "| | " + " | ".join(b.name for b in [base, *others]) + " |",
                  "|---|" + "---:|" * (1 + len(others))]
        cells: tuple[tuple[str, Callable[[Batch], str]], ...] = (("runs", lambda b: f"{b.summary['runs']:,}"),
                          *((f"{x.label} wins", lambda b, x=x: _pct(b.summary.get(f"{x.id}_win_rate"))) for x in sides),
                          *((t.label, lambda b, t=t: _pct(_timed_rate(b, t))) for t in timed),
                          (f"{city} by (p50)", lambda b: str((b.summary.get("city_captured_at") or {}).get("p50") or "held")))
        for label, fn in cells:
            lines.append(f"| {label} | " + " | ".join(fn(b) for b in [base, *others]) + " |")
        for key, label in loss_plots(sides):
            row = []
            for b in [base, *others]:
                d = (b.summary.get("metrics") or {}).get(key) or {}
                p50, bp = d.get("p50"), ((base.summary.get("metrics") or {}).get(key) or {}).get("p50")
                diff = f" ({(p50 - bp) / bp:+.0%})" if b is not base and p50 is not None and bp else ""
                row.append(_num(p50) + diff)
            lines.append(f"| {label} (p50) | " + " | ".join(row) + " |")
        diffs = [compare_differences(base, b) for b in others]
        for name, label in ((f"{x.id}_win_rate", f"{x.label} wins") for x in sides):
            lines.append(f"| {label}, difference (95%) | - | " + " | ".join(_diff(d.get(name)) for d in diffs) + " |")
        for t in timed:
            lines.append(f"| {t.label}, difference (95%) | - | " + " | ".join(_diff(d.get(t.rate_name)) for d in diffs) + " |")
        paired = [b.name for b, d in zip(others, diffs, strict=True) if any(v.get("pairs") for v in d.values())]
        if paired:
            lines += ["", f"Differences of {', '.join(paired)} are paired over the seeds both batches played."]
        differs = [b.name for b in others if b.summary.get("seed") != s.get("seed")]
        if differs:
            lines += ["", f"Note: {', '.join(differs)} used another batch seed; differences include luck "
                      "(their intervals are unpaired, so wider)."]
        lines.append("")
    if s.get("errors"):
        lines += ["## Runs that raised an error", "", "| run | seed | error |", "|---:|---:|---|"]
        lines += [f"| {e['run']} | {e['seed']} | {e['error']} |" for e in s.get("first_errors", [])]
        lines.append("")
    return "\n".join(lines)


def write_report(path: Path, compare: list[Path] | None = None) -> Path:
    """Write the plots and ``report.md`` into the batch folder ``path``; the report's path."""
    base = read_batch(path)
    others = [read_batch(p) for p in compare or []]
    out = Path(path)
    images: dict[str, Path | None] = {
        "losses": plot_losses(base, others, out),
        "city_falls": plot_city_falls(base, others, out),
        "history": plot_history(base, out),
        "sweep": plot_sweep(base, out),
        "convergence": plot_convergence(base, out),
        "trajectories": plot_trajectories(base, out),
    }
    for stale in ("history", "sweep", "convergence", "trajectories"):
        if images[stale] is None and (out / f"{stale}.png").exists():
            (out / f"{stale}.png").unlink()
    report = out / "report.md"
    atomic_write_text(report, markdown(base, others, images))
    return report


def batch_folder(d: str | Path, flag: str = "") -> Path:
    """``d`` as a batch results folder; BadBatchFolder (naming ``flag``) if it is not one."""
    p = Path(d)
    if not p.is_dir():
        raise BadBatchFolder(f"{flag}{d}: {'is a file, not a batch folder' if p.exists() else 'no such folder'}")
    for f in (BATCH_JSON, RUNS_CSV):
        why = problem_of(p / f, MAX_META_BYTES if f == BATCH_JSON else 1 << 62)  # (runs.csv is streamed)
        if why == "no such file":
            raise BadBatchFolder(f"{flag}{d}: not a batch folder (no {f}; make one with mutanchiang batch --out {d})")
        if why is not None:
            raise BadBatchFolder(f"{flag}{d}: its {f} {why}")
    return p


def report_batches(folder: str | Path, compare: Sequence[str | Path] = ()) -> Path:
    """Check the folders, then write the report of ``folder`` (compared with ``compare``) and
    its plots into it; the report's path. BadBatchFolder for a missing or damaged folder."""
    import csv
    import json

    base = batch_folder(folder)
    others = [batch_folder(d, "--compare ") for d in compare]
    try:
        return write_report(base, others)
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error) as e:
        raise BadBatchFolder(f"{folder}: damaged batch files ({e.__class__.__name__}: {str(e)[:80]})") from None


__all__ = ["batch_folder", "clean", "read_batch", "report_batches", "write_report"]
