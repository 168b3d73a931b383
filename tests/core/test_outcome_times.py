"""When a side is cut off and when an objective falls, as the run record keeps them."""

from __future__ import annotations

from pathlib import Path

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.rules import supply, victory
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.run import run_record

SMALL = Path(__file__).resolve().parents[2] / "tests" / "data" / "small.yaml"


def test_a_side_is_cut_off_when_half_its_men_are_out_of_supply() -> None:
    sc = load_scenario(SMALL)
    state, _ = engine.new_game(sc, 1)
    side = sc.side_ids[1]
    mine = sorted((u for u in state.units if u.side == side and u.on_map), key=lambda u: -u.men)
    assert not supply.cut_off(state, side)
    total = sum(u.men for u in mine)
    out = 0
    for u in mine:  # cut off the biggest units until half the men are out
        if 2 * out >= total:
            break
        u.turns_out_of_supply = 1
        out += u.men
    assert supply.cut_off(state, side)
    mine[0].turns_out_of_supply = 0  # the biggest back in supply: under half again
    assert 2 * (out - mine[0].men) < total and not supply.cut_off(state, side)


def test_the_record_times_an_objective_from_the_turn_another_side_holds_it() -> None:
    sc = load_scenario(SMALL)
    state, _ = engine.new_game(sc, 1)
    place = victory.objectives(sc)[0]
    other = next(s for s in sc.side_ids if s != place.held_by)
    assert not victory.place_taken(state, place)
    for i in place.hexes:
        state.control[i] = sc.side_codes[other]
    assert victory.place_taken(state, place)
    state.objectives_taken[place.name] = 3
    rec = run_record(state, 1)
    key = "_".join("".join(c if c.isalnum() else " " for c in place.name.lower()).split())
    assert rec[f"{key}_captured_turn"] == 3 and rec[f"{key}_captured_at"] == sc.time_of(3).isoformat(timespec="minutes")
    assert rec[f"{sc.side_ids[0]}_cut_off_turn"] == -1 and rec[f"{sc.side_ids[0]}_cut_off_at"] == ""
