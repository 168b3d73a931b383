"""The names of the run record's columns, for any pair of sides.

:mod:`mutanchiang_sim.sim.run` fills them in for a finished game; the scenario checker makes sure
a ``history`` figure names one of them. Each side's figures are ``{side}_{figure}`` columns.

>>> record_columns(("red", "blue"))[7:9]
['red_men_start', 'red_casualties']
"""

from __future__ import annotations

from collections.abc import Sequence

GAME_COLUMNS = ("seed", "winner", "level", "city_captured", "city_captured_turn", "city_captured_at", "turns_played")
END_COLUMNS = ("bridges_blown", "actions")
# A side's figures, in their column order, with the words labels put after the side's adjective.
SIDE_FIGURES: tuple[tuple[str, str], ...] = (
    ("men_start", "men at the start"),
    ("casualties", "casualties"),
    ("killed", "killed"),
    ("captured", "taken prisoner"),
    ("tanks_start", "tanks at the start"),
    ("tanks_lost", "tanks knocked out"),
    ("tanks_written_off", "tanks written off"),
    ("guns_lost", "guns lost"),
    ("escaped_men", "men escaped"),
    ("escaped_units", "units escaped"),
    ("units_destroyed", "units destroyed"),
    ("men_end", "men at the end"),
    ("effectiveness_end", "effectiveness at the end"),
    ("points", "victory points"),
    ("attacks", "attacks made"),
)
# Columns summaries derive from the record (the capture as hours from the start).
DERIVED_COLUMNS = ("city_captured_hours",)


def objective_key(name: str) -> str:
    """A place's name as the prefix of its columns: ``Nomonhan`` -> ``nomonhan``,
    ``Remizov height`` -> ``remizov_height``.

    >>> objective_key("Ning'an")
    'ning_an'
    """
    return "_".join("".join(c if c.isalnum() else " " for c in name.lower()).split()) or "place"


def time_columns(sides: Sequence[str], objectives: Sequence[str] = ()) -> list[str]:
    """When each side was cut off (half its men out of supply) and each objective first taken:
    a turn (-1: never) and its local time (ISO, empty: never), a pair each."""
    prefixes = [f"{side}_cut_off" for side in sides] + [f"{objective_key(o)}_captured" for o in objectives]
    return [f"{p}_{k}" for p in prefixes for k in ("turn", "at")]


def derived_columns(columns: Sequence[str]) -> list[str]:
    """The hours from the start that summaries derive from every ``*_turn`` column."""
    return [f"{c[: -len('_turn')]}_hours" for c in columns if c.endswith("_turn")]


def record_columns(sides: Sequence[str], objectives: Sequence[str] = ()) -> list[str]:
    """The column order of a run record (and of runs.csv) for a battle between ``sides`` with
    the named ``objectives`` (the places whose capture is timed)."""
    return [*GAME_COLUMNS, *(f"{side}_{k}" for side in sides for k, _ in SIDE_FIGURES), *END_COLUMNS,
            *time_columns(sides, objectives)]
