"""Scripted events: a bridge blown then repaired, an order given then cancelled, through the engine.

The test valley with three more events: the road bridge is blown on turn 1 and repaired on
turn 3, and the withdrawal order (given on turn 5) is cancelled on turn 6. The armoured cars start
in the Japanese exit zone, so the order's effect on who may leave the map can be seen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hexes import at

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import EndPhase, Exit
from mutanchiang_sim.core.events import GameEvent
from mutanchiang_sim.core.rules import movement
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.scenario import load_scenario

EVENTS = """events:
  - id: road-bridge-blown
    turn: 1
    effects:
      - blow_bridge: Road bridge
  - id: road-bridge-repaired
    turn: 3
    effects:
      - repair_bridge: Road bridge
  - id: stand-fast
    turn: 6
    text: The withdrawal is called off.
    effects:
      - cancel_order: {side: japan, order: withdraw}
"""


@pytest.fixture()
def scenario(tmp_path: Path, small_path: Path):  # type: ignore[no-untyped-def]
    text = small_path.read_text(encoding="utf-8")
    assert text.count("events:\n") == 1 and "hex: [4, 4], men: 150" in text
    text = text.replace("events:\n", EVENTS).replace("hex: [4, 4], men: 150", "hex: [0, 4], men: 150")
    p = tmp_path / "valley.yaml"
    p.write_text(text, encoding="utf-8")
    return load_scenario(p)


def to_turn(state: GameState, turn: int, side: str = "soviet") -> list[GameEvent]:
    """End phases until it is ``side``'s phase of ``turn``; the events on the way."""
    events: list[GameEvent] = []
    for _ in range(4 * state.scenario.turns):
        if (state.turn, state.side_to_move) == (turn, side):
            return events
        events += engine.apply(state, EndPhase())[1]
    raise AssertionError(f"never reached {side}'s phase of turn {turn}")


def road_bridge(state: GameState) -> int:
    return next(k for k, b in enumerate(state.scenario.map.bridges) if b.name == "Road bridge")


def test_a_blown_bridge_is_repaired_and_can_be_crossed_again(scenario) -> None:  # type: ignore[no-untyped-def]
    state, _ = engine.new_game(scenario, 0)
    k = road_bridge(state)
    west, east = at(state, 6, 3), at(state, 7, 3)
    assert state.bridges_intact[k] and movement.crossing_open(state, east, west)
    blown = [e for e in to_turn(state, 1) if e.kind == "bridge"]
    assert [(e.turn, e.text, e.data) for e in blown] == [(1, "The Road bridge is blown", {"bridge": k, "intact": False})]
    assert not state.bridges_intact[k] and not movement.crossing_open(state, east, west)
    assert all(e.kind != "bridge" for e in to_turn(state, 2))
    repaired = [e for e in to_turn(state, 3) if e.kind == "bridge"]
    assert [(e.turn, e.text, e.data) for e in repaired] == [(3, "The Road bridge is repaired", {"bridge": k, "intact": True})]
    assert state.bridges_intact[k] and movement.crossing_open(state, east, west)
    assert {"road-bridge-blown", "road-bridge-repaired"} <= state.fired_events
    later = [e for e in to_turn(state, 7) if e.kind == "bridge"]
    assert later == [] and state.bridges_intact[k]  # each event fires once


def test_a_cancelled_order_is_no_longer_in_force(scenario) -> None:  # type: ignore[no-untyped-def]
    state, _ = engine.new_game(scenario, 0)
    leave = Exit("j-ac")
    to_turn(state, 4, "japan")
    assert not state.has_order("japan", "withdraw")
    assert engine.check(state, leave) == "no withdraw order for the Japanese side yet"
    to_turn(state, 5, "japan")
    assert state.has_order("japan", "withdraw") and state.turns_since_order("japan", "withdraw") == 0
    assert engine.check(state, leave) is None  # the armoured cars could leave now
    events = to_turn(state, 6, "japan")
    cancelled = [e for e in events if e.kind == "order"]
    assert [(e.turn, e.text, e.data) for e in cancelled] == [(6, "The withdrawal is called off.", {"side": "japan", "order": "withdraw"})]
    assert not state.has_order("japan", "withdraw") and state.turns_since_order("japan", "withdraw") == -1
    assert engine.check(state, leave) == "no withdraw order for the Japanese side yet"
    with pytest.raises(engine.IllegalAction, match="no withdraw order"):
        engine.apply(state, leave)


def test_situational_conditions_fire_on_the_state_of_the_battle(small_scenario):
    from mutanchiang_sim.core import engine
    from mutanchiang_sim.core.rules.scripted import met
    from mutanchiang_sim.core.scenario_def import Condition

    state, _ = engine.new_game(small_scenario, 1)
    ez = state.scenario.sides["japan"].exit_zone
    far = max(state.scenario.map.tables.distance(u.hex, i) for u in state.active_units("soviet") for i in ez)
    near = min(state.scenario.map.tables.distance(u.hex, i) for u in state.active_units("soviet") for i in ez)
    assert met(state, Condition("near", "soviet", ez, within=near))
    assert not met(state, Condition("near", "soviet", ez, within=near - 1))
    assert far >= near
    loss = Condition("losses", "japan", share=0.1)
    assert not met(state, loss)
    u = state.unit_by_id["j-ir1"]
    total = sum(x.men_start for x in state.units if x.side == "japan" and x.status == "active")
    u.killed += int(0.1 * total) + 1
    assert met(state, loss)


def test_with_the_attacker_passive_nobody_withdraws():
    from pathlib import Path

    from mutanchiang_sim.ai import make_policy
    from mutanchiang_sim.scenario import load_scenario
    from mutanchiang_sim.sim.run import play_game

    sc = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "mutanchiang_1945.yaml")
    pols = {"soviet": make_policy("passive", "soviet"), "japan": make_policy("doctrine", "japan", sc.ai.get("japan", {}))}
    r = play_game(sc, 3, pols, record=True)
    assert not any(a["type"] == "exit" for a in r.actions)
    assert "japan:withdraw" not in r.state.orders
