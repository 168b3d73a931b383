"""Movement: costs, rivers and bridges, zones of control, stacking, reachable hexes.

A step from hex ``a`` to neighbour ``b`` costs (in movement points):

* along a road: ``road_cost``; along a railway: ``rail_cost`` for rail-borne units, and for
  any unit by train (``rail_transport``) between hexes its side holds, out of enemy zones of
  control; else ``min(terrain cost, track_rail_cost)``;
* otherwise the terrain's ``move_cost``, times ``wet_ground`` when the ground is wet;
* across a river: only over an intact bridge, or by an *assault crossing* that takes the unit's
  whole allowance (a fresh unit that may cross rivers; tanks and guns need bridges), and never
  into a hex next to an enemy unit (on 16 August fire from the far bank made landings by boat
  east of the city impossible; the 22nd Rifle Division crossed further north). On wet ground
  (rivers in flood) a side must first gather boats and build rafts at the bank hex it crosses
  from: ``crossing_prep_turns`` whole turns ended there with a unit of its own (any unit; the
  boats stay for the next ones, and are lost if the enemy takes the hex). See :func:`gather_boats`.

Entering a hex next to an enemy unit (its zone of control) ends the move. A unit's allowance is
its kind's ``movement`` times the weather's mobility, and ``night_movement`` at night.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..map_tables import NO_EDGE
from ..units import Unit

if TYPE_CHECKING:
    from ..state import GameState

INF = float("inf")


class IllegalMove(ValueError):
    pass


def allowance(state: GameState, unit: Unit) -> float:
    rules = state.scenario.rules
    kind = rules.kinds[unit.kind]
    mp = kind.movement * rules.weather[state.weather].mobility
    if state.night:
        mp *= rules.movement.night_movement
    if unit.disrupted:
        mp *= 0.5
    return mp


def enemy_zoc(state: GameState, side: str) -> set[int]:
    """Hexes in the zone of control of ``side``'s enemies (next to an enemy unit)."""
    caches = state.zoc_cache
    hit = caches.get(side)
    version = state.occ_version
    if hit is not None and hit[0] == version:
        return hit[2]
    counts = state.enemy_versions(side)
    if hit is not None and counts is not None and hit[3] == counts:  # no enemy-held hex changed
        caches[side] = (version, hit[1], hit[2], counts)
        return hit[2]
    enemy = [i for i, us in state.occupancy.items() if us and us[0].side != side]
    if hit is not None and hit[1] == enemy:  # only ``side``'s own units moved
        caches[side] = (version, enemy, hit[2], counts)
        return hit[2]
    nbrs = state.scenario.map.neighbor_lists
    zoc: set[int] = set()
    for i in enemy:
        zoc.update(nbrs[i])
    caches[side] = (version, enemy, zoc, counts)
    return zoc


def crossing_open(state: GameState, a: int, b: int) -> bool:
    """True when no river lies between neighbours a and b, or a bridge over it is intact."""
    river, _, _, k = state.scenario.map.tables.edges.get((a, b), NO_EDGE)
    return not river or (k >= 0 and state.bridges_intact[k])


def crossing_prep(state: GameState) -> int:
    """Turns of boat-gathering an assault crossing needs now: ``crossing_prep_turns`` while the
    ground is wet (the rivers in flood), else none."""
    return state.scenario.rules.movement.crossing_prep_turns if state.wet else 0


def crossing_wait(state: GameState, side: str, bank: int) -> int:
    """Whole turns ``side`` must still spend at river-bank hex ``bank`` before its units may
    cross from there by assault (0: the boats are ready)."""
    return max(0, crossing_prep(state) - state.boats.get((side, bank), 0))


def gather_boats(state: GameState) -> None:
    """End of turn: each side gathers boats a turn longer at every river-bank hex it occupies;
    boats at a bank hex the enemy occupies are lost."""
    cap = state.scenario.rules.movement.crossing_prep_turns
    if cap <= 0:
        return
    bank = state.scenario.map.bank
    for i, us in state.occupancy.items():
        if not us or not bank[i]:
            continue
        side = us[0].side
        state.boats.pop((state.scenario.other_side(side), i), None)
        state.boats[(side, i)] = min(cap, state.boats.get((side, i), 0) + 1)


