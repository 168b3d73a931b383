"""Checking a saved state before it becomes a game: every field of the right type and in range.

A save file is input like any other: a hand-edited or damaged one must be refused with one line
saying what is wrong, not load and then fail turns later. :func:`check_state_dict` raises
``ValueError("state.units[3].men: expected a whole number >= 0, got 'x'")``.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from .scenario_def import Scenario
from .units import ACTIVE, DESTROYED, ESCAPED, POSTURES, RESERVE, Unit

STATUSES = (ACTIVE, RESERVE, DESTROYED, ESCAPED)
# Unit fields that are counts (whole numbers, never negative).
COUNTS = {
    "men", "tanks", "guns", "vehicles", "entrenchment", "arrives", "men_start", "tanks_start", "guns_start",
    "killed", "wounded", "captured", "tanks_lost", "tanks_destroyed_total", "tanks_repairable", "guns_lost",
    "turns_out_of_supply",
}

MAX_COUNT = 10**9  # more men, tanks or guns than any army had: a damaged file (and beyond what the dice take)


def _fail(where: str, what: str, value: Any) -> None:
    shown = repr(value)
    raise ValueError(f"{where}: expected {what}, got {shown[:40]}")


def _int(where: str, v: Any, low: int | None = None, high: int | None = None) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        _fail(where, "a whole number", v)
    if (low is not None and v < low) or (high is not None and v > high):
        rng = f">= {low}" if high is None else f"in {low}..{high}"
        _fail(where, f"a whole number {rng}", v)
    return int(v)


def _float(where: str, v: Any, low: float, high: float) -> float:
    if not isinstance(v, int | float) or isinstance(v, bool) or not low <= float(v) <= high:
        _fail(where, f"a number in {low:g}..{high:g}", v)
    return float(v)


def _bool(where: str, v: Any) -> bool:
    if not isinstance(v, bool):
        _fail(where, "true or false", v)
    return bool(v)


def _str(where: str, v: Any, choices: tuple[str, ...] | set[str] | None = None) -> str:
    if not isinstance(v, str) or (choices is not None and v not in choices):
        _fail(where, "one of " + ", ".join(sorted(choices)) if choices else "text", v)
    return str(v)


def _list(where: str, v: Any, length: int | None = None) -> list[Any]:
    if not isinstance(v, list) or (length is not None and len(v) != length):
        _fail(where, f"a list of {length}" if length is not None else "a list", v)
    return list(v)


def check_unit(where: str, d: Any, scenario: Scenario) -> None:
    if not isinstance(d, dict):
        _fail(where, "a unit record", d)
    known = {f.name for f in fields(Unit)}
    for k in d:
        if k not in known:
            raise ValueError(f"{where}: unknown key {k!r}")
    for name in ("id", "name", "side", "kind", "size", "hex", "men"):
        if name not in d:
            raise ValueError(f"{where}: missing {name!r}")
    size = scenario.map.size
    for k, v in d.items():
        at = f"{where}.{k}"
        if k in COUNTS:
            if _int(at, v, 0) > MAX_COUNT:
                _fail(at, f"a whole number at most {MAX_COUNT:,}", v)
        elif k == "hex":
            _int(at, v, 0, size - 1)
        elif k == "side":
            _str(at, v, set(scenario.side_ids))
        elif k == "kind":
            _str(at, v, set(scenario.rules.kinds))
        elif k == "posture":
            _str(at, v, POSTURES)
        elif k == "status":
            _str(at, v, STATUSES)
        elif k == "quality":
            _float(at, v, 0.0, 5.0)
        elif k == "readiness":
            _float(at, v, 0.0, 1.0)
        elif k == "mp_left":
            _float(at, v, 0.0, 1000.0)
        elif k in ("in_supply", "moved", "attacked", "demolished", "disrupted"):
            _bool(at, v)
        elif k == "tags":
            for i, t in enumerate(_list(at, v)):
                _str(f"{at}[{i}]", t)
        else:  # id, name, size, formation, corps
            _str(at, v)
    if d.get("men_start", 0) and d["men_start"] != d["men"] + d.get("killed", 0) + d.get("wounded", 0) + d.get("captured", 0):
        raise ValueError(f"{where}: men do not add up (start {d['men_start']} != now + killed + wounded + captured)")


def check_state_dict(scenario: Scenario, d: Any) -> None:
    """Raise ValueError (one line, naming the field) unless ``d`` is a state this scenario can play."""
    if not isinstance(d, dict):
        _fail("state", "a mapping", d)
    for key in ("units", "turn", "phase", "bridges_intact", "control", "orders", "fired_events", "quality_mod",
                "city_captured_turn", "game_over", "rng"):
        if key not in d:
            raise ValueError(f"state: missing {key!r}")
    m = scenario.map
    sides = set(scenario.side_ids)
    units = _list("state.units", d["units"])
    ids = []
    for k, u in enumerate(units):
        check_unit(f"state.units[{k}]", u, scenario)
        ids.append(u["id"])
    if sorted(ids) != sorted(u.id for u in scenario.units):
        raise ValueError("state.units: not the units of this scenario")
    _int("state.turn", d["turn"], 0, scenario.turns)
    _int("state.phase", d["phase"], 0, 1)
    for i, b in enumerate(_list("state.bridges_intact", d["bridges_intact"], len(m.bridges))):
        _bool(f"state.bridges_intact[{i}]", b)
    control = _list("state.control", d["control"], m.size)
    codes = (0, *scenario.side_codes.values())
    for i, c in enumerate(control):
        if c not in codes or isinstance(c, bool):
            _fail(f"state.control[{i}]", ", ".join(map(str, codes[:-1])) + f" or {codes[-1]}", c)
    for i, o in enumerate(_list("state.orders", d["orders"])):
        _str(f"state.orders[{i}]", o)
    turns = d.get("order_turns", {})
    if not isinstance(turns, dict):
        _fail("state.order_turns", "a mapping", turns)
    for k, v in turns.items():
        _int(f"state.order_turns.{k}", v, 0, scenario.turns)
    for i, e in enumerate(_list("state.fired_events", d["fired_events"])):
        _str(f"state.fired_events[{i}]", e)
    for i, b in enumerate(_list("state.boats", d.get("boats", []))):
        at = f"state.boats[{i}]"
        side, hexi, n = _list(at, b, 3)
        _str(f"{at}[0]", side, sides)
        _int(f"{at}[1]", hexi, 0, m.size - 1)
        _int(f"{at}[2]", n, 0, 99)
    q = d["quality_mod"]
    if not isinstance(q, dict) or set(q) != sides:
        _fail("state.quality_mod", "a factor for each side (" + ", ".join(scenario.side_ids) + ")", q)
    for k, v in q.items():
        _str("state.quality_mod", k, sides)
        _float(f"state.quality_mod.{k}", v, 1e-9, 5.0)
    attacks = d.get("attacks", {})  # (saves from before it was counted have none)
    if not isinstance(attacks, dict):
        _fail("state.attacks", "a mapping", attacks)
    for k, v in attacks.items():
        _str("state.attacks", k, sides)
        _int(f"state.attacks.{k}", v, 0)
    _int("state.city_captured_turn", d["city_captured_turn"], -1, scenario.turns)
    names = {pl.name for pl in m.places}
    for key, known in (("objectives_taken", names), ("cut_off_turn", sides)):
        times = d.get(key, {})  # (saves from before they were kept have none)
        if not isinstance(times, dict):
            _fail(f"state.{key}", "a mapping", times)
        for k, v in times.items():
            _str(f"state.{key}", k, known)
            _int(f"state.{key}.{k}", v, 0, scenario.turns)
    _bool("state.game_over", d["game_over"])
    _int("state.action_count", d.get("action_count", 0), 0)
