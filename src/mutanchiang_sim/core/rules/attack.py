"""Attack eligibility: which enemy hexes a side's units may attack, and which guns may support them.

The one rule that the engine (checking an attack, listing the legal ones), the computer players
and the UI ask. For the side on the move:

* the *target* is a hex held by an enemy unit;
* an *attacker* is a unit of the side on the map that has not acted this phase (attacked, fired
  in support or blown a bridge), next to the target, across an open edge (no river, or a bridge
  still standing) or of a kind that can assault over a river;
* a *supporter* is an artillery unit of the side on the map with guns left, that has not acted
  this phase, within its kind's ``support_range`` hexes of the target.

Guns fire in support: the lists offered here (:func:`attack_targets`, :func:`attackers_of`) never
put an artillery unit in the assault, though :func:`attacker_problem` lets a player name one.
An attack goes *over the river* (and is resolved so) when any attacker crosses one to make it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..units import ACTIVE, Unit
from .movement import crossing_open

if TYPE_CHECKING:
    from ..state import GameState


def crosses_to(state: GameState, u: Unit, target: int) -> bool:
    """Whether the edge between ``u``'s hex and neighbour ``target`` lets ``u`` attack over it:
    open (no river, or an intact bridge), or ``u`` can assault over a river."""
    return crossing_open(state, u.hex, target) or state.scenario.rules.kinds[u.kind].can_assault_river


def can_assault(state: GameState, u: Unit, target: int) -> bool:
    """Whether ``u`` (next to ``target``) is fit to assault it as far as its kind and the edge
    go, spent or not: not artillery (guns support instead), and :func:`crosses_to`."""
    return not state.scenario.rules.kinds[u.kind].artillery and crosses_to(state, u, target)


def _ready(u: Unit, side: str) -> bool:
    """A unit of ``side`` on the map that has not acted this phase."""
    return u.side == side and u.status == ACTIVE and not u.acted


def in_support_range(state: GameState, u: Unit, target: int) -> bool:
    """Whether ``target`` lies within ``u``'s kind's ``support_range`` hexes of it."""
    return state.scenario.map.tables.distance(u.hex, target) <= state.scenario.rules.kinds[u.kind].support_range


def can_support(state: GameState, side: str, u: Unit, target: int) -> bool:
    """Whether ``u`` may fire in support of ``side``'s attack on ``target`` now."""
    return (
        _ready(u, side) and state.scenario.rules.kinds[u.kind].artillery and u.guns > 0
        and in_support_range(state, u, target)
    )


# --- the lists --------------------------------------------------------------------------------


def attack_targets(state: GameState, side: str) -> dict[int, list[Unit]]:
    """Every enemy-held hex ``side`` may attack now, with the units that may assault it: keyed
    in the order the targets are first met going through the order of battle, each group in
    order of battle."""
    m = state.scenario.map
    occupancy = state.occupancy
    out: dict[int, list[Unit]] = {}
    for u in state.units:
        if not _ready(u, side) or state.scenario.rules.kinds[u.kind].artillery:
            continue
        for j in m.neighbor_lists[u.hex]:
            here = occupancy.get(j)
            if here and here[0].side != side and crosses_to(state, u, j):
                out.setdefault(j, []).append(u)
    return out


def attackers_of(state: GameState, side: str, target: int) -> list[Unit]:
    """The units of ``side`` that may assault ``target`` now, going round the target's
    neighbours in direction order (and in order of battle within a hex). Does not look at who
    holds ``target`` (see :func:`target_problem`)."""
    memo = state.think_memo
    if memo is not None:
        key = ("attackers", side, target)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = _attackers_of(state, side, target)
        return list(hit)
    return _attackers_of(state, side, target)


def _attackers_of(state: GameState, side: str, target: int) -> list[Unit]:
    occupancy = state.occupancy
    out: list[Unit] = []
    for j in state.scenario.map.neighbor_lists[target]:
        for u in occupancy.get(j, ()):
            if _ready(u, side) and can_assault(state, u, target):
                out.append(u)
    return out


