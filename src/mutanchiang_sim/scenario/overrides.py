"""Overrides as the user types them: ``KEY=VALUE`` (``--set``) and ``KEY=V1,V2,...`` (``--sweep``).

Values are read as YAML scalars, so numbers, ``true``/``false`` and words come out as Python
values; anything malformed is a :class:`~mutanchiang_sim.errors.BadFlag` naming the flag.
:func:`mutanchiang_sim.scenario.load_scenario` then applies them to the scenario's keys.

>>> parse_set(["rules.combat.noise_sigma=0.2", "name=What if"])
{'rules.combat.noise_sigma': 0.2, 'name': 'What if'}
>>> parse_sweep(["turns=8,12"])
(('turns', (8, 12)),)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import BadFlag

Sweep = tuple[tuple[str, tuple[Any, ...]], ...]

# Keys that say what the file is built of, not what the battle is: no flag may set them.
STRUCTURAL_KEYS = ("base", "rules_file", "format")


def structural_key_problem(key: str) -> str | None:
    """Why ``key`` (dotted) cannot be overridden, or None when it can."""
    head = key.split(".", 1)[0].strip()
    if head in STRUCTURAL_KEYS:
        return f"{head!r} says how the scenario file is built and cannot be overridden; edit the file instead"
    return None


def split_assignment(item: str, flag: str, form: str) -> tuple[str, str]:
    """``KEY=VALUE`` as ``(key, value)``; BadFlag naming ``flag`` when it is not of that form."""
    if "=" not in item:
        raise BadFlag(f"{flag}: expected {form}, got {item!r}")
    key, value = item.split("=", 1)
    key = key.strip()
    if not key:
        raise BadFlag(f"{flag}: empty key in {item!r}")
    why = structural_key_problem(key)
    if why:
        raise BadFlag(f"{flag} {item}: {why}")
    return key, value


def parse_set(values: Sequence[str] | None) -> dict[str, Any]:
    """``KEY=VALUE`` pairs; values are read as YAML scalars (numbers, true/false, strings)."""
    from ruamel.yaml import YAML

    out: dict[str, Any] = {}
    y = YAML(typ="safe", pure=True)
    for item in values or ():
        k, v = split_assignment(item, "--set", "KEY=VALUE")
        try:
            out[k] = y.load(v) if v.strip() else ""
        except Exception:  # noqa: BLE001 - any unreadable value is bad input
            raise BadFlag(f"--set: cannot read the value of {k!r}: {v!r}") from None
    return out


def parse_sweep(values: Sequence[str] | None) -> Sweep:
    """``KEY=V1,V2,...`` flags as ``((key, (v1, v2, ...)), ...)``; values read as YAML scalars."""
    out: list[tuple[str, tuple[Any, ...]]] = []
    seen: set[str] = set()
    for item in values or ():
        key, rest = split_assignment(item, "--sweep", "KEY=V1,V2,...")
        if key in seen:
            raise BadFlag(f"--sweep: {key!r} is swept twice")
        seen.add(key)
        if any(c in rest for c in "[]{}"):  # a list or a mapping: no value of a sweep (and its commas are not ours)
            raise BadFlag(f"--sweep: {key}: a value must be a number, a word or true/false, got {rest.strip()!r}")
        parts = [p.strip() for p in rest.split(",")]
        if not rest.strip() or any(p == "" for p in parts):
            raise BadFlag(f"--sweep: {key}: expected a comma-separated list of values, got {rest!r}")
        try:
            vals = tuple(parse_set([f"{key}={p}"])[key] for p in parts)
        except BadFlag as e:  # (said of --set, where the value is read)
            raise BadFlag(*(line.replace("--set:", "--sweep:", 1) for line in e.lines)) from None
        for v in vals:
            if isinstance(v, dict | list):
                raise BadFlag(f"--sweep: {key}: a value must be a number, a word or true/false, got {v!r}")
        if len(set(map(repr, vals))) != len(vals):
            raise BadFlag(f"--sweep: {key}: a value is repeated in {rest!r}")
        out.append((key, vals))
    return tuple(out)


__all__ = ["STRUCTURAL_KEYS", "Sweep", "parse_set", "parse_sweep", "split_assignment", "structural_key_problem"]
