"""Movement rules on the small test valley (tests/data/small.yaml), worked by hand.

The valley: the Blue river runs between columns 6 and 7 with a road bridge at row 3 and a rail
bridge at row 4; the ground is wet for the first four turns (off-road costs x1.5) and it rains
(mobility x0.8)."""

from __future__ import annotations

import pytest
from hexes import at

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import EndPhase, Exit, Move
from mutanchiang_sim.core.rules import movement
from mutanchiang_sim.scenario import load_scenario


@pytest.fixture
def game(small_scenario):
    state, _ = engine.new_game(small_scenario, seed=1)
    return state


def test_allowance_rain_and_wet(game):
    # rifle division: 4 MP x rain mobility 0.8 = 3.2 (day turn, 06:00)
    u = game.unit_by_id["s-rd1"]
    assert movement.allowance(game, u) == pytest.approx(3.2)
    tank = game.unit_by_id["s-tb1"]
    assert movement.allowance(game, tank) == pytest.approx(7.0 * 0.8)


def test_step_costs_road_terrain_and_wet_ground(game):
    u = game.unit_by_id["s-rd1"]  # at (8, 3) on the east road
    # along the road: 0.5
    assert movement.step_cost(game, u, at(game, 8, 3), at(game, 9, 3)) == pytest.approx(0.5)
    # off-road into clear ground on wet ground: 1.0 x 1.5
    assert movement.step_cost(game, u, at(game, 8, 3), at(game, 8, 2)) == pytest.approx(1.5)


def test_river_crossable_only_at_intact_bridges_or_by_assault(game):
    u = game.unit_by_id["s-rd1"]
    tank = game.unit_by_id["s-tb1"]
    # no bridge on that edge: an assault crossing, once the boats are ready on the bank
    game.boats[("soviet", at(game, 7, 0))] = 2
    assert movement.step_cost(game, u, at(game, 7, 0), at(game, 6, 0)) == -1.0
    # ...but no landing next to the enemy: (6, 2) touches the regiment at (6, 3)
    assert movement.step_cost(game, u, at(game, 7, 2), at(game, 6, 2)) == movement.INF
    assert movement.step_cost(game, tank, at(game, 7, 2), at(game, 6, 2)) == movement.INF  # tanks need bridges
    game.bridges_intact[0] = False
    assert movement.step_cost(game, tank, at(game, 7, 3), at(game, 6, 3)) == movement.INF


def test_assault_crossing_takes_the_whole_move(game):
    u = game.unit_by_id["s-rd2"]  # (8, 4)
    # first walk to the river bank at (7, 5): not a fresh unit afterwards, so no crossing this turn
    state, _ = engine.apply(game, Move(u.id, (at(game, 7, 5),)))
    assert engine.check(state, Move(u.id, (at(game, 6, 5),))) is not None


def _end_turn(state):
    for _ in state.sides_order:
        state, _ = engine.apply(state, EndPhase())
    return state


def test_flooded_river_waits_for_boats_gathered_on_the_bank(game):
    u = game.unit_by_id["s-rd2"]  # (8, 4)
    bank, across = at(game, 7, 7), at(game, 6, 7)  # out of the Japanese regiments' reach
    state, _ = engine.apply(game, Move(u.id, (at(game, 8, 5), at(game, 8, 6))))
    state = _end_turn(state)
    state, _ = engine.apply(state, Move(u.id, (bank,)))
    # wet ground (turn 2): two whole turns of boat-gathering before anyone crosses from (7, 7)
    assert movement.crossing_prep(state) == 2
    assert movement.crossing_wait(state, "soviet", bank) == 2
    state = _end_turn(state)
    assert movement.crossing_wait(state, "soviet", bank) == 1
    problem = engine.check(state, Move(u.id, (across,)))
    assert problem is not None and "boats" in problem and "1 more turn" in problem
    state = _end_turn(state)
    assert movement.crossing_wait(state, "soviet", bank) == 0
    assert engine.check(state, Move(u.id, (across,))) is None
    # the boats stay at the bank: a save keeps them, and the next unit there crosses at once
    again = state.copy()
    assert again.boats == state.boats and state.boats[("soviet", bank)] == 2
    assert movement.crossing_wait(again, "soviet", at(game, 7, 5)) == 2  # another bank hex: none there


def test_boats_are_lost_when_the_enemy_takes_the_bank(game):
    held = game.unit_by_id["j-ir1"].hex  # the regiment's hex is on the west bank
    assert game.scenario.map.bank[held]
    game.boats[("soviet", held)] = 2
    movement.gather_boats(game)
    assert ("soviet", held) not in game.boats
    assert game.boats[("japan", held)] == 1


def test_dry_ground_needs_no_boat_gathering(game):
    state = game
    while state.turn < 4:  # the ground dries at turn 4 in the valley
        state = _end_turn(state)
    assert not state.wet and movement.crossing_prep(state) == 0
    assert movement.crossing_wait(state, "soviet", at(game, 7, 0)) == 0


def test_zone_of_control_stops_movement(game):
    # (7, 3) is next to the Japanese regiment at (6, 3): entering it ends the move
    u = game.unit_by_id["s-rd1"]
    reach = movement.reachable(game, u)
    assert at(game, 7, 3) in reach
    # nothing reached *through* (7, 3) across the bridge: (6, 3) is enemy-held anyway,
    # and no reachable hex has (7, 3) as its predecessor
    assert all(prev != at(game, 7, 3) for _, prev in reach.values())