def step_cost(state: GameState, unit: Unit, a: int, b: int) -> float:
    """Movement points for ``unit`` to step from ``a`` into neighbour ``b``; INF if it cannot.

    The assault crossing of a river is returned as ``-1.0`` (it takes the whole allowance)."""
    return stepper(state, unit)(a, b)


def ground_cost(state: GameState, i: int) -> tuple[float, str]:
    """What stepping into hex ``i`` off road costs now (as :func:`stepper` prices it), and why:
    ``(2.25, "1.5 hills x1.5 wet ground")``."""
    sc = state.scenario
    base = float(sc.map.move_cost[i])
    why = f"{base:g} {sc.map.terrain_rule(i).name}"
    if sc.wet_at(state.turn):
        wet = sc.rules.movement.wet_ground
        return base * wet, f"{why} x{wet:g} wet ground"
    return base, why


def stepper(state: GameState, unit: Unit) -> Callable[[int, int], float]:
    """:func:`step_cost` for ``unit`` as a function of ``(a, b)``, with everything that does not
    change from step to step looked up once (for searches). Kept on the state per side and kind
    until the enemy's zone of control or the turn changes (the function reads the occupancy,
    bridges, boats and control as they stand, and fixes the ground, the zones and the kind)."""
    when = (state.turn, id(state.occupancy), id(state.boats), id(state.control), id(state.bridges_intact))
    priced_for, memo = state.stepper_cache
    if priced_for != when:
        memo = {}
        state.stepper_cache = (when, memo)
    key = (unit.side, unit.kind)
    zoc = enemy_zoc(state, unit.side)  # the same set object while the enemy stays where he is
    hit = memo.get(key)
    if hit is None or hit[0] is not zoc:
        hit = memo[key] = (zoc, _stepper(state, unit))
    return hit[1]


def _stepper(state: GameState, unit: Unit) -> Callable[[int, int], float]:
    sc = state.scenario
    m = sc.map
    rules = sc.rules
    kind = rules.kinds[unit.kind]
    mv = rules.movement
    passable, move_cost, occupancy, side = m.passable, m.move_cost, state.occupancy, unit.side
    edges, intact = m.tables.edges, state.bridges_intact
    prep, boats = crossing_prep(state), state.boats
    rail_only, assault = kind.rail_only, (-1.0 if kind.can_assault_river else INF)
    road_cost, rail_cost, track_cost = mv.road_cost, mv.rail_cost, mv.track_rail_cost
    wet = mv.wet_ground if sc.wet_at(state.turn) else None
    # Rail transport: along a railway through ground the side holds, out of enemy reach.
    by_train = mv.rail_transport
    control, code = state.control, state.scenario.side_codes[side]
    zoc = enemy_zoc(state, side)

    def cost(a: int, b: int) -> float:
        if not passable[b]:
            return INF
        occ = occupancy.get(b)
        if occ and occ[0].side != side:
            return INF
        river, road, rail, k = edges.get((a, b), NO_EDGE)
        blocked = river and (k < 0 or not intact[k])
        if rail_only:
            if not rail or blocked:
                return INF
            return rail_cost
        if blocked:
            # no landing under the enemy's guns: an assault crossing may not end next to him;
            # and the side's boats must be ready on this bank
            if b in zoc or (prep and boats.get((side, a), 0) < prep):
                return INF
            return assault
        if rail and by_train and control[a] == code and control[b] == code and a not in zoc and b not in zoc:
            return rail_cost
        if road:
            return road_cost
        c = move_cost[b]
        if wet is not None:
            c *= wet
        if rail:
            c = min(c, track_cost)
        return c

    return cost


def can_end_in(state: GameState, unit: Unit, i: int) -> bool:
    """Room for ``unit`` in hex ``i`` under the stacking limit (not counting itself)."""
    here = state.occupancy.get(i)
    others = 0
    if here:
        others = len(here)
        for u in here:
            if u.id == unit.id:
                others -= 1
    return others < state.scenario.rules.movement.stacking_limit


