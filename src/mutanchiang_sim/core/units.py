"""Units: who they are (static) and what state they are in (changes in play)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

POSTURES: tuple[str, ...] = ("attack", "hasty", "prepared", "fortified", "delay", "withdrawal")
SIZES: tuple[str, ...] = ("battalion", "regiment", "brigade", "division", "corps")

# Unit status values.
ACTIVE = "active"
RESERVE = "reserve"  # not yet arrived
DESTROYED = "destroyed"
ESCAPED = "escaped"


@dataclass(slots=True)
class Unit:
    """A unit on (or off) the map. Counts are whole numbers; factors are 0..1 unless noted."""

    id: str
    name: str
    side: str
    kind: str
    size: str
    hex: int  # flat map index
    men: int
    tanks: int = 0
    guns: int = 0
    vehicles: int = 0
    formation: str = ""  # army
    corps: str = ""
    quality: float = 1.0  # relative proficiency (multiplies the side's quality)
    readiness: float = 1.0  # 1 fresh .. min_readiness exhausted
    posture: str = "hasty"
    entrenchment: int = 0
    arrives: int = 0  # turn of arrival
    status: str = ACTIVE
    # Start strengths and losses (men are conserved: men_start = men + killed + wounded + captured).
    men_start: int = 0
    tanks_start: int = 0
    guns_start: int = 0
    killed: int = 0
    wounded: int = 0
    captured: int = 0
    tanks_lost: int = 0  # knocked out, net of repairs still pending
    tanks_destroyed_total: int = 0  # every knock-out ever (repairs do not undo it)
    tanks_repairable: int = 0
    guns_lost: int = 0
    turns_out_of_supply: int = 0
    in_supply: bool = True
    moved: bool = False
    attacked: bool = False  # attacked or fired in support this phase
    demolished: bool = False  # blew a bridge this phase (its act for the phase, not an attack)
    mp_left: float = 0.0
    disrupted: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.men_start == 0:
            self.men_start = self.men + self.killed + self.wounded + self.captured
        if self.tanks_start == 0:
            self.tanks_start = self.tanks + self.tanks_lost
        if self.guns_start == 0:
            self.guns_start = self.guns + self.guns_lost

    @property
    def on_map(self) -> bool:
        return self.status == ACTIVE

    @property
    def acted(self) -> bool:
        """Whether the unit has used its act this phase: attacked, fired in support or blown a bridge."""
        return self.attacked or self.demolished

    @property
    def casualties(self) -> int:
        return self.killed + self.wounded + self.captured

    @property
    def strength_share(self) -> float:
        return self.men / self.men_start if self.men_start else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["tags"] = list(self.tags)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Unit:
        d = dict(d)
        d["tags"] = tuple(d.get("tags", ()))
        return cls(**d)

    def copy(self) -> Unit:
        # every field is a scalar or a tuple, so a shallow copy is a full one (and ~20x faster
        # than going through to_dict/from_dict)
        return replace(self)
