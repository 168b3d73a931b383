"""The game state: everything that changes in play, and its plain-dict form for saves."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .rng import ai_rng_for, make_rng, rng_from_state, rng_state
from .scenario_def import Scenario
from .sides import CONTROL_NONE
from .uncertain import check_values, with_values
from .units import ACTIVE, DESTROYED, ESCAPED, RESERVE, Unit

STATE_FORMAT = 1
_SERIALS = itertools.count(1)


def initial_control(scenario: Scenario, units: list[Unit]) -> list[int]:
    """Who holds each hex at the start: the side whose nearest unit is closer (in steps over
    passable ground); hexes as near to both, or reached by neither, belong to nobody."""
    m = scenario.map
    owner = [CONTROL_NONE] * m.size
    dist = [-1] * m.size
    frontier: list[int] = []
    codes = scenario.side_codes
    for u in units:
        code = codes[u.side]
        if dist[u.hex] == 0 and owner[u.hex] != code:
            owner[u.hex] = CONTROL_NONE
        elif dist[u.hex] < 0:
            dist[u.hex] = 0
            owner[u.hex] = code
            frontier.append(u.hex)
    d = 0
    while frontier:
        d += 1
        nxt: list[int] = []
        for a in frontier:
            for b in m.neighbor_lists[a]:
                if not m.passable[b]:
                    continue
                if dist[b] < 0:
                    dist[b] = d
                    owner[b] = owner[a]
                    nxt.append(b)
                elif dist[b] == d and owner[b] != owner[a]:
                    owner[b] = CONTROL_NONE  # equally near to both sides
        frontier = nxt
    return owner


@dataclass
class GameState:
    """Mutable state of one game. The engine changes it in place (like ``chess.Board.push``);
    use :meth:`copy` or :meth:`to_dict` to keep a snapshot."""

    scenario: Scenario
    rng: np.random.Generator  # chance in the rules (combat, repairs)
    units: list[Unit]
    turn: int = 0
    phase: int = 0  # index into ``sides_order``
    bridges_intact: list[bool] = field(default_factory=list)
    control: list[int] = field(default_factory=list)  # per hex: 0 nobody, else a side's code (Scenario.side_codes)
    orders: set[str] = field(default_factory=set)  # "side:order", e.g. "japan:withdraw"
    order_turns: dict[str, int] = field(default_factory=dict)  # when each order was given
    fired_events: set[str] = field(default_factory=set)
    # Turns each side has spent gathering boats at river-bank hexes (see movement.gather_boats).
    boats: dict[tuple[str, int], int] = field(default_factory=dict)
    quality_mod: dict[str, float] = field(default_factory=dict)  # per side (1.0 for a side not given)
    attacks: dict[str, int] = field(default_factory=dict)  # Attack actions each side has made
    city_captured_turn: int = -1
    # Outcome times (turns) for the run record: when each objective (a place worth points that a
    # side held at the start) was first taken by another side, and when half or more of a side's
    # men on the map were first out of supply (cut off).
    objectives_taken: dict[str, int] = field(default_factory=dict)
    cut_off_turn: dict[str, int] = field(default_factory=dict)
    game_over: bool = False
    action_count: int = 0
    # The computer players' own stream (see rng.ai_rng_for); None: derived from ``rng``.
    ai_rng: np.random.Generator | None = None
    # movement.enemy_zoc's memo, per side: (occupancy version, enemy-held hexes, the zone, the
    # enemies' holder counts). One
    # entry a side, so that the two sides' look-ups (an attack's retreats) don't evict each other.
    zoc_cache: dict[str, tuple[int, list[int], set[int], tuple[tuple[str, int], ...] | None]] = field(default_factory=dict, init=False, repr=False, compare=False)
    # movement.stepper's memo: (what the step costs were priced for, {(side, kind): (the enemy's
    # zone of control it fixed, cost function)}).
    stepper_cache: tuple[tuple[object, ...], dict[tuple[str, str], tuple[set[int], Callable[[int, int], float]]]] = field(
        default_factory=lambda: ((), {}), init=False, repr=False, compare=False)

    # attack.artillery_units' memo: (the list of units and its length it is for, {side: its artillery}).
    artillery_cache: tuple[list[Unit] | None, int, dict[str, list[Unit]]] = field(
        default_factory=lambda: (None, 0, {}), init=False, repr=False, compare=False)

    # The rules' memo while nobody changes the state (a computer player thinking, see
    # ai.policy.PlanningPolicy.choose): units' combat power, who may attack or support an attack
    # on a hex; None: no memo, everything worked out afresh. (A factory, not a default: the
    # attribute is the object's own from the start.)
    think_memo: dict[object, Any] | None = field(default_factory=lambda: None, init=False, repr=False, compare=False)
    # combat's memo of what this turn's weather and light do to a fight (combat.turn_terms): (turn,
    # scenario, the tank effect of each terrain kind, the weather's attack factor, night). The
    # weather and night follow from the turn alone (Scenario.weather_at, is_night).
    turn_terms: tuple[int, object, tuple[float, ...], float, bool] = field(
        default_factory=lambda: (-1, None, (), 1.0, False), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for side in self.scenario.side_ids:
            self.quality_mod.setdefault(side, 1.0)
            self.attacks.setdefault(side, 0)
        if self.ai_rng is None:  # e.g. a save from before the AI had its own stream
            twin = np.random.PCG64()
            twin.state = self.rng.bit_generator.state  # type: ignore[assignment]
            self.ai_rng = np.random.Generator(twin.jumped())  # a far-away, deterministic stream
        self.unit_by_id: dict[str, Unit] = {u.id: u for u in self.units}
        # Units in a hex are always listed in order of battle (so saves restore them exactly).
        self.unit_rank: dict[str, int] = {u.id: k for k, u in enumerate(self.units)}
        self.occ_version = 0  # bumped whenever a unit enters, leaves or changes hex
        # Per side, bumped whenever a hex gains or loses it as its holder (the side of its first
        # unit): movement.enemy_zoc keeps a side's zone while its enemies' counts stand. They are
        # good for the occupancy version ``occ_accounted``: a change made elsewhere, that bumps
        # ``occ_version`` only, leaves them behind for good (until rebuild_occupancy).
        self.side_versions: dict[str, int] = {}
        self.occ_accounted = -1
        # Tells this state object from every other made in this process (a copy gets its own):
        # what the computer players key their plans and memos on.
        self.serial = next(_SERIALS)
        self.rebuild_occupancy()

    # --- construction ----------------------------------------------------------------------
    @classmethod
    def new(cls, scenario: Scenario, seed: int | np.random.SeedSequence) -> GameState:
        units = [u.copy() for u in scenario.units]
        for u in units:
            u.status = RESERVE if u.arrives > 0 else ACTIVE
        m = scenario.map
        control = initial_control(scenario, [u for u in units if u.status == ACTIVE])
        codes = scenario.side_codes
        for p in m.places:
            if p.held_by in codes:
                for i in p.hexes:
                    control[i] = codes[p.held_by]
        for u in units:
            if u.status == ACTIVE:
                control[u.hex] = codes[u.side]
        state = cls(
            scenario=scenario,
            rng=make_rng(seed),
            ai_rng=ai_rng_for(seed),
            units=units,
            bridges_intact=[b.intact for b in m.bridges],
            control=control,
        )
        return state

    def add_to_hex(self, u: Unit, i: int) -> None:
        here = self.occupancy.setdefault(i, [])
        before = here[0].side if here else None
        here.append(u)
        if len(here) > 1:
            here.sort(key=lambda x: self.unit_rank[x.id])
        self.holder_changed(before, here[0].side)
        self.occupancy_changed()

    def rebuild_occupancy(self) -> None:
        occ: dict[int, list[Unit]] = {}
        for u in self.units:
            if u.status == ACTIVE:
                occ.setdefault(u.hex, []).append(u)
        self.occupancy = occ
        for side in {*self.side_versions, *(u.side for u in self.units)}:
            self.side_versions[side] = self.side_versions.get(side, 0) + 1
        self.occ_version += 1
        self.occ_accounted = self.occ_version

    def holder_changed(self, before: str | None, after: str | None) -> None:
        """A hex's holder went from side ``before`` to ``after`` (None: nobody) in the occupancy."""
        if before != after:
            for side in (before, after):
                if side is not None:
                    self.side_versions[side] = self.side_versions.get(side, 0) + 1

    def occupancy_changed(self) -> None:
        """Count a change to the occupancy made here or by the engine (which tells
        :meth:`holder_changed` of every change of holder)."""
        if self.occ_accounted == self.occ_version:
            self.occ_accounted += 1
        self.occ_version += 1

    def enemy_versions(self, side: str) -> tuple[tuple[str, int], ...] | None:
        """The holder counts of the sides other than ``side`` (None: not good now, see ``occ_accounted``)."""
        if self.occ_accounted != self.occ_version:
            return None
        return tuple((s, v) for s, v in self.side_versions.items() if s != side)

    # --- queries ---------------------------------------------------------------------------
    @property
    def sides_order(self) -> tuple[str, str]:
        return self.scenario.sides_order

    def side_code(self, side: str) -> int:
        """``side``'s mark in :attr:`control`."""
        return self.scenario.side_codes[side]

    def other_side(self, side: str) -> str:
        """The enemy of ``side``."""
        return self.scenario.other_side(side)

    @property
    def side_to_move(self) -> str:
        return self.sides_order[self.phase]

    def units_at(self, i: int) -> list[Unit]:
        return self.occupancy.get(i, [])

    def side_at(self, i: int) -> str | None:
        us = self.occupancy.get(i)
        return us[0].side if us else None

    def active_units(self, side: str | None = None) -> list[Unit]:
        return [u for u in self.units if u.status == ACTIVE and (side is None or u.side == side)]

    def not_movable(self, uid: str, side: str) -> str:
        """Why ``uid`` is no unit ``side`` can give orders to now, naming it as the player sees
        it: its name, and its id in brackets (an order names it by id)."""
        u = self.unit_by_id.get(uid)
        if u is None:
            return f"there is no unit {uid!r}"
        if u.side != side:
            return f"{u.name} [{u.id}] is a {self.scenario.side_label(u.side)} unit, not {self.scenario.side_label(side)}"
        where = {RESERVE: "has not arrived yet", ESCAPED: "has left the map", DESTROYED: "is destroyed"}
        return f"{u.name} [{u.id}] {where.get(u.status, 'is not on the map')}"

    def has_order(self, side: str, order: str) -> bool:
        return f"{side}:{order}" in self.orders

    def turns_since_order(self, side: str, order: str) -> int:
        """Whole turns since ``side`` got ``order`` (0 on the turn it came); -1 if not in force."""
        key = f"{side}:{order}"
        if key not in self.orders:
            return -1
        return self.turn - self.order_turns.get(key, self.turn)

    @property
    def weather(self) -> str:
        return self.scenario.weather_at(self.turn)

    @property
    def wet(self) -> bool:
        return self.scenario.wet_at(self.turn)

    @property
    def night(self) -> bool:
        return self.scenario.is_night(self.turn)

    # --- copying and saving ---------------------------------------------------------------
    def copy(self) -> GameState:
        return GameState.from_dict(self.scenario, self.to_dict(), trusted=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "scenario": self.scenario.name,
            "scenario_sha256": self.scenario.source_sha256,
            "turn": self.turn,
            "phase": self.phase,
            "units": [u.to_dict() for u in self.units],
            "bridges_intact": list(self.bridges_intact),
            "control": list(self.control),
            "orders": sorted(self.orders),
            "order_turns": dict(self.order_turns),
            "fired_events": sorted(self.fired_events),
            "boats": [[side, i, n] for (side, i), n in sorted(self.boats.items())],
            "quality_mod": dict(self.quality_mod),
            "attacks": dict(self.attacks),
            "city_captured_turn": self.city_captured_turn,
            "objectives_taken": dict(self.objectives_taken),
            "cut_off_turn": dict(self.cut_off_turn),
            "game_over": self.game_over,
            "action_count": self.action_count,
            "rng": rng_state(self.rng),
            "ai_rng": rng_state(self.ai_rng) if self.ai_rng is not None else None,
            "drawn": dict(self.scenario.drawn),
        }

    @classmethod
    def from_dict(cls, scenario: Scenario, d: dict[str, Any], trusted: bool = False) -> GameState:
        """Rebuild a state saved by :meth:`to_dict`; ValueError (one line, naming the field) if it
        does not fit the scenario. ``trusted`` skips the field checks (a copy of a live state)."""
        if d.get("format") != STATE_FORMAT:
            raise ValueError(f"unsupported state format {d.get('format')!r} (expected {STATE_FORMAT})")
        drawn = d.get("drawn")
        if drawn and scenario.uncertain and drawn != scenario.drawn:  # the values this game drew
            if not isinstance(drawn, dict):
                raise ValueError("drawn: not a mapping")
            scenario = with_values(scenario, check_values(scenario, drawn))
        if not trusted:
            from .state_check import check_state_dict

            check_state_dict(scenario, d)
        try:
            units = [Unit.from_dict(u) for u in d["units"]]
            control = [int(c) for c in d["control"]]
            bridges = [bool(b) for b in d["bridges_intact"]]
            if len(control) != scenario.map.size or len(bridges) != len(scenario.map.bridges):
                raise ValueError("the saved map does not match this scenario")
            for u in units:
                if not 0 <= u.hex < scenario.map.size:
                    raise ValueError(f"unit {u.name} [{u.id}] is off the map")
            return cls(
                scenario=scenario,
                rng=rng_from_state(d["rng"]),
                ai_rng=rng_from_state(d["ai_rng"]) if d.get("ai_rng") else None,
                units=units,
                turn=int(d["turn"]),
                phase=int(d["phase"]),
                bridges_intact=bridges,
                control=control,
                orders=set(d["orders"]),
                order_turns={str(k): int(v) for k, v in d.get("order_turns", {}).items()},
                fired_events=set(d["fired_events"]),
                boats={(str(b[0]), int(b[1])): int(b[2]) for b in d.get("boats", [])},
                quality_mod={str(k): float(v) for k, v in d["quality_mod"].items()},
                attacks={str(k): int(v) for k, v in d.get("attacks", {}).items()},  # (older saves: none)
                city_captured_turn=int(d["city_captured_turn"]),
                objectives_taken={str(k): int(v) for k, v in d.get("objectives_taken", {}).items()},  # (older saves: none)
                cut_off_turn={str(k): int(v) for k, v in d.get("cut_off_turn", {}).items()},
                game_over=bool(d["game_over"]),
                action_count=int(d.get("action_count", 0)),
            )
        except (KeyError, TypeError) as e:
            raise ValueError(f"malformed saved state: {e}") from None
