"""The shape of ``batch.json`` that the reports and ``--resume`` rely on, checked with pydantic.

A batch folder is input like any other: a hand-edited or damaged ``batch.json`` (``"set":
null``, a run count of ``"6"``, a start that is no date) must be one line naming the file and
the key, not a TypeError in the middle of a report. Only what the readers use is checked, and
only when present (older folders lack some keys); other keys are left alone.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

Count = Annotated[int, Field(strict=True, ge=0)]
Text = Annotated[str, Field(strict=True)]


def _iso_time(v: str) -> str:
    datetime.fromisoformat(v)  # ValueError: pydantic names the key
    return v


def _time_or_hours(v: Any) -> Any:
    if isinstance(v, str):
        return _iso_time(v)
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError("expected a number of hours or an ISO date and time")
    return v


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class SideMeta(_Loose):
    id: Text
    label: Text | None = None
    name: Text | None = None
    role: Text | None = None
    exits: bool | None = None


class HistoryMeta(_Loose):
    metric: Text
    low: Annotated[Any, AfterValidator(_time_or_hours)]
    high: Annotated[Any, AfterValidator(_time_or_hours)]
    label: Text | None = None
    source: Text | None = None


class TimelineMeta(_Loose):
    id: Text | None = None
    turn: Count
    text: Text = ""


class BatchMeta(_Loose):
    scenario_name: Text | None = None
    scenario_path: Text | None = None
    seed: Count | None = None
    runs: Count | None = None
    total_runs: Count | None = None
    set: dict[str, Any] = Field(default_factory=dict)
    policies: dict[str, Text] = Field(default_factory=dict)
    start: Annotated[Text, AfterValidator(_iso_time)] | None = None
    turn_hours: Annotated[float, Field(gt=0, le=24 * 366, allow_inf_nan=False)] | None = None
    turns: Count | None = None
    sides: list[SideMeta] | None = None
    objectives: list[Text] = Field(default_factory=list)
    history: list[HistoryMeta] = Field(default_factory=list)
    timeline: list[TimelineMeta] = Field(default_factory=list)


def meta_problem(meta: dict[str, Any]) -> str | None:
    """What is wrong with the batch description ``meta`` (``key: problem``), None if nothing.

    >>> meta_problem({"set": None})
    'set: Input should be a valid dictionary'
    >>> meta_problem({"total_runs": 6, "start": "1945-08-12T06:00:00"}) is None
    True
    """
    try:
        BatchMeta.model_validate(meta)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        return f"{where}: {err['msg']}"
    return None


__all__ = ["BatchMeta", "meta_problem"]
