"""Victory: points for objectives held, losses inflicted and men escaped, and the graded levels.

Hand-worked on the test valley with the default victory rules (1 VP per 1,000 enemy casualties,
1 VP per 1,000 Japanese escaped, decisive at a margin of 20, marginal at 5). At the start the
Soviets hold Eastham (2 VP) and the Japanese Riverton (10 VP): a margin of -8.
"""

from __future__ import annotations

import pytest
from hexes import at

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.rules import victory
from mutanchiang_sim.core.sides import CONTROL_NONE
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.core.units import DESTROYED, ESCAPED
from mutanchiang_sim.scenario import load_scenario

CONTROL_SOVIET, CONTROL_JAPAN = 1, 2  # small.yaml declares soviet, then japan

RIVERTON = ((5, 3), (5, 4))
EASTHAM = (9, 3)


def fresh(scenario) -> GameState:  # type: ignore[no-untyped-def]
    state, _ = engine.new_game(scenario, 0)
    return state


def lose(state: GameState, uid: str, men: int) -> None:
    """Book ``men`` casualties on a unit, as killed, wounded and captured (all three count)."""
    u = state.unit_by_id[uid]
    u.killed, u.wounded, u.captured = men // 2, men // 4, men - men // 2 - men // 4


def test_the_rules_are_the_ones_worked_by_hand(small_scenario) -> None:
    v = small_scenario.rules.victory
    assert (v.vp_per_1000_enemy_casualties, v.vp_per_1000_escaped, v.decisive_margin, v.marginal_margin) == (1.0, 1.0, 20.0, 5.0)


def test_at_the_start_each_side_has_the_places_it_holds(small_scenario) -> None:
    st = victory.standing(fresh(small_scenario))
    assert (st.points['soviet'], st.points['japan'], st.margin) == (2.0, 10.0, -8.0)
    assert (st.level, st.winner) == ("Japanese marginal victory", "japan")


# Japanese casualties (a point a thousand for the Soviets) and Soviet casualties (for the
# Japanese), the margin they give from the starting -8, and the level. Each threshold is tried
# on it and just short of it, so that a flipped comparison (>= for >) fails.
LEVELS = [
    (28000, 0, 20.0, "Soviet decisive victory", "soviet"),
    (27999, 0, 19.999, "Soviet marginal victory", "soviet"),
    (13000, 0, 5.0, "Soviet marginal victory", "soviet"),
    (12999, 0, 4.999, "Draw", "draw"),
    (8000, 0, 0.0, "Draw", "draw"),
    (3001, 0, -4.999, "Draw", "draw"),
    (3000, 0, -5.0, "Japanese marginal victory", "japan"),
    (0, 11999, -19.999, "Japanese marginal victory", "japan"),
    (0, 12000, -20.0, "Japanese decisive victory", "japan"),
    (0, 30000, -38.0, "Japanese decisive victory", "japan"),
]


@pytest.mark.parametrize("jap_cas, sov_cas, margin, level, winner", LEVELS)
def test_graded_levels(small_scenario, jap_cas: int, sov_cas: int, margin: float, level: str, winner: str) -> None:
    state = fresh(small_scenario)
    lose(state, "j-ir1", jap_cas)
    lose(state, "s-rd1", sov_cas)
    st = victory.standing(state)
    assert st.points['soviet'] == pytest.approx(2 + jap_cas / 1000)
    assert st.points['japan'] == pytest.approx(10 + sov_cas / 1000)
    assert st.margin == pytest.approx(margin)
    assert (st.level, st.winner) == (level, winner)


def test_a_place_counts_only_when_all_its_hexes_are_held(small_scenario) -> None:
    state = fresh(small_scenario)
    first, second = (at(state, *h) for h in RIVERTON)
    state.control[first] = CONTROL_SOVIET
    st = victory.standing(state)  # Riverton split: nobody's
    assert (st.points['soviet'], st.points['japan']) == (2.0, 0.0)
    assert not victory.city_taken(state)
    state.control[second] = CONTROL_SOVIET
    st = victory.standing(state)
    assert (st.points['soviet'], st.points['japan'], st.margin) == (12.0, 0.0, 12.0)
    assert st.level == "Soviet marginal victory"
    assert victory.city_taken(state)
    state.control[at(state, *EASTHAM)] = CONTROL_NONE  # a hex held by nobody scores for nobody
    state.control[second] = CONTROL_JAPAN
    st = victory.standing(state)
    assert (st.points['soviet'], st.points['japan']) == (0.0, 0.0)
    assert (st.level, st.winner) == ("Draw", "draw")


def test_places_without_points_are_not_objectives(small_path) -> None:
    scenario = load_scenario(small_path, {"map.places.1.vp": 0})  # Eastham is worth nothing
    st = victory.standing(fresh(scenario))
    assert (st.points['soviet'], st.points['japan'], st.margin) == (0.0, 10.0, -10.0)


def test_escaped_men_score_for_the_japanese_and_casualties_do_not_count_twice(small_scenario) -> None:
    state = fresh(small_scenario)
    u = state.unit_by_id["j-ir3"]  # 2,500 men leave the map
    u.status = ESCAPED
    st = victory.standing(state)
    assert (st.points['soviet'], st.points['japan']) == (2.0, 12.5)
    d = state.unit_by_id["j-ac"]  # a destroyed unit's men are not "escaped", its losses score
    d.status = DESTROYED
    lose(state, "j-ac", 150)
    st = victory.standing(state)
    assert (st.points['soviet'], st.points['japan']) == (2.15, 12.5)


def test_the_rules_weights_are_read(small_path) -> None:
    scenario = load_scenario(small_path, {"rules.victory.vp_per_1000_enemy_casualties": 2.0,
                                          "rules.victory.vp_per_1000_escaped": 0.5,
                                          "rules.victory.marginal_margin": 9.0})
    state = fresh(scenario)
    lose(state, "j-ir1", 1000)
    lose(state, "s-rd1", 3000)
    state.unit_by_id["j-ir3"].status = ESCAPED
    st = victory.standing(state)
    assert (st.points['soviet'], st.points['japan']) == (4.0, 17.25)
    assert (st.margin, st.level) == (-13.25, "Japanese marginal victory")
    lose(state, "s-rd1", 0)
    st = victory.standing(state)
    assert (st.margin, st.level) == (-7.25, "Draw")  # a marginal margin of 9 makes -7.25 a draw


def test_the_battle_ends_with_the_level_of_the_standing(small_scenario) -> None:
    from mutanchiang_sim.core.actions import EndPhase

    state = fresh(small_scenario)
    events = []
    for _ in range(2 * small_scenario.turns):
        state, ev = engine.apply(state, EndPhase())
        events += ev
    assert state.game_over
    end = [e for e in events if e.kind == "end"]
    st = victory.standing(state)
    assert len(end) == 1 and end[0].data == {"winner": st.winner, "level": st.level}


ANY = (CONTROL_NONE, CONTROL_SOVIET, CONTROL_JAPAN)


@pytest.mark.parametrize("first, second", [(a, b) for a in ANY for b in ANY])
def test_a_place_is_taken_when_one_other_side_holds_all_of_it(small_scenario, first: int, second: int) -> None:
    """Every way of holding Riverton's two hexes (nobody, either side, split): taken only when the
    Soviets (not its Japanese holders at the start) hold both."""
    state = fresh(small_scenario)
    place = next(p for p in small_scenario.map.places if p.name == "Riverton")
    state.control[at(state, *RIVERTON[0])] = first
    state.control[at(state, *RIVERTON[1])] = second
    assert victory.place_taken(state, place) == (first == second == CONTROL_SOVIET)
