"""ScenarioDocument: byte-exact round trips, local edits, undo/redo, safe saving."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from mutanchiang_sim.errors import ScenarioError
from mutanchiang_sim.scenario import load_scenario, validate_file
from mutanchiang_sim.scenario.document import ScenarioDocument
from mutanchiang_sim.scenario.template import template_text
from mutanchiang_sim.scenario.textpatch import patch_text

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "small.yaml"
BUNDLED = ROOT / "scenarios" / "mutanchiang_1945.yaml"
BROKEN = sorted((ROOT / "tests" / "scenario" / "broken").glob("*.yaml"))


def changed_lines(a: str, b: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for ln in difflib.unified_diff(a.splitlines(), b.splitlines(), n=0, lineterm=""):
        if ln.startswith("-") and not ln.startswith("---"):
            removed.append(ln[1:])
        elif ln.startswith("+") and not ln.startswith("+++"):
            added.append(ln[1:])
    return removed, added


def safe_load(text: str) -> object:
    return YAML(typ="safe", pure=True).load(text)  # YAML 1.2, as the loader's fallback reads it


def reads_back(text: str, doc: ScenarioDocument) -> None:
    assert _plain(safe_load(text)) == _plain(doc.data)


def _plain(x: object) -> object:
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


@pytest.fixture
def copy_of(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(src: Path) -> Path:
        dst = tmp_path / src.name
        shutil.copy(src, dst)
        return dst

    return make


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("src", [SMALL, BUNDLED], ids=["small", "bundled"])
def test_unchanged_save_gives_the_same_bytes(src: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    p = copy_of(src)
    before = p.read_bytes()
    doc = ScenarioDocument.open(p)
    assert doc.text() == doc.original and not doc.dirty
    assert doc.save() == []
    assert p.read_bytes() == before


@pytest.mark.parametrize("src", [SMALL, BUNDLED, *BROKEN[:20]], ids=lambda p: p.stem)
def test_patching_with_the_same_data_changes_nothing(src: Path) -> None:
    try:
        doc = ScenarioDocument.open(src)
    except ScenarioError:  # a broken file that does not parse has nothing to patch
        assert src in BROKEN, f"{src.name} must open"
        return
    assert patch_text(doc.original, doc._doc, doc.data) == doc.original


def test_edit_then_undo_gives_the_same_bytes(copy_of) -> None:  # type: ignore[no-untyped-def]
    p = copy_of(BUNDLED)
    before = p.read_bytes()
    doc = ScenarioDocument.open(p)
    doc.set_unit_field("sov-22rd", "men", 9999)
    doc.set_terrain(3, 3, "s")
    doc.undo()
    doc.undo()
    assert not doc.dirty
    assert doc.save() == [] and p.read_bytes() == before


# --- one edit, its lines only -----------------------------------------------------------------


@pytest.mark.parametrize("src,uid", [(SMALL, "s-rd2"), (BUNDLED, "sov-257tb")], ids=["small", "bundled"])
def test_one_unit_edit_changes_only_its_lines(src: Path, uid: str, copy_of) -> None:  # type: ignore[no-untyped-def]
    p = copy_of(src)
    before = p.read_text()
    doc = ScenarioDocument.open(p)
    doc.set_unit_field(uid, "men", 4321)
    assert doc.save() == []
    after = p.read_text()
    removed, added = changed_lines(before, after)
    assert len(removed) == len(added) == 1
    assert "men: 4321" in added[0] and added[0] == removed[0].replace(removed[0].split("men: ")[1].split(",")[0], "4321", 1)
    assert load_scenario(p).units[ScenarioDocument.open(p).unit_index(uid)].men == 4321


def test_moving_a_unit_keeps_its_comment_and_wrapping(copy_of) -> None:  # type: ignore[no-untyped-def]
    p = copy_of(BUNDLED)
    before = p.read_text()
    doc = ScenarioDocument.open(p)
    doc.move_unit("sov-300rd", (11, 24))
    doc.set_unit_field("sov-300rd", "tanks", 20)
    assert doc.save() == []
    removed, added = changed_lines(before, p.read_text())
    assert removed == ["     hex: [10, 24], men: 13200, tanks: 12, guns: 180, vehicles: 400, quality: 1.0, readiness: 0.85, posture: attack}  # men/guns [est]; SU-76 bn attached [est]"]
    assert added == [removed[0].replace("[10, 24]", "[11, 24]").replace("tanks: 12", "tanks: 20")]


def test_adding_a_key_to_a_wrapped_unit_rewraps_only_that_unit(copy_of) -> None:  # type: ignore[no-untyped-def]
    p = copy_of(BUNDLED)
    before = p.read_text()
    doc = ScenarioDocument.open(p)
    doc.set_unit_field("sov-77tb", "entrenchment", 1)
    text = doc.text()
    reads_back(text, doc)
    removed, added = changed_lines(before, text)
    assert all("sov-77tb" in ln or "hex: [12, 21]" in ln for ln in removed)
    assert "entrenchment: 1" in "".join(added) and all(len(ln) <= 160 for ln in added)


def test_painting_terrain_changes_one_row(copy_of) -> None:  # type: ignore[no-untyped-def]
    p = copy_of(BUNDLED)
    before = p.read_text()
    doc = ScenarioDocument.open(p)
    with doc.group():
        doc.set_terrain(0, 2, "s")
        doc.set_terrain(1, 2, "s")
    assert len(doc.undo_stack) == 1
    text = doc.text()
    removed, added = changed_lines(before, text)
    assert removed == ['    - "hhhhh.hhwwwwwwwwwwwwwww..t..wwwwwww"  # row  2 ~45.29N']
    assert added == ['    - "sshhh.hhwwwwwwwwwwwwwww..t..wwwwwww"  # row  2 ~45.29N']


def test_every_kind_of_edit_reads_back_and_stays_valid(copy_of) -> None:  # type: ignore[no-untyped-def]
    p = copy_of(SMALL)
    before = p.read_text()
    doc = ScenarioDocument.open(p)
    assert doc.toggle_river_edge((1, 6), (2, 6))
    assert doc.draw_route("roads", (9, 3), (9, 2))
    assert doc.draw_route("railways", (1, 6), (2, 6), name="Branch")
    assert doc.toggle_bridge((1, 6), (2, 6))
    doc.toggle_place((2, 7), name="Hamlet")
    assert doc.set_objective((2, 7), 3)
    uid = doc.add_unit({"name": "New Brigade", "side": "soviet", "kind": "tank_brigade", "size": "brigade", "hex": [8, 6],
                        "men": 1000, "tanks": 40})
    doc.move_unit("j-ac", (3, 3))
    doc.delete_unit("s-art")
    doc.set_unit_field("j-ir1", "quality", 0.8)
    assert doc.problems() == []
    assert doc.save() == []
    after = p.read_text()
    reads_back(after, doc)
    assert "# A small test scenario" in after
    scen = load_scenario(p)
    assert uid in {u.id for u in scen.units} and "s-art" not in {u.id for u in scen.units}
    assert any(b.name == "Bridge 1" for b in scen.map.bridges)
    assert any(pl.name == "Hamlet" and pl.vp == 3 for pl in scen.map.places)
    removed, added = changed_lines(before, after)
    assert len(removed) <= 6 and len(added) <= 12


def test_removing_edits_undo_cleanly() -> None:
    doc = ScenarioDocument.open(SMALL)
    assert doc.toggle_river_edge((6, 0), (7, 0))  # an existing edge: removed
    assert doc.toggle_bridge((6, 4), (7, 4))  # an existing bridge: removed
    assert doc.remove_route_hex("roads", (9, 3))
    doc.toggle_place((9, 3))  # Eastham had one hex: removed
    assert not doc.toggle_bridge((0, 0), (5, 5))  # not neighbours
    reads_back(doc.text(), doc)
    while doc.undo():
        pass
    assert doc.text() == doc.original
    while doc.redo():
        pass
    assert doc.dirty


# --- saving ---------------------------------------------------------------------------------


def test_an_invalid_document_is_never_written(copy_of) -> None:  # type: ignore[no-untyped-def]
    p = copy_of(SMALL)
    before = p.read_bytes()
    doc = ScenarioDocument.open(p)
    doc.move_unit("s-rd1", (3, 5))  # into the lake
    problems = doc.save()
    assert problems and "impassable" in problems[0].message
    assert p.read_bytes() == before
    assert [x.name for x in p.parent.iterdir()] == [p.name]  # no temporary file left


def test_save_as_writes_a_new_file(tmp_path: Path) -> None:
    doc = ScenarioDocument.open(SMALL)
    doc.set_unit_field("s-rd1", "men", 100)
    out = tmp_path / "copy.yaml"
    assert doc.save(out) == []
    assert validate_file(out) == [] and not doc.dirty and doc.path == out


# --- random edit sequences --------------------------------------------------------------------

_HEX = st.tuples(st.integers(0, 9), st.integers(0, 7))
_EDIT = st.one_of(
    st.tuples(st.just("terrain"), _HEX, st.sampled_from(list(".whmsct~"))),
    st.tuples(st.just("move"), st.sampled_from(["s-rd1", "s-tb1", "j-ir1", "j-ac"]), _HEX),
    st.tuples(st.just("field"), st.sampled_from(["s-rd2", "j-ir2"]), st.sampled_from(["men", "tanks", "guns", "quality", "note", "name"]),
              st.one_of(st.integers(0, 99999), st.floats(0.1, 2.0), st.text(max_size=12))),
    st.tuples(st.just("river"), _HEX, st.integers(0, 5)),
    st.tuples(st.just("road"), _HEX, st.integers(0, 5)),
    st.tuples(st.just("bridge"), _HEX, st.integers(0, 5)),
    st.tuples(st.just("place"), _HEX),
    st.tuples(st.just("add"), _HEX),
    st.tuples(st.just("delete"), st.sampled_from(["s-rd3", "j-ir3", "s-art"])),
    st.tuples(st.just("undo")),
)


def _neighbour(h: tuple[int, int], d: int) -> tuple[int, int]:
    from mutanchiang_sim.core.hexgrid import hex_to_offset, offset_to_hex

    return hex_to_offset(offset_to_hex(*h).neighbor(d))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_EDIT, max_size=10))
def test_random_edits_always_patch_to_the_new_data(edits: list[tuple]) -> None:  # type: ignore[type-arg]
    doc = ScenarioDocument.open(SMALL)
    for e in edits:
        kind = e[0]
        if kind == "terrain":
            doc.set_terrain(e[1][0], e[1][1], e[2])
        elif kind == "move" and doc.unit_index(e[1]) is not None:
            doc.move_unit(e[1], e[2])
        elif kind == "field" and doc.unit_index(e[1]) is not None:
            doc.set_unit_field(e[1], e[2], e[3])
        elif kind == "river":
            doc.toggle_river_edge(e[1], _neighbour(e[1], e[2]))
        elif kind == "road":
            doc.draw_route("roads", e[1], _neighbour(e[1], e[2]))
        elif kind == "bridge":
            doc.toggle_bridge(e[1], _neighbour(e[1], e[2]))
        elif kind == "place":
            doc.toggle_place(e[1])
        elif kind == "add":
            doc.add_unit({"name": "X", "side": "japan", "kind": "infantry_battalion", "size": "battalion", "hex": list(e[1]), "men": 500})
        elif kind == "delete" and doc.unit_index(e[1]) is not None:
            doc.delete_unit(e[1])
        elif kind == "undo":
            doc.undo()
    patched = patch_text(doc.original, doc._doc, doc.data)  # the local patch itself, not the dump fallback
    assert _plain(safe_load(patched)) == _plain(doc.data)
    assert "# A small test scenario" in patched


def test_template_round_trip() -> None:
    text = template_text(12, 10)
    doc = ScenarioDocument(Path("new.yaml"), text)
    assert doc.text() == text
    doc.set_terrain(0, 5, "h")
    removed, added = changed_lines(text, doc.text())
    assert len(removed) == len(added) == 1
