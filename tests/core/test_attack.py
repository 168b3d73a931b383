"""Attack eligibility on the small test valley (tests/data/small.yaml), worked by hand.

The Blue river runs between columns 6 and 7; the road bridge joins (7, 3) to (6, 3), where the
1st Infantry Regiment stands. (6, 3) is on an odd row, so its neighbours in direction order are
(7, 3) E, (7, 2) NE, (6, 2) NW, (5, 3) W, (6, 4) SW, (7, 4) SE; the edge to (7, 2) is river with no
bridge. Rifle divisions may assault over a river, tank brigades and guns may not; the artillery
brigade's guns reach 2 hexes."""

from __future__ import annotations

import pytest
from hexes import at

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Attack
from mutanchiang_sim.core.rules import attack
from mutanchiang_sim.core.state import GameState


def put(state: GameState, uid: str, col: int, row: int) -> None:
    state.unit_by_id[uid].hex = at(state, col, row)
    state.rebuild_occupancy()


@pytest.fixture
def game(small_scenario) -> GameState:
    state, _ = engine.new_game(small_scenario, seed=1)
    # the 2nd Rifle Division on the bridge's east end, the 1st across the unbridged edge
    put(state, "s-rd2", 7, 3)
    put(state, "s-rd1", 7, 2)
    return state


def ids(units: list) -> list[str]:
    return [u.id for u in units]


def test_attackers_go_round_the_target_and_targets_follow_the_order_of_battle(game):
    target = at(game, 6, 3)
    # (7, 3) comes before (7, 2) going round the target...
    assert ids(attack.attackers_of(game, "soviet", target)) == ["s-rd2", "s-rd1"]
    # ...while the list of targets keeps the order of battle: s-rd1 before s-rd2
    targets = attack.attack_targets(game, "soviet")
    assert ids(targets[target]) == ["s-rd1", "s-rd2"]
    # s-rd1 at (7, 2) also touches (6, 2), which nobody holds: no target there
    assert at(game, 6, 2) not in targets


def test_a_river_stops_tanks_and_guns_not_rifles(game):
    target = at(game, 6, 3)
    put(game, "s-tb1", 7, 3)
    assert "s-tb1" in ids(attack.attackers_of(game, "soviet", target))  # over the standing bridge
    assert not attack.over_river(game, target, [game.unit_by_id["s-rd2"]])
    game.bridges_intact[0] = False
    assert "s-tb1" not in ids(attack.attackers_of(game, "soviet", target))
    assert attack.attacker_problem(game, "soviet", "s-tb1", target) == "1st Tank Brigade cannot attack across the river"
    assert attack.over_river(game, target, [game.unit_by_id["s-rd2"]])  # the rifles assault instead
    assert attack.attacker_problem(game, "soviet", "s-rd2", target) is None


def test_guns_support_within_range_and_never_assault(game):
    target = at(game, 6, 4)  # the 2nd Infantry Regiment, 3 hexes from the guns at (9, 4)
    assert attack.supporters_of(game, "soviet", target) == []
    assert attack.supporter_problem(game, "soviet", "s-art", target) == "1st Artillery Brigade is out of range of the target"
    put(game, "s-art", 8, 4)  # 2 hexes: in range
    assert ids(attack.supporters_of(game, "soviet", target)) == ["s-art"]
    put(game, "s-art", 7, 4)  # next to the target: still support, never in the assault
    assert "s-art" not in ids(attack.attackers_of(game, "soviet", target))
    assert "s-art" in ids(attack.supporters_of(game, "soviet", target))
    assert attack.supporter_problem(game, "soviet", "s-rd1", target) == "1st Rifle Division has no guns to support with"


def test_spent_units_neither_attack_nor_fire(game):
    target = at(game, 6, 3)
    game.unit_by_id["s-rd2"].attacked = True
    game.unit_by_id["s-art"].attacked = True
    put(game, "s-art", 8, 3)
    assert ids(attack.attackers_of(game, "soviet", target)) == ["s-rd1"]
    assert attack.supporters_of(game, "soviet", target) == []
    assert attack.attacker_problem(game, "soviet", "s-rd2", target) == "2nd Rifle Division has already attacked this phase"
    assert attack.supporter_problem(game, "soviet", "s-art", target) == "1st Artillery Brigade has already fired this phase"


def test_why_an_attack_is_refused(game):
    target = at(game, 6, 3)
    assert attack.target_problem(game, "soviet", -1) == "target off the map"
    assert attack.target_problem(game, "soviet", at(game, 7, 3)) == "no enemy in the target hex"
    assert attack.target_problem(game, "soviet", target) is None
    assert attack.attack_problem(game, "soviet", target, (), ()) == "an attack needs at least one attacker"
    assert attack.attack_problem(game, "soviet", target, ("s-rd1", "s-rd1"), ()) == "a unit is named twice"
    assert attack.attacker_problem(game, "soviet", "s-tb1", target) == "1st Tank Brigade is not next to the target"
    assert attack.attacker_problem(game, "soviet", "j-ir3", target) == "3rd Infantry Regiment [j-ir3] is a Japanese unit, not Soviet"
    assert attack.attack_problem(game, "soviet", target, ("s-rd1", "s-rd2"), ()) is None
    # the engine asks the same rule
    assert engine.check(game, Attack(target, ("s-tb1",), ())) == "1st Tank Brigade is not next to the target"


def test_legal_attacks_are_the_listed_groups_with_their_guns(game):
    put(game, "s-art", 8, 3)
    attacks = [a for a in engine.legal_actions(game) if isinstance(a, Attack)]
    target = at(game, 6, 3)
    assert attacks[0] == Attack(target, ("s-rd1", "s-rd2"), ("s-art",))
    assert Attack(target, ("s-rd2",), ()) in attacks and Attack(target, ("s-rd1",), ()) in attacks
    assert all(engine.is_legal(game, a) for a in attacks)
