"""Checks across a scenario file that no single key's schema can make: duplicate names, orders
no event gives (a misspelling), the ``ai`` section's keys and formations; and the "did you mean"
hint every located message uses."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from .schema import ScenarioFile

Report = Callable[[tuple[Any, ...], str], None]


def hint(name: str, options: list[str]) -> str:
    m = difflib.get_close_matches(name, options, n=1, cutoff=0.5)
    return f" (did you mean {m[0]!r}?)" if m else ""


def unique(report: Report, items: list[tuple[tuple[Any, ...], Any]], what: str) -> None:
    first: dict[Any, tuple[Any, ...]] = {}
    for loc, value in items:
        if value in first:
            report(loc, f"duplicate {what} {value!r} (first at {loc_text_of(first[value])})")
        else:
            first[value] = loc


def loc_text_of(loc: tuple[Any, ...]) -> str:
    from .errors import loc_text

    return loc_text(loc[:-1] if loc and isinstance(loc[-1], str) and len(loc) > 1 else loc)


def check_orders(f: ScenarioFile, cancelled: list[tuple[tuple[Any, ...], str, str]], report: Report) -> None:
    """An order a side waits for (exit_requires_order) or cancels that no event gives, but that
    is close to one that is, is taken for a misspelling. (An order no event gives at all is
    allowed: a "no withdrawal order" variant removes the event on purpose.)"""
    given: dict[str, list[str]] = {}
    for em in f.events:
        for eff in em.effects:
            if eff.order is not None:
                given.setdefault(eff.order.side, []).append(eff.order.order)
    for side, sm in f.sides.items():
        need = sm.exit_requires_order
        if need and need not in given.get(side, []) and hint(need, given.get(side, [])):
            report(("sides", side, "exit_requires_order"),
                   f"no event gives {side} the order {need!r}{hint(need, given.get(side, []))}")
    for loc, to_side, order in cancelled:
        if order not in given.get(to_side, []) and hint(order, given.get(to_side, [])):
            report(loc, f"no event gives {to_side} the order {order!r}{hint(order, given.get(to_side, []))}")


_AI_LIST_OF_FORMATIONS = ("bypass_formations", "capture_formations")


def _doctrine_keys() -> set[str]:
    from dataclasses import fields

    from ..core.ai_params import DoctrineParams

    return {x.name for x in fields(DoctrineParams)}


def _doctrine_value_ok(key: str, value: Any) -> bool:
    """Whether the doctrine AI can read ``value`` for ``key`` (a number for a number...)."""
    import warnings

    from ..core.ai_params import DoctrineParams

    if value is None or isinstance(value, dict):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            DoctrineParams.from_params({key: value})
    except (TypeError, ValueError, OverflowError):
        return False
    return True


def check_ai(f: ScenarioFile, sides: list[str], report: Report) -> None:
    """The ``ai`` section: sides as keys, known parameters, formations that exist."""
    from ..core.ai_params import DIFFICULTIES, ai_parameter_names

    known = ai_parameter_names()
    formations = sorted({u.formation for u in f.units if u.formation} | {u.corps for u in f.units if u.corps})
    for side, params in f.ai.items():
        if side not in sides:
            report(("ai", side), f"unknown side {side!r}{hint(side, sides)}")
            continue
        for key, value in params.items():
            if known and key not in known:
                report(("ai", side, key), f"unknown AI parameter {key!r}{hint(key, known)}")
            if key == "difficulty" and value not in DIFFICULTIES:
                report(("ai", side, key), f"unknown difficulty {value!r} (known: {', '.join(DIFFICULTIES)})")
            elif key in known and key != "difficulty" and key in _doctrine_keys() and not _doctrine_value_ok(key, value):
                report(("ai", side, key), f"not a value {key} can take: {value!r}")
            if key in _AI_LIST_OF_FORMATIONS:
                names = value if isinstance(value, list) else [value]
                for k, name in enumerate(names):
                    if str(name) not in formations:
                        loc = ("ai", side, key, k) if isinstance(value, list) else ("ai", side, key)
                        report(loc, f"no unit belongs to a formation or corps {name!r}{hint(str(name), formations)}")
