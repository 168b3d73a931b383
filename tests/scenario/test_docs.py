"""docs/scenarios.md: every key is described, and its variant examples are valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mutanchiang_sim.core.rules.coefficients import Rules
from mutanchiang_sim.scenario import validate_file
from mutanchiang_sim.scenario.schema import MapModel, ScenarioFile, SideModel, UnitModel

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("model", [ScenarioFile, MapModel, SideModel, UnitModel], ids=lambda m: m.__name__)
def test_every_key_is_documented(model) -> None:  # type: ignore[no-untyped-def]
    missing = [k for k in model.model_fields if f"`{k}`" not in DOC]
    assert not missing, f"docs/scenarios.md does not describe {missing}"


def test_every_rules_section_is_documented() -> None:
    missing = [k for k in Rules.model_fields if f"`rules.{k}`" not in DOC]
    assert not missing, "regenerate the rules tables: python -m mutanchiang_sim.scenario.docgen"


def test_the_variant_examples_are_valid(tmp_path: Path) -> None:
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S) if b.startswith("# ") and "base:" in b]
    assert len(blocks) == 2
    for k, text in enumerate(blocks):
        p = tmp_path / f"v{k}.yaml"
        p.write_text(text)
        assert validate_file(p) == [], text
