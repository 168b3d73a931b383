"""The ``Policy`` protocol and the planning base class the computer players share.

A policy is asked for one action at a time (``choose(state, rng)``), exactly like a human
clicking in the UI. :class:`PlanningPolicy` turns a per-phase *plan* written as a generator into
that interface: the generator is resumed after each of its actions has been applied, so it
always looks at the live state.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..core.actions import Action, EndPhase
from ..core.state import GameState


@runtime_checkable
class Policy(Protocol):
    side: str

    def choose(self, state: GameState, rng: np.random.Generator) -> Action: ...


class PlanningPolicy:
    """Base class: subclasses implement :meth:`plan` as a generator of actions for one phase."""

    name = "planning"

    def __init__(self, side: str, params: dict[str, Any] | None = None) -> None:
        self.side = side
        self.params: dict[str, Any] = dict(params or {})
        self._key: tuple[int, int, int] | None = None
        self._gen: Iterator[Action] | None = None

    def plan(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        yield EndPhase()

    def choose(self, state: GameState, rng: np.random.Generator) -> Action:
        # The plan only reads the state until it yields: combat may remember units' power meanwhile.
        outer = state.think_memo
        state.think_memo = {} if outer is None else outer
        try:
            key = (state.serial, state.turn, state.phase)
            if key != self._key or self._gen is None:
                self._key = key
                self._gen = self.plan(state, rng)
            for action in self._gen:
                return action
            self._gen = None
            return EndPhase()
        finally:
            state.think_memo = outer
