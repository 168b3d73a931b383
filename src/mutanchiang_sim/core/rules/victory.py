"""Victory: objectives held, the city's capture, forces escaped and losses, as graded levels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..units import ESCAPED

if TYPE_CHECKING:
    from ..state import GameState

SOVIET, JAPAN = 1, 2


def city_held_by_soviets(state: GameState) -> bool:
    """The city counts as taken when the Soviets control every one of its hexes."""
    name = state.scenario.city
    if not name:
        return False
    place = state.scenario.map.place_named(name)
    return all(state.control[i] == SOVIET for i in place.hexes)


@dataclass(frozen=True)
class Standing:
    soviet_points: float
    japan_points: float
    margin: float
    level: str  # e.g. "Soviet decisive victory"
    winner: str  # soviet | japan | draw


def standing(state: GameState) -> Standing:
    """Victory points so far and the level they give."""
    v = state.scenario.rules.victory
    sov = jap = 0.0
    for p in state.scenario.map.places:
        if not p.objective:
            continue
        held = [state.control[i] for i in p.hexes]
        if all(c == SOVIET for c in held):
            sov += p.vp
        elif all(c == JAPAN for c in held):
            jap += p.vp
    sov_cas = sum(u.casualties for u in state.units if u.side == "soviet")
    jap_cas = sum(u.casualties for u in state.units if u.side == "japan")
    escaped = sum(u.men for u in state.units if u.side == "japan" and u.status == ESCAPED)
    sov += jap_cas / 1000.0 * v.vp_per_1000_enemy_casualties
    jap += sov_cas / 1000.0 * v.vp_per_1000_enemy_casualties + escaped / 1000.0 * v.vp_per_1000_escaped
    margin = sov - jap
    if margin >= v.decisive_margin:
        level, winner = "Soviet decisive victory", "soviet"
    elif margin >= v.marginal_margin:
        level, winner = "Soviet marginal victory", "soviet"
    elif margin > -v.marginal_margin:
        level, winner = "Draw", "draw"
    elif margin > -v.decisive_margin:
        level, winner = "Japanese marginal victory", "japan"
    else:
        level, winner = "Japanese decisive victory", "japan"
    return Standing(round(sov, 3), round(jap, 3), round(margin, 3), level, winner)
