"""Fog of war's memory (#17 missing 3): where each enemy unit was last seen is kept in a save."""

from __future__ import annotations

import json

from mutanchiang_sim.core import engine
from mutanchiang_sim.ui.app import build_game


def slipped_away(app, small_path):  # type: ignore[no-untyped-def]
    """A fogged Soviet game in which a Japanese unit seen at the start has slipped out of sight."""
    scene = build_game(app, str(small_path), "soviet", 1, fog=True)
    app.push(scene)
    seen = scene.session.seen()
    m = scene.scenario.map
    blind = next(i for i in range(m.size) if i not in seen and not scene.state.units_at(i) and m.passable[i])
    spotted = next(u for u in scene.state.units if u.side == "japan" and u.on_map and u.id not in scene.fogged())
    where = spotted.hex
    engine._place(scene.state, spotted, blind)
    scene.state.occ_version += 1
    assert scene.session.last_known() == {spotted.id: (where, 0)}
    return scene, spotted.id, where


def test_a_fogged_save_keeps_the_last_known_positions(app, small_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scene, uid, where = slipped_away(app, small_path)
    path = tmp_path / "fog.json"
    scene.save(path)
    doc = json.loads(path.read_text())
    assert doc["sightings"]["soviet"][uid] == [where, 0]
    reopened = build_game(app, str(small_path), "soviet", load=str(path))
    assert reopened.session.last_known() == {uid: (where, 0)}
    # loading inside a running game (F9) takes the save's memory too, not the game's own
    other = build_game(app, str(small_path), "soviet", 2, fog=True)
    assert uid not in other.session.last_known()
    other.load(path)
    assert other.session.last_known() == {uid: (where, 0)}


def test_an_older_save_without_them_loads_with_no_markers(app, small_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scene, uid, _ = slipped_away(app, small_path)
    path = tmp_path / "old.json"
    scene.save(path)
    doc = json.loads(path.read_text())
    del doc["sightings"]
    path.write_text(json.dumps(doc))
    reopened = build_game(app, str(small_path), "soviet", load=str(path))
    assert reopened.fog is True and reopened.session.last_known() == {}
    assert uid in reopened.fogged()  # still hidden, only not marked


def test_damaged_sightings_are_dropped_one_by_one(app, small_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scene, uid, where = slipped_away(app, small_path)
    path = tmp_path / "bad.json"
    scene.save(path)
    doc = json.loads(path.read_text())
    own = next(u.id for u in scene.state.units if u.side == "soviet")
    doc["sightings"]["soviet"].update({"no-such-unit": [1, 0], own: [1, 0]})  # not an enemy: dropped
    doc["sightings"]["nobody"] = {uid: [1, 0]}
    doc["sightings"]["japan"] = {own: [10**6, 0], "x": "y"}
    path.write_text(json.dumps(doc))
    reopened = build_game(app, str(small_path), "soviet", load=str(path))
    book = reopened.session.sightings["soviet"]
    assert book[uid] == (where, 0) and "no-such-unit" not in book and own not in book
    assert "nobody" not in reopened.session.sightings and reopened.session.sightings.get("japan", {}) == {}
    doc["sightings"] = [1, 2]
    path.write_text(json.dumps(doc))
    assert build_game(app, str(small_path), "soviet", load=str(path)).session.last_known() == {}


def test_under_fog_the_computers_summary_and_l_show_only_the_moves_that_end_in_sight() -> None:
    from mutanchiang_sim.core.events import GameEvent
    from mutanchiang_sim.ui.phase_help import ComputerPhase

    def move(unit: str, a: int, b: int) -> GameEvent:
        return GameEvent("move", 3, "", {"unit": unit, "from": a, "path": [a, b]})

    seen = {10, 11, 12}
    phase = ComputerPhase("japan", fog=True)
    for e in (move("in-sight", 30, 11), move("out-of-sight", 12, 40), move("far-away", 50, 51)):
        phase.add(e, seen)
    assert phase.moves == [("in-sight", 30, 11)]
    clear = ComputerPhase("japan")
    for e in (move("in-sight", 30, 11), move("out-of-sight", 12, 40)):
        clear.add(e)
    assert len(clear.moves) == 2


def test_a_fogged_game_against_the_computer_leaks_no_unseen_move(app, bundled_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.core.actions import EndPhase

    scene = build_game(app, str(bundled_path), "soviet", 7, fog=True)
    app.push(scene)
    scene.do(EndPhase(), human=True)
    scene.run_ai_until_human()
    done = scene.last_computer
    assert done is not None and done.fog
    seen = scene.session.seen()
    assert seen is not None and all(to in seen for _, _, to in done.moves)
    summary = [t for k, t in scene.session.log if k == "info" and t.startswith("Japanese phase:")][-1]
    assert f"{len(done.moves)} move{'s' if len(done.moves) != 1 else ''} seen" in summary
