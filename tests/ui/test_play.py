"""The game window driven headless with injected pygame events."""

from __future__ import annotations

import json

import pygame

from mutanchiang_sim.cli import main
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import EndPhase
from mutanchiang_sim.ui import theme
from mutanchiang_sim.ui.app import build_game


def game(app, small_path, side="soviet", seed=1):  # type: ignore[no-untyped-def]
    scene = build_game(app, str(small_path), side, seed)
    app.push(scene)
    app.frame()
    return scene


def hex_pos(scene, col: int, row: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    i = scene.scenario.map.index_of_offset(col, row)
    x, y = scene.map_view.centre_px(i, scene.camera)
    return (int(x), int(y))


def click(app, pos: tuple[int, int], button: int = 1) -> None:  # type: ignore[no-untyped-def]
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
    app.frame()


def key(app, k: int, mod: int = 0) -> None:  # type: ignore[no-untyped-def]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    app.frame()


def test_click_selects_and_click_moves(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    click(app, hex_pos(scene, 8, 3))
    assert scene.selected == "s-rd1"
    reach = scene.reach()
    assert reach, "a fresh division can move"
    dest = scene.scenario.map.index_of_offset(8, 2)
    assert dest in reach
    click(app, hex_pos(scene, 8, 2))
    assert scene.state.unit_by_id["s-rd1"].hex == dest
    assert scene.undo_stack
    # undo puts it back and keeps the game identical
    key(app, pygame.K_u)
    assert scene.state.unit_by_id["s-rd1"].hex == scene.scenario.map.index_of_offset(8, 3)
    assert not scene.undo_stack


def test_attack_resolves(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    click(app, hex_pos(scene, 8, 3))
    click(app, hex_pos(scene, 7, 3))  # over to the river bank, next to the defenders
    assert scene.state.unit_by_id["s-rd1"].hex == scene.scenario.map.index_of_offset(7, 3)
    before = scene.state.unit_by_id["j-ir1"].men
    n_log = len(scene.log.entries)
    click(app, hex_pos(scene, 6, 3))  # an enemy: the attack preview opens
    assert scene.plan is not None and "s-rd1" in scene.plan.attackers()
    odds = scene.plan.odds(scene.state)
    assert odds is not None and odds.ratio > 0
    key(app, pygame.K_RETURN)
    assert scene.plan is None
    assert scene.state.unit_by_id["s-rd1"].attacked
    assert scene.state.unit_by_id["j-ir1"].men < before or scene.state.unit_by_id["j-ir1"].casualties > 0
    assert any(kind == "combat" for kind, _ in scene.log.entries[n_log:])
    assert not scene.undo_stack, "no undo after dice"
    for _ in range(3):
        app.frame(0.05)


def test_end_phase_and_computer_turn(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    scene.speed = 4  # instant
    key(app, pygame.K_e)
    assert scene.state.side_to_move == "japan"
    for _ in range(200):
        app.frame(0.1)
        if scene.human_turn():
            break
    assert scene.human_turn() and scene.state.turn == 1


def test_save_load_round_trip(app, small_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    click(app, hex_pos(scene, 8, 3))
    click(app, hex_pos(scene, 8, 2))
    path = tmp_path / "game.json"
    assert scene.save(path)
    saved = scene.state.to_dict()
    doc = json.loads(path.read_text())
    assert doc["kind"] == "mutanchiang-save" and doc["format"] == 1
    scene.do(EndPhase(), human=True)
    assert scene.state.to_dict() != saved
    assert scene.load(path)
    assert scene.state.to_dict() == saved
    # and the command line continues it
    scene2 = build_game(app, str(small_path), "soviet", None, str(path))
    assert scene2.state.to_dict() == saved


def test_corrupt_save_is_a_clean_message(app, small_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    before = scene.state.to_dict()
    assert not scene.load(bad)
    assert type(app.top).__name__ == "MessageOverlay"
    assert scene.state.to_dict() == before
    app.frame()
    key(app, pygame.K_RETURN)
    assert app.top is scene
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"kind": "something-else"}))
    rc = main(["play", str(small_path), "--load", str(foreign), "--screenshot", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert rc == 2 and "not a mutanchiang save" in err and len(err.strip().splitlines()) == 1
    rc = main(["play", str(small_path), "--load", str(bad), "--screenshot", str(tmp_path / "x.png")])
    assert rc == 2


def test_overlays_help_menu_and_victory(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path, side="none")
    key(app, pygame.K_F1)
    assert type(app.top).__name__ == "HelpOverlay"
    key(app, pygame.K_SPACE)
    assert app.top is scene
    scene.run_ai_until_human()
    assert scene.state.game_over
    app.frame()
    assert type(app.top).__name__ == "VictoryOverlay"
    app.frame()
    key(app, pygame.K_ESCAPE)
    assert app.top is scene


def test_pan_zoom_and_hover(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    z = scene.camera.zoom
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    app.frame()
    assert scene.camera.zoom == z - 1
    pos = hex_pos(scene, 8, 3)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.frame()
    assert scene.unit_at(pos) is not None


def test_screenshot_has_the_right_size(small_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shot.png"
    assert main(["play", str(small_path), "--seed", "2", "--size", "1024x700", "--screenshot", str(out)]) == 0
    img = pygame.image.load(str(out))
    assert img.get_size() == (1024, 700)
    pygame.quit()
    assert main(["play", str(small_path), "--size", "huge", "--screenshot", str(out)]) == 2


def test_unit_panel_tells_when_the_boats_are_ready(small_scenario) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.core import engine
    from mutanchiang_sim.ui.panels import unit_lines

    state, _ = engine.new_game(small_scenario, seed=1)
    ir = state.unit_by_id["j-ir1"]  # on the river bank, the ground wet
    rows = dict(unit_lines(state, ir))
    assert "2 more turns" in rows["Boats"]
    state.boats[("japan", ir.hex)] = 2
    assert dict(unit_lines(state, ir))["Boats"].startswith("ready")
    assert "Boats" not in dict(unit_lines(state, state.unit_by_id["s-tb1"]))  # off the bank


def test_boats_on_the_bank_are_drawn_in_the_side_colour_once_ready(app, small_path) -> None:  # type: ignore[no-untyped-def]
    scene = game(app, small_path)
    m = scene.scenario.map
    bank = m.index_of_offset(7, 7)
    s = scene.camera.size
    cx, cy = scene.map_view.centre_px(bank, scene.camera)
    spot = (int(cx - 0.88 * s), int(cy + 0.5 * s))  # the hull's middle (see MapView.draw_boats)
    assert scene.map_rect.collidepoint(spot)
    app.frame()
    before = tuple(app.screen.get_at(spot))[:3]
    scene.state.boats[("soviet", bank)] = 1  # gathering: a white hull
    app.frame()
    assert tuple(app.screen.get_at(spot))[:3] == (235, 235, 225) != before
    scene.state.boats[("soviet", bank)] = 2  # ready: in the colour of the side (the scenario's red)
    app.frame()
    assert tuple(app.screen.get_at(spot))[:3] == theme.side_palette(scene.scenario, "soviet")["dot"] == (213, 62, 50)


def test_save_slots_save_to_and_load_from_a_chosen_slot(app, small_path, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui.save_slots import SaveSlotsOverlay, describe_slot, slot_paths

    monkeypatch.chdir(tmp_path)
    scene = game(app, small_path)
    paths = slot_paths(scene.slot_base)
    assert [p.name for p in paths] == ["mutanchiang-save.json"] + [f"mutanchiang-save-{k}.json" for k in range(2, 7)]
    assert describe_slot(paths[1], scene.scenario) == (False, "empty")
    click(app, hex_pos(scene, 8, 3))
    click(app, hex_pos(scene, 8, 2))
    saved = scene.state.to_dict()
    key(app, pygame.K_F5)
    assert isinstance(app.top, SaveSlotsOverlay) and app.top.mode == "save"
    key(app, pygame.K_2)
    assert app.top is scene and (tmp_path / "mutanchiang-save-2.json").exists()
    used, line = describe_slot(paths[1], scene.scenario)
    assert used and "12 Aug 06:00, turn 1/" in line and "Soviet" in line and "saved just now" in line
    scene.do(EndPhase(), human=True)
    assert scene.state.to_dict() != saved
    key(app, pygame.K_F9)
    assert isinstance(app.top, SaveSlotsOverlay) and app.top.index == 1  # the slot last used
    key(app, pygame.K_RETURN)
    assert app.top is scene and scene.state.to_dict() == saved
    # an empty slot: a message, nothing lost; a damaged file is described, never opened
    key(app, pygame.K_F9)
    key(app, pygame.K_5)
    assert type(app.top).__name__ == "MessageOverlay"
    key(app, pygame.K_RETURN)
    assert scene.state.to_dict() == saved
    paths[2].write_text("{oops")
    assert describe_slot(paths[2], scene.scenario) == (False, "unusable: not a save file (corrupt JSON at line 1)")
    # Ctrl+S quick-saves to the current slot
    scene.do(EndPhase(), human=True)
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert json.loads(paths[1].read_text())["state"] == scene.state.to_dict()


def test_fog_of_war_hides_enemy_units_out_of_sight(app, small_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scene = build_game(app, str(small_path), "soviet", 1, fog=True)
    app.push(scene)
    app.frame()
    # the armoured cars at (4, 4) are 4 hexes from the nearest Soviet unit: out of sight (3)
    assert scene.viewer() == "soviet" and scene.fogged() == {"j-ac"}
    assert "j-ac" not in scene.unit_rects and "j-ir1" in scene.unit_rects
    click(app, hex_pos(scene, 4, 4))  # clicking where it stands finds nobody
    assert scene.selected is None and scene.plan is None
    # nor are the enemy's boats shown (the Soviets' own are)
    drawn = []
    real = scene.map_view._boat
    scene.map_view._boat = lambda surface, x, y, s, colour, ready: drawn.append(colour)  # type: ignore[method-assign]
    scene.state.boats.update({("japan", scene.scenario.map.index_of_offset(6, 7)): 2, ("soviet", scene.scenario.map.index_of_offset(7, 7)): 1})
    app.frame()
    scene.map_view._boat = real  # type: ignore[method-assign]
    assert drawn == [theme.side_palette(scene.scenario, "soviet")["dot"]]
    scene.fog = False
    app.frame()
    assert scene.fogged() == set() and "j-ac" in scene.unit_rects
    # watching (no human side) shows everything, fog or not
    watch = build_game(app, str(small_path), "none", 1, fog=True)
    assert watch.viewer() is None and watch.fogged() == set()
    assert main(["play", str(small_path), "--fog", "--screenshot", str(tmp_path / "fog.png")]) == 0


def test_hot_seat_under_fog_blanks_the_screen_between_players(app, small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.ui.overlays import HandOverOverlay

    scene = build_game(app, str(small_path), "both", 1, fog=True)
    app.push(scene)
    app.frame()
    assert scene.viewer() == "soviet" and "j-ac" in scene.fogged()
    key(app, pygame.K_e)  # the Soviet player ends his phase
    app.frame()
    assert isinstance(app.top, HandOverOverlay)
    assert app.screen.get_at((200, 300))[:3] == app.screen.get_at((900, 500))[:3]  # nothing of the map shows
    key(app, pygame.K_RETURN)
    assert app.top is scene and scene.viewer() == "japan"
    assert not any(uid.startswith("j-") for uid in scene.fogged())  # now the Soviets are the unseen ones


def test_the_victory_screen_writes_a_replay_of_the_battle(app, small_path, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.sim.replay import read_replay
    from mutanchiang_sim.ui.overlays import VictoryOverlay

    monkeypatch.chdir(tmp_path)
    scene = game(app, small_path, side="none", seed=3)
    scene.run_ai_until_human()
    app.frame()
    assert isinstance(app.top, VictoryOverlay)
    key(app, pygame.K_r)
    assert "Replay written" in app.top.note
    replay = read_replay(tmp_path / "mutanchiang-replay.json")
    assert replay.seed == 3 and len(replay.actions) == len(scene.session.actions or [])
    state, _ = engine.new_game(scene.scenario, replay.seed)
    for action in replay.actions:
        state, _ = engine.apply(state, action)
    replayed, played = state.to_dict(), scene.state.to_dict()
    del replayed["ai_rng"], played["ai_rng"]  # the computer's own draws are not replayed
    assert replayed == played and state.game_over


def test_the_second_battle_plays_and_its_victory_screen_compares_its_own_history(app) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    kg = Path(__file__).resolve().parents[2] / "scenarios" / "khalkhin_gol_1939.yaml"
    scene = game(app, kg, side="none", seed=2)
    assert scene.scenario.name.startswith("Khalkhin Gol")
    scene.run_ai_until_human()
    assert scene.state.game_over
    app.frame()
    overlay = app.top
    assert type(overlay).__name__ == "VictoryOverlay"
    labels = {row[0]: row for row in overlay.rows}
    cut = labels["The Japanese main body is cut off"]  # shown as times: the label says no hours
    assert cut[2] == "22 Aug 06:00 - 26 Aug 18:00"  # the recorded range as times, not hours
    assert "Japanese casualties" in labels and "Mutanchiang" not in " ".join(r[0] for r in overlay.rows)


def test_a_slot_saved_before_the_scenario_changed_says_so_and_its_load_toasts(app, scen_file, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """#18 item 6: the load screen says which slot was saved against the scenario before it was
    edited; loading it goes on and shows a toast with the warning."""
    from mutanchiang_sim.ui.save_slots import WARNING, SaveSlotsOverlay, slot_info, slot_paths

    monkeypatch.chdir(tmp_path)
    scene = game(app, scen_file)
    paths = slot_paths(scene.slot_base)
    key(app, pygame.K_F5)
    key(app, pygame.K_2)
    assert slot_info(paths[1], scene.scenario)[2] == ""  # the same scenario: no warning
    scen_file.write_text(scen_file.read_text().replace("men: 9000", "men: 9100", 1))  # the author edits a unit
    app.pop()
    scene = game(app, scen_file)
    used, line, warning = slot_info(paths[1], scene.scenario)
    assert used and "turn 1/" in line  # still described as a game of this battle, not "another scenario"
    assert warning == "the scenario changed since this save (the units); it loads under the changed scenario"
    key(app, pygame.K_F9)
    assert isinstance(app.top, SaveSlotsOverlay) and app.top.warnings[1] == warning and app.top.warnings[0] == ""
    overlay = app.top

    def amber(k: int) -> int:  # pixels of the warning's colour in slot k's row
        r = overlay.rects[k]
        return sum(tuple(app.screen.get_at((x, y)))[:3] == WARNING for x in range(r.x, r.right) for y in range(r.y, r.bottom))

    app.frame()
    pygame.image.save(app.screen, str(tmp_path / "slots.png"))
    assert amber(1) > 50 and amber(0) == amber(2) == 0
    key(app, pygame.K_2)
    assert app.top is scene and scene.toast_showing()
    assert scene.toast_text.startswith("Loaded, but ") and "the scenario changed since this game was saved (the units" in scene.toast_text
    key(app, pygame.K_F9)
    key(app, pygame.K_ESCAPE)
    # a slot of the unchanged scenario loads with the plain toast
    scene.save(paths[2])
    scene.load(paths[2])
    assert scene.toast_text == f"Loaded {paths[2]}"