class Reach(dict[int, tuple[float, int]]):
    """Hexes a unit can end its move in, ``{hex: (cost, previous hex)}``; ``tree`` also holds
    the hexes it can only pass through (full stacks), for rebuilding paths."""

    tree: dict[int, tuple[float, int]]


def reachable(state: GameState, unit: Unit) -> Reach:
    """Hexes ``unit`` can end its move in this phase: ``{hex: (cost, previous hex)}``.

    Includes the assault crossing of a river when the unit has not moved yet."""
    mp = unit.mp_left
    start = unit.hex
    zoc = enemy_zoc(state, unit.side) if state.scenario.rules.movement.zoc_stops else set()
    best: dict[int, tuple[float, int]] = {start: (0.0, -1)}
    heap: list[tuple[float, int]] = [(0.0, start)]
    nbrs = state.scenario.map.neighbor_lists
    fresh = not unit.moved
    full = allowance(state, unit)
    step_cost_ = stepper(state, unit)
    while heap:
        cost, a = heapq.heappop(heap)
        if cost > best[a][0]:
            continue
        if a != start and a in zoc:
            continue  # entering a ZOC ends movement
        for b in nbrs[a]:
            c = step_cost_(a, b)
            if c == INF:
                continue
            if c < 0:  # assault crossing: only as the first and only step of a fresh unit
                if a != start or not fresh or mp < full - 1e-9:
                    continue
                nc = mp
            else:
                nc = cost + c
            if nc > mp + 1e-9:
                continue
            if b not in best or nc < best[b][0]:
                best[b] = (nc, a)
                if c >= 0:
                    heapq.heappush(heap, (nc, b))
    reach = Reach((i, v) for i, v in best.items() if i != start and can_end_in(state, unit, i))
    reach.tree = best
    return reach


def path_to(reach: dict[int, tuple[float, int]], start: int, goal: int) -> tuple[int, ...]:
    """The path (excluding ``start``) to ``goal`` recorded by :func:`reachable`."""
    reach = getattr(reach, "tree", reach)
    path = []
    i = goal
    while i != start:
        path.append(i)
        i = reach[i][1]
    return tuple(reversed(path))


def path_cost(state: GameState, unit: Unit, path: tuple[int, ...]) -> float:
    """Check a path step by step and return what it costs; raise IllegalMove with the reason."""
    if not path:
        raise IllegalMove("empty path")
    m = state.scenario.map
    zoc = enemy_zoc(state, unit.side) if state.scenario.rules.movement.zoc_stops else set()
    a = unit.hex
    spent = 0.0
    step_cost_ = stepper(state, unit)
    for k, b in enumerate(path):
        if b not in m.neighbor_lists[a]:
            raise IllegalMove(f"hex {m.offset_of(b)} is not next to {m.offset_of(a)}")
        if k > 0 and a in zoc:
            raise IllegalMove(f"{unit.name} cannot leave the enemy zone of control at {m.offset_of(a)}")
        c = step_cost_(a, b)
        if c == INF:
            wait = crossing_wait(state, unit.side, a)
            if k == 0 and wait > 0 and not crossing_open(state, a, b) and b not in zoc and state.scenario.rules.kinds[unit.kind].can_assault_river:
                raise IllegalMove(f"{unit.name} cannot cross at {m.offset_of(a)} before the boats are ready: {wait} more turn(s) on this bank")
            raise IllegalMove(f"{unit.name} cannot enter {m.offset_of(b)}")
        if c < 0:
            if k != 0 or unit.moved or unit.mp_left < allowance(state, unit) - 1e-9 or len(path) != 1:
                raise IllegalMove(f"{unit.name} can cross the river at {m.offset_of(a)} only as a whole turn's move")
            c = unit.mp_left
        spent += c
        if spent > unit.mp_left + 1e-9:
            raise IllegalMove(f"{unit.name} lacks movement points for {m.offset_of(b)}")
        a = b
    if not can_end_in(state, unit, a):
        raise IllegalMove(f"stacking limit reached at {m.offset_of(a)}")
    return spent
