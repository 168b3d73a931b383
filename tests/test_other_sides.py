"""A battle between other sides than the bundled one's (``tests/data/redblue.yaml``: ``red``
defends, ``blue`` attacks with units that all arrive on turn 2): the sides come from the file, and
nothing the engine, the run record, a batch or a report says names the bundled battle's sides."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from mutanchiang_sim.api import Game
from mutanchiang_sim.cli import main
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import EndPhase
from mutanchiang_sim.core.rules import victory
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.core.units import ACTIVE, DESTROYED, RESERVE
from mutanchiang_sim.scenario import ScenarioError, load_scenario
from mutanchiang_sim.sim.run import objective_names, record_keys

DATA = Path(__file__).resolve().parent / "data"
REDBLUE = DATA / "redblue.yaml"
BUNDLED_SIDES = re.compile(r"soviet|japan", re.IGNORECASE)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return load_scenario(REDBLUE)


def test_the_sides_are_the_files(scenario) -> None:  # type: ignore[no-untyped-def]
    assert scenario.side_ids == ("red", "blue")
    assert scenario.side_codes == {"red": 1, "blue": 2}  # their order in the file
    assert scenario.sides_order == ("blue", "red")  # first_side: blue
    assert scenario.attacker == "blue"  # role: attack
    assert [scenario.side_label(s) for s in scenario.side_ids] == ["Red", "Blue"]
    assert (scenario.sides["red"].name, scenario.sides["red"].colour, scenario.sides["red"].role) == \
        ("Red Republic", "#8a2be2", "defend")
    assert scenario.other_side("red") == "blue"


def test_the_city_is_taken_by_the_attacker_whatever_its_mark(scenario) -> None:  # type: ignore[no-untyped-def]
    state = GameState.new(scenario, 0)
    town = scenario.map.place_named("Greystone").hexes
    assert not victory.city_taken(state)
    for i in town:
        state.control[i] = scenario.side_codes["blue"]  # 2: the second side's mark
    assert victory.city_taken(state)
    for i in town:
        state.control[i] = scenario.side_codes["red"]
    assert not victory.city_taken(state)
    st = victory.standing(state)
    assert set(st.points) == {"red", "blue"} and st.points["red"] == 10.0
    assert st.winner == "red" and st.level == "Red marginal victory"


def _end_turn(state: GameState) -> list:  # type: ignore[type-arg]
    events = []
    for _ in range(2):
        _, ev = engine.apply(state, EndPhase())
        events += ev
    return events


def test_a_side_waiting_for_its_units_is_not_beaten(scenario) -> None:  # type: ignore[no-untyped-def]
    state, _ = engine.new_game(scenario, 0)
    assert not state.active_units("blue") and all(u.status == RESERVE for u in state.units if u.side == "blue")
    _end_turn(state)
    assert not state.game_over and state.turn == 1  # blue has nothing on the map, but units to come
    _end_turn(state)
    assert state.turn == 2 and {u.status for u in state.units if u.side == "blue"} == {ACTIVE}


def test_a_side_with_nothing_on_the_map_and_nothing_to_come_is_beaten(scenario) -> None:  # type: ignore[no-untyped-def]
    state, _ = engine.new_game(scenario, 0)
    for u in state.units:
        if u.side == "blue":
            u.status = DESTROYED  # (not reserves any more: nobody is left to come)
    events = _end_turn(state)
    assert state.game_over and state.turn == 1
    assert [e.data["winner"] for e in events if e.kind == "end"] == ["red"]


def test_played_through_the_api_the_record_is_keyed_by_its_sides(scenario) -> None:  # type: ignore[no-untyped-def]
    game = Game.load(REDBLUE, seed=4)
    game.play({"red": "random", "blue": "random"})
    assert game.over and game.turn == scenario.turns  # (not over on turn 1: blue's units come on turn 2)
    rec = game.record()
    assert list(rec) == record_keys(("red", "blue"), objective_names(scenario))
    for figure in ("men_start", "casualties", "points", "attacks", "escaped_men", "effectiveness_end"):
        assert f"red_{figure}" in rec and f"blue_{figure}" in rec
    assert rec["blue_men_start"] == 9000 + 8000 + 1200
    assert not [k for k in rec if BUNDLED_SIDES.search(k)]
    assert not [v for v in rec.values() if isinstance(v, str) and BUNDLED_SIDES.search(v)]
    # attacks made: one for each combat, counted for the side whose units attacked
    by_side = {"red": 0, "blue": 0}
    for e in game.events:
        if e.kind == "combat":
            by_side[game.state.unit_by_id[e.data["attackers"][0]].side] += 1
    assert (rec["red_attacks"], rec["blue_attacks"]) == (by_side["red"], by_side["blue"])
    assert sum(by_side.values()) > 0  # (seed 4: both sides attack at random)
    out = game.outcome()
    assert set(out.points) == {"red", "blue"} and out.winner in ("red", "blue", "draw")


def test_attacks_are_saved_and_old_saves_load_with_none(scenario) -> None:  # type: ignore[no-untyped-def]
    game = Game.load(REDBLUE, seed=4)
    game.play({"red": "random", "blue": "random"}, max_actions=60)
    d = game.state.to_dict()
    assert d["attacks"] == game.state.attacks
    again = GameState.from_dict(scenario, json.loads(json.dumps(d)))
    assert again.attacks == game.state.attacks
    del d["attacks"]  # a save from before attacks were counted
    assert GameState.from_dict(scenario, d).attacks == {"red": 0, "blue": 0}
    with pytest.raises(ValueError, match=r"state\.attacks\.red: expected a whole number >= 0"):
        GameState.from_dict(scenario, {**d, "attacks": {"red": -1}})
    with pytest.raises(ValueError, match=r"state\.attacks: expected one of blue, red, got 'soviet'"):
        GameState.from_dict(scenario, {**d, "attacks": {"soviet": 1}})


def test_a_batch_and_its_report_speak_of_its_sides(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b"
    assert main(["batch", str(REDBLUE), "--runs", "4", "--seed", "2", "--workers", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    with open(out / "runs.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header == ["run", "batch_seed", *record_keys(("red", "blue"), objective_names(load_scenario(REDBLUE))), "error"]
    assert len(rows) == 5 and all(r[-1] == "" for r in rows[1:])
    summary = json.loads((out / "summary.json").read_text())
    assert {"red_win_rate", "blue_win_rate"} <= set(summary) and "red_attacks" in summary["metrics"]
    assert [s["id"] for s in json.loads((out / "batch.json").read_text())["sides"]] == ["red", "blue"]
    assert main(["report", str(out)]) == 0
    report = (out / "report.md").read_text()
    assert "| Red wins |" in report and "| Blue wins |" in report and "Blue attacks made" in report
    assert "Red wins" in printed and "Blue casualties" in printed
    for name in ("runs.csv", "summary.json", "batch.json", "report.md"):
        text = (out / name).read_text()
        assert not BUNDLED_SIDES.search(text), f"{name} names the bundled battle's sides"
    assert not BUNDLED_SIDES.search(printed)
    capsys.readouterr()


def test_run_prints_its_sides(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["run", str(REDBLUE), "--seed", "1"]) == 0
    printed = capsys.readouterr().out
    assert "Greystone crossroads, seed 1" in printed and "Blue casualties" in printed and "Red attacks made" in printed
    assert not BUNDLED_SIDES.search(printed)
    assert main(["run", str(REDBLUE), "--soviet", "passive"]) == 2  # no such side here
    assert "has no side 'soviet' (sides: red, blue)" in capsys.readouterr().err


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = REDBLUE.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "v.yaml"
    p.write_text(text.replace(old, new), encoding="utf-8")
    return p


def test_a_unit_of_an_undeclared_side_is_a_located_error(tmp_path: Path) -> None:
    p = _variant(tmp_path, "{id: r-2, name: 2nd Red Regiment, side: red,", "{id: r-2, name: 2nd Red Regiment, side: rde,")
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    msgs = [str(q) for q in e.value.problems]
    assert any(":41:" in m and "units[1].side: unknown side 'rde' (sides: red, blue) (did you mean 'red'?)" in m for m in msgs), msgs


def test_nation_rules_are_needed_for_each_side(tmp_path: Path) -> None:
    p = _variant(tmp_path, "    blue: {quality: 1.0}\n", "")
    with pytest.raises(ScenarioError, match="rules.nations: no nation rules for blue"):
        load_scenario(p)


def test_a_battle_has_two_sides(tmp_path: Path) -> None:
    p = _variant(tmp_path, "units:\n", "  green: {name: Green}\nunits:\n")
    with pytest.raises(ScenarioError, match=r"sides: a battle has exactly two sides; this file has 3 \(red, blue, green\)"):
        load_scenario(p)


def test_a_file_without_declared_sides_still_loads(tmp_path: Path) -> None:
    text = REDBLUE.read_text(encoding="utf-8")
    start, end = text.index("sides:\n"), text.index("units:\n")
    p = tmp_path / "old.yaml"
    p.write_text(text[:start] + text[end:], encoding="utf-8")
    sc = load_scenario(p)
    assert sc.side_ids == ("blue", "red")  # first_side, then the units' sides
    assert [(s.name, s.adjective, s.role) for s in sc.sides.values()] == [("Blue", "Blue", "attack"), ("Red", "Red", "defend")]
    assert sc.sides["blue"].colour and sc.sides["red"].colour != sc.sides["blue"].colour


def test_play_takes_a_side_of_the_scenario(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pygame")
    shot = tmp_path / "v.png"
    assert main(["play", str(REDBLUE), "--side", "red", "--seed", "1", "--screenshot", str(shot)]) == 0
    assert shot.stat().st_size > 0
    assert main(["play", str(REDBLUE), "--side", "green", "--screenshot", str(shot)]) == 2
    assert "--side green: Greystone crossroads has the sides red, blue (or both, none)" in capsys.readouterr().err


def test_a_history_figure_names_a_column_of_this_files_sides(tmp_path: Path) -> None:
    ok = _variant(tmp_path, "rules:\n", "history:\n  - {metric: blue_attacks, low: 1, high: 9}\nrules:\n")
    assert load_scenario(ok).history[0][0] == "blue_attacks"
    bad = _variant(tmp_path, "rules:\n", "history:\n  - {metric: soviet_attacks, low: 1, high: 9}\nrules:\n")
    with pytest.raises(ScenarioError, match=r"history\[0\]\.metric: no run-record column 'soviet_attacks'"):
        load_scenario(bad)
