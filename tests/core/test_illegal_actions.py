"""An illegal action is refused with IllegalAction and leaves the state exactly as it was.

A property over random actions (unknown units, the enemy's units, units that have moved or fired,
paths through rivers, enemies and off the map, attacks on empty or friendly hexes or from afar,
bridges that are not there, exits out of the zone) tried on positions from whole games.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Action, Attack, BlowBridge, EndPhase, Exit, Move
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.sim.run import default_policies

GAMES = [(0, "doctrine", "doctrine"), (1, "doctrine", "doctrine"), (3, "random", "advance")]
MAX_ACTIONS = 2000


@pytest.fixture(scope="module")
def positions(small_scenario) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    """The state before every action of a few games, and each game's end."""
    out = []
    for seed, soviet, japan in GAMES:
        pols = default_policies(small_scenario, {"soviet": soviet, "japan": japan})
        state, _ = engine.new_game(small_scenario, seed)
        for _ in range(MAX_ACTIONS):
            out.append(state.to_dict())
            if state.game_over:
                break
            engine.apply(state, pols[state.side_to_move].choose(state, state.ai_rng))
        assert state.game_over
    return out


@st.composite
def actions(draw: st.DrawFn, state: GameState) -> Action:
    """Mostly nearly legal actions by the side to move (so that the deeper checks are reached),
    some by anyone or by nobody."""
    m = state.scenario.map
    everyone = [u.id for u in state.units]
    own = [u.id for u in state.active_units(state.side_to_move)] or everyone
    anyone = st.sampled_from([*everyone, "nobody"])
    unit = st.one_of(st.sampled_from(own), st.sampled_from(own), anyone)
    units = st.lists(unit, max_size=3)
    anywhere = st.integers(-2, m.size + 2)
    kind = draw(st.sampled_from(["move", "walk", "walk", "attack", "attack_next_door", "attack_next_door", "blow",
                                 "blow_own", "exit", "end"]))
    if kind == "move":
        return Move(draw(unit), tuple(draw(st.lists(anywhere, max_size=4))))
    if kind == "walk":  # a path of neighbours from the unit's own hex
        u = state.unit_by_id[draw(st.sampled_from(everyone))]
        path, here = [], u.hex
        for _ in range(draw(st.integers(1, 6))):
            here = draw(st.sampled_from(m.neighbor_lists[here]))
            path.append(here)
        return Move(u.id, tuple(path))
    if kind == "attack":
        return Attack(draw(anywhere), tuple(draw(units)), tuple(draw(units)))
    if kind == "attack_next_door":  # from a unit in contact, when there is one, at a neighbour
        contact = [(u.id, j) for u in state.active_units(state.side_to_move) for j in m.neighbor_lists[u.hex]
                   if state.side_at(j) not in (None, u.side)]
        if contact and draw(st.integers(0, 3)):
            uid, target = draw(st.sampled_from(contact))
        else:
            uid = draw(st.sampled_from(own))
            target = draw(st.sampled_from(m.neighbor_lists[state.unit_by_id[uid].hex]))
        others = draw(st.lists(st.sampled_from(own), unique=True, max_size=2))
        support = draw(st.lists(st.sampled_from(own), unique=True, max_size=2))
        return Attack(target, (uid, *(o for o in others if o != uid)), tuple(support))
    if kind == "blow":
        return BlowBridge(draw(unit), draw(st.integers(-1, len(m.bridges))))
    if kind == "blow_own":  # by a unit of the side to move, at a real bridge
        return BlowBridge(draw(st.sampled_from(own)), draw(st.integers(0, len(m.bridges) - 1)))
    if kind == "exit":
        return Exit(draw(unit))
    return EndPhase()  # illegal only once the game is over


def _occupancy(state: GameState) -> dict[int, list[str]]:
    return {i: [u.id for u in us] for i, us in sorted(state.occupancy.items())}


@settings(max_examples=300, deadline=None)
@given(data=st.data(), pick=st.floats(0, 1, exclude_max=True))
def test_an_illegal_action_leaves_the_state_unchanged(small_scenario, positions, data, pick) -> None:  # type: ignore[no-untyped-def]
    state = GameState.from_dict(small_scenario, positions[int(pick * len(positions))], trusted=True)
    action = data.draw(actions(state), label="action")
    before, occupied = json.dumps(state.to_dict(), sort_keys=True), _occupancy(state)
    reason = engine.check(state, action)
    assume(reason is not None)
    assert json.dumps(state.to_dict(), sort_keys=True) == before, "engine.check changed the state"
    with pytest.raises(engine.IllegalAction) as refused:
        engine.apply(state, action)
    assert str(refused.value) == reason
    assert json.dumps(state.to_dict(), sort_keys=True) == before
    assert _occupancy(state) == occupied


def test_the_positions_cover_both_sides_moved_units_and_the_end(positions) -> None:  # type: ignore[no-untyped-def]
    assert {p["phase"] for p in positions} == {0, 1}
    assert any(p["game_over"] for p in positions)
    assert any(u["moved"] or u["attacked"] for p in positions for u in p["units"])
    assert len(positions) > 100
