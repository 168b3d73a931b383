"""The defects a player found (#17), each driven headless through the game window."""

from __future__ import annotations

import pygame
import pytest
from test_play import key

from mutanchiang_sim.core.actions import Move
from mutanchiang_sim.core.rules import movement
from mutanchiang_sim.ui.app import build_game
from mutanchiang_sim.ui.attack_preview import draw_attack_panel


def game(app, path, side="soviet", seed=1, **kw):  # type: ignore[no-untyped-def]
    scene = build_game(app, str(path), side, seed, **kw)
    app.push(scene)
    app.frame()
    return scene


def click(app, pos: tuple[int, int], button: int = 1, mod: int = 0) -> None:  # type: ignore[no-untyped-def]
    pygame.key.set_mods(mod)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
    app.frame()
    pygame.key.set_mods(0)


def move_next_to(scene, uid: str, target: int) -> None:  # type: ignore[no-untyped-def]
    u = scene.state.unit_by_id[uid]
    reach = scene.session.reach(u)
    near = [j for j in scene.scenario.map.neighbor_lists[target] if j in reach and not scene.state.units_at(j)]
    best = min(near, key=lambda j: reach[j][0])
    scene.do(Move(uid, movement.path_to(reach, u.hex, best)), human=True)


def bundled_attack(app, bundled_path):  # type: ignore[no-untyped-def]
    """Seed 7, Soviet: the 300th and 22nd Rifle Divisions on the 369th Infantry Regiment at (10, 26)."""
    scene = game(app, bundled_path, "soviet", 7)
    target = scene.scenario.map.index_of_offset(10, 26)
    for uid in ("sov-300rd", "sov-22rd"):
        move_next_to(scene, uid, target)
    assert scene.open_attack(target)
    return scene, target


# --- 1 and 2: the combat report and the preview count men, tanks and guns of both sides --------