def test_cannot_enter_enemy_hex_or_impassable(game):
    u = game.unit_by_id["s-rd1"]
    assert movement.step_cost(game, u, at(game, 7, 3), at(game, 6, 3)) == movement.INF  # Japanese there
    lake = at(game, 3, 5)
    assert not game.scenario.map.passable[lake]
    assert movement.step_cost(game, u, at(game, 3, 4), lake) == movement.INF


def test_stacking_limit(game):
    # (8, 3) holds the 1st Rifle Division; its neighbours (8, 4), (9, 3) and (9, 4) hold the
    # others. Two may join it; the fourth unit is refused (limit 3).
    target = at(game, 8, 3)
    state = game
    for uid in ("s-rd2", "s-tb1"):
        state, _ = engine.apply(state, Move(uid, (target,)))
    assert len(state.units_at(target)) == 3
    assert engine.check(state, Move("s-art", (target,))) == "stacking limit reached at (8, 3)"


def test_illegal_move_leaves_state_unchanged(game):
    before = game.to_dict()
    with pytest.raises(engine.IllegalAction):
        engine.apply(game, Move("s-rd1", (at(game, 0, 0),)))
    assert game.to_dict() == before


def test_moving_japanese_unit_out_of_turn_is_illegal(game):
    assert game.side_to_move == "soviet"
    assert engine.check(game, Move("j-ir3", (at(game, 4, 3),))) == "3rd Infantry Regiment [j-ir3] is a Japanese unit, not Soviet"


def test_refusals_name_units_as_the_player_sees_them(game):
    """Error messages name a unit by its name (from the unit data), with its id in brackets
    where an order named it by id; never the bare id."""
    m = game.scenario.map
    assert engine.check(game, Move("nobody", (at(game, 4, 3),))) == "there is no unit 'nobody'"
    game.unit_by_id["s-art"].status = "reserve"
    assert engine.check(game, Move("s-art", (at(game, 8, 3),))) == "1st Artillery Brigade [s-art] has not arrived yet"
    game.unit_by_id["s-art"].status = "destroyed"
    assert engine.check(game, Exit("s-art")) == "1st Artillery Brigade [s-art] is destroyed"
    game.unit_by_id["s-art"].status = "escaped"
    assert engine.check(game, Move("s-art", (at(game, 8, 3),))) == "1st Artillery Brigade [s-art] has left the map"
    # the movement rules: the name, never the id
    far = at(game, 0, 0)
    assert engine.check(game, Move("s-rd1", (far,))) == f"hex (0, 0) is not next to {m.offset_of(game.unit_by_id['s-rd1'].hex)}"
    why = engine.check(game, Move("s-rd1", (at(game, 7, 3), at(game, 6, 3)))) or ""
    assert why == "1st Rifle Division cannot leave the enemy zone of control at (7, 3)"
    u = game.unit_by_id["s-rd1"]
    u.hex = at(game, 3, 4)  # beside the lake
    game.rebuild_occupancy()
    assert engine.check(game, Move("s-rd1", (at(game, 3, 5),))) == "1st Rifle Division cannot enter (3, 5)"
    u.mp_left = 0.0
    open_step = next(j for j in m.neighbor_lists[u.hex] if m.passable[j] and not game.units_at(j))
    why = engine.check(game, Move("s-rd1", (open_step,))) or ""
    assert why == f"1st Rifle Division lacks movement points for {m.offset_of(open_step)}"
    state, _ = engine.apply(game, EndPhase())
    assert state.side_to_move == "japan"


def test_the_kept_zones_of_control_are_the_ones_worked_afresh(small_path) -> None:  # type: ignore[no-untyped-def]
    """Through a whole battle (moves, retreats, units destroyed and arriving), each side's kept
    enemy zone of control is the hexes next to an enemy unit, and a change to the occupancy
    made outside the engine (bumping ``occ_version`` only) is seen too."""
    sc = load_scenario(small_path)
    state, _ = engine.new_game(sc, 5)
    pols = {s: make_policy("doctrine", s, sc.ai.get(s, {})) for s in sc.side_ids}
    nbrs = sc.map.neighbor_lists

    def afresh(side: str) -> set[int]:
        return {j for i, us in state.occupancy.items() if us and us[0].side != side for j in nbrs[i]}

    for step in range(600):
        if state.game_over:
            break
        for side in sc.side_ids:
            assert movement.enemy_zoc(state, side) == afresh(side)
        if step == 200:  # someone moves a unit by hand
            u = next(u for u in state.units if u.status == "active")
            free = next(j for j in nbrs[u.hex] if j not in state.occupancy and sc.map.passable[j])
            state.occupancy[u.hex].remove(u)
            if not state.occupancy[u.hex]:
                del state.occupancy[u.hex]
            u.hex = free
            state.occupancy[free] = [u]
            state.occ_version += 1
            for side in sc.side_ids:
                assert movement.enemy_zoc(state, side) == afresh(side)
        engine.apply(state, pols[state.side_to_move].choose(state, state.ai_rng))
    assert state.turn >= 3
