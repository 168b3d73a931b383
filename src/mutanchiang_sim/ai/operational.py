"""One operational doctrine for either side: the posture from the side's role and situation.

A side's role is ``scenario.sides[side].role`` (``attack`` or ``defend``); when the scenario
leaves it empty, the side that moves first attacks and the other defends. The attacker's posture
is :class:`.attack_doctrine.AttackDoctrine` (concentrate, bombard, assault, exploit, bypass on
its orders); the defender's is :class:`.defence_doctrine.DefenceDoctrine`, which delays from
strongpoints, counterattacks with its reserves and goes over to the withdrawal when its order
(a scenario event, fired by the state of the battle) is in force. Nothing here depends on which
side is which: a scenario whose first side defends gets the defending doctrine for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ..core.actions import Action
from ..core.state import GameState
from .attack_doctrine import AttackDoctrine
from .defence_doctrine import DefenceDoctrine
from .doctrine import DoctrineParams, DoctrinePolicy
from .policy import PlanningPolicy

ATTACK, DEFEND = "attack", "defend"


def role_of(state: GameState, side: str) -> str:
    """``side``'s role in the scenario: its ``role``, else ``attack`` for the first side and
    ``defend`` for the other."""
    spec = state.scenario.sides.get(side)
    if spec is not None and spec.role:
        return spec.role
    first = state.scenario.first_side or state.scenario.side_ids[0]
    return ATTACK if side == first else DEFEND


class OperationalDoctrine(PlanningPolicy):
    """The doctrine player: plays each phase in the posture of the side's role (chosen once, on
    the first phase it is asked about, from the scenario of that game)."""

    name = "doctrine"

    def __init__(self, side: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(side, params)
        self.p = DoctrineParams.from_params(self.params)  # the knobs both postures play by
        self._postures: dict[str, DoctrinePolicy] = {}
        self.role = ""

    def posture(self, state: GameState) -> DoctrinePolicy:
        """The doctrine of the side's role in ``state``'s scenario (made once per role)."""
        self.role = role_of(state, self.side)
        p = self._postures.get(self.role)
        if p is None:
            cls = AttackDoctrine if self.role == ATTACK else DefenceDoctrine
            p = self._postures[self.role] = cls(self.side, self.params)
        return p

    def plan(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        yield from self.posture(state).plan(state, rng)


__all__ = ["ATTACK", "DEFEND", "OperationalDoctrine", "role_of"]
