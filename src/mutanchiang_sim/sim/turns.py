"""Per-turn series of a battle: one row per side at the start of every turn and at the end.

A batch writes them to ``turns.csv`` (streamed beside ``runs.csv``, in run order) and, when
pyarrow is installed, ``turns.parquet``. The columns (:data:`TURN_COLUMNS`): ``run``, ``turn``
(the final state's rows come as of the end of the last turn played, numbered as the next),
``time`` (the turn's start), ``side``, then that side's
``men`` (on the map or still to arrive, not destroyed or escaped), ``tanks``, ``guns``,
``casualties`` (so far), ``points`` (victory points as they stand), ``hexes_held`` (hexes the
side controls) and ``out_of_supply`` (share of its men on the map cut off from supply).

The rows are taken from the state at each ``turn`` event, so playing a battle with them costs a
few sums over the units a turn (see ``benchmarks/bench_turn_series.py``).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Container
from pathlib import Path
from typing import Any

from ..atomic import naming
from ..core.rules import victory
from ..core.state import GameState
from ..core.units import DESTROYED

TURN_COLUMNS = ("run", "turn", "time", "side", "men", "tanks", "guns", "casualties", "points", "hexes_held",
                "out_of_supply")
TURNS_CSV = "turns.csv"
TURNS_PARQUET = "turns.parquet"


def turn_figures(state: GameState, turn: int) -> list[list[Any]]:
    """Each side's row (without the run index) for the state as it stands (one pass over the
    units: this runs every turn of every battle of a batch)."""
    sc = state.scenario
    points = victory.standing(state).points
    when = sc.time_of(turn).isoformat(timespec="minutes")
    sums = {side: [0, 0, 0, 0, 0, 0] for side in sc.side_ids}  # men, tanks, guns, casualties, placed, cut off
    for u in state.units:
        t = sums[u.side]
        t[3] += u.casualties
        if u.status == DESTROYED or victory.escaped(state, u):
            continue
        t[0] += u.men
        t[1] += u.tanks
        t[2] += u.guns
        if u.on_map:
            t[4] += u.men
            if not u.in_supply:
                t[5] += u.men
    codes = sc.side_codes
    return [[turn, when, side, t[0], t[1], t[2], t[3], round(float(points[side]), 3), state.control.count(codes[side]),
             round(t[5] / t[4], 4) if t[4] else 0.0] for side, t in sums.items()]


class TurnSeries:
    """Collects a battle's per-turn rows: pass :meth:`on_turn` to ``play_game(on_turn=...)``,
    then :meth:`finish` with the final state."""

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []

    def on_turn(self, state: GameState, turn: int) -> None:
        self.rows += turn_figures(state, turn)

    def finish(self, state: GameState) -> list[list[Any]]:
        """The rows, with the final state's as of the end of the last turn played (the start of
        the next one)."""
        last = self.rows[-1][0] if self.rows else -1
        self.rows += turn_figures(state, max(state.turn, last + 1))
        return self.rows


def keep_runs(path: Path, done: Container[int]) -> None:
    """Keep only the rows of runs in ``done`` in the per-turn file ``path`` (on resume: a kill
    can leave the turns of runs that never reached ``runs.csv``, or half a line). Streamed to a
    file beside it that then replaces it, so memory stays flat however long the batch."""
    if not path.exists():
        return
    tmp = path.with_suffix(".csv.tmp")
    try:
        with naming(path):
            with open(path, newline="", encoding="utf-8") as src, open(tmp, "w", newline="", encoding="utf-8") as dst:
                reader = csv.reader(src)
                header = next(reader, None)
                w = csv.writer(dst, lineterminator="\n")
                w.writerow(header or TURN_COLUMNS)
                w.writerows(r for r in reader if len(r) == len(TURN_COLUMNS) and r[0].isdigit() and int(r[0]) in done)
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # (a full disk: the old file stays as it was)
        raise
