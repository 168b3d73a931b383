"""What the engine reports as it applies actions: moves, combats, losses, captures, orders.

The UI animates and logs these, replays store them, batch metrics count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class GameEvent:
    kind: str  # move, combat, retreat, rout, destroyed, bridge, order, weather, arrival, exit, capture, turn, phase, end
    turn: int
    text: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "turn": self.turn, "text": self.text, "data": self.data}
