"""``trajectories.png``: each side's per-turn figures over the batch (median line, p10-p90
band) against the recorded time line: the scenario's dated events (dotted) and the recorded
range of the capture (shaded). A battle that ended early keeps its final figures for the
turns after (it is over, not missing)."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .turns import TURN_COLUMNS, TURNS_CSV

if TYPE_CHECKING:
    from .report import Batch

FIGURES = (("men", "men"), ("casualties", "casualties so far"), ("hexes_held", "hexes held"),
           ("out_of_supply", "share of men cut off from supply"), ("points", "victory points"))
COLORS = ("#1f4e79", "#c0392b", "#27ae60", "#8e44ad")


def read_turns(path: Path, sides: list[str], max_turn: int = 10_000) -> tuple[np.ndarray, int]:
    """The per-turn figures as an array runs x turns x sides x FIGURES (forward-filled after a
    battle's end) and the number of turns, from ``turns.csv`` (a half-written line is passed
    over); BadBatchFolder naming the line for a row whose numbers are not numbers, or whose turn
    is outside the battle's ``0..max_turn``."""
    from ..errors import BadBatchFolder

    idx = {c: i for i, c in enumerate(TURN_COLUMNS)}
    fig_idx = [idx[f] for f, _ in FIGURES]
    side_of = {s: i for i, s in enumerate(sides)}
    entries: list[tuple[int, int, int, list[float]]] = []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        for r in reader:
            if len(r) != len(TURN_COLUMNS) or r[idx["side"]] not in side_of:
                continue
            try:
                run, turn = int(r[0]), int(r[idx["turn"]])
                values = [float(r[i]) for i in fig_idx]
            except ValueError:
                raise BadBatchFolder(f"{path} line {reader.line_num}: not a per-turn row (a number is not a number)") from None
            if run < 0 or not 0 <= turn <= max_turn:
                raise BadBatchFolder(f"{path} line {reader.line_num}: turn {turn} of run {run} is not a turn of "
                                     f"the battle (0 to {max_turn})")
            entries.append((run, turn, side_of[r[idx["side"]]], values))
    if not entries:
        return np.zeros((0, 0, len(sides), len(FIGURES))), 0
    runs = sorted({e[0] for e in entries})
    row_of = {r: i for i, r in enumerate(runs)}
    n_turns = max(e[1] for e in entries) + 1
    a = np.full((len(runs), n_turns, len(sides), len(FIGURES)), np.nan)
    for run, turn, side, values in entries:
        a[row_of[run], turn, side] = values
    for t in range(1, n_turns):  # a battle that is over keeps its last figures
        gap = np.isnan(a[:, t])
        a[:, t][gap] = a[:, t - 1][gap]
    return a, n_turns


def plot_trajectories(base: Batch, out: Path) -> Path | None:
    from .report import HISTORY_COLOR, _hours_of, _plt, _save

    path = base.path / TURNS_CSV
    if not path.exists():
        return None
    sides = base.sides
    turns = base.meta.get("turns")
    a, n_turns = read_turns(path, [s.id for s in sides], turns if isinstance(turns, int) else 10_000)
    if not n_turns:
        return None
    plt = _plt()
    import matplotlib.dates as mdates

    th = float(base.meta.get("turn_hours", 6))
    times = [base.start + timedelta(hours=th * t) for t in range(n_turns)]
    fig, axes = plt.subplots(len(FIGURES), 1, figsize=(10, 2.3 * len(FIGURES) + 1.6), sharex=True)
    capture = [h for h in base.summary.get("history", []) if h.get("column") == "city_captured_hours"]
    timeline = base.meta.get("timeline") or []  # (read_batch has checked each entry's turn; an id may be missing)
    with np.errstate(invalid="ignore"):
        q = np.nanquantile(a, [0.1, 0.5, 0.9], axis=0)  # 3 x turns x sides x figures
    for k, (ax, (_, label)) in enumerate(zip(axes, FIGURES, strict=True)):
        for h in capture:
            lo, hi = _hours_of(h, "low", base), _hours_of(h, "high", base)
            ax.axvspan(base.start + timedelta(hours=lo), base.start + timedelta(hours=hi), color=HISTORY_COLOR,
                       alpha=0.35, lw=0, label=f"recorded: {h.get('label') or 'the city falls'}" if k == 0 else None)
        for ev in timeline:
            ax.axvline(base.start + timedelta(hours=th * ev["turn"]), color="grey", lw=0.8, ls=":")
        for j, s in enumerate(sides):
            color = COLORS[j % len(COLORS)]
            ax.fill_between(times, q[0, :, j, k], q[2, :, j, k], color=color, alpha=0.18, lw=0)
            ax.plot(times, q[1, :, j, k], color=color, lw=1.8, label=f"{s.label} (median, band p10-p90)" if k == 0 else None)
        ax.set_ylabel(label, fontsize=8)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
    top = axes[0]
    at_turn: dict[int, list[str]] = {}
    for ev in timeline:
        at_turn.setdefault(int(ev["turn"]), []).append(str(ev.get("id") or ""))
    for turn, ids in at_turn.items():  # the events' ids above the plots, one label a date
        top.annotate(" / ".join(ids), (base.start + timedelta(hours=th * turn), 1.02), xycoords=("data", "axes fraction"),
                     rotation=60, fontsize=6.5, va="bottom", ha="left", color="dimgrey")
    top.legend(fontsize=7, loc="lower left", frameon=True, framealpha=0.85)
    axes[-1].xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%H:%M"))  # type: ignore[no-untyped-call]
    return _save(fig, out / "trajectories.png",
                 f"{base.meta.get('scenario_name', '')}: per-turn figures over {a.shape[0]:,} runs "
                 "(dotted: the scenario's dated events)", fontsize=10)
