"""Every coefficient of the model, with its default.

These models are the ``rules`` section of a scenario file, laid over the shared rules file the
scenario names (``scenarios/rules/ww2_operational.yaml``). The defaults and their sources are
documented in ``docs/model.md``. The core only reads these values, it never does I/O.

Rates that depend on the clock or the map's scale are stated per day, per hour or per km
(``km_per_day``, ``recovery_per_day``, ``max_distance_km``...) and converted here into the
per-turn and per-hex values the rules read (``movement``, ``recovery_per_turn``,
``max_distance``...), from the scenario's ``turn_hours`` and ``hex_km``: the loader validates a
scenario with them as the validation context (:func:`clock_context`). A derived value cannot be
set by hand; without a context the reference clock applies (6-hour turns, 3 km hexes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic.json_schema import SkipJsonSchema

REFERENCE_TURN_HOURS = 6.0
REFERENCE_HEX_KM = 3.0


def clock_context(turn_hours: float, hex_km: float) -> dict[str, float]:
    """The validation context that converts the stated rates for a scenario's clock and scale."""
    return {"turn_hours": float(turn_hours), "hex_km": float(hex_km)}


def _clock(info: ValidationInfo) -> tuple[float, float]:
    ctx = info.context if isinstance(info.context, dict) else {}
    return float(ctx.get("turn_hours", REFERENCE_TURN_HOURS)), float(ctx.get("hex_km", REFERENCE_HEX_KM))


# How a stated rate becomes the value the rules read: (stated, turn_hours, hex_km) -> derived.
Convert = Callable[[float, float, float], Any]


def per_turn(v: float, hours: float, km: float) -> float:
    return v * hours / 24.0


def hexes_per_turn(v: float, hours: float, km: float) -> float:
    return v * hours / 24.0 / km


def in_hexes(v: float, hours: float, km: float) -> int:
    return round(v / km)


def in_turns(v: float, hours: float, km: float) -> int:
    return round(v / hours)


def _derived(description: str) -> Any:
    return Field(default=None, exclude=True, description=description)


