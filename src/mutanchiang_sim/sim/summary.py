"""Printing run records and batch summaries for people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from ..core.record_columns import SIDE_FIGURES
from .run import SHARE_FIGURES, SideInfo, headline_keys, labelled


def print_record(rec: dict[str, Any], sides: Sequence[SideInfo], battle: str = "Battle",
                 console: Console | None = None) -> None:
    """A finished battle's run record as a table: ``battle`` (the scenario's name) and the
    figures of each of ``sides``."""
    c = console or Console()
    t = Table(title=f"{battle}, seed {rec['seed']}: {rec['level']}", show_header=False)
    t.add_column("", style="bold")
    t.add_column("")
    when = rec["city_captured_at"] or "not taken"
    rows = [("City falls", when)]
    for s in sides:
        f = {k: rec[f"{s.id}_{k}"] for k, _ in SIDE_FIGURES}
        rows += [
            (f"{s.label} casualties", f"{f['casualties']:,} of {f['men_start']:,} (killed {f['killed']:,}, prisoners {f['captured']:,})"),
            (f"{s.label} tanks knocked out", f"{f['tanks_lost']:,} of {f['tanks_start']:,}"),
            (f"{s.label} guns lost", f"{f['guns_lost']:,}"),
            (f"{s.label} attacks made", f"{f['attacks']:,}"),
        ]
        if s.exits:
            rows.append((f"{s.label} escaped", f"{f['escaped_men']:,} men in {f['escaped_units']} units"))
        rows += [(f"{s.label} effectiveness at the end", f"{f['effectiveness_end']:.0%}"),
                 (f"{s.label} victory points", f"{f['points']:,.1f}")]
    rows += [("Bridges blown", str(rec["bridges_blown"])), ("Turns played", str(rec["turns_played"]))]
    rows += [(f"drawn: {k[len('drawn.'):]}", f"{v:,}" if isinstance(v, int) else f"{v:.4g}")
             for k, v in rec.items() if k.startswith("drawn.")]  # (the values its ranges drew)
    for k, v in rows:
        t.add_row(k, v)
    c.print(t)


def batch_table_metrics(sides: Sequence[SideInfo]) -> tuple[tuple[str, str], ...]:
    """The distributions ``mutanchiang batch`` prints: each side's headline figures, the turns."""
    return labelled(sides, *headline_keys(sides), "turns_played")


def _fmt(v: Any, pct: bool = False) -> str:
    if v is None:
        return "-"
    if pct:
        return f"{v:.1%}"
    return f"{v:,.0f}" if abs(v) >= 10 or float(v).is_integer() else f"{v:,.2f}"


def _when(iso: str | None) -> str:
    """An ISO time as the table shows it, "16 Aug 06:00" (None: the figure is never reached)."""
    if not iso:
        return "held"
    return f"{datetime.fromisoformat(iso):%d %b %H:%M}"  # (as the time is written everywhere else)


def _with_ci(v: Any, ci: Any, pct: bool = False) -> str:
    """A figure with its 95% interval: ``83.3% (75.7% - 88.9%)``; an end at never is "never"."""
    if v is None:
        return "-"
    if not ci:
        return _fmt(v, pct)
    lo, hi = (_fmt(x, pct) if x is not None else "never" for x in ci)
    return f"{_fmt(v, pct)} ({lo} - {hi})"


