"""Validation: every problem at once, variants, safety against hostile files, fuzzing."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mutanchiang_sim.scenario import ScenarioError, load_scenario, loader, validate_file
from mutanchiang_sim.scenario.jsonschema import scenario_json_schema
from mutanchiang_sim.scenario.loader import validate_text

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "small.yaml"


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    s = SMALL.read_text()
    s = s.replace("turns: 8", "turns: 8\nturnz: 3")
    s = s.replace("men: 3000, guns: 12, entrenchment: 2", "men: -3000, guns: 12, entrenchment: 2")
    s = s.replace("hex: [9, 3], men: 1200", "hex: [19, 3], men: 1200")
    s = s.replace("blow_bridge: Rail bridge", "blow_bridge: Rail brige")
    s = s.replace("kind: artillery", "kind: artilery")
    s = s.replace("side: japan, kind: armoured_car", "side: japn, kind: armoured_car")
    problems = validate_file(write(tmp_path, "multi.yaml", s))
    text = "\n".join(str(p) for p in problems)
    lines = s.splitlines()
    expected = [
        ("turnz: unknown key 'turnz' (did you mean 'turns'?)", "turnz"),
        ("units[2].hex: hex [19, 3] is off the map", "[19, 3]"),
        ("units[3].kind: unknown unit kind 'artilery' (did you mean 'artillery'?)", "artilery"),
        ("units[5].men: Input should be greater than or equal to 0", "-3000"),
        ("units[8].side:", "japn"),
        ("events[1].effects[0].blow_bridge: no bridge named 'Rail brige' (did you mean 'Rail bridge'?)", "Rail brige"),
    ]
    assert len(problems) == len(expected), text
    for msg, marker in expected:
        line = next(k for k, ln in enumerate(lines, 1) if marker in ln)
        assert any(msg in p.message and p.line == line for p in problems), (msg, text)


def test_a_dropped_bridge_does_not_cause_false_reference_errors(tmp_path: Path) -> None:
    s = SMALL.read_text().replace("between: [[6, 4], [7, 4]]", "between: [[6, 4]]")
    problems = validate_file(write(tmp_path, "b.yaml", s))
    assert [p.message.split(":")[0] for p in problems] == ["map.bridges[1].between"]


def test_problem_positions_use_original_indices_after_dropping_items(tmp_path: Path) -> None:
    s = SMALL.read_text()
    s = s.replace("hex: [8, 3], men: 9000", "hex: [8, 3], men: -1")  # units[0]: schema error, dropped
    s = s.replace("kind: artillery", "kind: artilery")  # units[3]: semantic error
    problems = validate_file(write(tmp_path, "i.yaml", s))
    kinds = [p for p in problems if "artilery" in p.message]
    assert kinds and kinds[0].message.startswith("units[3].kind")
    assert "artilery" in s.splitlines()[kinds[0].line - 1]


def test_validate_text_matches_validate_file(tmp_path: Path) -> None:
    s = SMALL.read_text().replace("turns: 8", "turns: 0")
    p = write(tmp_path, "t.yaml", s)
    assert validate_text(p, s) == validate_file(p) != []
    assert validate_text(SMALL, SMALL.read_text()) == []


# --- variants -------------------------------------------------------------------------------


def test_variant_overrides_keyed_items_and_removes_some(tmp_path: Path) -> None:
    shutil.copy(SMALL, tmp_path / "base.yaml")
    v = write(tmp_path, "no_withdrawal.yaml", """\
# What if the defenders were never ordered to withdraw, and the rail bridge were already down?
base: base.yaml
name: No withdrawal order
events:
  - {id: withdraw, remove: true}
map:
  bridges:
    - {name: Rail bridge, intact: false}
units:
  - {id: s-rd1, men: 7000}
  - {id: s-new, name: New Division, side: soviet, kind: rifle_division, size: division, hex: [9, 5], men: 5000}
