"""The editor's sides, weather and events pages (#17 missing 8): edited in the side panel like a
unit's fields, with the same live validation: a bad value shows its located problem, the file
on disk is never touched, and nothing typed is lost."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_editor import click, editor, key, post, type_text

from mutanchiang_sim.scenario import load_scenario, validate_file
from mutanchiang_sim.scenario.yaml_text import parse_text, plain
from mutanchiang_sim.ui.editor import EditorScene
from mutanchiang_sim.ui.editor_panel import flow


def tab(app, scene: EditorScene, name: str) -> None:  # type: ignore[no-untyped-def]
    click(app, next(r.center for r, what in scene.panel_buttons if what == f"tab:{name}"))
    assert scene.tab == name


def press(app, scene: EditorScene, what: str) -> None:  # type: ignore[no-untyped-def]
    click(app, next(r.center for r, w in scene.panel_buttons if w == what))


def field_at(scene: EditorScene, path: tuple, name: str) -> tuple[int, int]:  # type: ignore[type-arg]
    return next(f.rect.center for f in scene.fields if f.key == name and f.path == path)


def retype(app, scene: EditorScene, path: tuple, name: str, text: str) -> None:  # type: ignore[no-untyped-def, type-arg]
    click(app, field_at(scene, path, name))
    for _ in range(len(scene.edit_text)):
        key(app, pygame.K_BACKSPACE)
    type_text(app, text)
    key(app, pygame.K_RETURN)


def line_of(path: Path, needle: str) -> int:
    return next(k for k, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


def test_a_sides_fields_are_edited_checked_and_saved(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    before = scen_file.read_bytes()
    scene = editor(app, scen_file)
    tab(app, scene, "sides")
    retype(app, scene, ("sides", "soviet"), "colour", "#12345")  # one digit short
    scene.update(1.0)  # the debounced check runs
    bad = [p for p in scene.problems if "colour" in p.message or "pattern" in p.message]
    assert bad and bad[0].line == line_of(scen_file, 'colour: "#b2342a"')
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert scene.status.startswith("Not saved") and scen_file.read_bytes() == before
    retype(app, scene, ("sides", "soviet"), "colour", "#123456")
    retype(app, scene, ("sides", "soviet"), "name", "Red Army")
    click(app, field_at(scene, ("sides", "japan"), "role"))
    assert sorted(v for _, v in scene.choice_rects) == ["attack", "defend"]
    click(app, next(r.center for r, v in scene.choice_rects if v == "attack"))
    scene.update(1.0)
    assert scene.problems == []
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert validate_file(scen_file) == []
    sc = load_scenario(scen_file)
    assert (sc.sides["soviet"].name, sc.sides["soviet"].colour, sc.sides["japan"].role) == ("Red Army", "#123456", "attack")
    assert "# A small test scenario" in scen_file.read_text()


def test_weather_periods_are_added_edited_and_deleted(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    tab(app, scene, "weather")
    press(app, scene, "weather:add")
    assert scene.doc.data["weather"][-1] == {"from_turn": 5, "weather": "clear", "wet_ground": False}
    click(app, field_at(scene, ("weather", 2), "weather"))
    assert {v for _, v in scene.choice_rects} == set(scene.scenario.rules.weather)
    key(app, pygame.K_ESCAPE)
    retype(app, scene, ("weather", 2), "weather", "snowstorm")  # typed, not picked: no such weather
    scene.update(1.0)
    assert any("snowstorm" in p.message for p in scene.problems)
    retype(app, scene, ("weather", 2), "wet_ground", "maybe")  # not true or false: kept in the field
    assert "not true or false" in scene.status and scene.editing is not None and scene.edit_text == "maybe"
    key(app, pygame.K_ESCAPE)
    press(app, scene, "weather:del:2")
    scene.update(1.0)
    assert len(scene.doc.data["weather"]) == 2 and scene.problems == [] and not scene.doc.dirty
    retype(app, scene, ("weather", 1), "from_turn", "6")
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert load_scenario(scen_file).weather[5:7] == ("rain", "clear")


def test_events_are_stepped_through_edited_added_and_deleted(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    before = scen_file.read_bytes()
    scene = editor(app, scen_file)
    tab(app, scene, "events")
    assert scene.event_index == 0
    press(app, scene, "event:next")
    assert scene.event_index == 1
    press(app, scene, "event:prev")
    retype(app, scene, ("events", 0), "turn", "99")  # past the last turn
    scene.update(1.0)
    late = [p for p in scene.problems if "99" in p.message or "turn" in p.message]
    assert late and late[0].line == line_of(scen_file, "turn: 5")
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert scen_file.read_bytes() == before
    retype(app, scene, ("events", 0), "turn", "3")
    retype(app, scene, ("events", 0), "effects", "[{message: Rain stops play., order: {side: japan")
    assert "effects" in scene.status and scene.editing is not None  # broken YAML: the text stays
    assert scene.edit_text.endswith("{side: japan")
    type_text(app, ", order: withdraw}}]")  # put it right where it was left
    key(app, pygame.K_RETURN)
    assert scene.editing is None
    assert scene.doc.data["events"][0]["effects"] == [{"message": "Rain stops play.", "order": {"side": "japan", "order": "withdraw"}}]
    scene.update(1.0)
    assert any("effect" in p.message.lower() for p in scene.problems)  # one effect per entry
    retype(app, scene, ("events", 0), "effects", "[{message: Rain stops play.}, {order: {side: japan, order: withdraw}}]")
    retype(app, scene, ("events", 0), "when", "{side: soviet, place: Riverton}")
    press(app, scene, "event:add")
    assert scene.event_index == 2 and scene.doc.data["events"][2]["id"] == "event-3"
    retype(app, scene, ("events", 2), "text", "The Eastham garrison mutinies.")
    press(app, scene, "event:del")
    assert len(scene.doc.data["events"]) == 2
    scene.update(1.0)
    assert scene.problems == []
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    ev = load_scenario(scen_file).events[0]
    assert ev.trigger.turn == 3 and [e.kind for e in ev.effects] == ["message", "order"]
    assert ev.trigger.conditions or ev.trigger.side == "soviet"


def test_an_emptied_optional_field_leaves_the_file(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    tab(app, scene, "sides")
    retype(app, scene, ("sides", "japan"), "exit_requires_order", "")
    assert "exit_requires_order" not in scene.doc.data["sides"]["japan"]
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert scene.doc.data["sides"]["japan"]["exit_requires_order"] == "withdraw" and not scene.doc.dirty


def test_selecting_a_unit_shows_its_page(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    tab(app, scene, "events")
    click(app, scene.hex_centre(8, 3))
    app.frame()
    assert scene.selected == "s-rd1" and scene.tab == "unit"
    tab(app, scene, "weather")
    assert scene.selected is None


@pytest.mark.parametrize("name", ["mutanchiang_1945.yaml", "khalkhin_gol_1939.yaml"])
def test_every_bundled_condition_and_effect_reads_back_from_its_flow_text(name: str) -> None:
    data = parse_text(name, (Path(__file__).resolve().parents[2] / "scenarios" / name).read_text())
    values = [v for e in data["events"] for k, v in e.items() if k in ("when", "effects")]
    assert values
    for v in values:
        assert parse_text("x", f"value: {flow(v)}")["value"] == v
    assert flow({"a": "yes", "b": " x", "c": 'say "hi"', "d": [1, 2.5, None, True]}) == \
        '{a: "yes", b: " x", c: "say \\"hi\\"", d: [1, 2.5, null, true]}'


_scalars = st.none() | st.booleans() | st.integers(-10**9, 10**9) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3), max_leaves=8)


@given(_values)
@settings(max_examples=200, deadline=None)
def test_any_value_reads_back_from_its_flow_text(v: object) -> None:
    assert plain(parse_text("x", f"value: {flow(v)}")["value"]) == v


def test_a_sides_exit_zone_and_supply_sources_are_picked_on_the_map(app, scen_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """#17 leftovers: on the Sides page a button picks a side's exit-zone or supply-source hexes;
    clicking a hex on the map toggles it; the list is saved to the YAML and validated."""
    from mutanchiang_sim.ui.editor_tools import SideHexesTool

    scene = editor(app, scen_file)
    tab(app, scene, "sides")
    assert scene.doc.data["sides"]["japan"]["exit_zone"] == [[0, 2], [0, 3], [0, 4], [0, 5]]
    press(app, scene, "tool:hexes:japan:exit_zone")
    assert isinstance(scene.active_tool, SideHexesTool) and scene.tool == "hexes:japan:exit_zone"
    assert scene.status == "Picking the Japanese exit zone: click hexes on the map"
    # the zone is shaded on the map while it is picked: a hex of it differs from one outside it
    inside, outside = scene.hex_centre(0, 3), scene.hex_centre(1, 3)
    shaded = tuple(app.screen.get_at(inside))[:3]
    press(app, scene, "tool:select")  # done picking: the shading goes
    assert scene.tool == "select" and tuple(app.screen.get_at(inside))[:3] != shaded
    press(app, scene, "tool:hexes:japan:exit_zone")
    click(app, inside)  # in the zone: taken out
    assert scene.doc.data["sides"]["japan"]["exit_zone"] == [[0, 2], [0, 4], [0, 5]]
    click(app, outside)  # not in it: added
    assert scene.doc.data["sides"]["japan"]["exit_zone"] == [[0, 2], [0, 4], [0, 5], [1, 3]]
    assert "[1, 3] added to the Japanese exit zone" in scene.status
    # the Soviet supply sources, the same way; the side panel counts them
    press(app, scene, "tool:hexes:soviet:supply_sources")
    click(app, scene.hex_centre(9, 5))
    assert scene.doc.data["sides"]["soviet"]["supply_sources"] == [[9, 3], [9, 4], [9, 5]]
    assert scene.doc.data["sides"]["japan"]["exit_zone"] == [[0, 2], [0, 4], [0, 5], [1, 3]]
    key(app, pygame.K_z, pygame.KMOD_CTRL)  # one undo step a click
    assert scene.doc.data["sides"]["soviet"]["supply_sources"] == [[9, 3], [9, 4]]
    click(app, scene.hex_centre(9, 5))
    scene.update(1.0)
    assert scene.problems == []
    pygame.image.save(app.screen, str(tmp_path / "sides.png"))
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    saved = plain(parse_text(str(scen_file), scen_file.read_text()))
    assert saved["sides"]["soviet"]["supply_sources"] == [[9, 3], [9, 4], [9, 5]]
    assert saved["sides"]["japan"]["exit_zone"] == [[0, 2], [0, 4], [0, 5], [1, 3]]
    assert validate_file(scen_file) == []
    assert (9, 5) in {(h % 10, h // 10) for h in load_scenario(scen_file).sides["soviet"].supply_sources}
    # another page puts the hex picker down
    tab(app, scene, "weather")
    assert scene.tool == "select"


def test_a_weather_list_longer_than_the_panel_scrolls(app, scen_file: Path) -> None:  # type: ignore[no-untyped-def]
    scene = editor(app, scen_file)
    tab(app, scene, "weather")
    for _ in range(10):
        press(app, scene, "weather:add")
    periods = scene.doc.data["weather"]
    assert len(periods) == 12

    def shown() -> list[int]:
        return sorted({f.path[1] for f in scene.fields if f.path[:1] == ("weather",)})

    # the last one added is in sight, and the panel says how many are above it
    assert shown()[-1] == 11 and shown()[0] > 0 and scene.weather_first == shown()[0]
    assert any(w == "weather:up" for _, w in scene.panel_buttons)
    assert all(f.rect.bottom < app.size[1] for f in scene.fields)  # nothing drawn below the window
    n = len(shown())
    for _ in range(20):
        press(app, scene, "weather:up")
        if scene.weather_first == 0:
            break
    assert shown() == list(range(n)) and any(w == "weather:down" for _, w in scene.panel_buttons)
    assert not any(w == "weather:up" for _, w in scene.panel_buttons)
    # the mouse wheel over the panel scrolls it (and does not zoom the map)
    size = scene.camera.size
    over_panel = (scene.map_rect.right + 100, 300)
    pygame.mouse.set_pos(over_panel)
    post(app, pygame.event.Event(pygame.MOUSEMOTION, pos=over_panel, rel=(0, 0), buttons=(0, 0, 0)))
    assert pygame.mouse.get_pos() == over_panel
    post(app, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    assert shown()[0] == 1 and scene.camera.size == size
    post(app, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    assert shown()[0] == 0
    # a field of a period scrolled into view is edited as any
    scene.scroll_weather(100)
    app.frame()
    last = shown()[-1]
    assert last == 11
    retype(app, scene, ("weather", 11), "from_turn", "7")
    assert scene.doc.data["weather"][11]["from_turn"] == 7
