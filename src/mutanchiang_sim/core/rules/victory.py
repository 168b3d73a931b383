"""Victory: objectives held, the city's capture, forces escaped and losses, as graded levels.

Also what *escaped* means. A unit leaves the map (an :class:`~..actions.Exit`) from its side's
exit zone, once the order the zone needs is in force; it is then *withdrawn* (status
``escaped``). A unit still on the map but standing in the zone under that order is *free to
leave*. Victory points count the men withdrawn; the run record's "escaped" counts both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..units import ACTIVE, ESCAPED, Unit

if TYPE_CHECKING:
    from ..scenario_def import Scenario
    from ..state import GameState
    from ..terrain import Place


def exit_problem(state: GameState, u: Unit) -> str | None:
    """Why ``u`` may not leave the map from where it stands (None: it may): it must be in its
    side's exit zone, and the order the zone needs (if any) must be in force."""
    spec = state.scenario.sides.get(u.side)
    if spec is None or u.hex not in spec.exit_zone:
        return f"{u.name} is not in the exit zone"
    if spec.exit_requires_order and not state.has_order(u.side, spec.exit_requires_order):
        return f"no {spec.exit_requires_order.replace('_', ' ')} order for the {state.scenario.side_label(u.side)} side yet"
    return None


def withdrawn(u: Unit) -> bool:
    """``u`` has left the map through its exit zone."""
    return u.status == ESCAPED


def escaped(state: GameState, u: Unit) -> bool:
    """``u`` got away: withdrawn, or on the map and free to leave it now."""
    return withdrawn(u) or (u.status == ACTIVE and exit_problem(state, u) is None)


def city_taken(state: GameState) -> bool:
    """The city counts as taken when the side that must take it (:attr:`Scenario.attacker`)
    controls every one of its hexes."""
    sc = state.scenario
    if not sc.city:
        return False
    place = sc.map.place_named(sc.city)
    code = sc.side_codes[sc.attacker]
    return all(state.control[i] == code for i in place.hexes)


def objectives(scenario: Scenario) -> list[Place]:
    """The places whose capture the run record times: worth points and held by a side at the start."""
    return [p for p in scenario.map.places if p.objective and p.held_by]


def place_taken(state: GameState, place: Place) -> bool:
    """Another side than the one that held it at the start controls every hex of ``place``."""
    control = state.control
    hexes = place.hexes
    if not hexes:
        return False
    code = control[hexes[0]]
    for i in hexes:
        if control[i] != code:
            return False
    return code != 0 and code != state.scenario.side_codes[place.held_by]


@dataclass(frozen=True)
class Standing:
    points: dict[str, float]  # victory points of each side, in the scenario's order of sides
    margin: float  # the first declared side's points less the other's
    level: str  # e.g. "Soviet decisive victory"
    winner: str  # a side's id, or "draw"


def points_of(state: GameState) -> dict[str, list[tuple[str, float]]]:
    """What each side's victory points are made of, named: each objective it holds whole, the
    enemy's casualties, its own men withdrawn through its exit zone (summed by :func:`standing`)."""
    sc = state.scenario
    v = sc.rules.victory
    codes = sc.side_codes
    parts: dict[str, list[tuple[str, float]]] = {side: [] for side in sc.side_ids}
    for p in sc.map.places:
        if not p.objective:
            continue
        held = [state.control[i] for i in p.hexes]
        for side in sc.side_ids:
            if all(c == codes[side] for c in held):
                parts[side].append((f"holds {p.name}", p.vp))
                break
    cas = {side: sum(u.casualties for u in state.units if u.side == side) for side in sc.side_ids}
    gone = {side: sum(u.men for u in state.units if u.side == side and withdrawn(u)) for side in sc.side_ids}  # (not those still on the map)
    for side in sc.side_ids:
        enemy = sc.other_side(side)
        parts[side].append((f"{cas[enemy]:,} {sc.side_label(enemy)} casualties", cas[enemy] / 1000.0 * v.vp_per_1000_enemy_casualties))
        parts[side].append((f"{gone[side]:,} men withdrawn", gone[side] / 1000.0 * v.vp_per_1000_escaped))
    return parts


def levels(scenario: Scenario) -> list[tuple[str, str]]:
    """The result levels and the margin each needs (the first side's points less the other's),
    as :func:`standing` grades them: ``[("Soviet decisive victory", "margin 20 or more"), ...]``."""
    v = scenario.rules.victory
    first, second = scenario.side_ids
    d, m = v.decisive_margin, v.marginal_margin
    return [
        (f"{scenario.side_label(first)} decisive victory", f"{d:g} or more"),
        (f"{scenario.side_label(first)} marginal victory", f"{m:g} to {d:g}"),
        ("Draw", f"between -{m:g} and {m:g}"),
        (f"{scenario.side_label(second)} marginal victory", f"-{m:g} to -{d:g}"),
        (f"{scenario.side_label(second)} decisive victory", f"-{d:g} or less"),
    ]


def standing(state: GameState) -> Standing:
    """Victory points so far and the level they give. A side scores the places it holds whole,
    the enemy's casualties, and its own men withdrawn through its exit zone (:func:`points_of`)."""
    sc = state.scenario
    v = sc.rules.victory
    first, second = sc.side_ids
    pts = {side: 0.0 for side in sc.side_ids}
    for side, parts in points_of(state).items():
        *places, (_, casualties), (_, withdrawn_men) = parts
        for _, vp in places:
            pts[side] += vp
        pts[side] += casualties + withdrawn_men
    margin = pts[first] - pts[second]
    if margin >= v.decisive_margin:
        level, winner = f"{sc.side_label(first)} decisive victory", first
    elif margin >= v.marginal_margin:
        level, winner = f"{sc.side_label(first)} marginal victory", first
    elif margin > -v.marginal_margin:
        level, winner = "Draw", "draw"
    elif margin > -v.decisive_margin:
        level, winner = f"{sc.side_label(second)} marginal victory", second
    else:
        level, winner = f"{sc.side_label(second)} decisive victory", second
    return Standing({side: round(x, 3) for side, x in pts.items()}, round(margin, 3), level, winner)
