"""Fog of war for computer players: what a side can know about its enemy.

The engine itself always knows everything (it has to apply the rules); a policy that plays under
fog asks :func:`visible_enemies` instead of looking at ``state.occupancy`` directly. A side sees
enemy units within ``sight`` hexes of any of its own units (and, with ``fog_of_war`` off, every
enemy unit). Zones of control are a rule, not knowledge: a unit that walks into one is stopped
whether or not it saw the enemy, so move generation keeps using the true zones.
"""

from __future__ import annotations

from ..core.state import GameState
from ..core.units import Unit
from .cache import ai_cache
from .fields import hexes_within


def seen_hexes(state: GameState, side: str, sight: int = 3) -> set[int]:
    """The hexes ``side`` can see: within ``sight`` hexes of any of its units on the map."""
    own = [i for i, us in state.occupancy.items() if us and us[0].side == side]
    return hexes_within(state, own, sight)


def visible_enemies(state: GameState, side: str, fog_of_war: bool = False, sight: int = 3) -> dict[int, list[Unit]]:
    """Enemy-occupied hexes ``side`` can see, each with its units, in hex order.

    Remembered for the last position asked about (the state and its occupancy version) and
    (side, fog, sight)."""
    key = (state.serial, state.occ_version, side, fog_of_war, sight)
    memo = ai_cache(state.scenario.map)
    if memo.fog is not None and memo.fog[0] == key:
        return memo.fog[1]
    occ = state.occupancy
    enemy = {i: us for i, us in occ.items() if us and us[0].side != side}
    if fog_of_war:
        seen = seen_hexes(state, side, sight)
        enemy = {i: us for i, us in enemy.items() if i in seen}
    out = {i: enemy[i] for i in sorted(enemy)}
    memo.fog = (key, out)
    return out
