"""Play one headless game between two policies and describe it as a flat run record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..ai import Policy, default_policies
from ..core import engine
from ..core.actions import action_to_dict
from ..core.events import GameEvent
from ..core.rules import victory
from ..core.scenario_def import Scenario
from ..core.state import GameState
from ..core.units import ACTIVE, DESTROYED, ESCAPED
from .game import Game


@dataclass
class GameResult:
    state: GameState
    seed: int
    actions: list[dict[str, Any]] = field(default_factory=list)
    events: list[GameEvent] = field(default_factory=list)


def play_game(
    scenario: Scenario,
    seed: int,
    policies: dict[str, Policy] | None = None,
    record: bool = False,
    on_event: Callable[[GameEvent], None] | None = None,
) -> GameResult:
    """Play a whole battle between computer players (the scenario's doctrine by default). With
    ``record`` the actions and events are kept (for replays and logs)."""
    state, events = engine.new_game(scenario, seed)
    game = Game(scenario, state, seed, events, record=record)
    if on_event is not None:
        for e in events:
            on_event(e)
    game.play(policies or default_policies(scenario), on_event=on_event)
    return GameResult(state, seed, [action_to_dict(a) for a in game.actions], game.events)


def run_record(state: GameState, seed: int) -> dict[str, Any]:
    """The design's run record: one flat row of numbers describing a finished game."""
    sc = state.scenario
    sov = [u for u in state.units if u.side == "soviet"]
    jap = [u for u in state.units if u.side == "japan"]
    st = victory.standing(state)
    captured = state.city_captured_turn >= 0
    spec = sc.sides.get("japan")
    zone = set(spec.exit_zone) if spec else set()
    order_in_force = bool(spec) and (not spec.exit_requires_order or state.has_order("japan", spec.exit_requires_order))
    # escaped: withdrawn off the map, or standing in the withdrawal zone once the order is given
    escaped = [u for u in jap if u.status == ESCAPED or (u.status == ACTIVE and order_in_force and u.hex in zone)]
    # effectiveness (design.md: strength-weighted, of surviving units): men left x readiness, x the
    # supply factor when cut off, over the same units' men at the start
    oos = sc.rules.combat.out_of_supply_factor
    survivors = [u for u in jap if u.status != DESTROYED]
    eff_num = sum(u.men * u.readiness * (1.0 if u.in_supply else oos) for u in survivors)
    eff_den = sum(u.men_start for u in survivors)
    return {
        "seed": seed,
        "winner": st.winner,
        "level": st.level,
        "city_captured": captured,
        "city_captured_turn": state.city_captured_turn if captured else -1,
        "city_captured_at": sc.time_of(state.city_captured_turn).isoformat(timespec="minutes") if captured else "",
        "turns_played": state.turn,
        "soviet_men_start": sum(u.men_start for u in sov),
        "soviet_casualties": sum(u.casualties for u in sov),
        "soviet_killed": sum(u.killed for u in sov),
        "soviet_tanks_start": sum(u.tanks_start for u in sov),
        "soviet_tanks_lost": sum(u.tanks_destroyed_total for u in sov),
        "soviet_tanks_written_off": sum(u.tanks_lost for u in sov),
        "soviet_guns_lost": sum(u.guns_lost for u in sov),
        "japan_men_start": sum(u.men_start for u in jap),
        "japan_casualties": sum(u.casualties for u in jap),
        "japan_killed": sum(u.killed for u in jap),
        "japan_captured": sum(u.captured for u in jap),
        "japan_tanks_lost": sum(u.tanks_destroyed_total for u in jap),
        "japan_guns_lost": sum(u.guns_lost for u in jap),
        "japan_escaped_men": sum(u.men for u in escaped),
        "japan_escaped_units": len(escaped),
        "japan_units_destroyed": sum(1 for u in jap if u.status == DESTROYED),
        "japan_men_end": sum(u.men for u in jap),
        "japan_effectiveness_end": round(eff_num / eff_den, 4) if eff_den else 0.0,
        "bridges_blown": sum(1 for b in state.bridges_intact if not b),
        "soviet_points": st.soviet_points,
        "japan_points": st.japan_points,
        "actions": state.action_count,
    }




METRIC_LABELS: dict[str, str] = {
    "city_captured_turn": "City taken",
    "turns_played": "Turns played",
    "soviet_casualties": "Soviet casualties",
    "soviet_tanks_lost": "Soviet tanks knocked out",
    "japan_casualties": "Japanese casualties",
    "japan_killed": "Japanese killed",
    "japan_guns_lost": "Japanese guns lost",
    "japan_escaped_men": "Japanese escaped west",
    "japan_effectiveness_end": "Japanese effectiveness at the end",
    "bridges_blown": "Bridges blown",
}


def labelled(*keys: str) -> tuple[tuple[str, str], ...]:
    """``(key, label)`` pairs of run-record metrics, for tables and screens."""
    return tuple((k, METRIC_LABELS[k]) for k in keys)


def record_keys() -> list[str]:
    """The column order of a run record (and of runs.csv)."""
    return [
        "seed", "winner", "level", "city_captured", "city_captured_turn", "city_captured_at", "turns_played",
        "soviet_men_start", "soviet_casualties", "soviet_killed", "soviet_tanks_start", "soviet_tanks_lost",
        "soviet_tanks_written_off", "soviet_guns_lost", "japan_men_start", "japan_casualties", "japan_killed",
        "japan_captured", "japan_tanks_lost", "japan_guns_lost", "japan_escaped_men", "japan_escaped_units",
        "japan_units_destroyed", "japan_men_end", "japan_effectiveness_end", "bridges_blown", "soviet_points",
        "japan_points", "actions",
    ]
