"""The scenario JSON Schema, for editors' autocomplete and standard validators (``mutanchiang schema``).

One schema serves both kinds of file. A whole scenario must give every required key. A variant
(a file with ``base:``) changes a base scenario: nothing is required, and an item of a list of
records (units, events, places...) may be just its ``id`` (or ``name``) with ``remove: true``.
The schema's own properties are the variant's (what any file may hold, for autocomplete), and
``if``/``else`` on ``base`` holds a whole scenario to the full models too; the variant's models
are copies of the whole file's, named ``Variant...``, with nothing required.
"""

from __future__ import annotations

import copy
from typing import Any

from .ranges import add_ranges_to_schema
from .schema import ScenarioFile

VARIANT = "Variant"
REMOVE = {"const": True, "description": "in a variant: drop this item of the base scenario"}


def _relaxed(node: Any, keyed: bool = False) -> Any:
    """``node`` with every ``required`` dropped and every ``$defs`` reference pointing at its
    variant copy; a model with an ``id`` or ``name`` also takes ``remove: true``."""
    if isinstance(node, list):
        return [_relaxed(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for k, v in node.items():
        if k == "required":
            continue
        if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/"):
            out[k] = "#/$defs/" + VARIANT + v.rsplit("/", 1)[1]
        elif k == "properties" and isinstance(v, dict):
            out[k] = {name: _relaxed(p) for name, p in v.items()}
        else:
            out[k] = _relaxed(v)
    props = out.get("properties")
    if keyed and isinstance(props, dict) and ("id" in props or "name" in props):
        props["remove"] = dict(REMOVE)
    return out


def scenario_json_schema() -> dict[str, Any]:
    full = ScenarioFile.model_json_schema()
    defs: dict[str, Any] = full.pop("$defs", {})
    add_ranges_to_schema(defs)  # unit figures and rule values may be ranges (scenario.ranges)
    whole = copy.deepcopy(full)
    variant = _relaxed(full)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mutanchiang-sim scenario",
        "description": whole.get("description", ""),
        # what any file may hold (what editors complete from): the keys, nothing required...
        "type": "object",
        "properties": variant["properties"],
        "additionalProperties": False,
        # ...and a whole scenario (no base) is held to the full models as well
        "if": {"required": ["base"]},
        "else": whole,
        "$defs": {**defs, **{VARIANT + name: _relaxed(d, keyed=True) for name, d in defs.items()}},
    }
    return schema
