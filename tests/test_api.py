"""The public Game API (mutanchiang_sim.api): legal actions, explain, step, play, observe,
clone, plain data, outcome; and docs/api.md's example runs as written."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from mutanchiang_sim.api import (
    Attack,
    BadSave,
    EndPhase,
    Game,
    IllegalAction,
    Move,
    ScenarioError,
    policy,
)
from mutanchiang_sim.core.rules import attack as rules_attack
from mutanchiang_sim.core.rules import combat, movement
from mutanchiang_sim.sim.run import play_game, run_record

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def game(small_scenario) -> Game:  # type: ignore[no-untyped-def]
    return Game.new(small_scenario, seed=3)


def _snapshot(g: Game) -> str:
    return json.dumps(g.state.to_dict(), sort_keys=True)


def test_a_new_game_starts_with_the_first_side_and_only_legal_actions(game: Game) -> None:
    assert game.side_to_move == game.scenario.first_side
    assert game.turn == 0 and not game.over
    acts = game.legal_actions()
    assert acts[-1] == EndPhase()
    assert any(isinstance(a, Move) for a in acts)
    assert all(game.is_legal(a) for a in acts)


def test_an_illegal_step_raises_and_changes_nothing(game: Game) -> None:
    before = _snapshot(game)
    bad = Move("no-such-unit", (0,))
    assert game.why_illegal(bad) is not None
    with pytest.raises(IllegalAction):
        game.step(bad)
    assert _snapshot(game) == before
    assert game.actions == []


def test_explain_a_move_prices_it_with_the_movement_rule(game: Game) -> None:
    mv = next(a for a in game.legal_actions() if isinstance(a, Move) and len(a.path) >= 2)
    u = game.state.unit_by_id[mv.unit]
    x = game.explain(mv)
    assert x.legal and x.reason is None
    assert x.move_cost == pytest.approx(movement.path_cost(game.state, u, mv.path))
    if not x.stops_in_enemy_zoc:
        assert x.mp_after == pytest.approx(u.mp_left - x.move_cost)
    game.step(mv)  # explaining drew nothing: the move is still legal and goes through
    assert game.state.unit_by_id[mv.unit].hex == mv.path[-1]


def test_explain_an_illegal_action_says_why(game: Game) -> None:
    x = game.explain(Move("no-such-unit", (0,)))
    assert not x.legal and x.reason and x.text.startswith("illegal:")


def test_explain_an_attack_gives_the_combat_rules_odds_and_chances(small_scenario) -> None:  # type: ignore[no-untyped-def]
    g = Game.new(small_scenario, seed=5)
    for _ in range(40):  # play until an attack is on offer (bounded)
        attack = next((a for a in g.legal_actions() if isinstance(a, Attack)), None)
        if attack is not None or g.over:
            break
        g.play(max_actions=1)
    assert attack is not None, "no attack came up in 40 actions"
    before = _snapshot(g)
    x = g.explain(attack)
    attackers = [g.state.unit_by_id[i] for i in attack.attackers]
    support = [g.state.unit_by_id[i] for i in attack.support]
    river = rules_attack.over_river(g.state, attack.target, attackers)
    assert x.odds == combat.odds(g.state, attack.target, attackers, support, river)
    assert x.chances is not None and sum(x.chances) == pytest.approx(1.0)
    assert _snapshot(g) == before  # no dice drawn


def test_play_until_stops_when_that_side_is_to_move(game: Game) -> None:
    other = [s for s in game.sides if s != game.side_to_move][0]
    n = game.play(until=other)
    assert n >= 1 and game.side_to_move == other
    assert len(game.actions) == n


def test_play_to_the_end_matches_play_game(small_scenario) -> None:  # type: ignore[no-untyped-def]
    g = Game.new(small_scenario, seed=11)
    g.play()
    assert g.over and g.side_to_move is None
    assert g.record() == run_record(play_game(small_scenario, 11).state, 11)


def test_a_clone_is_independent_and_plays_the_same(game: Game) -> None:
    game.play(max_actions=5)
    before = _snapshot(game)
    copy = game.clone()
    copy.play()
    assert _snapshot(game) == before
    game.play()
    assert game.record() == copy.record()


def test_plain_data_round_trip_goes_on_the_same_way(game: Game) -> None:
    game.play(max_actions=7)
    again = Game.from_dict(game.scenario, json.loads(json.dumps(game.to_dict())))
    assert again.actions == game.actions
    game.play()
    again.play()
    assert again.record() == game.record()


def test_damaged_plain_data_is_a_bad_save(game: Game) -> None:
    d = game.to_dict()
    with pytest.raises(BadSave):
        Game.from_dict(game.scenario, {**d, "seed": -1})
    with pytest.raises(BadSave):
        Game.from_dict(game.scenario, {"seed": 1})


def test_observe_under_fog_sees_a_subset_and_is_frozen(game: Game) -> None:
    side = game.side_to_move
    assert side is not None
    full = game.observe(side)
    fog = game.observe(side, fog=True)
    assert {u.id for u in fog.enemies} <= {u.id for u in full.enemies}
    assert all(u.side == side for u in full.own) and all(u.side != side for u in full.enemies)
    assert fog.own == full.own
    with pytest.raises(dataclasses.FrozenInstanceError):
        fog.turn = 3  # type: ignore[misc]
    with pytest.raises(ValueError):
        game.observe("nobody")


def test_policies_by_name_or_object(small_scenario) -> None:  # type: ignore[no-untyped-def]
    a = Game.new(small_scenario, seed=2)
    b = Game.new(small_scenario, seed=2)
    a.play(policies={"soviet": "advance", "japan": "hold"})
    b.play(policies={"soviet": policy("advance", "soviet", small_scenario), "japan": policy("hold", "japan", small_scenario)})
    assert a.record() == b.record()
    with pytest.raises(KeyError):
        policy("no-such-policy", "soviet")


def test_load_a_broken_file_is_a_scenario_error(tmp_path: Path) -> None:
    p = tmp_path / "broken.yaml"
    p.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError) as e:
        Game.load(p)
    assert e.value.lines and e.value.lines[0].startswith(str(p))


def test_the_docs_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    assert blocks, "docs/api.md has no example"
    for code in blocks:
        exec(compile(code, "docs/api.md", "exec"), {})  # noqa: S102 - our own documentation
    out = capsys.readouterr().out
    assert "refused:" in out and "on the copy:" in out


def test_a_game_played_in_pieces_is_the_same_battle_as_one_played_at_once(small_scenario) -> None:  # type: ignore[no-untyped-def]
    whole = Game.new(small_scenario, seed=5)
    whole.play()
    pieces = Game.new(small_scenario, seed=5)
    while not pieces.over:
        pieces.play(max_actions=3)  # the computer players keep their phase's plan between calls
    assert pieces.actions == whole.actions
    assert pieces.record() == whole.record()
