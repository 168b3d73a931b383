"""The timed figures a batch follows: whether, and when, the battle's questions were answered.

Which they are is the scenario's: the capture of its ``city`` (``city_captured``,
``city_captured_hours``) and every time figure of its ``history`` section (a metric ending in
``_at``, ``_hours`` or ``_turn``: ``japan_cut_off_at`` at Khalkhin Gol, ``city_captured_at`` at
Mutanchiang), the recorded one first. ``--until-ci``, the convergence and sweep plots, the
compare table and sensitivity studies follow these, so that any scenario's batch reports on its
own questions. Each is a prefix ``P`` with the columns ``P_turn``, ``P_at`` and (derived)
``P_hours``; whether it happened is ``P_turn`` not being empty (for the city, ``city_captured``).

>>> [t.prefix for t in timed_figures({"city": "Remizov height", "history": [
...     {"metric": "japan_cut_off_at", "label": "The Japanese main body is cut off (hours from 20 Aug)"}]})]
['japan_cut_off', 'city_captured']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .stats import Columns

CITY = "city_captured"
TIME_SUFFIXES = ("_at", "_hours", "_turn")


@dataclass(frozen=True)
class Timed:
    """One timed figure: its column prefix and what to call it ("Remizov height taken")."""

    prefix: str
    label: str

    @property
    def hours(self) -> str:
        """Its time column: hours from the scenario's start, infinite for never."""
        return f"{self.prefix}_hours"

    @property
    def rate_name(self) -> str:
        """Its rate in summaries: ``capture_rate`` for the city, else ``P_rate``."""
        return "capture_rate" if self.prefix == CITY else f"{self.prefix}_rate"


def _prefix(metric: str) -> str | None:
    for suffix in TIME_SUFFIXES:
        if metric.endswith(suffix):
            return metric[: -len(suffix)]
    return None


def timed_figures(meta: Mapping[str, Any]) -> list[Timed]:
    """The timed figures of a batch (``batch.json``): the history's time figures in its order,
    then the city's capture (named after the city; a batch from before ``batch.json`` named its
    city: "city taken"; a scenario without a city: none)."""
    out: list[Timed] = []
    for h in meta.get("history") or ():
        prefix = _prefix(str(h.get("metric", ""))) if isinstance(h, Mapping) else None
        if prefix and all(t.prefix != prefix for t in out):
            label = str(h.get("label") or prefix.replace("_", " ")).split(" (")[0]
            out.append(Timed(prefix, label))
    city = meta.get("city", None)
    label = f"{city} taken" if city else "city taken"
    if city != "":
        if any(t.prefix == CITY for t in out):
            out = [Timed(CITY, label) if t.prefix == CITY else t for t in out]
        else:
            out.append(Timed(CITY, label))
    return out


def happened(cols: Columns, t: Timed) -> np.ndarray:
    """1 where the figure happened, 0 where it never did, per run (NaN where unknown)."""
    if t.prefix in cols.numeric:  # (city_captured: its own true/false column)
        return cols.values(t.prefix)
    hours = cols.values(t.hours)
    out = np.where(np.isfinite(hours), 1.0, 0.0)
    out[np.isnan(hours)] = np.nan
    return out


def rates(cols: Columns, meta: Mapping[str, Any], sides: Any) -> list[tuple[str, str, np.ndarray]]:
    """(name, label, 0/1 per run) of each side's win and each timed figure, for the rates a
    batch is judged by."""
    out = [(f"{s.id}_win", f"{s.label} wins", cols.values(f"{s.id}_win")) for s in sides if f"{s.id}_win" in cols.numeric]
    return out + [(t.rate_name, t.label, happened(cols, t)) for t in timed_figures(meta)
                  if t.prefix in cols.numeric or t.hours in cols.numeric]
