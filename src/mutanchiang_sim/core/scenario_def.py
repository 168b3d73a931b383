"""The immutable description of a battle: map, rules, order of battle, time line and events.

Built from a scenario file by :mod:`mutanchiang_sim.scenario`; the engine never reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from .rules.coefficients import Rules
from .terrain import GameMap
from .uncertain import Uncertain, Value
from .units import Unit


@dataclass(frozen=True)
class Effect:
    """One thing an event does. ``kind`` is one of: blow_bridge, repair_bridge, order,
    cancel_order, weather, message, quality."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Condition:
    """A state of the battle that fires an event (``kind``):

    * ``holds``: ``side`` holds one of ``hexes`` (an objective or a place lost to it);
    * ``near``: an active unit of ``side`` stands within ``within`` hexes of one of ``hexes``
      (a place, or an exit zone: the line of retreat threatened);
    * ``losses``: ``side`` has lost at least ``share`` of the men it has brought onto the map."""

    kind: str
    side: str
    hexes: tuple[int, ...] = ()
    within: int = 0
    share: float = 0.0


@dataclass(frozen=True)
class Trigger:
    """When an event fires: at a turn, or when ``side`` first holds one of ``hexes``, or when
    any of ``conditions`` comes true, whichever comes first; ``not_before`` delays all of them."""

    turn: int | None = None
    side: str = ""
    hexes: tuple[int, ...] = ()
    not_before: int = 0
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class EventSpec:
    id: str
    trigger: Trigger
    effects: tuple[Effect, ...]
    text: str = ""


ROLES = ("attack", "defend")  # a side's operational order (what the doctrine reads)


@dataclass(frozen=True)
class SideSpec:
    """One of the battle's two sides, as its scenario declares it: what it is called and drawn
    in, its operational order (``role``: "attack" or "defend"), where its supply comes from and
    where its units may leave the map."""

    id: str
    name: str = ""  # e.g. "Soviet Union" (empty: the id, capitalised)
    adjective: str = ""  # e.g. "Soviet", for "Soviet casualties" and "Soviet decisive victory"
    colour: str = ""  # "#rrggbb": its counters and the hexes it holds (empty: a default)
    role: str = "attack"  # "attack" or "defend"
    supply_sources: tuple[int, ...] = ()
    exit_zone: tuple[int, ...] = ()
    exit_requires_order: str = ""  # e.g. "withdraw": exits allowed only once the order is in force

    @property
    def label(self) -> str:
        """The side's adjective, else its name, else its id capitalised: for labels."""
        return self.adjective or self.name or self.id.capitalize()


@dataclass(frozen=True)
class Scenario:
    name: str
    map: GameMap
    rules: Rules
    units: tuple[Unit, ...]
    events: tuple[EventSpec, ...]
    sides: dict[str, SideSpec]  # exactly two, in the order the file declares them
    start: datetime
    turn_hours: int
    turns: int
    first_side: str = ""  # the side that moves first each turn (empty: the first declared)
    weather: tuple[str, ...] = ()  # one weather name per turn
    wet_ground: tuple[bool, ...] = ()  # one flag per turn
    city: str = ""  # the place whose capture ends the battle's main question
    ai: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    source_sha256: str = ""
    # Recorded figures (metric, low, high, label, source) for reports; the model never reads them.
    history: tuple[tuple[str, float, float, str, str], ...] = ()
    # Figures the file gives as ranges (core.uncertain): each game draws them from its seed.
    uncertain: tuple[Uncertain, ...] = ()
    drawn: dict[str, Value] = field(default_factory=dict)  # the values drawn (empty: the nominal ones)

    # --- the sides ---------------------------------------------------------------------------
    @cached_property
    def side_ids(self) -> tuple[str, ...]:
        """The sides' ids in the order the scenario declares them."""
        return tuple(self.sides)

    @cached_property
    def side_codes(self) -> dict[str, int]:
        """Each side's mark in ``GameState.control``: its place in :attr:`side_ids`, plus one
        (0 is nobody's)."""
        return {s: k + 1 for k, s in enumerate(self.sides)}

    def side_of_code(self, code: int) -> str | None:
        """The side whose control mark is ``code`` (None for nobody's)."""
        return self.side_ids[code - 1] if 0 < code <= len(self.side_ids) else None

    def other_side(self, side: str) -> str:
        """The enemy of ``side`` (KeyError for a side the scenario does not have)."""
        a, b = self.side_ids
        if side == a:
            return b
        if side == b:
            return a
        raise KeyError(f"unknown side {side!r} (sides: {', '.join(self.side_ids)})")

    @cached_property
    def sides_order(self) -> tuple[str, str]:
        """The order the sides move in each turn: :attr:`first_side`, then the other."""
        first = self.first_side or self.side_ids[0]
        return (first, self.other_side(first))

    @cached_property
    def attacker(self) -> str:
        """The side that must take the city: the one with the role "attack" (the first to move
        when both or neither have it)."""
        attacking = [s for s, spec in self.sides.items() if spec.role == "attack"]
        return attacking[0] if len(attacking) == 1 else self.sides_order[0]

    def side_label(self, side: str) -> str:
        """``side``'s adjective for labels ("Soviet"); the id capitalised for an unknown side."""
        spec = self.sides.get(side)
        return spec.label if spec is not None else side.capitalize()

    def time_of(self, turn: int) -> datetime:
        return self.start + timedelta(hours=self.turn_hours * turn)

    def is_night(self, turn: int) -> bool:
        """Whether ``turn`` begins between 18:00 and 06:00 (asked thousands of times a game)."""
        if 0 <= turn < len(self.night_turns):
            return self.night_turns[turn]
        return self._night_at(turn)

    @cached_property
    def night_turns(self) -> tuple[bool, ...]:
        """:meth:`is_night` for every turn of the battle (and the one after its last)."""
        return tuple(self._night_at(t) for t in range(self.turns + 1))

    def _night_at(self, turn: int) -> bool:
        h = self.time_of(turn).hour
        return h >= 18 or h < 6

    @cached_property
    def city_hexes(self) -> frozenset[int]:
        """The hexes of the place named by :attr:`city` (none when there is no such place)."""
        if not self.city:
            return frozenset()
        for p in self.map.places:
            if p.name == self.city:
                return frozenset(p.hexes)
        return frozenset()

    def weather_at(self, turn: int) -> str:
        w = self.weather
        if not w:
            return "clear"
        return w[turn] if turn < len(w) else w[-1]

    def wet_at(self, turn: int) -> bool:
        w = self.wet_ground
        if not w:
            return False
        return w[turn] if turn < len(w) else w[-1]
