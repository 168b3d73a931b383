"""The game session played headless: no pygame, no display."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import Attack, EndPhase, Move
from mutanchiang_sim.core.rules import movement
from mutanchiang_sim.core.scenario_def import Scenario
from mutanchiang_sim.sim.session import GameSession


def start(scenario: Scenario, humans: set[str], fog: bool = False, seed: int = 1) -> GameSession:
    return GameSession.start(scenario, seed, humans, fog=fog)


def hex_of(scenario: Scenario, col: int, row: int) -> int:
    return scenario.map.index_of_offset(col, row)


def move(session: GameSession, uid: str, col: int, row: int) -> Move:
    u = session.state.unit_by_id[uid]
    reach = session.reach(u)
    return Move(uid, movement.path_to(reach, u.hex, hex_of(session.scenario, col, row)))


def test_the_session_needs_no_pygame() -> None:
    code = "import sys, mutanchiang_sim.sim.session, mutanchiang_sim.ui; sys.exit('pygame' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0


def test_a_human_move_is_undone_exactly(small_scenario: Scenario) -> None:
    s = start(small_scenario, {"soviet"})
    before, n_log, n_actions = s.state.to_dict(), len(s.log), len(s.actions or [])
    s.apply(move(s, "s-rd1", 8, 2), human=True)
    assert s.state.unit_by_id["s-rd1"].hex == hex_of(small_scenario, 8, 2)
    assert len(s.actions or []) == n_actions + 1 and len(s.undo_stack) == 1
    assert s.undo()
    assert s.state.to_dict() == before and len(s.log) == n_log and len(s.actions or []) == n_actions
    assert not s.undo()  # nothing left to take back
    # the hexes in reach are those of the unit back where it started
    u = s.state.unit_by_id["s-rd1"]
    assert s.reach(u) == movement.reachable(s.state, u)


def test_dice_end_the_undo(small_scenario: Scenario) -> None:
    s = start(small_scenario, {"soviet"})
    s.apply(move(s, "s-rd1", 7, 3), human=True)
    assert s.undo_stack
    events = s.apply(Attack(hex_of(small_scenario, 6, 3), ("s-rd1",)), human=True)
    assert any(e.kind == "combat" for e in events)
    assert any(kind == "combat" for kind, _ in s.log)
    assert not s.undo_stack and not s.undo()


def test_an_illegal_human_action_leaves_the_game_unchanged(small_scenario: Scenario) -> None:
    s = start(small_scenario, {"soviet"})
    s.apply(move(s, "s-rd1", 8, 2), human=True)
    before, log, actions, undo = s.state.to_dict(), list(s.log), list(s.actions or []), len(s.undo_stack)
    far = hex_of(small_scenario, 0, 0)
    for action in (Move("s-rd2", (far,)), Move("j-ir1", (hex_of(small_scenario, 6, 2),)),
                   Attack(hex_of(small_scenario, 4, 4), ("s-tb1",))):
        with pytest.raises(engine.IllegalAction):
            s.apply(action, human=True)
        assert s.state.to_dict() == before
        assert s.log == log and s.actions == actions and len(s.undo_stack) == undo


def test_the_computer_plays_until_a_human_is_to_move(small_scenario: Scenario) -> None:
    s = start(small_scenario, {"soviet"})
    assert s.human_turn() and not s.computer_to_move()
    assert s.run_computer() == 0  # the human's turn: the computer does nothing
    s.apply(EndPhase(), human=True)
    assert s.state.side_to_move == "japan" and s.computer_to_move()
    n = s.run_computer()
    assert n > 0 and s.human_turn() and s.state.side_to_move == "soviet" and s.state.turn == 1
    assert s.actions is not None and len(s.actions) == n + 1
    # with no human the computer plays the battle to its end
    watch = start(small_scenario, set())
    watch.run_computer()
    assert watch.state.game_over and not watch.computer_to_move()


def test_save_and_load_round_trip(small_scenario: Scenario, tmp_path: Path) -> None:
    s = start(small_scenario, {"soviet"})
    s.apply(move(s, "s-rd1", 8, 2), human=True)
    path = tmp_path / "game.json"
    assert s.save(path) == path and s.save_path == path
    saved, log, actions = s.state.to_dict(), list(s.log), list(s.actions or [])
    assert json.loads(path.read_text())["state"] == saved
    s.apply(EndPhase(), human=True)
    s.run_computer()
    assert s.state.to_dict() != saved
    s.save_path = tmp_path / "elsewhere.json"
    assert s.load(path) == path
    assert s.state.to_dict() == saved and s.log == log and s.actions == actions
    assert s.save_path == path and not s.undo_stack
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="not a save file"):
        s.load(bad)
    assert s.state.to_dict() == saved and s.save_path == path


def test_fog_shows_the_human_side_what_it_sees(small_scenario: Scenario) -> None:
    s = start(small_scenario, {"soviet"}, fog=True)
    # the armoured cars at (4, 4) are 4 hexes from the nearest Soviet unit: out of sight (3)
    assert s.viewer() == "soviet" and s.fogged() == {"j-ac"}
    s.fog = False
    assert s.viewer() is None and s.fogged() == set()
    assert start(small_scenario, set(), fog=True).viewer() is None  # watching: everything
    japan = start(small_scenario, {"japan"}, fog=True)
    assert japan.viewer() == "japan" and japan.fogged() == set()  # every Soviet unit is near a Japanese one


def test_hot_seat_under_fog_shows_the_side_to_move(small_scenario: Scenario) -> None:
    s = start(small_scenario, {"soviet", "japan"}, fog=True)
    assert s.viewer() == "soviet" and "j-ac" in s.fogged()
    s.apply(EndPhase(), human=True)
    assert s.human_turn() and s.viewer() == "japan"
    assert s.fogged() == set()  # the Japanese see every Soviet unit, and never their own as unseen


def test_orders_only_for_the_side_to_move(small_scenario: Scenario) -> None:
    s = start(small_scenario, {"soviet"})
    own, enemy = s.state.unit_by_id["s-rd1"], s.state.unit_by_id["j-ir1"]
    assert s.can_order(own) and s.reach(own)
    assert not s.can_order(enemy) and s.reach(enemy) == {}
    ready = {u.id for u in s.ready_units()}
    assert "s-rd1" in ready and "j-ir1" not in ready
    s.apply(move(s, "s-rd1", 8, 2), human=True)
    assert "s-rd1" not in {u.id for u in s.ready_units()}
    s.apply(EndPhase(), human=True)
    assert not s.human_turn() and s.reach(s.state.unit_by_id["s-rd2"]) == {}


def test_the_computer_obeys_fog_whenever_the_human_has_it(small_scenario: Scenario) -> None:
    s = start(small_scenario, {"soviet"}, fog=True)
    assert s.policies["japan"].p.fog_of_war  # type: ignore[attr-defined]
    s.fog = False
    assert not s.policies["japan"].p.fog_of_war  # type: ignore[attr-defined]
    s.fog = True
    assert s.policies["japan"].p.fog_of_war  # type: ignore[attr-defined]
    assert not start(small_scenario, {"soviet"}).policies["japan"].p.fog_of_war  # type: ignore[attr-defined]


def test_the_chosen_computer_players_are_saved_and_loaded(small_scenario: Scenario, tmp_path: Path) -> None:
    s = GameSession.start(small_scenario, 4, {"soviet"}, ai={"japan": "hard"})
    assert s.policies["japan"].p.difficulty == "hard"  # type: ignore[attr-defined]
    path = s.save(tmp_path / "save.json")
    assert json.loads(path.read_text())["ai"] == {"japan": "hard"}
    other = GameSession.start(small_scenario, 4, {"soviet"}, ai={"japan": "easy"})
    other.load(path)
    assert other.ai == {"japan": "hard"} and other.policies["japan"].p.difficulty == "hard"  # type: ignore[attr-defined]
