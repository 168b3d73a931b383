"""What the computer players work out about a hex, remembered for the rest of a phase while
what it was worked out from stands.

A plan is resumed after each of its actions has been applied (:class:`.policy.PlanningPolicy`),
and the defending doctrine's counterattack scan starts again over every target after each attack
it makes; the state's think memo (``GameState.think_memo``) lasts one choice only, since the
engine changes units between choices. Here a result is kept under a key made of the very values
it reads: the units' numbers (:func:`unit_key`), and for the whole memo the turn, phase, bridges
and the sides' quality modifiers (the weather, night and rivers follow from them). A unit that
changes gives a new key, so a result read back is the one a fresh computation would give, to the
bit, whoever changed the state in between (the engine, a test, the game window).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..core.rules import combat
from ..core.state import GameState
from ..core.units import Unit

T = TypeVar("T")
LIMIT = 4096  # results kept a phase (a phase weighs a few hundred)


def unit_key(u: Unit) -> tuple[object, ...]:
    """What the combat rules read of a unit (besides its static kind, side and nation)."""
    return (u.id, u.hex, u.status, u.men, u.tanks, u.guns, u.vehicles, u.quality, u.readiness, u.in_supply,
            u.posture, u.entrenchment)


def kept(state: GameState, key: tuple[object, ...], units: Sequence[Sequence[Unit]], work: Callable[[], T]) -> T:
    """``work()``, or what it gave before in this phase for the same ``key`` and the same numbers
    of ``units`` (every unit the work reads, in groups)."""
    scope = (state.turn, state.phase, tuple(state.bridges_intact), tuple(state.quality_mod.items()), state.weather, state.night)
    memo = state.phase_memo
    if memo.get("scope") != scope or len(memo) > LIMIT:
        memo.clear()
        memo["scope"] = scope
    full = (key, tuple(tuple(unit_key(u) for u in group) for group in units))
    hit = memo.get(full)
    if hit is None:
        hit = memo[full] = work()
    return hit


def attack_ratios(state: GameState, target: int, attackers: list[Unit], support: list[Unit], river: bool) -> list[float]:
    """:func:`..core.rules.combat.attack_ratios`, kept (a list to read, not to change)."""
    return kept(state, ("ratios", target, river), (attackers, support, state.units_at(target)),
                lambda: combat.attack_ratios(state, target, attackers, support, river))


__all__ = ["attack_ratios", "kept", "unit_key"]
