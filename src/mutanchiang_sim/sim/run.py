"""Play one headless game between two policies and describe it as a flat run record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..ai import Policy, default_policies
from ..ai.cache import keep_fields
from ..core import engine
from ..core.actions import action_to_dict
from ..core.events import GameEvent
from ..core.record_columns import SIDE_FIGURES, objective_key, record_columns
from ..core.rules import victory
from ..core.scenario_def import Scenario
from ..core.state import GameState
from ..core.units import DESTROYED
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
    on_turn: Callable[[GameState, int], None] | None = None,
) -> GameResult:
    """Play a whole battle between computer players (the scenario's doctrine by default). With
    ``record`` the actions and events are kept (for replays and logs); ``on_turn`` sees the
    state at the start of every turn (with the turn's number)."""
    state, events = engine.new_game(scenario, seed)
    game = Game(state.scenario, state, seed, events, record=record)  # (its ranges drawn)
    hook = on_event
    if on_turn is not None:
        def hook(e: GameEvent) -> None:
            if on_event is not None:
                on_event(e)
            if e.kind == "turn":
                on_turn(state, e.turn)
    if hook is not None:
        for e in events:
            hook(e)
    game.play(policies or default_policies(scenario), on_event=hook)
    keep_fields(state.scenario.map)  # for the next process's first battle
    return GameResult(state, seed, [action_to_dict(a) for a in game.actions], game.events)


@dataclass(frozen=True)
class SideInfo:
    """What records, summaries and reports need to know of a side: its id (the prefix of its
    run-record columns), how it is labelled, its role, and whether it has a way off the map."""

    id: str
    label: str  # the adjective: "Soviet casualties"
    name: str = ""
    role: str = ""
    exits: bool = False

    @classmethod
    def of(cls, scenario: Scenario) -> tuple[SideInfo, ...]:
        return tuple(cls(s.id, s.label, s.name or s.label, s.role, bool(s.exit_zone)) for s in scenario.sides.values())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "name": self.name, "role": self.role, "exits": self.exits}

    @classmethod
    def from_meta(cls, meta: dict[str, Any], header: Sequence[str] = ()) -> tuple[SideInfo, ...]:
        """The sides ``batch.json`` lists; for a batch written before it listed them, the sides
        whose ``{side}_men_start`` columns ``runs.csv`` has (labelled by their ids)."""
        listed = meta.get("sides")
        if isinstance(listed, list) and all(isinstance(d, dict) and "id" in d for d in listed):
            return tuple(cls(str(d["id"]), str(d.get("label") or d["id"]), str(d.get("name") or ""),
                             str(d.get("role") or ""), bool(d.get("exits"))) for d in listed)
        ids = [h[: -len("_men_start")] for h in header if h.endswith("_men_start")]
        return tuple(cls(i, i.capitalize(), exits=f"{i}_escaped_men" in header) for i in ids)


SHARE_FIGURES = ("effectiveness_end",)  # figures that are shares (shown as percentages)


def side_figures(state: GameState, side: str, st: victory.Standing) -> dict[str, Any]:
    """The run record's figures of one side."""
    sc = state.scenario
    mine = [u for u in state.units if u.side == side]
    escaped = [u for u in mine if victory.escaped(state, u)]
    # effectiveness (design.md: strength-weighted, of surviving units): men left x readiness, x the
    # supply factor when cut off, over the same units' men at the start
    oos = sc.rules.combat.out_of_supply_factor
    survivors = [u for u in mine if u.status != DESTROYED]
    eff_num = sum(u.men * u.readiness * (1.0 if u.in_supply else oos) for u in survivors)
    eff_den = sum(u.men_start for u in survivors)
    figures: dict[str, Any] = {
        "men_start": sum(u.men_start for u in mine),
        "casualties": sum(u.casualties for u in mine),
        "killed": sum(u.killed for u in mine),
        "captured": sum(u.captured for u in mine),
        "tanks_start": sum(u.tanks_start for u in mine),
        "tanks_lost": sum(u.tanks_destroyed_total for u in mine),
        "tanks_written_off": sum(u.tanks_lost for u in mine),
        "guns_lost": sum(u.guns_lost for u in mine),
        "escaped_men": sum(u.men for u in escaped),
        "escaped_units": len(escaped),
        "units_destroyed": sum(1 for u in mine if u.status == DESTROYED),
        "men_end": sum(u.men for u in mine),
        "effectiveness_end": round(eff_num / eff_den, 4) if eff_den else 0.0,
        "points": st.points[side],
        "attacks": state.attacks.get(side, 0),
    }
    return {f"{side}_{k}": figures[k] for k, _ in SIDE_FIGURES}


def run_record(state: GameState, seed: int) -> dict[str, Any]:
    """The design's run record: one flat row of numbers describing a finished game, with
    every side's figures as ``{side}_{figure}`` (:data:`SIDE_FIGURES`) and, last, the values the
    game drew for the scenario's ranges as ``drawn.{key}``."""
    sc = state.scenario
    st = victory.standing(state)
    captured = state.city_captured_turn >= 0
    rec: dict[str, Any] = {
        "seed": seed,
        "winner": st.winner,
        "level": st.level,
        "city_captured": captured,
        "city_captured_turn": state.city_captured_turn if captured else -1,
        "city_captured_at": sc.time_of(state.city_captured_turn).isoformat(timespec="minutes") if captured else "",
        "turns_played": state.turn,
    }
    for side in sc.side_ids:
        rec.update(side_figures(state, side, st))
    rec["bridges_blown"] = sum(1 for b in state.bridges_intact if not b)
    rec["actions"] = state.action_count
    times = [(f"{side}_cut_off", state.cut_off_turn.get(side, -1)) for side in sc.side_ids]
    times += [(f"{objective_key(p.name)}_captured", state.objectives_taken.get(p.name, -1)) for p in victory.objectives(sc)]
    for prefix, turn in times:
        rec[f"{prefix}_turn"] = turn
        rec[f"{prefix}_at"] = sc.time_of(turn).isoformat(timespec="minutes") if turn >= 0 else ""
    rec.update({f"drawn.{k}": v for k, v in sc.drawn.items()})  # the values drawn for the ranges
    return rec


GAME_LABELS: dict[str, str] = {
    "city_captured_turn": "City taken",
    "turns_played": "Turns played",
    "bridges_blown": "Bridges blown",
}


def metric_labels(sides: Sequence[SideInfo]) -> dict[str, str]:
    """Every numeric run-record column's label ("Soviet casualties", "Bridges blown")."""
    out = dict(GAME_LABELS)
    for s in sides:
        out.update({f"{s.id}_{k}": f"{s.label} {label}" for k, label in SIDE_FIGURES})
    return out


def headline_keys(sides: Sequence[SideInfo]) -> list[str]:
    """The figures tables and screens show first: each side's losses and attacks; what
    escaped of a side with a way off the map, and how fit a defender is at the end."""
    keys: list[str] = []
    for s in sides:
        keys += [f"{s.id}_{k}" for k in ("casualties", "killed", "tanks_lost", "guns_lost", "attacks")]
        if s.exits:
            keys.append(f"{s.id}_escaped_men")
        if s.role == "defend":
            keys.append(f"{s.id}_effectiveness_end")
    return keys


def labelled(sides: Sequence[SideInfo], *keys: str) -> tuple[tuple[str, str], ...]:
    """``(key, label)`` pairs of run-record metrics, for tables and screens."""
    labels = metric_labels(sides)
    return tuple((k, labels[k]) for k in keys)


def record_keys(sides: Sequence[str], objectives: Sequence[str] = ()) -> list[str]:
    """The column order of a run record (and of runs.csv) for a battle between ``sides`` with
    the timed ``objectives``."""
    return record_columns(sides, objectives)


def objective_names(scenario: Scenario) -> list[str]:
    """The places whose capture a run record times (:func:`victory.objectives`)."""
    return [p.name for p in victory.objectives(scenario)]