def print_batch_summary(s: dict[str, Any], console: Console | None = None) -> None:
    """The table ``mutanchiang batch`` prints at the end: outcomes, distributions, history."""
    c = console or Console()
    head = Table(title=f"{s.get('scenario') or 'Batch'}: {s['runs']:,} runs, seed {s['seed']} (95% intervals)",
                 show_header=False)
    head.add_column("", style="bold")
    head.add_column("")
    sides = SideInfo.from_meta(s)
    for side in sides:
        head.add_row(f"{side.label} wins", _with_ci(s.get(f"{side.id}_win_rate"), s.get(f"{side.id}_win_rate_ci"), pct=True))
    head.add_row("City taken", _with_ci(s.get("capture_rate"), s.get("capture_rate_ci"), pct=True))
    at = s.get("city_captured_at") or {}
    if at:
        head.add_row("City falls by (p10 / p50 / p90)", " / ".join(str(at.get(k) or "held") for k in ("p10", "p50", "p90")))
        ci = at.get("p50_ci") or [None, None]
        if s.get("runs_ok"):
            head.add_row("  p50's 95% interval", " .. ".join(str(x or "held") for x in ci))
    if s.get("errors"):
        head.add_row("Runs that failed", f"[red]{s['errors']:,}[/red]")
    if s.get("battles_per_s"):
        head.add_row("Speed", f"{s['battles_per_s']:,.1f} battles/s ({s['elapsed_s']:,.1f} s)")
    c.print(head)
    metrics = s.get("metrics") or {}
    if metrics:
        t = Table(title="Distributions")
        for col in ("metric", "mean", "p10", "p50", "p90", "p50 95% interval"):
            t.add_column(col, justify="left" if col == "metric" else "right")
        for key, label in batch_table_metrics(sides):
            m = metrics.get(key)
            if m:
                pct = key.endswith(SHARE_FIGURES)
                ci = m.get("p50_ci") or [None, None]
                t.add_row(label, *(_fmt(m[q], pct) for q in ("mean", "p10", "p50", "p90")),
                          " - ".join(_fmt(x, pct) for x in ci))
        c.print(t)
    hist = s.get("history") or []
    if hist:
        t = Table(title="Against the historical record (p50 inside the range?)")
        for col in ("figure", "history", "p10", "p50", "p90", "inside"):
            t.add_column(col, justify="left" if col in ("figure", "history") else "right")
        for h in hist:
            if h.get("low_at"):
                rng = f"{_when(h['low_at'])} .. {_when(h['high_at'])}"
                p = [_when(h.get(f"{q}_at")) for q in ("p10", "p50", "p90")]
            else:
                rng = f"{_fmt(h['low'])} .. {_fmt(h['high'])}"
                p = [_fmt(h[q]) for q in ("p10", "p50", "p90")]
            mark = {True: "[green]yes[/green]", False: "[red]no[/red]", None: "-"}[h.get("inside")]
            t.add_row(h.get("label") or h["metric"], rng, *p, mark)
        c.print(t)
    sweep = s.get("by_sweep") or []
    if sweep:
        t = Table(title="By sweep value")
        for k in sweep[0]["params"]:
            t.add_column(k)
        for col in ("runs", *(f"{x.label} wins" for x in sides), "city taken", *(f"{x.label} cas. p50" for x in sides)):
            t.add_column(col, justify="right")
        for row in sweep:
            t.add_row(*(str(v) for v in row["params"].values()), f"{row['runs']:,}",
                      *(_with_ci(row.get(f"{x.id}_win_rate"), row.get(f"{x.id}_win_rate_ci"), True) for x in sides),
                      _with_ci(row["capture_rate"], row.get("capture_rate_ci"), True),
                      *(_fmt(row.get(f"{x.id}_casualties_p50")) for x in sides))
        c.print(t)
        paired = [row for row in sweep if row.get("vs_first")]
        if paired:
            _print_paired(c, sweep[0], paired, sides)


def _print_paired(c: Console, first: dict[str, Any], rows: list[dict[str, Any]], sides: Sequence[SideInfo]) -> None:
    """The paired differences from the first sweep point (same seeds), with 95% intervals."""
    base = ", ".join(f"{k}={v}" for k, v in first["params"].items())
    t = Table(title=f"Paired differences from {base} (same seeds; 95% intervals)")
    for k in first["params"]:
        t.add_column(k)
    cols = [(f"{x.id}_win_rate", f"{x.label} wins", True) for x in sides[:1]]
    cols += [("capture_rate", "city taken", True), ("city_captured_hours_p50", "city falls p50 (h)", False)]
    for _, label, _ in cols:
        t.add_column(label, justify="right")
    for row in rows:
        d = row["vs_first"]
        t.add_row(*(str(v) for v in row["params"].values()),
                  *(_signed(d.get(key) or {}, pct) for key, _, pct in cols))
    c.print(t)


def _signed(d: dict[str, Any], pct: bool) -> str:
    if d.get("diff") is None:
        return "-"
    def f(x: float) -> str:
        return f"{x:+.1%}" if pct else f"{x:+,.0f}"

    ci = d.get("ci") or [None, None]
    ends = [f(x) if x is not None else "?" for x in ci]
    return f"{f(d['diff'])} ({ends[0]} .. {ends[1]})"
