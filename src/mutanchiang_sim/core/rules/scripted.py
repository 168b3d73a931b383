"""Scripted events: the scenario's time line (bridges blown, orders given, morale changes).

An event fires once, at the start of its turn or as soon as the state of the battle meets one of
its conditions (a side holds one of its hexes, comes within reach of them, or has lost a share of
its men), never before its ``not_before`` turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..events import GameEvent
from ..scenario_def import Condition, Effect, EventSpec
from ..units import RESERVE

if TYPE_CHECKING:
    from ..state import GameState

def bridge_label(name: str) -> str:
    """``"Hualin rail bridge"`` as is, ``"Muling"`` as ``"Muling bridge"``."""
    return name if name.lower().endswith("bridge") else f"{name} bridge"


EFFECT_KINDS = ("blow_bridge", "repair_bridge", "order", "cancel_order", "message", "quality")


def triggered(state: GameState, ev: EventSpec) -> bool:
    t = ev.trigger
    if state.turn < t.not_before:
        return False
    if t.turn is not None and state.turn >= t.turn:
        return True
    if t.hexes and t.side:
        code = state.scenario.side_codes[t.side]
        if any(state.control[i] == code for i in t.hexes):
            return True
    return any(met(state, c) for c in t.conditions)


def met(state: GameState, c: Condition) -> bool:
    """Whether the battle is in the state ``c`` describes (see :class:`..scenario_def.Condition`)."""
    if c.kind == "holds":
        code = state.scenario.side_codes[c.side]
        return any(state.control[i] == code for i in c.hexes)
    if c.kind == "near":
        dist = state.scenario.map.tables.distance
        return any(
            dist(u.hex, i) <= c.within for u in state.active_units(c.side) for i in c.hexes
        )
    if c.kind == "losses":
        brought = [u for u in state.units if u.side == c.side and u.men_start > 0 and u.status != RESERVE]
        start = sum(u.men_start for u in brought)
        lost = sum(u.killed + u.wounded + u.captured for u in brought)
        return start > 0 and lost >= c.share * start
    raise ValueError(f"unknown condition {c.kind!r}")


def apply_effect(state: GameState, ev: EventSpec, eff: Effect) -> GameEvent:
    p = eff.params
    m = state.scenario.map
    if eff.kind in ("blow_bridge", "repair_bridge"):
        k = next(i for i, b in enumerate(m.bridges) if b.name == p["bridge"])
        state.bridges_intact[k] = eff.kind == "repair_bridge"
        verb = "blown" if eff.kind == "blow_bridge" else "repaired"
        return GameEvent("bridge", state.turn, f"The {bridge_label(p['bridge'])} is {verb}", {"bridge": k, "intact": state.bridges_intact[k]})
    if eff.kind == "order":
        key = f"{p['side']}:{p['order']}"
        if key not in state.orders:
            state.order_turns[key] = state.turn
        state.orders.add(key)
        return GameEvent("order", state.turn, ev.text or f"{p['side']} order: {p['order']}", dict(p))
    if eff.kind == "cancel_order":
        state.orders.discard(f"{p['side']}:{p['order']}")
        return GameEvent("order", state.turn, ev.text or f"{p['side']} order cancelled: {p['order']}", dict(p))
    if eff.kind == "quality":
        state.quality_mod[p["side"]] = state.quality_mod.get(p["side"], 1.0) * float(p["factor"])
        return GameEvent("message", state.turn, ev.text or f"{p['side']} effectiveness x{p['factor']}", dict(p))
    return GameEvent("message", state.turn, str(p.get("text", ev.text)), dict(p))


def fire_due_events(state: GameState) -> list[GameEvent]:
    out: list[GameEvent] = []
    for ev in state.scenario.events:
        if ev.id in state.fired_events or not triggered(state, ev):
            continue
        state.fired_events.add(ev.id)
        for eff in ev.effects:
            out.append(apply_effect(state, ev, eff))
    return out
