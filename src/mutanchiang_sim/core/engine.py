"""The engine: legal actions, applying them, and the turn and phase sequence.

A turn is 6 hours. Each turn the scenario's first side moves and fights, then the other. At the
start of a turn reinforcements arrive, scripted events fire and supply is traced; at its end
units dig in, recover, repair tanks, and the clock advances. Everything random is drawn from the
state's own generator, so the same scenario and seed replay the same game.

>>> # state, events = new_game(scenario, seed=1)
>>> # state, events = apply(state, EndPhase())
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .actions import Action, Attack, BlowBridge, EndPhase, Exit, Move
from .events import GameEvent
from .rules import attack, combat, movement, scripted, supply, victory
from .scenario_def import Scenario
from .state import GameState
from .terrain import edge_key
from .uncertain import drawn_scenario
from .units import ACTIVE, DESTROYED, ESCAPED, RESERVE, Unit


class IllegalAction(ValueError):
    """Raised by :func:`apply` for an action the rules do not allow (the state is unchanged)."""


# --- game set-up and the turn sequence ------------------------------------------------------


def new_game(scenario: Scenario, seed: int | np.random.SeedSequence) -> tuple[GameState, list[GameEvent]]:
    state = GameState.new(drawn_scenario(scenario, seed), seed)
    events = begin_turn(state)
    return state, events


def begin_turn(state: GameState) -> list[GameEvent]:
    events: list[GameEvent] = [GameEvent("turn", state.turn, f"Turn {state.turn + 1}: {state.scenario.time_of(state.turn):%d %b %H:%M}, {state.scenario.rules.weather[state.weather].name}")]
    events += _arrivals(state)
    events += scripted.fire_due_events(state)
    for side in state.scenario.side_ids:
        supply.update_supply(state, side)
        if side not in state.cut_off_turn and supply.cut_off(state, side):
            state.cut_off_turn[side] = state.turn
    events += begin_phase(state)
    return events


def begin_phase(state: GameState) -> list[GameEvent]:
    side = state.side_to_move
    for u in state.units:
        if u.side == side and u.status == ACTIVE:
            u.moved = False
            u.attacked = False
            u.demolished = False
            u.mp_left = movement.allowance(state, u)
    return [GameEvent("phase", state.turn, f"{side} to move", {"side": side})]


def end_turn(state: GameState) -> list[GameEvent]:
    rules = state.scenario.rules
    c = rules.combat
    events: list[GameEvent] = []
    for u in state.units:
        if u.status != ACTIVE:
            continue
        if u.moved:
            u.entrenchment = 0
        else:
            u.entrenchment = min(c.max_entrenchment, u.entrenchment + 1)
        # Rest restores a unit and its workshops mend tanks only while supplies reach it: a unit
        # cut off past the grace turns (supply.hours_to_exhaust) recovers nothing and runs down
        # (isolation_loss_per_turn, to the floor of min_readiness) as its food, water and ammunition go.
        if not u.attacked and u.in_supply:
            u.readiness = min(1.0, u.readiness + c.recovery_per_turn)
        elif not u.in_supply and c.isolation_loss_per_turn > 0:
            u.readiness = max(min(c.min_readiness, u.readiness), u.readiness - c.isolation_loss_per_turn)
        u.disrupted = False
        u.posture = _posture(state, u)
        rate = rules.nations[u.side].tank_repair_rate
        if u.tanks_repairable > 0 and rate > 0 and u.in_supply:
            fixed = int(state.rng.binomial(u.tanks_repairable, rate))
            u.tanks += fixed
            u.tanks_lost -= fixed
            u.tanks_repairable -= fixed
    movement.gather_boats(state)
    state.turn += 1
    state.phase = 0
    if state.turn >= state.scenario.turns or any(_defeated(state, side) for side in state.scenario.side_ids):
        state.game_over = True
        s = victory.standing(state)
        events.append(GameEvent("end", state.turn, f"The battle ends: {s.level}", {"winner": s.winner, "level": s.level}))
        return events
    events += begin_turn(state)
    return events


def _defeated(state: GameState, side: str) -> bool:
    """``side`` has no unit on the map and none still to come: the battle is over for it."""
    return not any(u.side == side and (u.status == ACTIVE or u.status == RESERVE) for u in state.units)


def _posture(state: GameState, u: Unit) -> str:
    if state.scenario.map.fort[u.hex] > 0 and u.entrenchment >= 1:
        return "fortified"
    if u.entrenchment >= 2:
        return "prepared"
    if u.moved and state.has_order(u.side, "withdraw"):
        return "withdrawal"
    return "hasty"


def _arrivals(state: GameState) -> list[GameEvent]:
    events = []
    for u in state.units:
        if u.status == RESERVE and u.arrives <= state.turn:
            spot = _free_hex_near(state, u, u.hex)
            if spot is None:
                continue
            u.hex = spot
            u.status = ACTIVE
            state.add_to_hex(u, spot)
            state.control[spot] = state.scenario.side_codes[u.side]
            events.append(GameEvent("arrival", state.turn, f"{u.name} arrives", {"unit": u.id, "hex": spot}))
    return events


def _free_hex_near(state: GameState, u: Unit, center: int) -> int | None:
    m = state.scenario.map
    seen = {center}
    frontier = [center]
    while frontier:
        for i in frontier:
            if m.passable[i] and state.side_at(i) in (None, u.side) and movement.can_end_in(state, u, i):
                return i
        nxt = []
        for i in frontier:
            for j in m.neighbor_lists[i]:
                if j not in seen:
                    seen.add(j)
                    nxt.append(j)
        frontier = nxt
    return None


# --- legality -------------------------------------------------------------------------------


def check(state: GameState, action: Action) -> str | None:
    """Why ``action`` is illegal now, or None when it is legal."""
    if state.game_over:
        return "the game is over"
    if isinstance(action, EndPhase):
        return None
    side = state.side_to_move
    if isinstance(action, Move):
        return _check_move(state, action)[0]
    if isinstance(action, Attack):
        return attack.attack_problem(state, side, action.target, action.attackers, action.support)
    if isinstance(action, BlowBridge):
        u = state.unit_by_id.get(action.unit)
        m = state.scenario.map
        if u is None or u.status != ACTIVE or u.side != side:
            return state.not_movable(action.unit, side)
        if not 0 <= action.bridge < len(m.bridges) or not state.bridges_intact[action.bridge]:
            return "no intact bridge there"
        if u.hex not in m.bridges[action.bridge].edge:
            return f"{u.name} is not at the bridge"
        if u.acted:
            return f"{u.name} has already acted this phase"
        return None
    if isinstance(action, Exit):
        u = state.unit_by_id.get(action.unit)
        if u is None or u.status != ACTIVE or u.side != side:
            return state.not_movable(action.unit, side)
        return victory.exit_problem(state, u)
    return f"unknown action {action!r}"


def _check_move(state: GameState, action: Move) -> tuple[str | None, float]:
    """Why the move is illegal (or None), and what it costs."""
    side = state.side_to_move
    u = state.unit_by_id.get(action.unit)
    if u is None or u.status != ACTIVE or u.side != side:
        return state.not_movable(action.unit, side), 0.0
    if u.attacked:
        return f"{u.name} has attacked and cannot move this phase", 0.0
    if u.demolished:
        return f"{u.name} has blown a bridge and cannot move this phase", 0.0
    try:
        return None, movement.path_cost(state, u, action.path)
    except movement.IllegalMove as e:
        return str(e), 0.0


def is_legal(state: GameState, action: Action) -> bool:
    return check(state, action) is None


# --- applying actions -----------------------------------------------------------------------


def apply(state: GameState, action: Action) -> tuple[GameState, list[GameEvent]]:
    """Carry out ``action`` (changing ``state`` in place) and return the state and what happened.

    Raises :class:`IllegalAction` (leaving the state unchanged) if the rules forbid it."""
    cost = 0.0
    if isinstance(action, Move) and not state.game_over:
        reason, cost = _check_move(state, action)  # (the check prices the path once for both)
    else:
        reason = check(state, action)
    if reason is not None:
        raise IllegalAction(reason)
    state.action_count += 1
    events: list[GameEvent]
    if isinstance(action, Move):
        events = _apply_move(state, action, cost)
    elif isinstance(action, Attack):
        side = state.side_to_move
        state.attacks[side] = state.attacks.get(side, 0) + 1
        events = _apply_attack(state, action)
    elif isinstance(action, BlowBridge):
        state.bridges_intact[action.bridge] = False
        u = state.unit_by_id[action.unit]
        u.demolished = True  # its act for the phase: no move, attack or support after it, but no attack's fatigue
        u.mp_left = 0.0
        b = state.scenario.map.bridges[action.bridge]
        events = [GameEvent("bridge", state.turn, f"{u.name} blows the {scripted.bridge_label(b.name)}", {"bridge": action.bridge, "intact": False})]
    elif isinstance(action, Exit):
        u = state.unit_by_id[action.unit]
        _remove(state, u, ESCAPED)
        events = [GameEvent("exit", state.turn, f"{u.name} withdraws off the map with {u.men:,} men", {"unit": u.id, "men": u.men})]
    else:
        events = scripted.fire_due_events(state)
        if state.phase == 0:
            state.phase = 1
            events += begin_phase(state)
        else:
            events += end_turn(state)
    events += _check_capture(state)
    return state, events


def _place(state: GameState, u: Unit, to: int) -> None:
    occ = state.occupancy
    here = occ.get(u.hex)
    if here is not None:
        before = here[0].side if here else None
        here.remove(u)
        if not here:
            del occ[u.hex]
        state.holder_changed(before, here[0].side if here else None)
    u.hex = to
    state.add_to_hex(u, to)
    state.control[to] = state.scenario.side_codes[u.side]


def _remove(state: GameState, u: Unit, status: str) -> None:
    here = state.occupancy.get(u.hex)
    if here is not None and u in here:
        before = here[0].side
        here.remove(u)
        if not here:
            del state.occupancy[u.hex]
        state.holder_changed(before, here[0].side if here else None)
    state.occupancy_changed()
    u.status = status


def _apply_move(state: GameState, a: Move, cost: float) -> list[GameEvent]:
    u = state.unit_by_id[a.unit]
    start = u.hex
    code = state.scenario.side_codes[u.side]
    for i in a.path:
        state.control[i] = code
    _place(state, u, a.path[-1])
    u.mp_left = max(0.0, u.mp_left - cost)
    u.moved = True
    if a.path[-1] in movement.enemy_zoc(state, u.side):
        u.mp_left = 0.0
    return [GameEvent("move", state.turn, f"{u.name} moves", {"unit": u.id, "from": start, "path": list(a.path)})]


def _lost_so_far(units: list[Unit]) -> tuple[int, int, int]:
    """(men, tanks, guns) ``units`` have lost in the whole battle so far."""
    return (sum(u.casualties for u in units), sum(u.tanks_destroyed_total for u in units), sum(u.guns_lost for u in units))


def _apply_attack(state: GameState, a: Attack) -> list[GameEvent]:
    m = state.scenario.map
    rules = state.scenario.rules
    c = rules.combat
    attackers = [state.unit_by_id[i] for i in a.attackers]
    support = [state.unit_by_id[i] for i in a.support]
    defenders = list(state.units_at(a.target))
    river = attack.over_river(state, a.target, attackers)
    before_a, before_d = _lost_so_far(attackers + support), _lost_so_far(defenders)
    res = combat.resolve(state, a.target, attackers, support, river, state.rng)
    for u in attackers + support:
        u.attacked = True
        u.mp_left = 0.0
    names = ", ".join(u.name for u in defenders)
    fight_a = sum(res.losses[u.id].men for u in attackers)
    fight_d = sum(res.losses[u.id].men for u in defenders)
    events: list[GameEvent] = []
    attacker_hexes = [u.hex for u in attackers]
    if res.outcome in ("retreat", "rout"):
        for u in defenders:
            events += _retreat(state, u, attacker_hexes, 2 if res.outcome == "rout" else 1, res.outcome == "rout")
    for u in attackers + defenders:
        if u.status == ACTIVE and u.men < c.destroyed_below_men:
            events += _destroy(state, u)
    # what the attack cost each side in all: the fight, the retreat or rout, units broken up
    after_a, after_d = _lost_so_far(attackers + support), _lost_so_far(defenders)
    lost_a = [x - y for x, y in zip(after_a, before_a, strict=True)]
    lost_d = [x - y for x, y in zip(after_d, before_d, strict=True)]
    events.insert(0, GameEvent(
        "combat",
        state.turn,
        f"{attackers[0].name}{' and others' if len(attackers) > 1 else ''} attack {names} at {m.offset_of(a.target)}: "
        f"ratio {res.odds.ratio:.1f}:1, {res.outcome}; attackers lose {_loss_text(lost_a, fight_a)}; "
        f"defenders lose {_loss_text(lost_d, fight_d)}",
        {
            "target": a.target,
            "attackers": list(a.attackers),
            "support": list(a.support),
            "defenders": [u.id for u in defenders],
            "attacker_side": attackers[0].side,
            "defender_side": defenders[0].side if defenders else "",
            "ratio": round(res.odds.ratio, 3),
            "outcome": res.outcome,
            "attacker_losses": lost_a[0],  # men, in all (the fight, and units broken up)
            "defender_losses": lost_d[0],  # men, in all (the fight, the retreat or rout, trapped, broken up)
            "attacker_losses_in_fight": fight_a,
            "defender_losses_in_fight": fight_d,
            "attacker_tanks_lost": lost_a[1],
            "defender_tanks_lost": lost_d[1],
            "attacker_guns_lost": lost_a[2],
            "defender_guns_lost": lost_d[2],
            "river": river,
        },
    ))
    if not state.units_at(a.target):
        for u in attackers:
            if u.status != ACTIVE:
                continue
            if movement.crossing_open(state, u.hex, a.target):  # no advance over an unbridged river
                _place(state, u, a.target)
                events.append(GameEvent("advance", state.turn, f"{u.name} advances", {"unit": u.id, "hex": a.target}))
                break
    return events


def _loss_text(lost: list[int], in_fight: int) -> str:
    """"684 men (89 in the fight), 5 guns": what a side lost in an attack."""
    men, tanks, guns = lost
    parts = [f"{men:,} men" + (f" ({in_fight:,} in the fight)" if in_fight != men else "")]
    parts += ([f"{tanks} tank{'s' if tanks != 1 else ''}"] if tanks else []) + ([f"{guns} gun{'s' if guns != 1 else ''}"] if guns else [])
    return ", ".join(parts)


def _retreat(state: GameState, u: Unit, away_from: list[int], steps: int, rout: bool) -> list[GameEvent]:
    m = state.scenario.map
    c = state.scenario.rules.combat
    events: list[GameEvent] = []
    combat.retreat_losses(state, u, rout, state.rng)
    if rout:
        u.disrupted = True
    surrender = state.scenario.rules.nations[u.side].surrender_share
    distance = m.tables.distance
    rear = supply.rear_distance(state, u.side)
    start = u.hex
    for _ in range(steps):
        zoc = movement.enemy_zoc(state, u.side)
        best = None
        best_score = -1e9
        for j in m.neighbor_lists[u.hex]:
            if not m.passable[j] or state.side_at(j) not in (None, u.side):
                continue
            if not movement.crossing_open(state, u.hex, j) or not movement.can_end_in(state, u, j):
                continue
            # away from the attackers, back toward the unit's own lines, out of enemy reach
            score = min(distance(j, h) for h in away_from) * 8.0 - min(rear[j], 99) * 6.0
            score -= 5.0 if j in zoc else 0.0
            score += 2.0 if state.control[j] == state.scenario.side_codes[u.side] else 0.0
            if score > best_score:
                best, best_score = j, score
        if best is None:
            loss = combat.inflict(state, u, c.trapped_extra_loss, state.rng, captured_share=min(1.0, surrender * 1.5))
            events.append(GameEvent("trapped", state.turn, f"{u.name} is trapped and loses {loss.men:,} men", {"unit": u.id, "men": loss.men}))
            break
        _place(state, u, best)
    if u.hex != start:
        verb = "routs" if rout else "falls back"
        events.append(GameEvent("rout" if rout else "retreat", state.turn, f"{u.name} {verb} to {m.offset_of(u.hex)}", {"unit": u.id, "from": start, "hex": u.hex}))
    u.entrenchment = 0
    return events


def _destroy(state: GameState, u: Unit) -> list[GameEvent]:
    """Break up a unit too weak to fight on: its last men are taken prisoner (the nation's
    surrender share), killed or wounded; its tanks and guns are lost."""
    nation = state.scenario.rules.nations[u.side]
    captured = int(round(u.men * nation.surrender_share))
    killed = int(state.rng.binomial(u.men - captured, nation.killed_fraction)) if u.men > captured else 0
    combat.apply_losses(u, combat.Losses(killed=killed, wounded=u.men - captured - killed, captured=captured, tanks=u.tanks, guns=u.guns))
    u.tanks_repairable = 0
    _remove(state, u, DESTROYED)
    return [GameEvent("destroyed", state.turn, f"{u.name} is destroyed", {"unit": u.id})]


def _check_capture(state: GameState) -> list[GameEvent]:
    for place in state.scenario.map.tables.timed_objectives:  # (victory.objectives, kept)
        if place.name not in state.objectives_taken and victory.place_taken(state, place):
            state.objectives_taken[place.name] = state.turn
    if state.city_captured_turn < 0 and victory.city_taken(state):
        state.city_captured_turn = state.turn
        when = state.scenario.time_of(state.turn)
        return [GameEvent("capture", state.turn, f"{state.scenario.city} falls ({when:%d %b %H:%M})", {"place": state.scenario.city})]
    return []


# --- enumerating legal actions --------------------------------------------------------------


def legal_actions(state: GameState) -> Iterator[Action]:
    """Every legal action for the side to move: moves to each reachable hex, attacks by all
    eligible adjacent units and by each alone, supported by every artillery unit in range,
    bridge demolitions, exits, and ending the phase."""
    if state.game_over:
        return
    side = state.side_to_move
    m = state.scenario.map
    mine = [u for u in state.units if u.side == side and u.status == ACTIVE]
    spec = state.scenario.sides.get(side)
    for u in mine:
        if spec is not None and u.hex in spec.exit_zone and is_legal(state, Exit(u.id)):
            yield Exit(u.id)
        if not u.acted and u.mp_left > 0:
            reach = movement.reachable(state, u)
            for dest in sorted(reach):
                yield Move(u.id, movement.path_to(reach, u.hex, dest))
        if not u.acted:
            for k, b in enumerate(m.bridges):
                if state.bridges_intact[k] and u.hex in b.edge:
                    yield BlowBridge(u.id, k)
    targets = attack.attack_targets(state, side)
    for t in sorted(targets):
        group = targets[t]
        support = tuple(u.id for u in attack.supporters_of(state, side, t))
        yield Attack(t, tuple(u.id for u in group), support)
        if len(group) > 1:
            for u in group:
                yield Attack(t, (u.id,), ())
    yield EndPhase()


def river_between(state: GameState, a: int, b: int) -> bool:
    return edge_key(a, b) in state.scenario.map.river_edges
