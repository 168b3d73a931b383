"""Victory: objectives held, the city's capture, forces escaped and losses, as graded levels.

Also what *escaped* means. A unit leaves the map (an :class:`~..actions.Exit`) from its side's
exit zone, once the order the zone needs is in force; it is then *withdrawn* (status
``escaped``). A unit still on the map but standing in the zone under that order is *free to
leave*. Victory points count the men withdrawn; the run record's "escaped" counts both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..sides import CONTROL_JAPAN as JAPAN
from ..sides import CONTROL_SOVIET as SOVIET
from ..units import ACTIVE, ESCAPED, Unit

if TYPE_CHECKING:
    from ..state import GameState


def exit_problem(state: GameState, u: Unit) -> str | None:
    """Why ``u`` may not leave the map from where it stands (None: it may): it must be in its
    side's exit zone, and the order the zone needs (if any) must be in force."""
    spec = state.scenario.sides.get(u.side)
    if spec is None or u.hex not in spec.exit_zone:
        return f"{u.id} is not in the exit zone"
    if spec.exit_requires_order and not state.has_order(u.side, spec.exit_requires_order):
        return f"{u.side} has no {spec.exit_requires_order} order yet"
    return None


def withdrawn(u: Unit) -> bool:
    """``u`` has left the map through its exit zone."""
    return u.status == ESCAPED


def escaped(state: GameState, u: Unit) -> bool:
    """``u`` got away: withdrawn, or on the map and free to leave it now."""
    return withdrawn(u) or (u.status == ACTIVE and exit_problem(state, u) is None)


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
    gone = sum(u.men for u in state.units if u.side == "japan" and withdrawn(u))  # (not those still on the map)
    sov += jap_cas / 1000.0 * v.vp_per_1000_enemy_casualties
    jap += sov_cas / 1000.0 * v.vp_per_1000_enemy_casualties + gone / 1000.0 * v.vp_per_1000_escaped
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
