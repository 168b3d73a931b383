"""What a :class:`~.game.Game` shows of itself: frozen views of units, the board as a side
sees it, an explained action and the battle's outcome. Plain values, safe to keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..core.actions import Action
from ..core.rules import combat
from ..core.units import Unit


@dataclass(frozen=True, slots=True)
class UnitView:
    """A unit as an observer sees it: who it is, where, how strong, what it has done."""

    id: str
    name: str
    side: str
    kind: str
    size: str
    hex: int
    men: int
    tanks: int
    guns: int
    readiness: float
    posture: str
    entrenchment: int
    in_supply: bool
    mp_left: float
    moved: bool
    attacked: bool

    @classmethod
    def of(cls, u: Unit) -> UnitView:
        return cls(u.id, u.name, u.side, u.kind, u.size, u.hex, u.men, u.tanks, u.guns, u.readiness, u.posture,
                   u.entrenchment, u.in_supply, u.mp_left, u.moved, u.attacked)


@dataclass(frozen=True, slots=True)
class Observation:
    """The board as ``side`` sees it at one moment. Frozen: later play does not change it."""

    side: str
    turn: int
    phase: int
    side_to_move: str | None  # None once the game is over
    time: datetime
    weather: str
    night: bool
    wet_ground: bool
    own: tuple[UnitView, ...]  # the side's units on the map, in order of battle
    enemies: tuple[UnitView, ...]  # the enemy units it can see (all of them without fog)
    control: tuple[int, ...]  # per hex: 0 nobody, else the holding side's code
    bridges_intact: tuple[bool, ...]
    orders: tuple[str, ...]  # "side:order" in force, sorted
    fog: bool


@dataclass(frozen=True, slots=True)
class Explanation:
    """What an action would do, worked out without taking it or drawing any dice."""

    action: Action
    legal: bool
    reason: str | None  # why it is illegal, when it is
    text: str  # one line for a person
    move_cost: float | None = None  # movement points a move spends
    mp_after: float | None = None
    stops_in_enemy_zoc: bool = False
    odds: combat.CombatOdds | None = None  # an attack's powers, ratio and expected men lost
    chances: tuple[float, float, float] | None = None  # an attack's (hold, retreat, rout)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where the battle stands (or how it ended): points, level, winner and its main question."""

    over: bool
    winner: str  # a side, or "draw"
    level: str
    points: dict[str, float]
    margin: float
    city: str
    city_captured_turn: int  # -1: not (yet) taken


__all__ = ["Explanation", "Observation", "Outcome", "UnitView"]
