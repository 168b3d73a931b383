"""The computer players by name: one explicit table, nothing registered by importing a module.

>>> sorted(POLICIES)
['advance', 'doctrine', 'hold', 'passive', 'random']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.scenario_def import Scenario
from .baseline import AdvancePolicy, HoldPolicy, PassivePolicy, RandomPolicy
from .operational import OperationalDoctrine
from .policy import Policy

PolicyFactory = Callable[[str, dict[str, Any]], Policy]


def doctrine(side: str, params: dict[str, Any]) -> Policy:
    """The doctrine player of ``side``: its posture from the side's role in the scenario it plays."""
    return OperationalDoctrine(side, params)


POLICIES: dict[str, PolicyFactory] = {
    "doctrine": doctrine,
    "advance": AdvancePolicy,
    "hold": HoldPolicy,
    "random": RandomPolicy,
    "passive": PassivePolicy,
}


def policy_names() -> list[str]:
    return sorted(POLICIES)


def make_policy(name: str, side: str, params: dict[str, Any] | None = None) -> Policy:
    """A policy by name (``doctrine``, ``advance``, ``hold``, ``random``, ``passive``);
    KeyError naming the known ones for any other name."""
    factory = POLICIES.get(name)
    if factory is None:
        raise KeyError(f"unknown policy {name!r} (known: {', '.join(policy_names())})")
    return factory(side, dict(params or {}))


DEFAULT_POLICY = "doctrine"


def default_policies(scenario: Scenario, names: dict[str, str] | None = None) -> dict[str, Policy]:
    """A computer player for every side of ``scenario`` with its ``ai`` parameters: the
    doctrine, or the policy ``names`` gives for that side (KeyError for an unknown name or
    a side the scenario does not have)."""
    for side in names or {}:
        if side not in scenario.sides:
            raise KeyError(f"{scenario.name} has no side {side!r} (sides: {', '.join(scenario.side_ids)})")
    chosen = {side: DEFAULT_POLICY for side in scenario.side_ids}
    chosen.update(names or {})
    return {side: make_policy(chosen[side], side, scenario.ai.get(side, {})) for side in scenario.side_ids}


__all__ = ["DEFAULT_POLICY", "POLICIES", "PolicyFactory", "default_policies", "doctrine", "make_policy",
           "policy_names"]
