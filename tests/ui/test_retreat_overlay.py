"""The line of retreat overlay (#17 missing 7): each unit's cheapest way back to where its
scenario lets it go (the exit zone, else the supply sources), threatened and cut-off parts
marked, with its key in the map's corner."""

from __future__ import annotations

import pygame
from test_play import key

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.rules import movement
from mutanchiang_sim.ui import theme
from mutanchiang_sim.ui.app import build_game
from mutanchiang_sim.ui.map_overlays import OVERLAYS, legend, retreat_lines


def scene_of(app, small_path, side="japan"):  # type: ignore[no-untyped-def]
    scene = build_game(app, str(small_path), side, 1)
    app.push(scene)
    return scene


def put(state, uid: str, col: int, row: int) -> None:  # type: ignore[no-untyped-def]
    engine._place(state, state.unit_by_id[uid], state.scenario.map.index_of_offset(col, row))
    state.occ_version += 1


def test_the_japanese_fall_back_along_the_road_to_their_exit_zone(app, small_path) -> None:  # type: ignore[no-untyped-def]
    st = scene_of(app, small_path).state
    at = st.scenario.map.index_of_offset
    lines = retreat_lines(st, "japan")
    assert lines.to_exit and lines.rear == set(st.scenario.sides["japan"].exit_zone)
    # the 3rd Infantry Regiment in Riverton (5, 3): west along the East road, to (0, 3)
    assert lines.routes["j-ir3"] == tuple(at(c, 3) for c in (5, 4, 3, 2, 1, 0))
    assert set(lines.routes) == {u.id for u in st.units if u.side == "japan" and u.on_map}
    assert all(p[-1] in lines.rear for p in lines.routes.values()) and not lines.cut_off
    assert lines.threatened == set()  # the Soviets are still east of the river


def test_a_side_without_an_exit_zone_falls_back_to_its_supply_sources(app, small_path) -> None:  # type: ignore[no-untyped-def]
    st = scene_of(app, small_path, "soviet").state
    lines = retreat_lines(st, "soviet")
    assert not lines.to_exit and lines.rear == set(st.scenario.sides["soviet"].supply_sources)
    at = st.scenario.map.index_of_offset
    assert lines.routes["s-rd1"] == (at(8, 3), at(9, 3))  # one step along the road
    assert "s-rd3" not in lines.routes  # not on the map yet


def test_an_enemy_beside_the_road_threatens_it_and_one_on_it_turns_it_aside(app, small_path) -> None:  # type: ignore[no-untyped-def]
    st = scene_of(app, small_path).state
    at = st.scenario.map.index_of_offset
    put(st, "s-tb1", 2, 2)  # Soviet tanks beside the road, west of Riverton
    lines = retreat_lines(st, "japan")
    route = lines.routes["j-ir3"]
    assert at(2, 3) in route and at(2, 3) in lines.threatened
    assert lines.threatened == {i for p in lines.routes.values() for i in p} & movement.enemy_zoc(st, "japan")
    put(st, "s-tb1", 3, 3)  # now on the road itself: the way back goes round it
    route = retreat_lines(st, "japan").routes["j-ir3"]
    assert at(3, 3) not in route and route[-1] in st.scenario.sides["japan"].exit_zone


def test_a_unit_whose_way_back_the_enemy_holds_is_cut_off(app, small_path) -> None:  # type: ignore[no-untyped-def]
    st = scene_of(app, small_path, "soviet").state
    at = st.scenario.map.index_of_offset
    put(st, "s-rd2", 5, 6)  # a Soviet division on the west bank
    # the only ways back east are the two bridges, and the Japanese hold both west ends
    assert retreat_lines(st, "soviet").cut_off == ("s-rd2",)
    put(st, "j-ir1", 3, 1)  # the road bridge's end is left
    route = retreat_lines(st, "soviet").routes["s-rd2"]
    assert (at(6, 3), at(7, 3)) in zip(route, route[1:], strict=False)  # over the road bridge
    st.bridges_intact[0] = False  # and then it is blown
    assert retreat_lines(st, "soviet").cut_off == ("s-rd2",)


def test_under_fog_the_enemys_line_starts_only_from_units_you_see(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = build_game(app, str(small_path), "soviet", 1, fog=True)
    app.push(scene)
    hidden = scene.fogged()
    assert hidden
    lines = retreat_lines(scene.state, "japan", hidden)
    assert set(lines.routes).isdisjoint(hidden)


def test_o_reaches_the_line_of_retreat_and_draws_it_with_its_key(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = scene_of(app, small_path)
    scene.mouse = (-1, -1)
    while OVERLAYS[scene.overlay] != "line of retreat":
        key(app, pygame.K_o)
    at = scene.scenario.map.index_of_offset
    x, y = (int(v) for v in scene.map_view.centre_px(at(2, 3), scene.camera))
    app.frame()
    assert app.screen.get_at((x, y))[:3] == theme.side_palette(scene.scenario, "japan")["dot"]
    rows = legend(scene.state, "japan", "line of retreat")
    labels = [label for _, _, label in rows]
    assert labels[0] == "Japanese line of retreat, back to the exit zone"
    assert labels[1] == "Soviet line of retreat (the units you see), back to the supply sources"
    assert any("threatened" in s for s in labels) and any("cut off" in s for s in labels)
    key(app, pygame.K_o)
    assert OVERLAYS[scene.overlay] == "none"
    app.frame()
    assert app.screen.get_at((x, y))[:3] != theme.side_palette(scene.scenario, "japan")["dot"]


def test_every_overlay_has_a_key(app, small_path) -> None:  # type: ignore[no-untyped-def]
    st = scene_of(app, small_path).state
    for name in OVERLAYS[1:]:
        for side in ("japan", "soviet"):
            assert legend(st, side, name), (name, side)
    assert "no exit zone" in legend(st, "soviet", "exit zone")[0][2]
    assert legend(st, "japan", "none") == []
