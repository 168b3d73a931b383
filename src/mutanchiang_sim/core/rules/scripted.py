"""Scripted events: the scenario's time line (bridges blown, orders given, morale changes).

An event fires once, at the start of its turn or as soon as its side holds one of its hexes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..events import GameEvent
from ..scenario_def import Effect, EventSpec

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
        return any(state.control[i] == code for i in t.hexes)
    return False


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
