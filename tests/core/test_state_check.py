"""Saved states are checked field by field: a damaged one is refused in one line, never half-loaded."""

from __future__ import annotations

import copy

import pytest

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.state import GameState


@pytest.fixture
def saved(small_scenario):  # type: ignore[no-untyped-def]
    state, _ = engine.new_game(small_scenario, 1)
    state.boats[("soviet", 5)] = 1
    return state.to_dict()


@pytest.mark.parametrize("path, value, message", [
    (("units", 0, "men"), "x", "state.units[0].men: expected a whole number"),
    (("units", 0, "men"), -5, "state.units[0].men: expected a whole number >= 0"),
    (("units", 0, "tanks"), 10**20, "state.units[0].tanks: expected a whole number at most 1,000,000,000"),
    (("units", 1, "side"), "martian", "state.units[1].side: expected one of japan, soviet"),
    (("units", 1, "kind"), "dragon", "state.units[1].kind: expected one of"),
    (("units", 2, "hex"), 10**6, "state.units[2].hex: expected a whole number in 0.."),
    (("units", 2, "readiness"), 7, "state.units[2].readiness: expected a number in 0..1"),
    (("units", 2, "moved"), "yes", "state.units[2].moved: expected true or false"),
    (("units", 0, "tanks_repairable"), None, "state.units[0].tanks_repairable: expected a whole number"),
    (("phase",), 5, "state.phase: expected a whole number in 0..1"),
    (("city_captured_turn",), 10**9, "state.city_captured_turn: expected a whole number in -1.."),
    (("control",), [0, 1], "state.control: expected a list of"),
    (("boats",), [["soviet", "x", 2]], "state.boats[0][1]: expected a whole number"),
    (("quality_mod",), {}, "state.quality_mod: expected a factor for each side"),
    (("game_over",), "no", "state.game_over: expected true or false"),
])
def test_a_damaged_field_is_named(small_scenario, saved, path, value, message) -> None:  # type: ignore[no-untyped-def]
    d = copy.deepcopy(saved)
    node = d
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    with pytest.raises(ValueError) as err:
        GameState.from_dict(small_scenario, d)
    assert str(err.value).startswith(message), str(err.value)
    assert "\n" not in str(err.value)


def test_units_must_be_the_scenarios_and_add_up(small_scenario, saved) -> None:  # type: ignore[no-untyped-def]
    d = copy.deepcopy(saved)
    d["units"][0]["id"] = "someone-else"
    with pytest.raises(ValueError, match="not the units of this scenario"):
        GameState.from_dict(small_scenario, d)
    d = copy.deepcopy(saved)
    d["units"][0]["killed"] = 100  # men no longer conserved
    with pytest.raises(ValueError, match="men do not add up"):
        GameState.from_dict(small_scenario, d)


def test_a_sound_state_round_trips(small_scenario, saved) -> None:  # type: ignore[no-untyped-def]
    state = GameState.from_dict(small_scenario, saved)
    assert state.to_dict() == saved


def test_damaged_trimmings_of_a_save_are_dropped(small_scenario, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from mutanchiang_sim.sim.saves import SavedGame, load_game, save_game

    state, _ = engine.new_game(small_scenario, 1)
    path = tmp_path / "s.json"
    save_game(path, SavedGame(state, None, 1, ["soviet"], [("info", "hello")], [], {}))
    doc = json.loads(path.read_text())
    doc.update(log=5, humans=7, overrides=[1, 2], actions=["junk", {"type": "end"}], seed=True, scenario=3)
    path.write_text(json.dumps(doc))
    g = load_game(path, small_scenario)
    assert g.log == [] and g.humans == [] and g.overrides == {} and g.seed is None
    assert g.actions == [{"type": "end"}] and g.scenario_path is None
    assert g.state.to_dict() == state.to_dict()
