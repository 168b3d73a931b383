"""What the doctrine policies do: parameters, difficulty, fog, determinism and doctrine."""

from __future__ import annotations

import pytest

from mutanchiang_sim.ai import make_policy, policy_names
from mutanchiang_sim.ai.attack_doctrine import AttackDoctrine
from mutanchiang_sim.ai.defence_doctrine import DefenceDoctrine
from mutanchiang_sim.ai.doctrine import DoctrineParams
from mutanchiang_sim.ai.fog import visible_enemies
from mutanchiang_sim.ai.operational import OperationalDoctrine
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import BlowBridge, EndPhase, Move
from mutanchiang_sim.sim.run import play_game, run_record


def _posture_on_turn_0(scenario, side):  # type: ignore[no-untyped-def]
    state, _ = engine.new_game(scenario, 1)
    pol = make_policy("doctrine", side)
    assert isinstance(pol, OperationalDoctrine)
    return pol.posture(state)


def test_the_posture_comes_from_the_side_role_not_its_name(small_scenario):
    import dataclasses

    assert "doctrine" in policy_names()
    # small.yaml: the Soviets attack, the Japanese defend
    assert isinstance(_posture_on_turn_0(small_scenario, "soviet"), AttackDoctrine)
    assert isinstance(_posture_on_turn_0(small_scenario, "japan"), DefenceDoctrine)
    swapped = dataclasses.replace(small_scenario, sides={
        side: dataclasses.replace(spec, role="defend" if side == "soviet" else "attack")
        for side, spec in small_scenario.sides.items()
    })
    assert isinstance(_posture_on_turn_0(swapped, "soviet"), DefenceDoctrine)
    assert isinstance(_posture_on_turn_0(swapped, "japan"), AttackDoctrine)


def test_params_defaults_difficulty_and_overrides():
    p = DoctrineParams.from_params({})
    assert p.difficulty == "normal" and p.rearguard_share == 0.25 and not p.fog_of_war
    easy = DoctrineParams.from_params({"difficulty": "easy"})
    hard = DoctrineParams.from_params({"difficulty": "hard"})
    assert easy.mistake_rate > p.mistake_rate > hard.mistake_rate == 0
    assert hard.judgement_sigma == 0
    q = DoctrineParams.from_params({"difficulty": "hard", "attack_ratio": 2.5, "bypass_formations": ["5th Army"]})
    assert q.attack_ratio == 2.5 and q.bypass_formations == ("5th Army",) and q.mistake_rate == 0
    with pytest.raises(ValueError):
        DoctrineParams.from_params({"difficulty": "nightmare"})
    with pytest.warns(UserWarning):
        DoctrineParams.from_params({"no_such_knob": 1})


def _actions(scenario, seed, **params):
    pols = {s: make_policy("doctrine", s, params) for s in ("soviet", "japan")}
    r = play_game(scenario, seed, pols, record=True)
    return r.actions, run_record(r.state, seed)


def test_deterministic_and_seed_dependent(small_scenario):
    a1, r1 = _actions(small_scenario, 7)
    a2, r2 = _actions(small_scenario, 7)
    assert a1 == a2 and r1 == r2
    records = [_actions(small_scenario, s)[1] for s in range(8)]
    assert len({(r["soviet_casualties"], r["japan_casualties"]) for r in records}) > 1


def test_difficulty_changes_play_but_stays_deterministic(small_scenario):
    for d in ("easy", "hard"):
        assert _actions(small_scenario, 3, difficulty=d) == _actions(small_scenario, 3, difficulty=d)


