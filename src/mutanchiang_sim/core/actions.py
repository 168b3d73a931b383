"""Actions: the small value types every controller (human, AI, replay) hands to the engine.

Hexes are flat map indices (see :mod:`mutanchiang_sim.core.terrain`).

>>> Move("sov-22rd", (105, 106))
Move(unit='sov-22rd', path=(105, 106))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Move:
    """Move a unit along ``path`` (the hexes entered, in order, not including its own)."""

    unit: str
    path: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Attack:
    """Attack the enemy units in ``target`` with adjacent ``attackers``; ``support`` are
    artillery units within their support range that add part of their fire."""

    target: int
    attackers: tuple[str, ...]
    support: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BlowBridge:
    """A unit next to (or on either side of) a bridge demolishes it."""

    unit: str
    bridge: int


@dataclass(frozen=True, slots=True)
class Exit:
    """A unit in its side's exit zone leaves the map (a withdrawal: it has escaped)."""

    unit: str


@dataclass(frozen=True, slots=True)
class EndPhase:
    """The side to move is done for this phase."""


Action = Move | Attack | BlowBridge | Exit | EndPhase


def action_to_dict(a: Action) -> dict[str, Any]:
    if isinstance(a, Move):
        return {"type": "move", "unit": a.unit, "path": list(a.path)}
    if isinstance(a, Attack):
        return {"type": "attack", "target": a.target, "attackers": list(a.attackers), "support": list(a.support)}
    if isinstance(a, BlowBridge):
        return {"type": "blow_bridge", "unit": a.unit, "bridge": a.bridge}
    if isinstance(a, Exit):
        return {"type": "exit", "unit": a.unit}
    return {"type": "end_phase"}


def action_from_dict(d: dict[str, Any]) -> Action:
    t = d.get("type")
    if t == "move":
        return Move(str(d["unit"]), tuple(int(x) for x in d["path"]))
    if t == "attack":
        return Attack(int(d["target"]), tuple(str(x) for x in d["attackers"]), tuple(str(x) for x in d.get("support", ())))
    if t == "blow_bridge":
        return BlowBridge(str(d["unit"]), int(d["bridge"]))
    if t == "exit":
        return Exit(str(d["unit"]))
    if t == "end_phase":
        return EndPhase()
    raise ValueError(f"unknown action type {t!r}")
