"""The defender's operational doctrine (see :mod:`.doctrine` for what both roles share).

Hold fortified hexes, hills and the city and dig in; fall back from hopeless fights in the open to
the next strongpoint; blow bridges when the enemy closes; counterattack locally and ambush tanks
in poor tank country; on the ``withdraw`` order leave ``rearguard_share`` of the units in the
strongpoints and march the rest to the exit zone (avoiding enemy zones of control), then leave
the map.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ..core.actions import Action, Attack, BlowBridge, EndPhase, Exit, Move
from ..core.rules import attack, combat, combat_preview, movement
from ..core.state import GameState
from ..core.units import ACTIVE, Unit
from . import counterattack as local
from .cache import ai_cache
from .doctrine import INF, DoctrinePolicy, defence_power, hex_distance
from .fields import hexes_within


class DefenceDoctrine(DoctrinePolicy):
    """Delay from strongpoints, blow bridges, counterattack locally; withdraw west on the order."""

    def __init__(self, side: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(side, params)
        self._rearguard: tuple[int, int, frozenset[str]] | None = None  # (state serial, turn chosen, ids)
        self._committed: set[str] = set()  # this phase's units of a blow (:meth:`_reserves`)
        self._sorties: tuple[int, dict[int, tuple[float, frozenset[str]]]] = (-1, {})  # (state serial, {target: (-net, ids)})

    def withdrawing(self, state: GameState) -> bool:
        spec = state.scenario.sides.get(self.side)
        if spec is None or not spec.exit_zone:
            return False
        order = spec.exit_requires_order or self.p.withdraw_order
        return state.has_order(self.side, order)

    def strongpoint(self, state: GameState, i: int) -> bool:
        m = state.scenario.map
        t = m.terrain_rule(i)
        return bool(m.fort[i] > 0) or t.urban or i in self._objective_hexes(state)

    def good_ground(self, state: GameState, i: int) -> bool:
        return self.strongpoint(state, i) or state.scenario.map.terrain_rule(i).defence >= 1.45

    def _objective_hexes(self, state: GameState) -> frozenset[int]:
        return self._objectives(state)

    def positions(self, state: GameState) -> list[int]:
        """Strongpoints worth holding: fortified hexes and objectives (a fixed list, so that the
        field to them stays cached; units cannot enter the ones the enemy occupies)."""
        memo = ai_cache(state.scenario.map)
        if memo.positions is None:
            tables = state.scenario.map.tables
            memo.positions = sorted(tables.fort_hexes | self._objective_hexes(state))
        return memo.positions

    def plan(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        yield from self._blow_bridges(state, rng)
        if self.withdrawing(state):
            yield from self._withdraw(state, rng)
        else:
            yield from self._reserves(state, rng)
            yield from self._delay(state, rng)
        yield from self._counterattacks(state, rng)
        yield from self._blow_bridges(state, rng)
        yield EndPhase()

    # -- before the order: delay --------------------------------------------------------------
    def _delay(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        p = self.p
        zoc = movement.enemy_zoc(state, self.side)
        enemy = self.enemies(state)
        pos = self.positions(state)
        for u in self.my_units(state):
            if not self.can_move(u) or u.id in self._committed:
                continue
            if not u.in_supply and not self.strongpoint(state, u.hex):
                mv = self.back_to_supply(state, u)  # avoid being cut off
                if mv is not None and not self.mistake(rng):
                    yield mv
                continue
            if self.strongpoint(state, u.hex):
                continue  # hold and dig in
            if u.hex in zoc:
                # a fumble misjudges the choice either way: holds what it should give up, or
                # gives up what it should hold
                if pos and self._gives_way(state, u, enemy) != self.mistake(rng):
                    f = self.foot_field(state, u, pos, tag="positions")
                    mv = self.walk(state, u, f, avoid=zoc)
                    if mv is not None:
                        yield mv
                continue
            if self.good_ground(state, u.hex) and u.entrenchment > 0:
                continue
            if pos:
                f = self.foot_field(state, u, pos, tag="positions")
                if f[u.hex] <= p.position_radius and not self.mistake(rng):
                    mv = self.walk(state, u, f)
                    if mv is not None:
                        yield mv

    def _threatening(self, state: GameState, u: Unit, enemy: dict[int, list[Unit]]) -> list[Unit]:
        """The enemy units next to ``u`` that could storm its hex."""
        return [
            e for j in state.scenario.map.neighbor_lists[u.hex] for e in enemy.get(j, ())
            if e.men > 0 and attack.can_assault(state, e, u.hex)
        ]

    def _threat(self, state: GameState, u: Unit, enemy: dict[int, list[Unit]]) -> float:
        """The power ratio the enemy units next to ``u`` would reach against its hex."""
        att = self._threatening(state, u, enemy)
        if not att:
            return 0.0
        return combat.attack_ratios(state, u.hex, att, [], attack.over_river(state, u.hex, att))[0]

    def _gives_way(self, state: GameState, u: Unit, enemy: dict[int, list[Unit]]) -> bool:
        """Whether ``u``, in an enemy zone of control off a strongpoint, falls back: the enemy next
        to it reaches ``fall_back_ratio`` against its hex, and storming the hex is not expected to
        cost the enemy ``hold_exchange`` times the men it would cost ``u``'s hex (its fight and the
        retreat or rout that may follow, as :func:`..core.rules.combat_preview.expected_losses` works
        them out; victory points count both sides' casualties alike, so 1 is the break-even)."""
        p = self.p
        att = self._threatening(state, u, enemy)
        if not att:
            return False
        river = attack.over_river(state, u.hex, att)
        if combat.attack_ratios(state, u.hex, att, [], river)[0] < p.fall_back_ratio:
            return False
        if p.hold_exchange == INF:
            return True
        ex = combat_preview.expected_losses(state, combat.odds(state, u.hex, att, [], river), u.hex, att)
        return ex.attackers[0] < p.hold_exchange * ex.defenders[0]

    # -- after the order: rearguards stay, the rest march west ----------------------------------
    def rearguard(self, state: GameState) -> frozenset[str]:
        if self.p.release_rearguard_on_fall and state.city_captured_turn >= 0:
            return frozenset()  # the city is lost: the rearguards break off and follow
        spec_order = state.scenario.sides[self.side].exit_requires_order or self.p.withdraw_order
        if 0 <= self.p.rearguard_turns <= state.turns_since_order(self.side, spec_order):
            return frozenset()  # the rearguards have bought their time and break off
        rg = self._rearguard
        if rg is not None and rg[0] == state.serial and rg[1] <= state.turn:
            if self._main_body_clear(state, rg[2]):
                return frozenset()  # the main body has got away: the rearguards follow
            return frozenset(i for i in rg[2] if not self._about_to_be_cut_off(state, state.unit_by_id[i]))
        spec = state.scenario.sides[self.side]
        units = self.my_units(state)
        n = int(round(self.p.rearguard_share * len(units)))
        if state.scenario.city and n > 0:
            # at least a unit for each city hex still held, while that leaves half to get away
            code = state.scenario.side_codes[self.side]
            try:
                held = sum(1 for i in state.scenario.map.place_named(state.scenario.city).hexes if state.control[i] == code)
            except KeyError:
                held = 0
            n = max(n, min(held, len(units) // 2))
        zoc = movement.enemy_zoc(state, self.side)
        scored = []
        for u in units:
            kind = state.scenario.rules.kinds[u.kind]
            f = self.foot_field(state, u, spec.exit_zone, tag="exit")
            dist = f[u.hex] if f[u.hex] < INF else 999.0
            city = self._city(state)
            near_city = u.hex in city or any(j in city for j in state.scenario.map.neighbor_lists[u.hex])
            score = (
                (0 if near_city else 1 if self.strongpoint(state, u.hex) else 2),
                (0 if u.hex in zoc else 1),
                (1 if kind.artillery or kind.tracked or kind.motorised else 0),
                -dist,
                u.id,
            )
            scored.append((score, u.id))
        scored.sort()
        ids = frozenset(uid for _, uid in scored[:n])
        self._rearguard = (state.serial, state.turn, ids)
        return frozenset(i for i in ids if not self._about_to_be_cut_off(state, state.unit_by_id[i]))

    def _main_body_clear(self, state: GameState, rear: frozenset[str]) -> bool:
        """Whether the main body has got clear of the rearguard: no own unit outside it that can
        still get away (in supply) is left within ``cover_radius`` hexes of a rearguard unit."""
        dist = state.scenario.map.tables.distance
        guards = [state.unit_by_id[i] for i in rear if state.unit_by_id[i].status == ACTIVE]
        return not any(
            u.id not in rear and u.in_supply and dist(u.hex, g.hex) <= self.p.cover_radius
            for u in self.my_units(state) for g in guards
        )

    def _about_to_be_cut_off(self, state: GameState, u: Unit) -> bool:
        """A rearguard breaks off when it is about to be cut off: out of supply, or outflanked,
        with enemy units on ``outflanked_sides`` or more of its hex sides."""
        if u.status != ACTIVE:
            return False
        if not u.in_supply:
            return True
        nbrs = state.scenario.map.neighbor_lists[u.hex]
        around = sum(1 for j in nbrs if state.side_at(j) not in (None, self.side))
        return around >= self.p.outflanked_sides

    def _withdraw(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        spec = state.scenario.sides[self.side]
        zone = set(spec.exit_zone)
        rear = self.rearguard(state)
        pos = self.positions(state)
        for u in self.my_units(state):
            if u.status != ACTIVE:
                continue
            if u.id in rear:
                # Rearguards fall back into the nearest strongpoint and hold it.
                if pos and self.can_move(u) and not self.strongpoint(state, u.hex):
                    zoc = movement.enemy_zoc(state, self.side)
                    if u.hex not in zoc or self._threat(state, u, self.enemies(state)) >= self.p.fall_back_ratio:
                        mv = self.walk(state, u, self.foot_field(state, u, pos, tag="positions"), avoid=zoc - set(pos))
                        if mv is not None:
                            yield mv
                continue
            if u.hex in zone:
                yield Exit(u.id)
                continue
            if not self.can_move(u) or self.mistake(rng):
                continue
            f = self.foot_field(state, u, spec.exit_zone, tag="exit")
            zoc = movement.enemy_zoc(state, self.side)
            mv = self.walk(state, u, f, avoid=zoc - {u.hex} - zone)
            if mv is None:
                mv = self.walk(state, u, f)
            if mv is None:
                continue
            yield mv
            if u.status == ACTIVE and u.hex in zone:
                yield Exit(u.id)

    # -- counterattacks and ambushes ------------------------------------------------------------
    def _exposed_targets(self, state: GameState) -> list[int]:
        p = self.p
        return [
            t for t in sorted(self.enemies(state))
            if state.units_at(t) and state.side_at(t) != self.side
            and local.exposed(state, t, p.weak_readiness, p.ambush_tank_country)
        ]

    def _reserves(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        """Mobile reserves concentrate: units neither in a strongpoint nor in contact, within
        ``reserve_radius`` hexes of an exposed enemy, close in on it together where the local
        counterattack of all of them, with the units already next to it and the guns in range,
        would pay (:mod:`.counterattack`); the best-paying blow first, each reserve in one. On an
        enemy that is not pressing (no unit of it in sight moved or attacked in its last phase)
        the blow on one that stands is a sortie: every reserve, every unit of a strongpoint but
        the one that holds it, and every unit next only to enemies that stand, that can march to
        it within ``sortie_turns`` turns (and so back), is weighed too; those not there this
        phase march on along their way. The units of a blow hold where they stand meanwhile."""
        p = self.p
        self._committed = set()
        if not p.reserves:
            return
        targets = self._exposed_targets(state)
        if not targets:
            return
        zoc = movement.enemy_zoc(state, self.side)
        rules = state.scenario.rules
        free = [
            u for u in self.my_units(state)
            if self.can_move(u) and u.in_supply and not rules.kinds[u.kind].artillery and u.men > 0
        ]
        pool = [u for u in free if u.hex not in zoc and not self.strongpoint(state, u.hex)]
        sortie = [
            u for u in free if (u in pool or self._spare(state, u) or self._unpressed(state, u)) and u.hex not in self._objectives(state)
        ] if p.sortie_turns > 0 and not local.pressing(self.enemies(state)) else []
        reach: dict[str, local.Marches] = {}
        blows: list[tuple[float, int, list[Unit]]] = []
        kept = self._sorties[1] if self._sorties[0] == state.serial and state.night else {}
        if kept:  # by night a sortie under way is not weighed again: it marches by night to strike by day
            for t, (net, ids) in sorted(kept.items()):
                movers = [u for u in sortie if u.id in ids]
                if t in targets and local.standing(state, t):
                    self._committed.update(ids)
                    for u in movers:
                        reach[u.id] = local.marches(state, u, p.sortie_turns)
                    blows.append((net, t, movers))
            targets = []
        plans: dict[int, tuple[float, frozenset[str]]] = {}
        for t in targets:
            there = self.attackers_of(state, t)
            near = [u for u in pool if hex_distance(state, u.hex, t) <= p.reserve_radius and u not in there]
            far: list[Unit] = []
            if sortie and local.standing(state, t):
                for u in sortie:
                    if u in near or u in there:
                        continue
                    if u.id not in reach:
                        reach[u.id] = local.marches(state, u, p.sortie_turns)
                    if any(j in reach[u.id] for j in local.attack_spots(state, u, t)):
                        far.append(u)
            if not near and not far:
                continue
            choice = local.best_group(state, t, there + near + far, self.artillery_for(state, t),
                                      p.local_attack_ratio, p.local_attack_exchange)
            if choice is not None:
                movers = [u for u in choice[0] if u in near or u in far]
                if movers:
                    blows.append((-choice[1].net, t, movers))
                if far:
                    plans[t] = (-choice[1].net, frozenset(u.id for u in choice[0]))
                    self._committed.update(plans[t][1])
        if not kept:
            self._sorties = (state.serial, plans)
        blows.sort(key=lambda b: (b[0], b[1]))
        sent: set[str] = set()
        for _, t, movers in blows:
            for u in movers:
                if u.id in sent or not self.can_move(u) or not state.units_at(t) or self.mistake(rng):
                    continue
                got = local.approach(state, u, [t])
                if got is not None:
                    mv: Move | None = got[1]
                elif u.id in reach:  # a sortie: this phase's leg of the march
                    m = reach[u.id]
                    spots = [j for j in local.attack_spots(state, u, t) if j in m]
                    mv = m.leg(state, u, min(spots, key=lambda j: (m[j][:2], j))) if spots else None
                else:  # not there this phase: march towards the hexes it may strike from
                    spots = [j for j in state.scenario.map.neighbor_lists[t] if state.side_at(j) in (None, self.side)]
                    mv = self.walk(state, u, self.foot_field(state, u, spots), avoid=zoc) if spots else None
                if mv is not None:
                    sent.add(u.id)
                    yield mv

    def _unpressed(self, state: GameState, u: Unit) -> bool:
        """Whether ``u``, off a strongpoint and next to the enemy, is next only to enemy units that
        are not pressing (:func:`.counterattack.standing`)."""
        if self.strongpoint(state, u.hex):
            return False
        nbrs = state.scenario.map.neighbor_lists[u.hex]
        return all(local.standing(state, j) for j in nbrs if state.side_at(j) not in (None, self.side))

    def _spare(self, state: GameState, u: Unit) -> bool:
        """Whether ``u`` stands in a strongpoint that another unit of the side, the strongest in
        its defence, holds."""
        if not self.strongpoint(state, u.hex):
            return False
        here = [v for v in state.units_at(u.hex) if v.side == self.side]
        return len(here) > 1 and max(here, key=lambda v: (defence_power(state, [v]), v.id)) is not u

    def _counterattacks(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        """Counterattacks at ``counterattack_ratio`` (odds that can throw the enemy back), ambushes
        of tanks in poor tank country at ``ambush_ratio``, local counterattacks on exposed enemies
        where the expected exchange pays, and charges of units cornered with no way out."""
        p = self.p
        rules = state.scenario.rules
        withdrawing = self.withdrawing(state)
        rear = self.rearguard(state) if withdrawing else frozenset()
        while True:
            best: tuple[float, Attack] | None = None
            for t in sorted(self.enemies(state)):
                if not state.units_at(t) or state.side_at(t) == self.side:
                    continue
                group = self.attackers_of(state, t)
                if withdrawing:
                    group = [u for u in group if u.id in rear or local.cornered(state, u)]
                if not group:
                    continue
                a = self._set_piece(state, rng, t, group, rules)
                if a is not None:
                    yield a  # the odds are there: go in at once
                    best = None
                    break
                guns = self.artillery_for(state, t)
                noise = self.perceived(1.0, rng)
                if any(local.cornered(state, u) for u in group):
                    choice = local.best_group(state, t, group, guns, 0.0, 0.0)
                elif local.exposed(state, t, p.weak_readiness, p.ambush_tank_country):
                    choice = local.best_group(state, t, group, guns, p.local_attack_ratio / noise, p.local_attack_exchange)
                else:
                    choice = None
                if choice is None:
                    continue
                units, ex = choice
                if best is None or ex.net > best[0]:
                    best = (ex.net, Attack(t, tuple(u.id for u in units), tuple(u.id for u in guns)))
            else:
                if best is None:
                    return
                if self.mistake(rng):
                    return  # a local counterattack is called off
                yield best[1]

    def _set_piece(self, state: GameState, rng: np.random.Generator, t: int, group: list[Unit], rules: Any) -> Attack | None:
        """A counterattack at odds that may throw the enemy out of ``t`` (or an ambush of tanks in
        poor tank country, or with anti-tank guns, at ``ambush_ratio``); strongpoint garrisons go
        in only at 3:1."""
        p = self.p
        group = [u for u in group if not self.strongpoint(state, u.hex)] or group
        targets_tanks = any(e.tanks > 0 for e in state.units_at(t))
        ambush = targets_tanks and (
            combat.tank_effect(state, t) <= p.ambush_tank_country
            or any(rules.kinds[u.kind].motorised and u.guns > 0 for u in group)
        )
        need = p.ambush_ratio if ambush else p.counterattack_ratio
        if any(self.strongpoint(state, u.hex) for u in group):
            need = max(need, 3.0)
        rash = self.mistake(rng)
        return self.plan_attack(state, rng, t, group, need * (0.6 if rash else 1.0), need * 1.5)

    # -- demolitions ------------------------------------------------------------------------------
    def _blow_bridges(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        if not self.p.blow_bridges:
            return
        m = state.scenario.map
        enemy = self.enemies(state)
        if not enemy:
            return
        for k, b in enumerate(m.bridges):
            if not state.bridges_intact[k]:
                continue
            if not any(h in enemy for h in self._bridge_zone(state, k, self.p.blow_distance)):
                continue
            near = 1 if any(h in enemy for h in self._bridge_zone(state, k, 1)) else 2
            unit = self._demolition_party(state, b.edge)
            if unit is None:
                continue
            u, move = unit
            if near > 1 and self._friends_across(state, b.edge, u):
                continue  # comrades still need the bridge
            if self.mistake(rng):
                continue
            if move is not None:
                yield move
                if u.status != ACTIVE or u.hex not in b.edge or u.acted or not state.bridges_intact[k]:
                    continue
            yield BlowBridge(u.id, k)

    def _bridge_zone(self, state: GameState, k: int, radius: int) -> frozenset[int]:
        """Hexes within ``radius`` of either end of bridge ``k`` (kept per map)."""
        m = state.scenario.map
        zones = ai_cache(m).bridge_zones
        z = zones.get((k, radius))
        if z is None:
            z = frozenset(hexes_within(state, m.bridges[k].edge, radius))
            zones[(k, radius)] = z
        return z

    def _demolition_party(self, state: GameState, edge: tuple[int, int]) -> tuple[Unit, Move | None] | None:
        """A unit on the bridge (or one step from it, sent onto it) that has not yet acted."""
        for h in edge:
            for u in sorted(state.occupancy.get(h, ()), key=lambda x: x.id):
                if u.side == self.side and not u.acted:
                    return u, None
        zoc = movement.enemy_zoc(state, self.side)
        m = state.scenario.map
        for h in edge:
            if state.side_at(h) not in (None, self.side):
                continue
            for j in m.neighbor_lists[h]:
                for u in sorted(state.occupancy.get(j, ()), key=lambda x: x.id):
                    if u.side != self.side or not self.can_move(u) or j in zoc:
                        continue
                    c = movement.step_cost(state, u, j, h)
                    if 0 <= c <= u.mp_left + 1e-9 and movement.can_end_in(state, u, h):
                        return u, Move(u.id, (h,))
        return None

    def _friends_across(self, state: GameState, edge: tuple[int, int], u: Unit) -> bool:
        """Own units on the other side of the bridge from ``u`` that still need it: any unit
        within ``friends_radius`` hexes (a raft crossing under fire is no way to fall back),
        and units that cannot cross rivers at all within twice that."""
        near_end = u.hex if u.hex in edge else min(edge, key=lambda h: hex_distance(state, h, u.hex))
        far_end = edge[1] if near_end == edge[0] else edge[0]
        rules = state.scenario.rules
        radius = self.p.friends_radius
        for f in state.units:
            if f.side != self.side or f.status != ACTIVE or f is u:
                continue
            reach = radius if rules.kinds[f.kind].can_assault_river else 2 * radius
            df = hex_distance(state, f.hex, far_end)
            if df <= reach and df < hex_distance(state, f.hex, near_end):
                return True
        return False


__all__ = ["DefenceDoctrine"]
