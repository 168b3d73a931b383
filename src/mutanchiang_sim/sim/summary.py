"""Printing run records and batch summaries for people."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def print_record(rec: dict[str, Any], console: Console | None = None) -> None:
    c = console or Console()
    t = Table(title=f"Battle of Mutanchiang, seed {rec['seed']}: {rec['level']}", show_header=False)
    t.add_column("", style="bold")
    t.add_column("")
    when = rec["city_captured_at"] or "not taken"
    rows = [
        ("City falls", when),
        ("Soviet casualties", f"{rec['soviet_casualties']:,} of {rec['soviet_men_start']:,} (killed {rec['soviet_killed']:,})"),
        ("Soviet tanks knocked out", f"{rec['soviet_tanks_lost']:,} of {rec['soviet_tanks_start']:,}"),
        ("Japanese casualties", f"{rec['japan_casualties']:,} of {rec['japan_men_start']:,} (killed {rec['japan_killed']:,})"),
        ("Japanese guns lost", f"{rec['japan_guns_lost']:,}"),
        ("Japanese escaped west", f"{rec['japan_escaped_men']:,} men in {rec['japan_escaped_units']} units"),
        ("Japanese effectiveness at the end", f"{rec['japan_effectiveness_end']:.0%}"),
        ("Bridges blown", str(rec["bridges_blown"])),
        ("Turns played", str(rec["turns_played"])),
    ]
    for k, v in rows:
        t.add_row(k, v)
    c.print(t)
