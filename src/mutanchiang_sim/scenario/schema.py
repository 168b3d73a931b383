"""The scenario file format, as pydantic models (``extra="forbid"``: a misspelt key is an error).

Hexes are written as ``[col, row]`` in "odd-r" offset coordinates: row 0 is the northern edge,
column 0 the western edge, odd rows are shifted half a hex east. ``docs/scenarios.md`` is the
reference of every key; ``mutanchiang schema`` prints the JSON Schema made from these models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from ..core.rules.coefficients import Rules

SCENARIO_FORMAT = 1

HexRef = Annotated[list[int], Field(min_length=2, max_length=2, description="[col, row]")]
# A side's id, as the file's ``sides`` declares it (run-record columns begin with it:
# ``soviet_casualties``); which ids exist is checked against ``sides`` after the schema.
Side = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=32,
                            description="a side's id, one of those the file's sides declare")]
Role = Literal["attack", "defend"]


# The first turn's local time as the files write it (1945-08-12T06:00:00, no UTC offset). JSON
# Schema's "date-time" format is RFC 3339, which requires an offset: a standard validator would
# call every bundled file invalid, so the schema states the pattern the loader actually takes.
LOCAL_DATE_TIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
def _far_from_the_calendar_end(t: datetime) -> datetime:
    if t.year > 9000:  # a battle of up to 400 days must end before the calendar does (year 9999)
        raise ValueError("a start after the year 9000 leaves no room for the battle's turns")
    return t


LocalDateTime = Annotated[datetime, AfterValidator(_far_from_the_calendar_end), WithJsonSchema({
    "type": "string", "pattern": LOCAL_DATE_TIME,
    "description": "local time of the first turn, e.g. 1945-08-12T06:00:00",
})]

class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)  # every number in a scenario is finite


class Geo(_Model):
    """Where the map lies (WGS84 degrees), for drawing and for placing things by lon/lat."""

    lon_min: float
    lat_min: float
    lon_max: float
    lat_max: float


class River(_Model):
    name: str
    edges: list[Annotated[list[int], Field(min_length=4, max_length=4, description="[col1, row1, col2, row2]")]] = Field(
        description="hex sides the river runs along, each between two neighbouring hexes"
    )


class Route(_Model):
    """A road or railway: a chain of neighbouring hexes."""

    name: str
    hexes: list[HexRef] = Field(min_length=2)


class BridgeModel(_Model):
    name: str
    between: Annotated[list[HexRef], Field(min_length=2, max_length=2)]
    intact: bool = True


class Fortification(_Model):
    hex: HexRef
    level: int = Field(1, ge=1, le=3)
    name: str = ""


class PlaceModel(_Model):
    name: str
    kind: Literal["city", "town", "station", "village", "strongpoint", "pass", "hill"] = "town"
    hexes: list[HexRef] = Field(min_length=1)
    vp: float = Field(0.0, ge=0, description="victory points to whoever holds all its hexes")
    held_by: Side | None = None


class MapModel(_Model):
    width: int = Field(ge=2, le=200)
    height: int = Field(ge=2, le=200)
    hex_km: float = Field(3.0, gt=0)
    geo: Geo | None = None
    terrain: list[str] = Field(description="one string a row, one terrain code a column")
    rivers: list[River] = Field(default_factory=list)
    roads: list[Route] = Field(default_factory=list)
    railways: list[Route] = Field(default_factory=list)
    bridges: list[BridgeModel] = Field(default_factory=list)
    fortifications: list[Fortification] = Field(default_factory=list)
    places: list[PlaceModel] = Field(default_factory=list)


class SideModel(_Model):
    """One of the two sides: what it is called, its colour, its operational order, its supply
    and its way off the map."""

    name: str = Field("", description="what the side is called, e.g. Soviet Union (default: its id, capitalised)")
    adjective: str = Field("", description='for labels, e.g. Soviet ("Soviet casualties"); default: the name')
    colour: str = Field("", pattern=r"^(#[0-9a-fA-F]{6})?$",
                        description="#rrggbb of its counters and of the hexes it holds (default: red, then ochre)")
    role: Role | None = Field(None, description="its operational order: attack or defend (default: the side that "
                                                "moves first attacks, the other defends)")
    supply_sources: list[HexRef] = Field(default_factory=list)
    exit_zone: list[HexRef] = Field(default_factory=list)
    exit_requires_order: str = ""


class WeatherPeriod(_Model):
    from_turn: int = Field(ge=0)
    weather: str
    wet_ground: bool = False


class UnitModel(_Model):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str
    side: Side
    kind: str
    size: Literal["battalion", "regiment", "brigade", "division", "corps"]
    formation: str = ""
    corps: str = ""
    hex: HexRef
    men: int = Field(ge=0)
    tanks: int = Field(0, ge=0)
    guns: int = Field(0, ge=0)
    vehicles: int = Field(0, ge=0)
    quality: float = Field(1.0, gt=0, le=3)
    readiness: float = Field(1.0, gt=0, le=1)
    posture: Literal["attack", "hasty", "prepared", "fortified", "delay", "withdrawal"] = "hasty"
    entrenchment: int = Field(0, ge=0, le=5)
    arrives: int = Field(0, ge=0, description="turn the unit enters the map")
    tags: list[str] = Field(default_factory=list)
    note: str = ""


class OrderRef(_Model):
    side: Side
    order: str


class QualityChange(_Model):
    side: Side
    factor: float = Field(gt=0, le=5)


class EffectModel(_Model):
    """Exactly one of these keys."""

    blow_bridge: str | None = None
    repair_bridge: str | None = None
    order: OrderRef | None = None
    cancel_order: OrderRef | None = None
    message: str | None = None
    quality: QualityChange | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> EffectModel:
        set_keys = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(set_keys) != 1:
            raise ValueError(f"an effect has exactly one of {', '.join(type(self).model_fields)}")
        return self


class WhenModel(_Model):
    """One state of the battle that fires an event, of ``side``: it holds one of ``holds`` or of
    the place ``place``; or one of its units comes within ``within`` hexes of the place
    ``near_place`` or of the exit zone of the side ``near_exit_of``; or it has lost ``lost_share``
    of its men."""

    side: Side
    holds: list[HexRef] = Field(default_factory=list)
    place: str | None = None
    near_place: str | None = None
    near_exit_of: Side | None = None
    within: int = Field(0, ge=0, le=50, description="hexes, for near_place and near_exit_of")
    lost_share: float | None = Field(None, gt=0, le=1, description="share of the side's men lost")


class EventModel(_Model):
    id: str = Field(min_length=1)
    text: str = ""
    turn: int | None = Field(None, ge=0)
    when: WhenModel | list[WhenModel] | None = Field(None, description="one condition or a list (any of them)")
    not_before: int = Field(0, ge=0)
    effects: list[EffectModel] = Field(min_length=1)

    @model_validator(mode="after")
    def _has_trigger(self) -> EventModel:
        if self.turn is None and not self.when:
            raise ValueError("an event needs a turn or a when")
        return self


class HistoricalFigure(_Model):
    """A recorded figure to set batch results beside (reports only: never used by the model)."""

    metric: str = Field(description="a run-record column, e.g. soviet_casualties")
    low: float
    high: float
    label: str = ""
    source: str = ""


class ScenarioFile(_Model):
    """A whole scenario file."""

    format: Literal[1] = 1
    name: str
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    base: str | None = Field(None, description="a scenario this one overrides (a what-if variant)")
    rules_file: str | None = Field(None, description="the shared rules file, beside the scenario or bundled "
                                                     "(default rules/ww2_operational.yaml); the rules section is laid over it")
    start: LocalDateTime
    turn_hours: int = Field(6, ge=1, le=24)
    turns: int = Field(ge=1, le=400)
    first_side: Side | None = Field(None, description="the side that moves first each turn (default: the first in sides)")
    city: str = Field("", description="the place whose capture is the battle's main question")
    map: MapModel
    sides: dict[Side, SideModel] = Field(default_factory=dict, description="the two sides, by id")
    weather: list[WeatherPeriod] = Field(default_factory=list)
    units: list[UnitModel] = Field(default_factory=list)
    events: list[EventModel] = Field(default_factory=list)
    ai: dict[str, dict[str, Any]] = Field(default_factory=dict)
    history: list[HistoricalFigure] = Field(default_factory=list)
    rules: Rules = Field(default_factory=Rules)