def _ascending(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    xs = [x for x, _ in points]
    if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
        raise ValueError("the points must go up in their first number")
    return points


# An interpolation table: (x, factor) points, x going up (sizes and ratios, so above 0).
TablePoint = tuple[Annotated[float, Field(gt=0, le=1e9)], Annotated[float, Field(ge=0, le=1000)]]
Table = Annotated[list[TablePoint], Field(min_length=1, max_length=50), AfterValidator(_ascending)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)  # a coefficient is a finite number


class _Clocked(_Strict):
    """A model some of whose values are derived from stated rates and the scenario's clock:
    ``_derived`` maps each derived key to the stated key it comes from (None: from the clock
    alone) and the conversion."""

    _derived: ClassVar[dict[str, tuple[str | None, Convert]]] = {}

    @model_validator(mode="before")
    @classmethod
    def _on_clock(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict):
            return data
        hours, km = _clock(info)
        out = dict(data)
        for key, (stated, convert) in cls._derived.items():
            if key in data:
                instead = stated or "the scenario's turn_hours"
                raise ValueError(f"{key} is derived from the stated rate and the scenario's clock: set {instead} instead")
            value = 0.0
            if stated is not None:
                given = data.get(stated, cls.model_fields[stated].default)
                value = float(given) if isinstance(given, int | float) and not isinstance(given, bool) else float(cls.model_fields[stated].default)
            out[key] = convert(value, hours, km)
        return out


class TerrainRule(_Strict):
    """One terrain type: its map code and its QJM/TNDM-style factors."""

    name: str
    move_cost: float = Field(1.0, gt=0, le=1000, description="movement points to enter (off road)")
    defence: float = Field(1.0, gt=0, le=20, description="defender combat-power multiplier")
    tank: float = Field(1.0, ge=0, le=1, description="tank effectiveness multiplier")
    casualty: float = Field(1.0, gt=0, le=20, description="casualty-rate multiplier")
    mobility: float = Field(1.0, gt=0, le=1.5, description="Dupuy's mobility factor: scales the attacker's advance")
    passable: bool = True
    urban: bool = False
    texture: str | None = Field(None, description="an image file (PNG) tiled over this terrain on the map, relative to the scenario file")


def _default_terrain() -> dict[str, TerrainRule]:
    # Dupuy's QJM/TNDM terrain factors (defence / mobility / tank / casualty), see docs/model.md.
    return {
        ".": TerrainRule(name="flat", move_cost=1.0, defence=1.2, tank=0.9, casualty=0.8, mobility=0.9),
        "w": TerrainRule(name="rolling-wooded", move_cost=1.5, defence=1.35, tank=0.6, casualty=0.6, mobility=0.6),
        "h": TerrainRule(name="hills", move_cost=2.0, defence=1.5, tank=0.4, casualty=0.4, mobility=0.5),
        "m": TerrainRule(name="mountains", move_cost=3.0, defence=1.5, tank=0.2, casualty=0.3, mobility=0.4),
        "s": TerrainRule(name="marsh", move_cost=2.5, defence=1.2, tank=0.3, casualty=0.6, mobility=0.4),
        "c": TerrainRule(name="city", move_cost=1.0, defence=1.4, tank=0.7, casualty=0.5, mobility=0.7, urban=True),
        "t": TerrainRule(name="town", move_cost=1.0, defence=1.3, tank=0.8, casualty=0.6, mobility=0.7, urban=True),
        "~": TerrainRule(name="lake", move_cost=99.0, defence=1.0, tank=0.0, casualty=1.0, passable=False),
    }


class PostureRule(_Strict):
    """Defensive posture multipliers (Dupuy): hasty 1.3, prepared 1.5, fortified 1.6."""

    attack: float = Field(1.0, gt=0, le=10)
    hasty: float = Field(1.3, gt=0, le=10)
    prepared: float = Field(1.5, gt=0, le=10)
    fortified: float = Field(1.6, gt=0, le=10)
    delay: float = Field(1.2, gt=0, le=10)
    withdrawal: float = Field(1.15, gt=0, le=10)


class WeatherRule(_Strict):
    name: str
    mobility: float = Field(1.0, gt=0, le=1.5)
    attack: float = Field(1.0, gt=0, le=1.5)
    tank: float = Field(1.0, ge=0, le=1.5)


def _default_weather() -> dict[str, WeatherRule]:
    return {
        "clear": WeatherRule(name="clear"),
        "overcast": WeatherRule(name="overcast", mobility=0.95, attack=0.95, tank=0.95),
        "rain": WeatherRule(name="rain", mobility=0.8, attack=0.85, tank=0.75),
        "heavy_rain": WeatherRule(name="heavy rain", mobility=0.6, attack=0.7, tank=0.5),
    }


class UnitKindRule(_Clocked):
    """What a kind of unit is: how fast it moves and how it fights."""

    km_per_day: float = Field(48.0, gt=0, le=2000, description="km a day across open flat ground (movement points a turn x hex_km x turns a day)")
    support_km: float = Field(0.0, ge=0, le=500, description="km from which its guns support an attack")
    motorised: bool = False
    tracked: bool = False
    rail_only: bool = False
    can_assault_river: bool = True
    artillery: bool = False
    movement: SkipJsonSchema[float] = _derived("movement points a turn: km_per_day x turn_hours / 24 / hex_km")
    support_range: SkipJsonSchema[int] = _derived("hexes from which its guns support an attack: support_km / hex_km, rounded")

    _derived = {"movement": ("km_per_day", hexes_per_turn), "support_range": ("support_km", in_hexes)}


def _default_kinds() -> dict[str, UnitKindRule]:
    return {
        "rifle_division": UnitKindRule(km_per_day=48.0),
        "rifle_brigade": UnitKindRule(km_per_day=48.0),
        "fortified_region": UnitKindRule(km_per_day=36.0),
        "tank_brigade": UnitKindRule(km_per_day=84.0, motorised=True, tracked=True, can_assault_river=False),
        "mechanised_brigade": UnitKindRule(km_per_day=84.0, motorised=True, tracked=True, can_assault_river=False),
        "artillery": UnitKindRule(km_per_day=48.0, motorised=True, can_assault_river=False, artillery=True, support_km=6.0),
        "rocket_artillery": UnitKindRule(km_per_day=60.0, motorised=True, can_assault_river=False, artillery=True, support_km=6.0),
        "infantry_regiment": UnitKindRule(km_per_day=48.0),
        "infantry_battalion": UnitKindRule(km_per_day=48.0),
        "border_guard": UnitKindRule(km_per_day=42.0),
        "anti_tank_battalion": UnitKindRule(km_per_day=48.0, motorised=True, can_assault_river=False),
        "engineer": UnitKindRule(km_per_day=48.0),
        "armoured_train": UnitKindRule(km_per_day=96.0, rail_only=True, can_assault_river=False, artillery=True, support_km=3.0),
        "armoured_car": UnitKindRule(km_per_day=72.0, motorised=True, can_assault_river=False),
    }


class WeaponValues(_Strict):
    """Combat value of one of each weapon count (QJM-style operational lethality, scaled)."""

    man: float = Field(1.0, gt=0, le=1000)
    tank: float = Field(60.0, ge=0, le=100_000)
    gun: float = Field(40.0, ge=0, le=100_000)
    vehicle: float = Field(0.5, ge=0, le=10_000)


class NationRule(_Clocked):
    """Per-side factors."""

    quality: float = Field(1.0, gt=0, le=10, description="combat effectiveness relative to a 1.0 army")
    attrition_scale: float = Field(2.0, gt=0, le=50, description="Dupuy doubles rates for 1900-45 Russian/Japanese forces")
    killed_fraction: float = Field(0.3, gt=0, lt=1, description="share of personnel casualties killed")
    tank_loss_ratio: float = Field(5.0, ge=0, le=200, description="tank loss rate relative to personnel rate")
    quality_source: str = Field("", description='where the quality comes from (a source, or "fitted" and to what)')
    tank_repair_per_day: float = Field(0.0, ge=0, le=1, description="share of knocked-out tanks back a day")
    surrender_share: float = Field(0.3, ge=0, le=1, description="share of the men lost in routs and encirclements taken prisoner")
    tank_repair_rate: SkipJsonSchema[float] = _derived("share of knocked-out tanks back each turn: tank_repair_per_day x turn_hours / 24")

    _derived = {"tank_repair_rate": ("tank_repair_per_day", per_turn)}


class CombatRule(_Clocked):
    attacker_daily_rate: float = Field(0.031, gt=0, le=1)
    defender_daily_rate: float = Field(0.015, gt=0, le=1)
    # Force-size scaling: (men, factor) points, interpolated in log(men).
    size_scale: Table = Field(
        default_factory=lambda: [(1000.0, 1.6), (10000.0, 1.2), (25000.0, 1.0), (60000.0, 0.7), (100000.0, 0.4)]
    )
    # Ratio effect on the attacker's losses (power ratio -> factor).
    attacker_ratio_scale: Table = Field(
        default_factory=lambda: [(0.5, 1.3), (1.0, 0.95), (2.0, 0.75), (3.0, 0.65), (6.0, 0.5)]
    )
    defender_ratio_exponent: float = Field(0.5, ge=0, le=4, description="defender losses grow as ratio**k")
    tank_loss_terrain_exponent: float = Field(
        0.0, ge=0, le=4,
        description="tanks are lost at the nation's tank_loss_ratio times the fight's terrain tank factor ** -k (close ground costs tanks)",
    )
    noise_sigma: float = Field(0.35, ge=0, le=3, description="lognormal spread of each loss draw")
    retreat_ratio: float = Field(1.5, gt=0, le=1000, description="power ratio below which the defender always holds")
    rout_ratio: float = Field(8.0, gt=0, le=10_000, description="power ratio from which a forced retreat is a rout")
    # Dupuy's advance rates (km a day) by power ratio: infantry against a prepared defence,
    # armour against a hasty one.
    advance_infantry: Table = Field(
        default_factory=lambda: [(1.0, 2.0), (1.5, 3.0), (2.25, 5.0), (3.0, 6.0), (6.0, 12.0)]
    )
    advance_armour: Table = Field(
        default_factory=lambda: [(1.0, 4.0), (1.5, 9.0), (2.25, 16.0), (3.0, 20.0), (6.0, 60.0)]
    )
    advance_scale: float = Field(2.8, gt=0, le=5, description="calibration multiplier on the advance rates")
    armour_share: float = Field(0.4, ge=0, le=1, description="tank share of raw power that makes an attack armoured")
    river_advance_factor: float = Field(0.55, gt=0, le=1, description="advance across an unfordable river (Dupuy x0.5-0.6)")
    ratio_noise_sigma: float = Field(0.25, ge=0, le=3, description="lognormal noise on the ratio for outcomes")
    retreat_extra_loss: float = Field(0.06, ge=0, le=1, description="extra share lost by a unit forced back")
    rout_extra_loss: float = Field(0.2, ge=0, le=1, description="extra share lost by a routed unit")
    trapped_extra_loss: float = Field(0.35, ge=0, le=1, description="share lost by a unit that cannot retreat")
    gun_loss_on_retreat: float = Field(0.05, ge=0, le=0.5, description="share of its guns a unit forced back loses (a rout doubles it)")
    gun_loss_ratio: float = Field(0.5, ge=0, le=100, description="gun loss rate relative to personnel rate")
    combined_arms_bonus: float = Field(1.15, ge=1, le=5, description="attacker with infantry, tanks and guns")
    river_assault_factor: float = Field(0.55, gt=0, le=1, description="attacking across an unbridged river")
    fortification_per_level: float = Field(0.25, ge=0, le=10, description="defence bonus per fortification level")
    entrenchment_per_level: float = Field(0.1, ge=0, le=10)
    max_entrenchment: int = Field(3, ge=0, le=20)
    night_attack: float = Field(0.8, gt=0, le=1)
    out_of_supply_factor: float = Field(0.7, gt=0, le=1)
    fatigue_per_attack: float = Field(0.08, ge=0, le=1)
    recovery_per_day: float = Field(0.2, ge=0, le=4, description="readiness a unit that neither moves nor fights gets back a day")
    min_readiness: float = Field(0.3, gt=0, le=1)
    isolation_loss_per_day: float = Field(0.0, ge=0, le=4, description="readiness a unit cut off past the grace turns loses a day (its food, water and ammunition run out)")
    support_share: float = Field(0.5, ge=0, le=1, description="share of a supporting unit's gun power added")
    destroyed_below_men: int = Field(300, ge=0, le=1_000_000, description="a unit below this many men is broken up")
    recovery_per_turn: SkipJsonSchema[float] = _derived("recovery_per_day x turn_hours / 24")
    isolation_loss_per_turn: SkipJsonSchema[float] = _derived("isolation_loss_per_day x turn_hours / 24")
    turns_per_day: SkipJsonSchema[float] = _derived("24 / turn_hours")

    _derived = {"recovery_per_turn": ("recovery_per_day", per_turn), "isolation_loss_per_turn": ("isolation_loss_per_day", per_turn),
                "turns_per_day": (None, lambda _v, hours, _km: 24.0 / hours)}


class MovementRule(_Clocked):
    road_cost: float = Field(0.5, gt=0, le=50)
    rail_cost: float = Field(0.34, gt=0, le=50, description="cost along a railway for rail-borne or road-less moves")
    track_rail_cost: float = Field(1.0, gt=0, le=50, description="cost for units moving along the railway bed")
    rail_transport: bool = Field(True, description="units move by train (rail_cost) along railways their side holds, away from the enemy")
    wet_ground: float = Field(1.5, ge=1, le=20, description="off-road cost multiplier on wet ground")
    night_movement: float = Field(0.75, gt=0, le=1)
    crossing_prep_hours: float = Field(
        12.0, ge=0, le=48,
        description="on wet ground (rivers in flood), hours a side must hold a river-bank hex, gathering boats and building rafts, before its units cross from it by assault",
    )
    stacking_limit: int = Field(3, ge=1, le=50, description="units of one side in one hex")
    zoc_stops: bool = True
    crossing_prep_turns: SkipJsonSchema[int] = _derived("crossing_prep_hours / turn_hours, rounded")

    _derived = {"crossing_prep_turns": ("crossing_prep_hours", in_turns)}


class SupplyRule(_Clocked):
    max_distance_km: float = Field(36.0, gt=0, le=10_000, description="km from a source along friendly ground")
    road_bonus: bool = True
    hours_to_exhaust: float = Field(12.0, ge=0, le=100_000, description="hours cut off before the penalty bites")
    railheads: bool = Field(True, description="railway hexes held and joined by rail to a source are sources")
    max_distance: SkipJsonSchema[int] = _derived("max_distance_km / hex_km, rounded (at least 1)")
    turns_to_exhaust: SkipJsonSchema[int] = _derived("hours_to_exhaust / turn_hours, rounded")

    _derived = {"max_distance": ("max_distance_km", lambda v, h, km: max(1, in_hexes(v, h, km))), "turns_to_exhaust": ("hours_to_exhaust", in_turns)}


class VictoryRule(_Strict):
    vp_per_1000_enemy_casualties: float = Field(1.0, ge=0, le=1000)
    vp_per_1000_escaped: float = Field(1.0, ge=0, le=1000)
    decisive_margin: float = Field(20.0, ge=0, le=1_000_000)
    marginal_margin: float = Field(5.0, ge=0, le=1_000_000)


class Rules(_Strict):
    """All the model's coefficients (the scenario's ``rules`` section)."""

    terrain: dict[str, TerrainRule] = Field(default_factory=_default_terrain)
    posture: PostureRule = Field(default_factory=PostureRule)
    weather: dict[str, WeatherRule] = Field(default_factory=_default_weather)
    kinds: dict[str, UnitKindRule] = Field(default_factory=_default_kinds)
    weapons: WeaponValues = Field(default_factory=WeaponValues)
    nations: dict[str, NationRule] = Field(default_factory=dict, description="each side's factors, by side id (the shared rules file gives them)")
    combat: CombatRule = Field(default_factory=CombatRule)
    movement: MovementRule = Field(default_factory=MovementRule)
    supply: SupplyRule = Field(default_factory=SupplyRule)
    victory: VictoryRule = Field(default_factory=VictoryRule)
