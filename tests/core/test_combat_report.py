"""What the engine reports an attack cost, and what blowing a bridge costs the unit (#17)."""

from __future__ import annotations

import pytest

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Attack, BlowBridge, EndPhase, Move
from mutanchiang_sim.sim.run import play_game


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_combat_reports_add_up_to_every_loss_of_the_battle(small_scenario, seed: int) -> None:
    result = play_game(small_scenario, seed, record=True)
    reported: dict[str, list[int]] = {s: [0, 0, 0] for s in small_scenario.side_ids}
    outcomes = set()
    for e in result.events:
        if e.kind != "combat":
            continue
        d = e.data
        outcomes.add(d["outcome"])
        for who in ("attacker", "defender"):
            side = reported[d[f"{who}_side"]]
            side[0] += d[f"{who}_losses"]
            side[1] += d[f"{who}_tanks_lost"]
            side[2] += d[f"{who}_guns_lost"]
    for s in small_scenario.side_ids:
        units = [u for u in result.state.units if u.side == s]
        assert reported[s] == [sum(u.casualties for u in units), sum(u.tanks_destroyed_total for u in units),
                               sum(u.guns_lost for u in units)], s
    assert outcomes & {"retreat", "rout"}, "a battle where someone gives way (its losses must be counted too)"


def test_a_rout_reports_the_losses_of_the_rout(small_scenario) -> None:
    for seed in range(40):
        state, _ = engine.new_game(small_scenario, seed)
        state.unit_by_id["j-ir1"].readiness = 0.3  # worn out: likely to give way
        target = state.unit_by_id["j-ir1"].hex
        state, _ = engine.apply(state, Move("s-rd1", (state.unit_by_id["j-ir1"].hex + 1,)))
        before = state.unit_by_id["j-ir1"].casualties
        state, events = engine.apply(state, Attack(target, ("s-rd1",), ()))
        ev = events[0]
        if ev.data["outcome"] == "hold":
            continue
        lost = state.unit_by_id["j-ir1"].casualties - before
        assert ev.data["defender_losses"] == lost > ev.data["defender_losses_in_fight"]
        assert f"defenders lose {lost:,} men" in ev.text
        return
    pytest.fail("no retreat in 40 seeds")


def test_blowing_a_bridge_is_the_units_act_but_not_an_attack(small_scenario) -> None:
    state, _ = engine.new_game(small_scenario, 0)
    state, _ = engine.apply(state, EndPhase())  # the Japanese phase
    u = state.unit_by_id["j-ir1"]  # holds the road bridge's west end
    u.readiness = 0.5
    state, events = engine.apply(state, BlowBridge("j-ir1", 0))
    assert events[0].kind == "bridge"
    assert not u.attacked and u.demolished and u.acted
    assert engine.check(state, BlowBridge("j-ir1", 1)) is not None  # one act a phase
    assert "blown a bridge" in (engine.check(state, Move("j-ir1", (u.hex - 1,))) or "")
    state, _ = engine.apply(state, EndPhase())  # the turn ends: an attacker would stay worn out
    assert u.readiness > 0.5


def test_the_expected_losses_are_the_average_of_the_dice(small_scenario) -> None:
    """The preview's men, tanks and guns for both sides (retreats and routs included) agree
    with the mean of the same attack played out over many seeds."""
    from mutanchiang_sim.core.rules import combat, combat_preview

    def setup(seed: int):  # type: ignore[no-untyped-def]
        state, _ = engine.new_game(small_scenario, seed)
        j = state.unit_by_id["j-ir1"]
        j.readiness = 0.5  # a fight that often gives way
        state, _ = engine.apply(state, Move("s-rd1", (j.hex + 1,)))
        return state, j.hex

    state, target = setup(0)
    att = [state.unit_by_id["s-rd1"]]
    o = combat.odds(state, target, att, [], river=False)
    ex = combat_preview.expected_losses(state, o, target, att)
    assert ex.retreat > 0.05 and ex.rout > 0.05 and ex.defenders[0] > ex.defenders_in_fight[0]
    runs = 300
    sums = [0.0] * 6
    for seed in range(runs):
        state, target = setup(seed)
        _, events = engine.apply(state, Attack(target, ("s-rd1",), ()))
        d = events[0].data
        for k, key in enumerate(("attacker_losses", "attacker_tanks_lost", "attacker_guns_lost",
                                 "defender_losses", "defender_tanks_lost", "defender_guns_lost")):
            sums[k] += d[key] / runs
    expected = [*ex.attackers, *ex.defenders]
    for got, want in zip(sums, expected, strict=True):
        assert got == pytest.approx(want, rel=0.12, abs=1.0)
