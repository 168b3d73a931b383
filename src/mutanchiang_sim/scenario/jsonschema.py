"""The scenario JSON Schema, for editors' autocomplete (``mutanchiang schema``)."""

from __future__ import annotations

from typing import Any

from .schema import ScenarioFile


def scenario_json_schema() -> dict[str, Any]:
    schema = ScenarioFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mutanchiang-sim scenario"
    return schema