def test_the_preview_shows_men_tanks_and_guns_of_both_sides_and_each_outcome(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    scene, _ = bundled_attack(app, bundled_path)
    col = draw_attack_panel(None, scene.preview_rect(), scene.state, scene.plan)
    text = " | ".join(col.lines)
    for word in ("men", "tanks", "guns", "yours", "theirs", "holds", "falls back", "routs"):
        assert word in text, word
    assert any(line.startswith("Defence: ") and "terrain" in line for line in col.lines)  # itemised
    assert col.overflow == []  # (defect 4: nothing clipped)


def test_the_floater_and_log_give_the_whole_cost(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    scene, target = bundled_attack(app, bundled_path)
    before = sum(u.casualties for u in scene.state.units_at(target))
    defenders = list(scene.state.units_at(target))
    key(app, pygame.K_RETURN)
    lost = sum(u.casualties for u in defenders) - before
    combat_lines = [t for k, t in scene.session.log if k == "combat"]
    assert f"defenders lose {lost:,} men" in combat_lines[-1]
    assert any(f"-{lost:,}" in txt for f in scene.floaters for txt, _ in f.lines)


# --- 3: clicking a friend selects it; Shift+click stacks -----------------------------------------

def test_clicking_a_friend_selects_it_and_shift_click_stacks(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, bundled_path, "soviet", 7)
    first, second = scene.state.unit_by_id["sov-300rd"], scene.state.unit_by_id["sov-22rd"]
    scene.selected = first.id
    scene.center_on_hex(second.hex)
    app.frame()
    assert second.hex in scene.reach()
    start, mp = first.hex, first.mp_left
    pos = tuple(int(v) for v in scene.map_view.centre_px(second.hex, scene.camera))
    click(app, pos)
    assert scene.selected == second.id and first.hex == start and first.mp_left == mp
    scene.selected = first.id
    click(app, pos, mod=pygame.KMOD_SHIFT)
    assert first.hex == second.hex


# --- 4: text wraps or shrinks, never cuts -------------------------------------------------------

def test_every_unit_panel_fits(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui import game_drawing
    from mutanchiang_sim.ui.panels import draw_unit_panel

    scene = game(app, bundled_path, "soviet", 7)
    names = []
    for u in scene.state.units:
        if not u.on_map:
            continue
        col = draw_unit_panel(app.screen, scene.info_rect, scene.state, u, scene.painter,
                              game_drawing.order_hint(scene.session, u))
        assert col.overflow == [], u.name
        names.append(u.name)
    assert any(len(n) > 30 for n in names)  # a long title among them


# --- 7: the hand-over screen takes Ctrl+Q and Esc ---------------------------------------------

def test_the_hand_over_screen_quits_and_opens_the_menu(app, small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui.overlays import HandOverOverlay, MenuOverlay

    scene = game(app, small_path, "both", 1, fog=True)
    key(app, pygame.K_e)
    app.frame()
    assert isinstance(app.top, HandOverOverlay)
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, MenuOverlay)
    key(app, pygame.K_ESCAPE)  # back to the blank screen, not to the map
    assert isinstance(app.top, HandOverOverlay)
    key(app, pygame.K_q, pygame.KMOD_CTRL)
    assert not app.running
    assert scene.viewer() == "japan"


# --- 9: a toast goes after its seconds of real time, however slow the frames ---------------------

def test_a_toast_goes_in_real_time(app, small_path) -> None:  # type: ignore[no-untyped-def]
    import time

    scene = game(app, small_path)
    key(app, pygame.K_PLUS)
    assert scene.toast_showing() and "Computer speed" in scene.toast_text
    scene.toast("Computer speed: instant", 0.05)
    time.sleep(0.08)
    app.frame(dt=0.001)  # a frame that reports hardly any time passing
    assert not scene.toast_showing()


# --- 5: the top bar's right-hand text never runs over the standing ------------------------------

@pytest.mark.parametrize("width", [1280, 1024, 960, 800])
def test_the_top_bar_items_never_overlap(app, bundled_path, width: int) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui.panels import draw_top_bar

    scene = game(app, bundled_path, "soviet", 7)
    placed = draw_top_bar(app.screen, pygame.Rect(0, 0, width, 40), scene.state,
                          "REPLAY  action 0/136  mutanchiang-replay-of-a-long-battle.json")
    assert "right" in placed and "time" in placed and "vp" in placed  # the points always show
    rects = [(k, r) for k, r in placed.items() if k != "level"]
    for i, (ka, ra) in enumerate(rects):
        assert ra.right <= width
        for kb, rb in rects[i + 1:]:
            assert not ra.colliderect(rb), (ka, kb)


# --- 8: the hex readout gives the cost that applies now, and why --------------------------------

def test_the_hex_readout_prices_wet_ground_as_moving_does(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.core.rules import movement
    from mutanchiang_sim.ui.game_drawing import hex_status

    scene = game(app, bundled_path, "soviet", 7)
    st = scene.state
    assert st.scenario.wet_at(st.turn)
    m = st.scenario.map
    u = st.unit_by_id["sov-300rd"]
    checked = 0
    for j in m.neighbor_lists[u.hex]:
        river, road, rail, _ = m.tables.edges.get((u.hex, j), (False, False, False, -1))
        if road or rail or river or not m.passable[j] or st.units_at(j):
            continue
        cost = movement.step_cost(st, u, u.hex, j)
        assert cost > m.move_cost[j]  # wet ground costs more than dry
        text = hex_status(st, j)
        assert f"move {cost:.1f}" in text and "wet ground" in text
        checked += 1
    assert checked


# --- 10: a save keeps its fog ------------------------------------------------------------------

def test_a_save_keeps_its_fog_of_war(app, small_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    clear = game(app, small_path, "soviet", 1)
    clear.save(tmp_path / "clear.json")
    foggy = build_game(app, str(small_path), "both", 1, fog=True)
    foggy.save(tmp_path / "fog.json")
    assert build_game(app, str(small_path), "soviet", load=str(tmp_path / "clear.json"), fog=True).fog is False
    reopened = build_game(app, str(small_path), "both", load=str(tmp_path / "fog.json"), fog=False)
    assert reopened.fog is True and reopened.fogged()  # the other side's units stay hidden
    clear.load(tmp_path / "fog.json")  # loading in the game takes the save's fog too
    assert clear.fog is True
    doc = json.loads((tmp_path / "clear.json").read_text())
    del doc["fog"]  # a save from before fog was kept: the player's choice stands
    (tmp_path / "old.json").write_text(json.dumps(doc))
    assert build_game(app, str(small_path), "soviet", load=str(tmp_path / "old.json"), fog=True).fog is True


# --- 12: the tooltip of a stack names the others ---------------------------------------------------

def test_the_tooltip_of_a_stack_names_every_unit_in_it(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, bundled_path, "soviet", 7)
    first, second = scene.state.unit_by_id["sov-300rd"], scene.state.unit_by_id["sov-22rd"]
    reach = scene.session.reach(first)
    scene.do(Move(first.id, movement.path_to(reach, first.hex, second.hex)), human=True)
    scene.center_on_hex(second.hex)
    app.frame()
    top = scene.unit_at(tuple(int(v) for v in scene.map_view.centre_px(second.hex, scene.camera)))
    scene.mouse = scene.unit_rects[top].center
    tip = scene.hover_tip()
    assert tip is not None
    title, rows = tip
    other = first if title == second.name else second
    assert title in (first.name, second.name)
    assert any(other.name in r for r in rows) and any("1 more" in r for r in rows)


# --- 13: redrawn only on change; a resized window lays its panels out again ---------------------

def test_an_idle_window_is_not_redrawn(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    assert scene.human_turn() and not scene.busy()
    app.frame(always_draw=False)
    drawn = app.draws
    for _ in range(20):
        app.frame(always_draw=False)
    assert app.draws == drawn  # nothing happened: nothing drawn
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(300, 300), rel=(1, 1), buttons=(0, 0, 0)))
    assert app.frame(always_draw=False)  # the pointer moved: the hover may change
    scene.toast("Saved", 5.0)
    assert scene.busy() and app.frame(always_draw=False)


def test_resizing_the_window_lays_out_the_panels_again(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    centre = (scene.camera.cx, scene.camera.cy)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 700), w=1024, h=700))
    app.frame()
    assert app.size == (1024, 700) and app.screen.get_size() == (1024, 700)
    assert scene.side_rect.right == 1024 and scene.map_rect.right == scene.side_rect.x
    assert scene.camera.viewport == (scene.map_rect.x, scene.map_rect.y, scene.map_rect.w, scene.map_rect.h)
    assert (scene.camera.cx, scene.camera.cy) == centre
    assert scene.log_rect.bottom <= 700 and all(b.rect.right <= scene.bottom_rect.right for b in scene.buttons)
    assert all(b.rect.bottom <= 700 for b in scene.buttons)


# --- missing 3: fog you can see ----------------------------------------------------------------

def test_fog_shades_the_unseen_hexes_and_marks_where_enemies_were_last_seen(app, small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.core import engine

    scene = game(app, small_path, "soviet", 1, fog=True)
    seen = scene.session.seen()
    m = scene.scenario.map
    assert seen is not None and 0 < len(seen) < m.size
    blind = next(i for i in range(m.size) if i not in seen and not scene.state.units_at(i)
                 and scene.map_rect.collidepoint(scene.map_view.centre_px(i, scene.camera)))
    pos = tuple(int(v) for v in scene.map_view.centre_px(blind, scene.camera))
    app.frame()
    dark = sum(app.screen.get_at(pos)[:3])
    scene.fog = False
    app.frame()
    assert scene.session.seen() is None and sum(app.screen.get_at(pos)[:3]) > dark
    scene.fog = True
    scene.session.note_sightings()
    spotted = next(u for u in scene.state.units if u.side == "japan" and u.on_map and u.id not in scene.fogged())
    where = spotted.hex
    engine._place(scene.state, spotted, blind)  # it slips away out of sight
    scene.state.occ_version += 1
    assert spotted.id in scene.fogged()
    assert scene.session.last_known()[spotted.id] == (where, scene.state.turn)


# --- missing 5, 6, 7: the end-phase warning, what the computer did, the overlays ----------------

def test_ending_a_phase_with_units_to_move_asks_first(app, small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui.phase_help import EndPhaseWarning

    scene = build_game(app, str(small_path), "soviet", 1, prompts=True)
    app.push(scene)
    app.frame()
    key(app, pygame.K_RETURN)  # the briefing read
    assert scene.session.ready_units()
    key(app, pygame.K_e)
    assert isinstance(app.top, EndPhaseWarning) and scene.state.side_to_move == "soviet"
    key(app, pygame.K_ESCAPE)  # cancel: still the Soviet phase
    assert app.top is scene and scene.state.side_to_move == "soviet"
    key(app, pygame.K_e)
    key(app, pygame.K_d)  # end it, and do not ask again
    assert app.top is scene and scene.state.side_to_move != "soviet" and not scene.warn_unmoved


def test_the_computers_phase_is_summed_up_and_its_moves_can_be_stepped_through(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path, "soviet", 1)
    key(app, pygame.K_e)
    scene.run_ai_until_human()
    done = scene.last_computer
    assert done is not None and done.side == "japan"
    moved = [e for e in done.moves]
    summary = [t for k, t in scene.session.log if k == "info" and t.startswith("Japanese phase:")]
    assert summary and f"{len(moved)} move" in summary[-1]
    if moved:
        key(app, pygame.K_l)
        assert scene.stepping == 0
        to = moved[0][2]
        assert scene.camera.cx == pytest.approx(scene.map_view.centres[to][0], abs=1)


def test_the_overlays_mark_supply_zones_of_control_and_the_exit_zone(app, small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.core.rules import supply
    from mutanchiang_sim.ui.map_overlays import OVERLAYS, overlay_hexes

    scene = game(app, small_path, "japan", 1)
    names = []
    for _ in OVERLAYS[1:]:
        key(app, pygame.K_o)
        names.append(OVERLAYS[scene.overlay])
    assert names == ["supply", "zones of control", "exit zone", "line of retreat"]
    st = scene.state
    assert overlay_hexes(st, "japan", "supply")[0] == supply.supplied_hexes(st, "japan")
    assert overlay_hexes(st, "japan", "exit zone")[0] == set(st.scenario.sides["japan"].exit_zone) != set()
    assert overlay_hexes(st, "japan", "zones of control")[0]
    key(app, pygame.K_o)
    assert scene.overlay == 0


def test_a_selected_gun_unit_shows_its_range(app, small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.core.rules import attack
    from mutanchiang_sim.ui.map_overlays import gun_range

    scene = game(app, small_path, "soviet", 1)
    st = scene.state
    guns = gun_range(st, "s-art")
    reach = st.scenario.rules.kinds[st.unit_by_id["s-art"].kind].support_range
    assert guns and all(st.scenario.map.tables.distance(st.unit_by_id["s-art"].hex, i) <= reach for i in guns)
    assert guns == {i for i in range(st.scenario.map.size) if attack.in_support_range(st, st.unit_by_id["s-art"], i)}
    assert gun_range(st, "s-rd1") == set()
    scene.selected = "s-art"
    app.frame()  # drawn without trouble


def test_the_log_wraps_inside_its_panel(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui import theme

    scene = game(app, bundled_path, "soviet", 7)
    long = "13 Aug 06:00 1st Red Banner Army engineer and army troops and others attack 126th Division troops " \
           "at (10, 30): ratio 17.9:1, rout; attackers lose 153 men; defenders lose 310 men (14 in the fight), 3 guns"
    scene.session.log.append(("combat", long))
    width = scene.log_rect.w - 16
    for _, line in scene.log._lines(width):
        assert theme.font(scene.log.font_size).size(line)[0] <= width - 6, line
