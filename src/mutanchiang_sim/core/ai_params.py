"""The knobs of the computer players: what a scenario's ``ai.<side>`` section may set.

Declared here, below both the scenario loader (which checks a file's ``ai`` keys against them)
and the AI (which plays by them), so that neither has to import the other.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, fields, replace
from typing import Any

# Parameters of the baseline policies (ai/baseline.py): the odds they attack at, and how often
# the random player ends its phase.
MIN_RATIO = "min_ratio"
P_END = "p_end"
BASELINE_PARAMETERS = (MIN_RATIO, P_END)


@dataclass(frozen=True)
class DoctrineParams:
    """Knobs of the doctrine policies (the scenario's ``ai.<side>`` section). Defaults are the
    ``normal`` difficulty; ``difficulty`` picks a preset first and explicit keys override it."""

    difficulty: str = "normal"  # easy | normal | hard
    fog_of_war: bool = False  # see only enemy units within ``sight`` hexes of own units
    sight: int = 3
    mistake_rate: float = 0.05  # chance a unit fumbles its move or an attack is misjudged
    judgement_sigma: float = 0.1  # lognormal spread of the odds as the AI perceives them
    # --- Soviet -----------------------------------------------------------------------------
    attack_ratio: float = 1.6  # attack only at this perceived power ratio or better
    assault_ratio: float = 3.0  # add artillery to an attack until this ratio is reached
    enough_ratio: float = 0.0  # commit only the units needed for this ratio (0: every unit that can); hard: 10
    focus_sectors: int = 0  # sectors to concentrate on (0: one per 6 combat units, at least 2)
    focus_radius: int = 3  # units within this many hexes of a focus sector converge on it
    exploit_kinds: tuple[str, ...] = ("tank_brigade", "mechanised_brigade")
    tank_terrain_min: float = 0.5  # tanks attack in terrain at least this good for tanks...
    bypass_formations: tuple[str, ...] = ()  # under the "bypass" order these swing round the city
    capture_formations: tuple[str, ...] = ()  # ...while these take it
    bypass_radius: int = 1  # hexes around the city the bypassing formations keep out of
    city_assault_ratio: float = 1.2  # once the bypass order is given, the city is stormed at this ratio
    capture_from_start: bool = True  # capture formations head for the city from the first turn
    supply_retreat: bool = False  # units cut off (beyond the grace turns) fall back toward supply
    river_crossing_cost: float = 12.0  # how far the field prefers a detour to a raft crossing
    # --- Japanese ---------------------------------------------------------------------------
    rearguard_share: float = 0.25  # share of units left behind on the withdrawal order
    release_rearguard_on_fall: bool = True  # rearguards break off once the city has fallen
    rearguard_turns: int = -1  # ...or this many turns after the withdrawal order (-1: never, a timer for what-ifs)
    cover_radius: int = 4  # (fitted) ...or once no unit of the main body is left within this many hexes of the rearguard
    outflanked_sides: int = 3  # a rearguard breaks off with enemy units on this many of its hex sides ("under pressure from the south, the east, and the northwest" [article])
    counterattack_ratio: float = 1.5  # counterattack anything at this ratio or better (odds that can throw it back)
    local_attack_ratio: float = 0.1  # local counterattacks on an exposed enemy at this ratio or better (fitted: median Japanese attacks)
    local_attack_exchange: float = 1.0  # ...when the expected losses inflicted (in combat power) are at least this multiple of those suffered
    weak_readiness: float = 0.6  # an enemy at or below this readiness is exposed to local counterattacks
    ambush_tank_country: float = 0.6  # tanks in terrain whose tank factor is at most this are exposed to ambush
    reserves: bool = True  # units free of strongpoints and contact concentrate on exposed enemies nearby
    reserve_radius: int = 3  # ...within this many hexes
    sortie_turns: int = 4  # ...and, on an enemy standing still, every reserve (and a strongpoint's spare units) a day's march away (4 turns; 0: none)
    ambush_ratio: float = 1.0  # anti-tank ambushes on tank units in poor tank country
    fall_back_ratio: float = 3.0  # leave an open-ground hex when the enemy next to it is this much stronger...
    hold_exchange: float = 0.25  # (fitted on the ladder) ...unless storming it would cost the enemy this multiple of the men it costs us (inf: no weighing, give way at the ratio)
    blow_bridges: bool = True  # demolish bridges at all (a what-if can keep them)
    blow_distance: int = 2  # blow a bridge when an enemy unit comes this close
    friends_radius: int = 8  # ...unless own units within this many hexes beyond it still need it
    position_radius: float = 6.0  # unengaged units this close (field cost) to a strongpoint go to it
    withdraw_order: str = "withdraw"

    @classmethod
    def from_params(cls, params: dict[str, Any] | None) -> DoctrineParams:
        """Build from a plain dict (unknown keys are warned about and ignored)."""
        params = dict(params or {})
        difficulty = str(params.get("difficulty", "normal"))
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {difficulty!r} (known: {', '.join(DIFFICULTIES)})")
        base = replace(cls(), difficulty=difficulty, **DIFFICULTIES[difficulty])
        names = {f.name: f for f in fields(cls)}
        changes: dict[str, Any] = {}
        for k, v in params.items():
            if k == "difficulty":
                continue
            if k not in names:
                warnings.warn(f"doctrine AI: unknown parameter {k!r} ignored", stacklevel=2)
                continue
            default = getattr(base, k)
            if isinstance(default, tuple):
                changes[k] = tuple(v) if isinstance(v, list | tuple) else (v,)
            elif isinstance(default, bool):
                changes[k] = bool(v)
            elif isinstance(default, int):
                changes[k] = int(v)
            elif isinstance(default, float):
                changes[k] = float(v)
            else:
                changes[k] = str(v)
        return replace(base, **changes)


DIFFICULTIES: dict[str, dict[str, Any]] = {
    # Levels change judgement (how often a unit fumbles, how far the odds are misread) and
    # aggressiveness (the odds it attacks at, how soon it gives up ground), never the rules,
    # the units or what the AI may see. Fitted on benchmarks/bench_ladder.py (docs/ai.md).
    # Rash and clumsy: fumbles a quarter of its moves, misreads the odds. Soviet: attacks at poor
    # odds without waiting for its guns. Japanese: counterattacks at poor odds and strikes at any
    # enemy, not only exposed ones (weak_readiness 1.0), gives up open ground at the first threat,
    # its rearguards break off with an enemy on a single side, and it blows bridges late.
    "easy": {"mistake_rate": 0.25, "judgement_sigma": 0.35, "attack_ratio": 1.1, "assault_ratio": 1.5,
             "counterattack_ratio": 0.5, "local_attack_ratio": 0.05, "weak_readiness": 1.0,
             "fall_back_ratio": 0.8, "outflanked_sides": 1, "blow_distance": 1},
    "normal": {},
    # No fumbles, true odds. Soviet: presses on at lower odds (attack_ratio 1.4), masses its guns
    # (assault_ratio 6.0) and storms the city at 1:1. Japanese: counterattacks only at good odds
    # and holds the ground it stands on instead of falling back under threat.
    # Economy of force: past the odds that rout the defenders (8:1 in the rules, 10:1 for the dice)
    # it commits only the units it needs; the rest rest or attack elsewhere.
    "hard": {"mistake_rate": 0.0, "judgement_sigma": 0.0, "attack_ratio": 1.4, "assault_ratio": 6.0, "enough_ratio": 10.0,
             "city_assault_ratio": 1.0, "counterattack_ratio": 1.8, "local_attack_ratio": 0.3, "fall_back_ratio": math.inf},
}


def ai_parameter_names() -> list[str]:
    """Every key an ``ai.<side>`` section may hold, in declaration order."""
    return [*BASELINE_PARAMETERS, *(f.name for f in fields(DoctrineParams))]


__all__ = ["BASELINE_PARAMETERS", "DIFFICULTIES", "DoctrineParams", "ai_parameter_names"]