""")
    assert validate_file(v) == []
    base, var = load_scenario(tmp_path / "base.yaml"), load_scenario(v)
    assert var.name == "No withdrawal order"
    assert [e.id for e in var.events] == ["rail-bridge-blown"]
    assert {b.name: b.intact for b in var.map.bridges} == {"Road bridge": True, "Rail bridge": False}
    men = {u.id: u.men for u in var.units}
    assert men["s-rd1"] == 7000 and men["s-new"] == 5000 and len(var.units) == len(base.units) + 1
    assert var.source_sha256 != base.source_sha256


def test_variant_of_the_bundled_scenario_by_name(tmp_path: Path) -> None:
    v = write(tmp_path, "intact.yaml", """\
base: mutanchiang_1945.yaml
name: Bridges intact
events:
  - {id: hualin-bridges-blown, remove: true}
  - {id: east-bridges-blown, remove: true}
  - {id: south-bridge-blown, remove: true}
""")
    assert validate_file(v) == []
    assert not any(e.id.endswith("blown") for e in load_scenario(v).events)


def test_variant_errors_point_into_the_variant(tmp_path: Path) -> None:
    shutil.copy(SMALL, tmp_path / "base.yaml")
    v = write(tmp_path, "v.yaml", "base: base.yaml\nname: V\nunits:\n  - {id: s-rd1, kind: rifle_divison}\n")
    problems = validate_file(v)
    assert [(p.file, p.line) for p in problems] == [(str(v), 4)]
    assert "did you mean 'rifle_division'" in problems[0].message


def test_variant_chains_are_limited(tmp_path: Path) -> None:
    shutil.copy(SMALL, tmp_path / "v0.yaml")
    for k in range(1, 7):
        write(tmp_path, f"v{k}.yaml", f"base: v{k - 1}.yaml\nname: V{k}\n")
    assert validate_file(tmp_path / "v3.yaml") == []
    assert "nest too deeply" in str(validate_file(tmp_path / "v6.yaml")[0])


def test_variant_cycles_are_caught(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "base: b.yaml\nname: A\n")
    write(tmp_path, "b.yaml", "base: a.yaml\nname: B\n")
    problems = validate_file(tmp_path / "a.yaml")
    assert problems and problems[0].line == 1
    assert "go round in a loop (a.yaml -> b.yaml -> a.yaml)" in problems[0].message


# --- safety ---------------------------------------------------------------------------------


def test_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    p = write(tmp_path, "evil.yaml", f'name: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert "not allowed" in str(validate_file(p)[0])
    p2 = write(tmp_path, "evil2.yaml", f'!!python/object/apply:os.system ["touch {marker}"]\n')
    assert validate_file(p2)
    assert not marker.exists()


def test_alias_bombs_are_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 9):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]")
    p = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    t0 = time.perf_counter()
    problems = validate_file(p)
    assert time.perf_counter() - t0 < 5
    assert "expands to more than" in problems[0].message


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mutanchiang_sim.scenario import yaml_text

    monkeypatch.setattr(yaml_text, "MAX_BYTES", 1000)  # reading a file
    monkeypatch.setattr(loader, "MAX_BYTES", 1000)  # checking the editor's text
    assert "larger than" in validate_file(SMALL)[0].message
    assert "larger than" in loader.validate_text(SMALL, SMALL.read_text())[0].message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in validate_file(tmp_path / "none.yaml")[0].message
    assert "directory" in validate_file(tmp_path)[0].message


def test_base_cannot_escape_the_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(SMALL, tmp_path / "outside.yaml")
    v = write(tmp_path / "sub", "v.yaml", "base: ../outside.yaml\nname: V\n")
    assert "outside the scenario's folder" in validate_file(v)[0].message
    v2 = write(tmp_path / "sub", "v2.yaml", f"base: {tmp_path / 'outside.yaml'}\nname: V\n")
    assert "outside the scenario's folder" in validate_file(v2)[0].message


# --- the schema -----------------------------------------------------------------------------


def _without_defaults(node: object) -> object:
    if isinstance(node, dict):
        return {k: _without_defaults(v) for k, v in node.items() if k != "default"}
    if isinstance(node, list):
        return [_without_defaults(v) for v in node]
    return node


def test_the_json_schema_file_is_up_to_date() -> None:
    """Keys and types must match (coefficient defaults are tuned often; they may lag)."""
    on_disk = json.loads((ROOT / "docs" / "scenario.schema.json").read_text())
    assert _without_defaults(on_disk) == _without_defaults(scenario_json_schema()), (
        "regenerate: mutanchiang schema > docs/scenario.schema.json"
    )


def test_bundled_scenario_points_at_the_schema() -> None:
    first = (ROOT / "scenarios" / "mutanchiang_1945.yaml").read_text().splitlines()[0]
    ref = first.split("$schema=", 1)[1]
    assert first.startswith("# yaml-language-server: $schema=")
    assert ((ROOT / "scenarios") / ref).resolve() == (ROOT / "docs" / "scenario.schema.json").resolve()


# --- fuzzing: only clean errors ---------------------------------------------------------------


def _check_clean(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "f.yaml"
        p.write_bytes(data)
        problems = validate_file(p)
        for pr in problems:
            assert pr.line >= 1 and pr.col >= 1 and pr.message
        try:
            load_scenario(p)
        except ScenarioError:
            pass


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    _check_clean(data)


_SMALL_TEXT = SMALL.read_text()
_TOKENS = [":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "\t", "\n", "'", '"', "#", "-1", "99", "~",
           "null", "true", "1e999", ".nan", "x" * 40, "  ", "?", "|", ">", "%", "@", "\x00", "é",
           # tags and values on which ruamel's round-trip constructor itself raised (TypeError,
           # AttributeError, ValueError, IndexError, KeyError) before the loader caught them all
           "!!set ", "!!int ", "!!bool ", "!!float ", "!!timestamp ", "2019-13-45", "<<: *a"]


@pytest.mark.slow
@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(_SMALL_TEXT)), st.integers(0, 6), st.sampled_from(_TOKENS)), max_size=6))
@example(edits=[(1214, 0, ":")])  # a flow mapping turned into a key: ruamel raised TypeError
def test_fuzz_mutated_scenario(edits: list[tuple[int, int, str]]) -> None:
    s = _SMALL_TEXT
    for at, cut, tok in edits:
        at = min(at, len(s))
        s = s[:at] + tok + s[at + cut:]
    _check_clean(s.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@FUZZ
@given(st.lists(st.integers(0, _SMALL_TEXT.count("\n")), max_size=8, unique=True))
def test_fuzz_deleted_lines(drop: list[int]) -> None:
    lines = _SMALL_TEXT.split("\n")
    _check_clean("\n".join(ln for k, ln in enumerate(lines) if k not in drop).encode())


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=True), st.text(max_size=6),
                    st.lists(st.integers(-2, 12), max_size=5))


@pytest.mark.slow
@FUZZ
@given(st.sampled_from(["turns", "map.width", "map.terrain.2", "units.s-rd1.hex", "units.s-rd1.men", "units.j-ac.kind",
                        "events.withdraw.turn", "weather.0.from_turn", "map.bridges.0.between", "city", "sides.japan",
                        "rules.combat.noise_sigma", "map.places.0.hexes", "map.rivers.0.edges.3"]), _VALUES)
def test_fuzz_overrides(key: str, value: object) -> None:
    try:
        load_scenario(SMALL, {key: value})
    except ScenarioError as e:
        assert e.problems


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_scenarios_and_what_ifs_are_valid_and_point_at_the_schema(path: Path) -> None:
    assert validate_file(path) == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json"


def test_the_scenario_fingerprint_is_its_content_not_its_bytes(tmp_path, small_path) -> None:  # type: ignore[no-untyped-def]
    """A save or a batch folder keeps working after a comment or a layout change of its
    scenario, or a move to another folder; any changed value makes it another scenario."""
    from mutanchiang_sim.scenario import load_scenario

    text = small_path.read_text()
    first = load_scenario(small_path).source_sha256
    moved = tmp_path / "elsewhere.yaml"
    moved.write_text("# a comment on top\n" + text.replace("turns: 8", "turns:    8   # eight"))
    assert load_scenario(moved).source_sha256 == first
    moved.write_text(text.replace("men: 9000", "men: 9001", 1))
    assert load_scenario(moved).source_sha256 != first
