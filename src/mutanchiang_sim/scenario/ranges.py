"""Ranges in scenario files: a unit figure or a rule value written ``{low, high}`` (uniform) or
``{low, mode, high}`` (triangular) instead of a number.

Before the schema sees a file, :func:`extract_ranges` takes every range out (a number of the
field's type in its place: the mode, or the middle) and checks its form (``low`` <= ``mode`` <=
``high``, numbers); once the file is valid, :func:`check_ends` holds each end to the field's
own bounds (a range of men from -5 is as wrong as -5 men). The built scenario lists them as
:class:`~mutanchiang_sim.core.uncertain.Uncertain` figures, which each game draws
(:mod:`mutanchiang_sim.core.uncertain`). :func:`add_ranges_to_schema` lets the JSON Schema
take them wherever they are allowed.
"""

from __future__ import annotations

import copy
import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..core.rules.coefficients import Rules
from ..core.uncertain import UNIT_FIELDS, Uncertain
from .schema import UnitModel

RANGE_KEYS = ("low", "mode", "high")
Loc = tuple[Any, ...]
RANGE_DESCRIPTION = ("a range instead of one number: {low, high} (uniform) or {low, mode, high} (triangular); "
                     "each game draws its value from its seed")


def is_range(v: Any) -> bool:
    """A mapping with ``low``, ``mode`` or ``high`` (a range, maybe a malformed one)."""
    return isinstance(v, dict) and any(k in v for k in RANGE_KEYS)


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _plain_number_type(ann: Any) -> type | None:
    """``int`` or ``float`` when ``ann`` is one of them (or it or None), else None."""
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        ann = args[0] if len(args) == 1 else None
    return ann if ann in (int, float) else None


def rule_number_type(path: tuple[str, ...]) -> type | None:
    """The type (``int`` or ``float``) of the rule value at ``path`` under ``rules``; None when
    it is not a number (a table, a flag, a name, a section) or no such key exists."""
    ann: Any = Rules
    for part in path:
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            field = ann.model_fields.get(part)
            if field is None:
                return None
            ann = field.annotation
        elif typing.get_origin(ann) is dict:
            ann = typing.get_args(ann)[1]
        else:
            return None
    return _plain_number_type(ann)


class Found:
    """A range found in the data: where (``loc``), its key (as ``--set`` takes it), its ends and
    the type of the field."""

    def __init__(self, loc: Loc, key: str, spec: dict[str, Any], kind: type) -> None:
        self.loc, self.key, self.spec, self.kind = loc, key, spec, kind

    def uncertain(self) -> Uncertain:
        s = self.spec
        return Uncertain(self.key, float(s["low"]), float(s["high"]),
                         float(s["mode"]) if "mode" in s else None, whole=self.kind is int)

    def nominal(self) -> int | float:
        return self.uncertain().nominal()


