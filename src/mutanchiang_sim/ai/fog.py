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
from .fields import hexes_within


def visible_enemies(state: GameState, side: str, fog_of_war: bool = False, sight: int = 3) -> dict[int, list[Unit]]:
    """Enemy-occupied hexes ``side`` can see, each with its units, in hex order.

    Cached on the state per (occupancy version, side, fog, sight)."""
    key = (state.occ_version, side, fog_of_war, sight)
    cache = state.__dict__.get("_fog_cache")
    if cache is not None and cache[0] == key:
        hit: dict[int, list[Unit]] = cache[1]
        return hit
    occ = state.occupancy
    enemy = {i: us for i, us in occ.items() if us and us[0].side != side}
    if fog_of_war:
        own = [i for i, us in occ.items() if us and us[0].side == side]
        seen = hexes_within(state, own, sight)
        enemy = {i: us for i, us in enemy.items() if i in seen}
    out = {i: enemy[i] for i in sorted(enemy)}
    state.__dict__["_fog_cache"] = (key, out)
    return out
