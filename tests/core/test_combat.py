"""Combat power, odds and losses worked by hand on the small test valley."""

from __future__ import annotations

import numpy as np
import pytest
from hexes import at

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Attack
from mutanchiang_sim.core.rules import combat, combat_preview


@pytest.fixture
def game(small_scenario):
    state, _ = engine.new_game(small_scenario, seed=7)
    return state


def test_interpolate_clamps_and_interpolates():
    pts = [(1.0, 0.95), (2.0, 0.75), (3.0, 0.65)]
    assert combat.interpolate(pts, 0.5) == 0.95
    assert combat.interpolate(pts, 1.5) == pytest.approx(0.85)
    assert combat.interpolate(pts, 2.5) == pytest.approx(0.70)
    assert combat.interpolate(pts, 9.0) == 0.65
    # in log(men): halfway between 10k and 100k men is about 31.6k
    size = [(10000.0, 1.2), (100000.0, 0.4)]
    assert combat.interpolate(size, 10 ** 4.5, log_x=True) == pytest.approx(0.8)


def test_defence_power_by_hand(game):
    # 1st Infantry Regiment at (6, 3): 3,000 men, 12 guns, on flat ground (defence 1.2),
    # posture prepared (1.5), entrenched 2 levels (1 + 2 x 0.1 = 1.2), no fortification.
    # Japanese quality 0.35, unit quality 1, readiness 1, in supply.
    u = game.unit_by_id["j-ir1"]
    raw = combat.raw_power(game, u, combat.tank_effect(game, u.hex))
    assert raw == pytest.approx(3000 * 1.0 + 12 * 40.0)
    assert combat.quality_factor(game, u) == pytest.approx(0.35)
    assert combat.defence_multiplier(game, u) == pytest.approx(1.2 * 1.5 * 1.2)


def test_attack_odds_by_hand(game):
    # The tank brigade (65 tanks, 1,200 men) attacks across the road bridge from (7, 3)? It is at
    # (9, 3); use the 1st Rifle Division from (7, 3) instead: move it there first.
    from mutanchiang_sim.core.actions import Move

    state, _ = engine.apply(game, Move("s-rd1", (at(game, 7, 3),)))
    att = state.unit_by_id["s-rd1"]
    target = at(state, 6, 3)
    o = combat.odds(state, target, [att], [], river=False)
    # attacker: (9,000 men + 120 guns x 40 + 200 vehicles x 0.5) x quality 1 = 13,900,
    # x rain 0.85 (day, no river, not combined arms: no tanks)
    assert o.attack_power == pytest.approx(13900 * 0.85)
    # defender: 3,480 x 0.35 x 2.16
    assert o.defence_power == pytest.approx(3480 * 0.35 * 2.16)
    assert o.ratio == pytest.approx(13900 * 0.85 / (3480 * 0.35 * 2.16))
    # attacker losses per 6-hour turn: 2.8%/4 x 3.5 (the Soviet attrition scale) x size(9,000 men
    # between 1,000 -> 1.6 and 10,000 -> 1.2 in log men) x terrain casualty 0.8 x ratio factor
    size = combat.interpolate([(1000.0, 1.6), (10000.0, 1.2)], 9000, log_x=True)
    ratio_f = combat.interpolate([(0.5, 1.3), (1.0, 0.95), (2.0, 0.75), (3.0, 0.65), (6.0, 0.5)], o.ratio)
    assert o.attacker_rate == pytest.approx(0.028 / 4 * 3.5 * size * 0.8 * ratio_f)


def test_river_assault_halves_attack(game):
    target = at(game, 6, 3)
    att = game.unit_by_id["s-rd1"]
    dry = combat.odds(game, target, [att], [], river=False)
    wet = combat.odds(game, target, [att], [], river=True)
    assert wet.attack_power == pytest.approx(dry.attack_power * 0.55)


def test_losses_conserve_men_and_never_go_negative(game):
    u = game.unit_by_id["j-ir2"]
    rng = np.random.default_rng(3)
    start = u.men
    for _ in range(50):
        combat.inflict(game, u, 0.3, rng)
        assert u.men >= 0 and u.tanks >= 0 and u.guns >= 0
    assert u.men + u.killed + u.wounded + u.captured == start


def test_attack_applies_losses_and_marks_units(game):
    from mutanchiang_sim.core.actions import Move

    state, _ = engine.apply(game, Move("s-rd1", (at(game, 7, 3),)))
    before = state.unit_by_id["j-ir1"].men
    state, events = engine.apply(state, Attack(at(state, 6, 3), ("s-rd1",)))
    combat_ev = [e for e in events if e.kind == "combat"]
    assert len(combat_ev) == 1
    assert state.unit_by_id["s-rd1"].attacked
    assert state.unit_by_id["j-ir1"].men < before or combat_ev[0].data["defender_losses"] == 0
    # a unit may not attack twice in one phase
    assert engine.check(state, Attack(at(state, 6, 3), ("s-rd1",))) is not None


def test_advance_chance_by_hand(game):
    # Dupuy: infantry at 3:1 gains 6 km a day; x advance_scale 2.5 = 15 km/day; one 6-hour turn
    # is a quarter of it, 3.75 km; on flat ground (mobility 0.9) in rain (0.8): 2.7 km of a 3 km
    # hex -> the defenders give way with chance 0.9.
    target = at(game, 6, 3)
    assert combat.advance_chance(game, 3.0, target, armour=False, river=False) == pytest.approx(0.9)
    # across the river, x0.55
    assert combat.advance_chance(game, 3.0, target, armour=False, river=True) == pytest.approx(0.9 * 0.55)
    # below the retreat floor (1.5:1) the defenders always hold
    assert combat.advance_chance(game, 1.4, target, armour=False, river=False) == 0.0


def test_outcome_chances_add_up(game):
    from mutanchiang_sim.core.actions import Move

    state, _ = engine.apply(game, Move("s-rd1", (at(game, 7, 3),)))
    att = [state.unit_by_id["s-rd1"]]
    o = combat.odds(state, at(state, 6, 3), att, [], river=False)
    hold, back, rout = combat_preview.outcome_chances(state, o, at(state, 6, 3), att)
    assert hold + back + rout == pytest.approx(1.0)
    assert 0 < hold < 1 and back > 0
