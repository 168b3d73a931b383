"""The map's derived tables (GameMap.tables) on the small test valley: the Blue river between
columns 6 and 7, bridged at rows 3 (road) and 4 (rail); Hill 101 fortified at (3, 1); objectives
Riverton (5, 3), (5, 4) and Eastham (9, 3)."""

from __future__ import annotations

from hexes import at

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.map_tables import NO_EDGE, OPEN, UNBRIDGED
from mutanchiang_sim.core.rules import movement


def test_edges_crossings_and_rails(small_scenario):
    state, _ = engine.new_game(small_scenario, seed=1)
    t = state.scenario.map.tables
    road_bridge = (at(state, 7, 3), at(state, 6, 3))
    assert t.edges[road_bridge] == (True, True, False, 0)  # river, road, no rail, bridge 0
    assert t.edges[(at(state, 7, 4), at(state, 6, 4))] == (True, False, True, 1)
    assert t.edges.get((at(state, 1, 1), at(state, 2, 1)), NO_EDGE) == NO_EDGE
    row = dict(t.crossings[at(state, 6, 3)])
    assert row[at(state, 7, 3)] == 0 and row[at(state, 7, 2)] == UNBRIDGED and row[at(state, 5, 3)] == OPEN
    assert dict(t.rail_crossings[at(state, 6, 4)]) == {at(state, 5, 4): OPEN, at(state, 7, 4): 1}
    assert movement.crossing_open(state, *road_bridge)
    state.bridges_intact[0] = False
    assert not movement.crossing_open(state, *road_bridge)


def test_open_steps_follow_the_bridges(small_scenario):
    from mutanchiang_sim.core.bitboard import bits_of, hexes_of, spread

    state, _ = engine.new_game(small_scenario, seed=1)
    t = state.scenario.map.tables
    east = at(state, 7, 3)
    assert at(state, 6, 3) in hexes_of(spread(bits_of([east]), t.open_steps([True, True])))
    assert at(state, 6, 3) not in hexes_of(spread(bits_of([east]), t.open_steps([False, True])))
    assert at(state, 8, 3) in hexes_of(spread(bits_of([east]), t.open_steps([False, True])))


def test_distances_and_places(small_scenario):
    m = small_scenario.map
    t = m.tables
    # odd-r offsets to axial: (9, 4) -> q 7, (6, 4) -> q 4, same row: 3 apart
    assert t.distance(m.index_of_offset(9, 4), m.index_of_offset(6, 4)) == 3
    assert t.distance(m.index_of_offset(0, 0), m.index_of_offset(0, 7)) == 7
    assert all(t.distance(a, b) == m.distance(a, b) for a in range(0, m.size, 7) for b in range(m.size))
    assert t.objective_hexes == {m.index_of_offset(5, 3), m.index_of_offset(5, 4), m.index_of_offset(9, 3)}
    assert t.fort_hexes == {m.index_of_offset(3, 1)}
    assert small_scenario.city_hexes == {m.index_of_offset(5, 3), m.index_of_offset(5, 4)}
    assert m.tables is t  # built once per map


def test_night_follows_the_clock(small_scenario):
    # the battle starts at 06:00 with 6-hour turns: day, day, night, night, day, ...
    assert [small_scenario.is_night(t) for t in range(6)] == [False, False, True, True, False, False]
    # and beyond the last turn (8): turn 18 begins at 18:00, turn 20 at 06:00
    assert small_scenario.is_night(18) and not small_scenario.is_night(20)
