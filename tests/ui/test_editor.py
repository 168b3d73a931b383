"""The scenario editor driven headless with injected pygame events."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pygame
import pytest

from mutanchiang_sim.cli import main
from mutanchiang_sim.scenario import load_scenario, validate_file
from mutanchiang_sim.scenario.document import ScenarioDocument
from mutanchiang_sim.ui.editor import EditorScene


def editor(app, path: Path) -> EditorScene:  # type: ignore[no-untyped-def]
    scene = EditorScene(app, ScenarioDocument.open(path))
    app.push(scene)
    app.frame()
    return scene


def post(app, *events: pygame.event.Event) -> None:  # type: ignore[no-untyped-def]
    for ev in events:
        pygame.event.post(ev)
    app.frame()


def click(app, pos: tuple[int, int], button: int = 1) -> None:  # type: ignore[no-untyped-def]
    post(app, pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
         pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
         pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))


def drag(app, path: list[tuple[int, int]], button: int = 1) -> None:  # type: ignore[no-untyped-def]
    events = [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=path[0], button=button)]
    prev = path[0]
    for p in path[1:]:
        events.append(pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(p[0] - prev[0], p[1] - prev[1]), buttons=(1, 0, 0)))
        prev = p
    events.append(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=path[-1], button=button))
    post(app, *events)


def key(app, k: int, mod: int = 0, uni: str = "") -> None:  # type: ignore[no-untyped-def]
    post(app, pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=uni, scancode=0))


def type_text(app, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        key(app, ord(ch) if ch.isalnum() else 0, 0, ch)


def button(scene: EditorScene, name: str) -> tuple[int, int]:
    return next(b.rect.center for b in scene.buttons if b.name == name)


def field(scene: EditorScene, name: str) -> tuple[int, int]:
    return next(f.rect.center for f in scene.fields if f.key == name)


def edge_point(scene: EditorScene, a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    ax, ay = scene.hex_centre(*a)
    bx, by = scene.hex_centre(*b)
    return (int(ax + (bx - ax) * 0.4), int(ay + (by - ay) * 0.4))


def changed(before: str, after: str) -> list[str]:
    return [ln for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
            if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]


def test_paint_a_hex_save_and_reload(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    before = scen_file.read_text()
    scene = editor(app, scen_file)
    click(app, button(scene, "terrain:s"))
    assert scene.tool == "terrain:s"
    click(app, scene.hex_centre(1, 2))
    assert scene.doc.terrain_at(1, 2) == "s"
    assert scene.scenario.map.terrain_codes[scene.scenario.map.terrain[2, 1]] == "s"  # the picture follows
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert scene.status.startswith("Saved")
    assert changed(before, scen_file.read_text()) == ['-    - "..hh..w..."', '+    - ".shh..w..."']
    assert load_scenario(scen_file).map.terrain_codes[load_scenario(scen_file).map.terrain[2, 1]] == "s"


def test_a_brush_stroke_is_one_undo_step(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    key(app, pygame.K_v)
    click(app, button(scene, "terrain:w"))
    drag(app, [scene.hex_centre(0, 7), scene.hex_centre(1, 7), scene.hex_centre(2, 7)])
    assert [scene.doc.terrain_at(c, 7) for c in range(3)] == ["w", "w", "w"]
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert [scene.doc.terrain_at(c, 7) for c in range(3)] == [".", ".", "."]
    key(app, pygame.K_y, pygame.KMOD_CTRL)
    assert scene.doc.terrain_at(2, 7) == "w"


def test_place_a_unit_edit_its_numbers_save_and_reload(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    key(app, pygame.K_1)
    assert scene.tool == "unit:soviet"
    click(app, scene.hex_centre(8, 6))
    uid = scene.selected
    assert uid is not None and scene.doc.units_at((8, 6))
    click(app, field(scene, "men"))
    for _ in range(6):
        key(app, pygame.K_BACKSPACE)
    type_text(app, "5000")
    key(app, pygame.K_RETURN)
    click(app, field(scene, "name"))
    for _ in range(40):
        key(app, pygame.K_BACKSPACE)
    type_text(app, "Guards Division")
    key(app, pygame.K_TAB)  # commits and moves on to the next field
    assert scene.editing is not None and scene.editing.key == "kind"
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert validate_file(scen_file) == []
    unit = next(u for u in load_scenario(scen_file).units if u.id == uid)
    assert (unit.men, unit.name, unit.side) == (5000, "Guards Division", "soviet")
    assert "# A small test scenario" in scen_file.read_text()


def test_a_bad_number_is_refused(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    click(app, scene.hex_centre(8, 3))
    assert scene.selected == "s-rd1"
    click(app, field(scene, "men"))
    type_text(app, "x")
    key(app, pygame.K_RETURN)
    assert "not an integer" in scene.status
    assert scene.doc.get(("units", 0, "men")) == 9000 and not scene.doc.dirty


def test_move_and_delete_units(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    drag(app, [scene.hex_centre(8, 3), scene.hex_centre(8, 2)])
    assert scene.doc.get(("units", 0, "hex")) == [8, 2]
    click(app, scene.hex_centre(9, 4))
    assert scene.selected == "s-art"
    key(app, pygame.K_DELETE)
    assert scene.doc.unit_index("s-art") is None
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert scene.doc.unit_index("s-art") is not None


def test_rivers_roads_bridges_places_objectives(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    key(app, pygame.K_r)
    click(app, edge_point(scene, (2, 6), (3, 6)))
    assert scene.doc.river_at((2, 6), (3, 6)) is not None
    key(app, pygame.K_b)
    click(app, edge_point(scene, (2, 6), (3, 6)))
    assert any(sorted(b["between"]) == [[2, 6], [3, 6]] for b in scene.doc.data["map"]["bridges"])
    key(app, pygame.K_o)
    drag(app, [scene.hex_centre(1, 6), scene.hex_centre(2, 6), scene.hex_centre(3, 6)])
    assert scene.doc.data["map"]["roads"][-1]["hexes"] == [[1, 6], [2, 6], [3, 6]]
    key(app, pygame.K_p)
    click(app, scene.hex_centre(1, 6))
    pi = scene.doc.place_at((1, 6))
    assert pi is not None
    key(app, pygame.K_j)
    click(app, scene.hex_centre(1, 6))
    assert scene.doc.get(("map", "places", pi, "vp")) == 5
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert scene.status.startswith("Saved"), scene.problems
    scen = load_scenario(scen_file)
    assert len(scen.map.bridges) == 3 and any(p.vp == 5 for p in scen.map.places)


def test_invalid_edits_are_listed_and_never_saved(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    before = scen_file.read_bytes()
    scene = editor(app, scen_file)
    assert scene.problems == []
    click(app, button(scene, "terrain:~"))
    click(app, scene.hex_centre(8, 3))  # under the 1st Rifle Division
    scene.update(1.0)  # the debounced check runs
    assert any("impassable" in p.message for p in scene.problems)
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert scene.status.startswith("Not saved")
    assert scen_file.read_bytes() == before
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    scene.update(1.0)
    assert scene.problems == []


def test_escape_asks_before_dropping_changes(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    key(app, pygame.K_2)
    click(app, scene.hex_centre(1, 1))
    key(app, pygame.K_ESCAPE)
    assert app.running and "Unsaved" in scene.status
    key(app, pygame.K_ESCAPE)
    assert not app.running


def test_edit_screenshot(tmp_path: Path, small_path: Path) -> None:
    out = tmp_path / "editor.png"
    assert main(["edit", str(small_path), "--screenshot", str(out)]) == 0
    assert out.stat().st_size > 10_000


def test_edit_refuses_variants_and_broken_files(tmp_path: Path, small_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(small_path, tmp_path / "base.yaml")
    (tmp_path / "v.yaml").write_text("base: base.yaml\nname: V\n")
    assert main(["edit", str(tmp_path / "v.yaml"), "--screenshot", str(tmp_path / "x.png")]) == 2
    (tmp_path / "b.yaml").write_text("name: [\n")
    assert main(["edit", str(tmp_path / "b.yaml"), "--screenshot", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "variant" in err and "b.yaml:1:" in err and "Traceback" not in err


def test_the_side_panel_lists_the_time_line(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    assert scene.timeline() == [
        ("12 Aug 06:00", "weather: rain, wet ground"),
        ("13 Aug 06:00", "weather: clear"),
        ("13 Aug 12:00", "withdraw: order japan: withdraw"),
        ("when held", "rail-bridge-blown: blow bridge"),
    ]


def test_the_right_button_cuts_roads_pans_with_select_and_adds_with_a_unit_tool(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    key(app, pygame.K_o)
    drag(app, [scene.hex_centre(1, 6), scene.hex_centre(2, 6), scene.hex_centre(3, 6)])
    assert scene.doc.data["map"]["roads"][-1]["hexes"] == [[1, 6], [2, 6], [3, 6]]
    click(app, scene.hex_centre(2, 6), button=3)  # the road tool's right button cuts the hex out
    assert not any([2, 6] in r["hexes"] for r in scene.doc.data["map"]["roads"])
    key(app, pygame.K_v)
    for _ in range(3):
        key(app, pygame.K_PLUS)  # closer in, so that there is room to pan
    text, before = scen_file.read_text(), (scene.camera.cx, scene.camera.cy)
    revision = scene.doc.revision
    start = scene.hex_centre(8, 3)  # on the 1st Rifle Division: the right button still only pans
    drag(app, [start, (start[0] + 40, start[1]), (start[0] + 80, start[1])], button=3)
    assert (scene.camera.cx, scene.camera.cy) != before
    assert scene.selected is None and scene.doc.revision == revision and scen_file.read_text() == text
    key(app, pygame.K_2)
    click(app, scene.hex_centre(1, 1), button=3)  # a unit tool has no use for panning: it adds
    assert scene.doc.units_at((1, 1)) and scene.selected is not None


def test_enumerations_are_pick_lists(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    """kind, side, size and posture offer their values to click (or Up/Down), not free text (#17)."""
    scene = editor(app, scen_file)
    key(app, pygame.K_1)
    click(app, scene.hex_centre(8, 6))
    uid = scene.selected
    click(app, field(scene, "posture"))
    app.frame()
    values = [v for _, v in scene.choice_rects]
    assert "fortified" in values and "prepared" in values
    click(app, next(r.center for r, v in scene.choice_rects if v == "fortified"))
    k = scene.doc.unit_index(uid)
    assert scene.editing is None and scene.doc.get(("units", k, "posture")) == "fortified"
    click(app, field(scene, "side"))
    app.frame()
    assert sorted(v for _, v in scene.choice_rects) == sorted(scene.scenario.side_ids)
    before = scene.doc.get(("units", k, "side"))
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)
    assert scene.doc.get(("units", k, "side")) != before
    click(app, field(scene, "kind"))
    app.frame()
    assert {v for _, v in scene.choice_rects} <= set(scene.scenario.rules.kinds) and scene.choice_rects


def test_the_editor_opens_the_second_battle(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = Path(__file__).resolve().parents[2] / "scenarios"
    shutil.copy(src / "khalkhin_gol_1939.yaml", tmp_path / "kg.yaml")  # its rules file is found among the bundled ones
    scene = editor(app, tmp_path / "kg.yaml")
    assert scene.doc.data["name"].startswith("Khalkhin Gol")
    assert validate_file(tmp_path / "kg.yaml") == []


def test_a_file_with_ranges_is_drawn_with_its_units_at_their_nominal_values(tmp_path: Path, small_path: Path) -> None:
    from mutanchiang_sim.ui.editor import build_picture

    p = tmp_path / "ranged.yaml"
    p.write_text(small_path.read_text(encoding="utf-8").replace(
        "men: 3000, guns: 12, entrenchment: 2", "men: {low: 2500, mode: 2800, high: 3500}, guns: 12, entrenchment: 2"))
    picture = build_picture(ScenarioDocument.open(p).data)
    assert len(picture.units) == len(load_scenario(small_path).units)
    assert next(u for u in picture.units if u.id == "j-ir1").men == 2800