def test_fog_hook_limits_what_a_side_sees(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    everything = visible_enemies(state, "soviet")
    assert set(everything) == {u.hex for u in state.active_units("japan")}
    m = state.scenario.map
    fogged = visible_enemies(state, "soviet", fog_of_war=True, sight=1)
    own = [u.hex for u in state.active_units("soviet")]
    for i in fogged:
        assert min(m.distance(i, j) for j in own) <= 1
    assert len(fogged) < len(everything)


def test_japanese_blow_bridges_when_the_enemy_closes(small_scenario):
    state, _ = engine.new_game(small_scenario, 1)
    engine.apply(state, EndPhase())  # Soviets pass; their units stand two hexes from the bridges
    pol = make_policy("doctrine", "japan", {"difficulty": "hard"})
    blown = []
    while state.side_to_move == "japan" and state.turn == 0:
        a = pol.choose(state, state.ai_rng)
        if isinstance(a, BlowBridge):
            blown.append(a.bridge)
        engine.apply(state, a)
    assert sorted(blown) == [0, 1]


def test_japanese_withdraw_west_after_the_order(small_scenario):
    for seed in range(4):
        pols = {"soviet": make_policy("passive", "soviet"), "japan": make_policy("doctrine", "japan")}
        rec = run_record(play_game(small_scenario, seed, pols).state, seed)
        # nobody presses them: the main body gets away, then the rearguard follows it
        assert rec["japan_escaped_units"] == 4


def test_bypass_formations_keep_out_of_the_city(small_scenario):
    state, _ = engine.new_game(small_scenario, 2)
    state.orders.add("soviet:bypass")
    city = set(small_scenario.map.place_named("Riverton").hexes)
    pol = make_policy("doctrine", "soviet", {"bypass_formations": [""], "bypass_radius": 0})
    while state.side_to_move == "soviet" and state.turn == 0:
        a = pol.choose(state, state.ai_rng)
        if isinstance(a, Move):
            assert not set(a.path) & city
        engine.apply(state, a)


def test_an_enemy_across_an_unbridged_river_holds_no_one_in_contact(small_scenario):
    state, _ = engine.new_game(small_scenario, seed=1)
    m = state.scenario.map
    bank, far = m.index_of_offset(7, 3), m.index_of_offset(6, 3)
    u = state.unit_by_id["s-rd1"]  # (8, 3): step onto the bank at (7, 3), facing (6, 3) over the road bridge
    state, _ = engine.apply(state, Move(u.id, (bank,)))
    u = state.unit_by_id["s-rd1"]
    pol = AttackDoctrine("soviet", {})
    assert pol.engaged(state, u)  # the bridge stands: in contact
    state.bridges_intact[m.bridge_by_edge[(min(bank, far), max(bank, far))]] = False
    assert not pol.engaged(state, u)  # blown: the regiment over the water pins nobody


def test_a_target_over_the_river_is_approached_from_its_own_bank(small_scenario):
    """With every bridge down, a rifle division facing a regiment over the river does not queue
    on the near bank: it crosses where no enemy covers the landing, to attack over open ground."""
    from mutanchiang_sim.core.rules import movement

    state, _ = engine.new_game(small_scenario, seed=1)
    m = state.scenario.map
    state.bridges_intact = [False] * len(state.bridges_intact)
    for i in range(m.size):
        if m.bank[i]:
            state.boats[("soviet", i)] = 9  # the boats are ready everywhere
    u = state.unit_by_id["s-rd1"]  # (8, 3)
    target = state.unit_by_id["j-ir1"].hex  # (6, 3), on the far bank
    pol = AttackDoctrine("soviet", {})
    zoc = movement.enemy_zoc(state, "soviet")
    mv = pol._close_in(state, u, target)
    assert mv is not None
    bank = mv.path[-1]
    assert m.bank[bank] and m.offset_of(bank)[0] == 7 and bank not in zoc  # up the near bank, out of reach
    state, _ = engine.apply(state, mv)
    u = state.unit_by_id["s-rd1"]
    u.moved, u.mp_left = False, movement.allowance(state, u)  # next turn, fresh
    mv = pol._close_in(state, u, target)
    assert mv is not None and len(mv.path) == 1  # a raft crossing is the whole move
    landing = mv.path[0]
    assert m.offset_of(landing)[0] == 6 and landing not in zoc  # over, away from the enemy's guns
    # a tank brigade cannot cross: it closes in on the near bank as before
    tb = state.unit_by_id["s-tb1"]
    mv = pol._close_in(state, tb, target)
    assert mv is None or all(m.offset_of(h)[0] >= 7 for h in mv.path)
