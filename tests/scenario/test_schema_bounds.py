"""The schema's bounds are the engine's: any value the exported JSON Schema allows for a rule
plays a battle without an internal error (#18 item 9). Values are drawn from the schema itself
(its minimum, maximum and points between), set with ``--set`` and played for a few turns."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutanchiang_sim.api import Game
from mutanchiang_sim.scenario.jsonschema import scenario_json_schema

SMALL = Path(__file__).resolve().parents[1] / "data" / "small.yaml"
# where the schema has a map of named entries, a name the small scenario has
MAX_ACTIONS = 250  # two or three turns of the small battle
NAMES = {"terrain": "h", "kinds": "rifle_division", "nations": "japan", "weather": "rain"}


def _numbers(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every number in the rules section: (dotted --set key, its schema)."""
    defs = schema.get("$defs", {})
    out: list[tuple[str, dict[str, Any]]] = []

    def walk(node: dict[str, Any], path: list[str]) -> None:
        if "$ref" in node:
            walk(defs[node["$ref"].rsplit("/", 1)[-1]], path)
            return
        for key in ("anyOf", "allOf", "oneOf"):
            for alt in node.get(key, []):
                if set(alt.get("properties", {})) != {"low", "mode", "high"}:  # (a range of the number: its ends are the number's)
                    walk(alt, path)
        if node.get("type") in ("number", "integer"):
            out.append((".".join(path), node))
        for name, sub in node.get("properties", {}).items():
            walk(sub, [*path, name])
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and path[-1] in NAMES:
            walk(extra, [*path, NAMES[path[-1]]])

    walk(schema["properties"]["rules"], ["rules"])
    return sorted({k: v for k, v in out}.items())


NUMBERS = _numbers(scenario_json_schema())


def test_every_rule_number_has_bounds_in_the_schema() -> None:
    assert len(NUMBERS) > 50
    unbounded = [k for k, s in NUMBERS
                 if not ({"minimum", "exclusiveMinimum"} & set(s) and {"maximum", "exclusiveMaximum"} & set(s))]
    assert unbounded == []


@st.composite
def allowed_value(draw: st.DrawFn) -> tuple[str, float]:
    key, s = draw(st.sampled_from(NUMBERS))
    lo = s.get("minimum", s.get("exclusiveMinimum"))
    hi = s.get("maximum", s.get("exclusiveMaximum"))
    if s.get("type") == "integer":
        lo_i = math.ceil(lo) + (1 if "exclusiveMinimum" in s and float(lo).is_integer() else 0)
        hi_i = math.floor(hi) - (1 if "exclusiveMaximum" in s and float(hi).is_integer() else 0)
        return key, draw(st.sampled_from([lo_i, hi_i]) | st.integers(lo_i, hi_i))
    edges = [lo if "minimum" in s else math.nextafter(lo, math.inf), hi if "maximum" in s else math.nextafter(hi, -math.inf)]
    return key, draw(st.sampled_from(edges) | st.floats(edges[0], edges[1]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(allowed_value())
def test_any_value_the_schema_allows_plays_a_battle(kv: tuple[str, float]) -> None:
    key, value = kv
    game = Game.load(SMALL, seed=3, overrides={key: value})  # what the schema allows, the model takes
    game.play(max_actions=MAX_ACTIONS)
    record = game.record()
    assert all(not isinstance(v, float) or math.isfinite(v) for v in record.values()), (key, value)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(allowed_value())
def test_any_value_the_schema_allows_plays_a_battle_long(kv: tuple[str, float]) -> None:
    test_any_value_the_schema_allows_plays_a_battle.hypothesis.inner_test(kv)  # type: ignore[attr-defined]