def supporters_of(state: GameState, side: str, target: int) -> list[Unit]:
    """The guns of ``side`` that may support an attack on ``target`` now, in order of battle."""
    memo = state.think_memo
    if memo is not None:
        key = ("supporters", side, target)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = [u for u in artillery_units(state, side) if can_support(state, side, u, target)]
        return list(hit)
    return [u for u in artillery_units(state, side) if can_support(state, side, u, target)]


def artillery_units(state: GameState, side: str) -> list[Unit]:
    """``side``'s units of an artillery kind, in order of battle, on the map or not (kept on the
    state for its list of units)."""
    units, count, memo = state.artillery_cache
    if units is not state.units or count != len(units):
        memo = {}
        state.artillery_cache = (state.units, len(state.units), memo)
    hit = memo.get(side)
    if hit is None:
        kinds = state.scenario.rules.kinds
        hit = memo[side] = [u for u in state.units if u.side == side and kinds[u.kind].artillery]
    return hit


def over_river(state: GameState, target: int, attackers: Sequence[Unit]) -> bool:
    """Whether an attack on ``target`` by ``attackers`` goes over a river (any of them crosses
    one that no standing bridge spans)."""
    return any(not crossing_open(state, u.hex, target) for u in attackers)


# --- why not ----------------------------------------------------------------------------------


def target_problem(state: GameState, side: str, target: int) -> str | None:
    """Why ``side`` may not attack hex ``target`` (None: an enemy holds it)."""
    if not 0 <= target < state.scenario.map.size:
        return "target off the map"
    defenders = state.units_at(target)
    if not defenders or defenders[0].side == side:
        return "no enemy in the target hex"
    return None


def attacker_problem(state: GameState, side: str, uid: str, target: int) -> str | None:
    """Why unit ``uid`` may not attack ``target`` for ``side`` (None: it may)."""
    u = state.unit_by_id.get(uid)
    if u is None or u.status != ACTIVE or u.side != side:
        return state.not_movable(uid, side)
    if u.acted:
        return f"{u.name} has already {'attacked' if u.attacked else 'blown a bridge'} this phase"
    if target not in state.scenario.map.neighbor_lists[u.hex]:
        return f"{u.name} is not next to the target"
    if not crosses_to(state, u, target):
        return f"{u.name} cannot attack across the river"
    return None


def supporter_problem(state: GameState, side: str, uid: str, target: int) -> str | None:
    """Why unit ``uid`` may not support ``side``'s attack on ``target`` (None: it may)."""
    u = state.unit_by_id.get(uid)
    if u is None or u.status != ACTIVE or u.side != side:
        return state.not_movable(uid, side)
    if not state.scenario.rules.kinds[u.kind].artillery or u.guns <= 0:
        return f"{u.name} has no guns to support with"
    if u.acted:
        return f"{u.name} has already {'fired' if u.attacked else 'blown a bridge'} this phase"
    if not in_support_range(state, u, target):
        return f"{u.name} is out of range of the target"
    return None


def attack_problem(state: GameState, side: str, target: int, attackers: Sequence[str], support: Sequence[str]) -> str | None:
    """Why ``side`` may not attack ``target`` with the units named (None: it may): the target,
    then the attackers, then the guns, each named once."""
    reason = target_problem(state, side, target)
    if reason is not None:
        return reason
    if not attackers:
        return "an attack needs at least one attacker"
    if len(set(attackers)) != len(attackers) or set(attackers) & set(support):
        return "a unit is named twice"
    for uid in attackers:
        reason = attacker_problem(state, side, uid, target)
        if reason is not None:
            return reason
    for uid in support:
        reason = supporter_problem(state, side, uid, target)
        if reason is not None:
            return reason
    return None
