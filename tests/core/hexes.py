"""Addressing the test valley's hexes as scenario files do: ``at(state, col, row)``."""

from __future__ import annotations

from mutanchiang_sim.core.state import GameState


def at(state: GameState, col: int, row: int) -> int:
    return state.scenario.map.index_of_offset(col, row)
