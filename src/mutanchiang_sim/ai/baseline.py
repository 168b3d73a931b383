"""Baseline policies: simple opponents for tests, comparisons and the engine's own checks.

* ``advance`` - march every unit down the distance field toward the enemy-held objectives and
  attack wherever the odds reach ``min_ratio``;
* ``hold`` - stay put, attack only at very good odds, and once a withdrawal order is in force
  walk to the exit zone and leave;
* ``random`` - a uniformly random legal action (ends the phase with probability ``p_end``);
* ``passive`` - always ends the phase.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ..core import engine
from ..core.actions import Action, EndPhase, Exit
from ..core.ai_params import MIN_RATIO, P_END
from ..core.state import GameState
from ..core.units import ACTIVE
from .fields import distance_field
from .policy import PlanningPolicy
from .tactics import attack_options, descend, evaluate_attack, make_attack, support_for


def objective_hexes(state: GameState, side: str) -> list[int]:
    """Objective hexes not yet held by ``side``; the enemy's units when none are left."""
    code = state.side_code(side)
    out = [i for p in state.scenario.map.places if p.objective for i in p.hexes if state.control[i] != code]
    if not out:
        out = [u.hex for u in state.units if u.side == state.other_side(side) and u.status == ACTIVE]
    return out


class AdvancePolicy(PlanningPolicy):
    name = "advance"

    def plan(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        min_ratio = float(self.params.get(MIN_RATIO, 1.5))
        goals = objective_hexes(state, self.side)
        if goals:
            for u in sorted(state.active_units(self.side), key=lambda x: x.id):
                tracked = state.scenario.rules.kinds[u.kind].tracked or not state.scenario.rules.kinds[u.kind].can_assault_river
                mv = descend(state, u, distance_field(state, goals, tracked=tracked))
                if mv is not None:
                    yield mv
        yield from attack_where_favourable(state, self.side, min_ratio)
        yield EndPhase()


def attack_where_favourable(state: GameState, side: str, min_ratio: float) -> Iterator[Action]:
    for target, group in sorted(attack_options(state, side).items()):
        group = [u for u in group if not u.acted and u.status == ACTIVE]
        if not group or not state.units_at(target) or state.side_at(target) == side:
            continue
        support = support_for(state, side, target)
        o = evaluate_attack(state, target, group, support)
        if o.ratio >= min_ratio:
            yield make_attack(target, group, support)


class HoldPolicy(PlanningPolicy):
    name = "hold"

    def plan(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        spec = state.scenario.sides.get(self.side)
        withdrawing = bool(spec and spec.exit_zone and (not spec.exit_requires_order or state.has_order(self.side, spec.exit_requires_order)))
        if withdrawing and spec is not None:
            field = distance_field(state, spec.exit_zone)
            for u in sorted(state.active_units(self.side), key=lambda x: x.id):
                if u.hex in spec.exit_zone:
                    yield Exit(u.id)
                    continue
                mv = descend(state, u, field)
                if mv is not None:
                    yield mv
                    if u.hex in spec.exit_zone and u.status == ACTIVE:
                        yield Exit(u.id)
        yield from attack_where_favourable(state, self.side, float(self.params.get(MIN_RATIO, 3.0)))
        yield EndPhase()


class RandomPolicy:
    name = "random"

    def __init__(self, side: str, params: dict[str, Any] | None = None) -> None:
        self.side = side
        self.p_end = float((params or {}).get(P_END, 0.1))

    def choose(self, state: GameState, rng: np.random.Generator) -> Action:
        if rng.random() < self.p_end:
            return EndPhase()
        actions = list(engine.legal_actions(state))
        return actions[int(rng.integers(len(actions)))]


class PassivePolicy:
    name = "passive"

    def __init__(self, side: str, params: dict[str, Any] | None = None) -> None:
        self.side = side

    def choose(self, state: GameState, rng: np.random.Generator) -> Action:
        return EndPhase()
