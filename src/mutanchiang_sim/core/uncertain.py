"""Uncertain figures: a unit figure or a rule value a scenario gives as a range.

A scenario may write ``men: {low: 55000, high: 60000}`` (uniform) or ``{low, mode, high}``
(triangular). The built :class:`~.scenario_def.Scenario` holds the nominal value (the mode, or
the middle of the range) and lists the ranges in ``uncertain``; every game draws its own values
(:func:`draw_values`) when it begins, from a stream of its seed kept apart from the battle's and
the computer players' streams, so that the battle's dice are the same whatever was drawn
(common random numbers). Each figure has a stream of its own (named by its key) and is drawn
by its quantile (inverse CDF), so that adding or removing another range, or widening this one,
moves its draw no more than that.

A scenario without ranges draws nothing: it plays bit for bit as before.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .scenario_def import Scenario

DRAW_STREAM = 0xD7  # the spawn-key word of the draws' streams (the AI's is 0xA1)

Value = int | float


@dataclass(frozen=True)
class Uncertain:
    """One figure given as a range: its ``key`` (dotted, as ``--set`` takes it:
    ``units.jp-124d.men``, ``rules.nations.japan.quality``), its ends, its mode (None: uniform)
    and whether it is a whole number."""

    key: str
    low: float
    high: float
    mode: float | None = None
    whole: bool = False

    @property
    def kind(self) -> str:
        return "uniform" if self.mode is None else "triangular"

    def nominal(self) -> Value:
        """The value a scenario shows before a game draws: the mode, else the middle."""
        x = self.mode if self.mode is not None else (self.low + self.high) / 2
        return int(round(x)) if self.whole else float(x)

    def at(self, q: float) -> Value:
        """The value at quantile ``q`` in [0, 1) (the inverse of the distribution function).

        >>> Uncertain("x", 0.0, 10.0).at(0.25), Uncertain("x", 0.0, 10.0, 10.0).at(0.25)
        (2.5, 5.0)
        >>> [Uncertain("n", 1, 3, whole=True).at(q) for q in (0.0, 0.34, 0.99)]
        [1, 2, 3]
        """
        lo, hi = self.low, self.high
        if hi <= lo:
            return int(lo) if self.whole else float(lo)
        if self.mode is None:
            if self.whole:  # each whole number in [low, high] equally likely
                return int(min(hi, lo + math.floor(q * (hi - lo + 1))))
            return float(min(hi, max(lo, lo + q * (hi - lo))))
        c = self.mode
        split = (c - lo) / (hi - lo)
        if q < split:
            x = lo + math.sqrt(q * (hi - lo) * (c - lo))
        else:
            x = hi - math.sqrt((1 - q) * (hi - lo) * (hi - c))
        return int(min(hi, max(lo, round(x)))) if self.whole else float(min(hi, max(lo, x)))

    def contains(self, v: Any) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool) and self.low <= v <= self.high \
            and (not self.whole or float(v).is_integer())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "kind": self.kind, "low": self.low, "high": self.high}
        if self.mode is not None:
            out["mode"] = self.mode
        out["whole"] = self.whole
        return out


def draw_stream(seed: int | np.random.SeedSequence, key: str) -> np.random.Generator:
    """The generator of ``key``'s draw in the game seeded ``seed``: a stream of its own, apart
    from the engine's (``make_rng(seed)``) and the computer players' (``ai_rng_for(seed)``)."""
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))
    word = zlib.crc32(key.encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(ss.entropy, spawn_key=(*ss.spawn_key, DRAW_STREAM, word))))


def draw_values(scenario: Scenario, seed: int | np.random.SeedSequence) -> dict[str, Value]:
    """The values the game seeded ``seed`` plays with, one per range of the scenario (in its
    order); empty for a scenario without ranges."""
    return {u.key: u.at(float(draw_stream(seed, u.key).random())) for u in scenario.uncertain}


def check_values(scenario: Scenario, values: Mapping[str, Any]) -> dict[str, Value]:
    """``values`` (from a save or a replay) checked against the scenario's ranges: one value per
    range, each within it; ValueError (one line) otherwise."""
    ranges = {u.key: u for u in scenario.uncertain}
    if set(values) != set(ranges):
        missing = sorted(set(ranges) - set(values)) or sorted(set(values) - set(ranges))
        raise ValueError(f"the drawn values do not fit this scenario's ranges ({missing[0]})")
    for k, v in values.items():
        if not ranges[k].contains(v):
            raise ValueError(f"drawn value {k}={v!r} is outside its range [{ranges[k].low}, {ranges[k].high}]")
    return {u.key: (int(values[u.key]) if u.whole else float(values[u.key])) for u in scenario.uncertain}


MAP_SECTIONS = ("terrain", "movement")  # rules whose draws need a map of their own (see with_values)
UNIT_FIELDS = ("men", "tanks", "guns", "vehicles", "quality", "readiness", "entrenchment")


def with_values(scenario: Scenario, values: Mapping[str, Value]) -> Scenario:
    """The scenario with the drawn ``values`` in place of its nominal ones (``drawn`` records
    them). A drawn terrain or movement value gives the scenario a map of its own: the map holds
    the terrain's costs, and the computer players' memo of distances is kept per map and assumes
    its movement costs (so such a battle starts with that memo empty, as a first battle does);
    other draws share the map, and its memo, with every game of the scenario."""
    if not values:
        return scenario
    by_unit: dict[str, dict[str, Any]] = {}
    rule_values: dict[tuple[str, ...], Value] = {}
    for key, v in values.items():
        parts = key.split(".")
        if parts[0] == "units" and len(parts) >= 3 and parts[-1] in UNIT_FIELDS:
            by_unit.setdefault(".".join(parts[1:-1]), {})[parts[-1]] = v
        elif parts[0] == "rules" and len(parts) >= 3:
            rule_values[tuple(parts[1:])] = v
        else:
            raise ValueError(f"{key}: not a unit figure or a rule value")
    units = tuple(replace(u, **by_unit[u.id], men_start=0, tanks_start=0, guns_start=0) if u.id in by_unit else u
                  for u in scenario.units)
    if len(by_unit) != sum(1 for u in scenario.units if u.id in by_unit):
        raise ValueError(f"no unit {sorted(set(by_unit) - {u.id for u in scenario.units})[0]!r}")
    rules, gmap = scenario.rules, scenario.map
    if rule_values:
        from .rules.coefficients import Rules, clock_context

        data = rules.model_dump()
        for path, v in rule_values.items():
            node = data
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = v
        rules = Rules.model_validate(data, context=clock_context(scenario.turn_hours, scenario.map.hex_km))
        if any(path[0] in MAP_SECTIONS for path in rule_values):
            gmap = replace(gmap, terrain_rules=[rules.terrain[c] for c in gmap.terrain_codes])
    return replace(scenario, units=units, rules=rules, map=gmap, drawn=dict(values))


def drawn_scenario(scenario: Scenario, seed: int | np.random.SeedSequence) -> Scenario:
    """The scenario a game seeded ``seed`` plays: its ranges drawn (itself without ranges, or
    when its values are drawn already)."""
    if not scenario.uncertain or scenario.drawn:
        return scenario
    return with_values(scenario, draw_values(scenario, seed))
