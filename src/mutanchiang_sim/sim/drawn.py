"""The columns of a batch that hold the values each run drew for the scenario's ranges.

A scenario may give unit figures and rule values as ranges (:mod:`mutanchiang_sim.core.uncertain`);
``batch.json`` lists them (``drawn``: key, kind, low, mode, high, whole) and every row of
``runs.csv`` has the value its battle drew for each, in a ``drawn.KEY`` column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

DRAWN_PREFIX = "drawn."  # the columns of the values a run drew for the scenario's ranges


def drawn_columns(keys: Sequence[str]) -> list[str]:
    """The columns of the values drawn for the ranges ``keys``.

    >>> drawn_columns(["units.jp-124d.men"])
    ['drawn.units.jp-124d.men']
    """
    return [DRAWN_PREFIX + k for k in keys]


def drawn_keys(meta: dict[str, Any]) -> list[str]:
    """The keys of the ranges whose drawn values a batch records (``batch.json``'s ``drawn``)."""
    return [str(d["key"]) for d in meta.get("drawn") or () if isinstance(d, dict) and "key" in d]
