"""Small tactical helpers the policies share: walking down a distance field, sizing up attacks."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.actions import Attack, Move
from ..core.rules import attack, combat, movement
from ..core.state import GameState
from ..core.units import Unit

INF = float("inf")


def descend(
    state: GameState, unit: Unit, field: Sequence[float], avoid: set[int] | None = None, stop_at: float = 0.0
) -> Move | None:
    """The move that walks ``unit`` downhill on ``field`` as far as its movement points allow.

    Stops on entering an enemy zone of control, on reaching ``stop_at`` or below, and never
    ends in a full hex. An assault river crossing is taken only as a whole move by a fresh unit."""
    if unit.mp_left <= 0 or unit.attacked:
        return None
    m = state.scenario.map
    nbrs = m.neighbor_lists
    zoc = movement.enemy_zoc(state, unit.side)
    cur = unit.hex
    spent = 0.0
    path: list[int] = []
    fresh = not unit.moved
    step_cost = movement.stepper(state, unit)
    while field[cur] > stop_at:
        best = -1
        best_v = field[cur]
        best_c = 0.0
        for b in nbrs[cur]:
            if avoid and b in avoid:
                continue
            v = field[b]
            if v >= best_v - 1e-9:
                continue
            c = step_cost(cur, b)
            if c == INF:
                continue
            if c < 0:
                if path or not fresh:
                    continue
                c = unit.mp_left
            if spent + c > unit.mp_left + 1e-9:
                continue
            best, best_v, best_c = b, v, c
        if best < 0:
            break
        crossing = not movement.crossing_open(state, cur, best)
        path.append(best)
        spent += best_c
        cur = best
        if crossing or cur in zoc:
            break
    while path and not movement.can_end_in(state, unit, path[-1]):
        path.pop()
    if not path:
        return None
    return Move(unit.id, tuple(path))


def attack_options(state: GameState, side: str) -> dict[int, list[Unit]]:
    """Enemy hexes ``side`` may attack now (:func:`..core.rules.attack.attack_targets`), each
    with its attackers that still have men."""
    out: dict[int, list[Unit]] = {}
    for t, group in attack.attack_targets(state, side).items():
        manned = [u for u in group if u.men > 0]
        if manned:
            out[t] = manned
    return out


def support_for(state: GameState, side: str, target: int) -> list[Unit]:
    """The guns that may support ``side``'s attack on ``target``, in order of battle."""
    return attack.supporters_of(state, side, target)


def evaluate_attack(state: GameState, target: int, attackers: list[Unit], support: list[Unit]) -> combat.CombatOdds:
    return combat.odds(state, target, attackers, support, attack.over_river(state, target, attackers))


def make_attack(target: int, attackers: list[Unit], support: list[Unit]) -> Attack:
    return Attack(target, tuple(u.id for u in attackers), tuple(u.id for u in support))