def _form_problems(spec: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    out: list[tuple[tuple[str, ...], str]] = []
    for k in spec:
        if k not in RANGE_KEYS:
            hint = difflib.get_close_matches(str(k), RANGE_KEYS, n=1)
            out.append(((str(k),), f"unknown key {k!r} in a range" + (f" (did you mean {hint[0]!r}?)" if hint
                                                                       else " (it takes low, mode and high)")))
    if out:
        return out
    for k in ("low", "high"):
        if k not in spec:
            out.append(((), f"a range needs {k!r} (give low and high, and a mode for a triangular one)"))
    for k in RANGE_KEYS:
        if k in spec and not _number(spec[k]):
            out.append(((k,), f"expected a number, got {spec[k]!r}"))
    if out:
        return out
    lo, hi, mode = spec["low"], spec["high"], spec.get("mode")
    if lo > hi:
        out.append((("low",), f"low ({lo}) is above high ({hi})"))
    elif mode is not None and not lo <= mode <= hi:
        out.append((("mode",), f"the mode ({mode}) lies outside [{lo}, {hi}]"))
    return out


def extract_ranges(data: dict[str, Any]) -> tuple[dict[str, Any], list[Found], list[tuple[Loc, str]]]:
    """``data`` with every range replaced by its nominal value, the ranges found, and the
    problems with their form (each ``(loc, message)``). ``data`` is not changed."""
    out = dict(data)
    found: list[Found] = []
    problems: list[tuple[Loc, str]] = []

    def take(loc: Loc, key: str, spec: dict[str, Any], kind: type | None, what: str) -> Any:
        if kind is None:
            problems.append((loc, f"a range is allowed only for {what}"))
            lo = spec.get("low")
            return lo if _number(lo) else 0
        bad = _form_problems(spec)
        problems.extend(((*loc, *sub), msg) for sub, msg in bad)
        if bad:
            lo = spec.get("low") if _number(spec.get("low")) else spec.get("high")
            return lo if _number(lo) else 0
        f = Found(loc, key, spec, kind)
        found.append(f)
        return f.nominal()

    units = data.get("units")
    if isinstance(units, list):
        new_units: list[Any] = []
        for i, u in enumerate(units):
            if isinstance(u, dict) and any(is_range(v) for v in u.values()):
                u = dict(u)
                name = u.get("id") if isinstance(u.get("id"), str) else str(i)
                for k, v in list(u.items()):
                    field = UnitModel.model_fields.get(k)
                    number = _plain_number_type(field.annotation) if field is not None else None
                    if is_range(v) and number is not None:  # (elsewhere the schema says what it takes)
                        u[k] = take(("units", i, k), f"units.{name}.{k}", v, number if k in UNIT_FIELDS else None,
                                    f"a unit's {', '.join(UNIT_FIELDS)}")
            new_units.append(u)
        out["units"] = new_units
    rules = data.get("rules")
    if isinstance(rules, dict):
        out["rules"] = copy.deepcopy(rules)

        def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
            for k, v in list(node.items()):
                p = (*path, str(k))
                if is_range(v) and rule_number_type(p) is not None:
                    node[k] = take(("rules", *p), "rules." + ".".join(p), v, rule_number_type(p), "a rule value")
                elif isinstance(v, dict):
                    walk(v, p)

        walk(out["rules"], ())
    return out, found, problems


def check_ends(data: dict[str, Any], found: list[Found], context: dict[str, float]) -> list[tuple[Loc, str]]:
    """Each end (and mode) of each range held to its field's own bounds, with the rest of the
    file at its nominal values (``data``, as :func:`extract_ranges` left it)."""
    problems: list[tuple[Loc, str]] = []
    for f in found:
        for end in RANGE_KEYS:
            if end not in f.spec:
                continue
            v = f.spec[end]
            try:
                if f.loc[0] == "units":
                    UnitModel.model_validate({**data["units"][f.loc[1]], f.loc[2]: v})
                else:
                    rules = copy.deepcopy(data["rules"])
                    node = rules
                    for part in f.loc[1:-1]:
                        node = node[part]
                    node[f.loc[-1]] = v
                    Rules.model_validate(rules, context=context)
            except ValidationError as err:
                for e in err.errors(include_url=False):
                    problems.append(((*f.loc, end), f"{e['msg']} (got {v!r})"))
                    break
    return problems


def add_ranges_to_schema(defs: dict[str, Any]) -> None:
    """Let every unit figure and every numeric rule value of the JSON Schema's models (``defs``,
    changed in place) be a range as well as a number."""
    names = {"UnitModel": set(UNIT_FIELDS)}
    seen: set[type] = set()

    def models(ann: Any) -> None:
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            if ann not in seen:
                seen.add(ann)
                names[ann.__name__] = {k for k, fi in ann.model_fields.items() if _plain_number_type(fi.annotation)}
                for fi in ann.model_fields.values():
                    models(fi.annotation)
            return
        for a in typing.get_args(ann):
            models(a)

    models(Rules)
    for name, keys in names.items():
        props = defs.get(name, {}).get("properties", {})
        for k in keys:
            p = props.get(k)
            if not isinstance(p, dict) or p.get("type") not in ("integer", "number"):
                continue
            core = {x: y for x, y in p.items() if x not in ("description", "default", "title")}
            rng = {"type": "object", "description": RANGE_DESCRIPTION, "additionalProperties": False,
                   "required": ["low", "high"], "properties": {e: dict(core) for e in RANGE_KEYS}}
            props[k] = {**{x: y for x, y in p.items() if x in ("description", "default", "title")},
                        "anyOf": [core, rng]}
