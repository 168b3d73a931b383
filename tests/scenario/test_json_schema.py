"""The exported JSON Schema in a standard validator (check-jsonschema, as editors and CI tools
use it): every bundled scenario, variant and template passes; schema-level mistakes fail."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mutanchiang_sim.scenario.jsonschema import scenario_json_schema
from mutanchiang_sim.scenario.template import template_text

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "scenario" / "broken"


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("schema") / "scenario.schema.json"
    p.write_text(json.dumps(scenario_json_schema()), encoding="utf-8")
    return p


def _check(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("check-jsonschema")
    assert exe, "check-jsonschema is a dev dependency: pip install -e '.[dev]'"
    return subprocess.run([exe, "--schemafile", str(schema), *map(str, files)], capture_output=True, text=True,
                          timeout=120)


def test_every_bundled_scenario_variant_and_template_passes(schema_file: Path, tmp_path: Path) -> None:
    template = tmp_path / "new.yaml"
    template.write_text(template_text(), encoding="utf-8")
    files = [*sorted((ROOT / "scenarios").glob("*.yaml")), ROOT / "tests" / "data" / "small.yaml", template]
    r = _check(schema_file, *files)
    assert r.returncode == 0, r.stdout + r.stderr


# (not bad_side: which side ids exist is the file's own ``sides``, checked by the loader: see
# tests/scenario/broken/bad_side.yaml in the broken corpus)
@pytest.mark.parametrize("name", ["bad_size", "bad_posture", "bad_unit_id", "format_two"])
def test_schema_mistakes_fail(schema_file: Path, name: str) -> None:
    assert _check(schema_file, BROKEN / f"{name}.yaml").returncode == 1


def test_a_variant_may_remove_items_but_not_invent_keys(schema_file: Path, tmp_path: Path) -> None:
    ok = tmp_path / "ok.yaml"
    ok.write_text("base: small.yaml\nevents:\n  - {id: withdraw, remove: true}\nunits:\n  - {id: s-rd2, men: 5000}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("base: small.yaml\nunits:\n  - {id: s-rd2, mne: 5000}\n")
    assert _check(schema_file, ok).returncode == 0
    assert _check(schema_file, bad).returncode == 1


def test_a_whole_scenario_still_needs_its_keys(schema_file: Path, tmp_path: Path) -> None:
    p = tmp_path / "whole.yaml"
    p.write_text("name: no map\nstart: '1945-08-12T06:00:00'\nturns: 4\n")
    r = _check(schema_file, p)
    assert r.returncode == 1 and "'map' is a required property" in r.stdout


def test_the_start_time_is_the_local_time_files_use(schema_file: Path, tmp_path: Path) -> None:
    text = (ROOT / "tests" / "data" / "small.yaml").read_text(encoding="utf-8")
    p = tmp_path / "t.yaml"
    p.write_text(text.replace('start: "1945-08-12T06:00:00"', 'start: "12 August 1945"'), encoding="utf-8")
    assert _check(schema_file, p).returncode == 1
