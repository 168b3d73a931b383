"""Escaping on the small test valley: the Japanese exit zone is column 0, rows 2-5, and it needs
the ``withdraw`` order. Withdrawn men score victory points; the run record's "escaped" also
counts those standing in the zone under the order."""

from __future__ import annotations

import pytest
from hexes import at

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Exit
from mutanchiang_sim.core.rules import victory
from mutanchiang_sim.sim.run import run_record


@pytest.fixture
def game(small_scenario):
    state, _ = engine.new_game(small_scenario, seed=1)
    state.phase = state.sides_order.index("japan")
    u = state.unit_by_id["j-ir3"]
    u.hex = at(state, 0, 3)
    state.rebuild_occupancy()
    return state


def test_sides_and_their_marks(small_scenario):
    sc = small_scenario
    assert sc.side_ids == ("soviet", "japan")  # in the order the file declares them
    assert [sc.other_side(s) for s in sc.side_ids] == ["japan", "soviet"]
    assert sc.side_codes == {"soviet": 1, "japan": 2}
    assert [sc.side_of_code(c) for c in (0, 1, 2, 3)] == [None, "soviet", "japan", None]
    with pytest.raises(KeyError, match="unknown side 'red'"):
        sc.other_side("red")


def test_the_zone_opens_with_the_order(game):
    u = game.unit_by_id["j-ir3"]
    assert victory.exit_problem(game, u) == "no withdraw order for the Japanese side yet"
    assert not victory.escaped(game, u)
    assert engine.check(game, Exit(u.id)) == "no withdraw order for the Japanese side yet"
    game.orders.add("japan:withdraw")
    assert victory.exit_problem(game, u) is None
    assert victory.escaped(game, u) and not victory.withdrawn(u)
    other = game.unit_by_id["j-ir1"]  # at (6, 3), far from the zone
    assert victory.exit_problem(game, other) == "1st Infantry Regiment is not in the exit zone"
    assert not victory.escaped(game, other)


def test_points_for_the_withdrawn_the_record_counts_both(game):
    u = game.unit_by_id["j-ir3"]
    game.orders.add("japan:withdraw")
    before = victory.standing(game).points["japan"]
    rec = run_record(game, 1)
    assert (rec["japan_escaped_units"], rec["japan_escaped_men"]) == (1, u.men)
    engine.apply(game, Exit(u.id))
    assert victory.withdrawn(u) and victory.escaped(game, u)
    per_1000 = game.scenario.rules.victory.vp_per_1000_escaped
    assert per_1000 > 0
    assert victory.standing(game).points["japan"] == pytest.approx(before + u.men / 1000 * per_1000, abs=1e-3)
    rec = run_record(game, 1)
    assert (rec["japan_escaped_units"], rec["japan_escaped_men"]) == (1, u.men)
