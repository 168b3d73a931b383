"""The attacker's operational doctrine (see :mod:`.doctrine` for what both roles share).

Per phase: pick a few *focus* sectors where the available force reaches a good power ratio and
converge on them; move artillery up behind them; tank and mechanised brigades exploit down the
road-weighted field; assault with the artillery each attack needs; under the ``bypass`` order
the ``bypass_formations`` swing around the city toward the enemy's line of retreat while the
``capture_formations`` take the city; foot units cross rivers by assault where no bridge stands,
away from the enemy's guns when they can; units cut off head back to supply.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from ..core.actions import Action, EndPhase, Move
from ..core.rules import attack, combat, movement
from ..core.state import GameState
from ..core.units import ACTIVE, Unit
from .doctrine import INF, DoctrinePolicy, HexDistance, defence_power, hex_distance, unit_power
from .fields import distance_field, hexes_within

ATTACK_POSITION_RADIUS = 8  # hexes around a target whose landings the approach field keeps clear


class AttackDoctrine(DoctrinePolicy):
    """Concentrate, bombard, assault, exploit; bypass and capture on the front's orders."""

    def goals(self, state: GameState) -> tuple[list[list[int]], list[int], frozenset[int]]:
        """(capture goals as groups of hexes, bypass goals, hexes the bypass keeps out of).

        Capture goals are the unheld hexes of each objective place (a group a place, so that each
        place's field stays cached as the others fall), else the enemy's units."""
        m = state.scenario.map
        code = state.scenario.side_codes[self.side]
        cap = [g for g in (sorted(i for i in p.hexes if state.control[i] != code) for p in m.places if p.objective) if g]
        if not cap:
            cap = [sorted(self.enemies(state))]
        if not cap[0]:
            cap = [sorted({i for p in m.places if p.objective for i in p.hexes})]
        enemy_spec = state.scenario.sides.get(state.scenario.other_side(self.side))
        byp = sorted(enemy_spec.exit_zone) if enemy_spec and enemy_spec.exit_zone else sorted({i for g in cap for i in g})
        avoid: frozenset[int] = frozenset()
        if state.scenario.city:
            try:
                city = m.place_named(state.scenario.city).hexes
            except KeyError:
                city = ()
            avoid = frozenset(hexes_within(state, city, self.p.bypass_radius)) - set(byp)
        return cap, byp, avoid

    def city_goal(self, state: GameState, cap: list[list[int]]) -> list[list[int]]:
        m = state.scenario.map
        if state.scenario.city:
            try:
                hexes = m.place_named(state.scenario.city).hexes
            except KeyError:
                hexes = ()
            left = sorted(i for i in hexes if state.control[i] != state.scenario.side_codes[self.side])
            if left:
                return [left]
        return cap

    def focus_targets(self, state: GameState, rng: np.random.Generator, enemy: dict[int, list[Unit]], cap_field: Sequence[float]) -> list[int]:
        """Enemy hexes where the force within reach promises a good ratio: the narrow sectors
        the rifle corps converge on."""
        rules = state.scenario.rules
        mult = rules.weather[state.weather].attack * (rules.combat.night_attack if state.night else 1.0)
        occ = state.occupancy
        scored = []
        mine = [u for u in state.units if u.side == self.side and u.status == ACTIVE]
        n_combat = sum(1 for u in mine if not rules.kinds[u.kind].artillery)
        # a unit's power is the same for every target with the same tank country: work it out once
        power_memo: dict[tuple[str, float], float] = {}
        gun_memo: dict[str, float] = {}
        for t, defenders in enemy.items():
            near = hexes_within(state, (t,), self.p.focus_radius)
            teff = combat.tank_effect(state, t)
            powers = []
            guns = 0.0
            for h in near:
                for u in occ.get(h, ()):
                    if u.side != self.side or u.acted:
                        continue
                    k = rules.kinds[u.kind]
                    if k.artillery:
                        if hex_distance(state, h, t) <= k.support_range + 1:
                            g = gun_memo.get(u.id)
                            if g is None:
                                g = gun_memo[u.id] = u.guns * rules.weapons.gun * rules.combat.support_share * combat.quality_factor(state, u)
                            guns += g
                    else:
                        p = power_memo.get((u.id, teff))
                        if p is None:
                            p = power_memo[(u.id, teff)] = unit_power(state, u, teff)
                        powers.append(p)
            if not powers:
                continue
            powers.sort(reverse=True)
            att = (sum(powers[:6]) + guns) * mult
            d = defence_power(state, defenders)
            ratio = self.perceived(att / d if d > 0 else 99.0, rng)
            if ratio < self.p.attack_ratio:
                continue
            on_axis = 1.0 / (1.0 + (cap_field[t] if cap_field[t] < INF else 50.0) / 10.0)
            scored.append((-(min(ratio, 10.0) * (0.5 + on_axis)), t))
        scored.sort()
        n = self.p.focus_sectors or max(2, n_combat // 6)
        return [t for _, t in scored[:n]]

    def plan(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        p = self.p
        rules = state.scenario.rules
        enemy = self.enemies(state)
        cap, byp, byp_avoid = self.goals(state)
        bypass = state.has_order(self.side, "bypass")
        city_goal = self.city_goal(state, cap)
        cap_field_foot = self._field(state, cap, False, frozenset())
        focus = self.focus_targets(state, rng, enemy, cap_field_foot)
        zoc = movement.enemy_zoc(state, self.side)
        units = self.my_units(state)
        # In contact: an enemy next door over an open edge. An enemy across an unbridged river
        # holds no one in place (the bank is watched by a few, not the whole division).
        engaged = {u.id for u in units if u.hex in zoc and self.engaged(state, u)}

        def goal_for(u: Unit) -> tuple[list[int] | list[list[int]], frozenset[int], str]:
            if bypass and u.formation in p.bypass_formations:
                return byp, byp_avoid, "bypass"
            if u.formation in p.capture_formations and (bypass or p.capture_from_start):
                return city_goal, frozenset(), "city"
            return cap, frozenset(), "objectives"

        # 0. Walk into empty objective hexes first (a city the enemy has left is taken at once).
        yield from self._seize(state, bypass, byp_avoid)

        # 1. Converge on the focus sectors (rifle units first, then tanks in tank country).
        assigned: set[str] = set()
        for t in focus:
            teff = combat.tank_effect(state, t)
            near = hexes_within(state, (t,), p.focus_radius)
            cands = [
                u for u in units
                if u.hex in near and u.id not in engaged and not rules.kinds[u.kind].artillery and u.id not in assigned
                and (not rules.kinds[u.kind].tracked or teff >= p.tank_terrain_min)
                and not (bypass and u.formation in p.bypass_formations and t in byp_avoid)
            ]
            for u in cands:
                assigned.add(u.id)
                if not self.can_move(u) or self.mistake(rng):
                    continue
                mv = self._close_in(state, u, t)
                if mv is not None:
                    yield mv

        yield from self._seize(state, bypass, byp_avoid)

        # 2. Everyone else not in contact: exploit (tanks), advance (rifles), follow up (guns).
        for u in units:
            if u.id in assigned or not self.can_move(u):
                continue
            kind = rules.kinds[u.kind]
            if u.id in engaged and not (bypass and u.formation in p.bypass_formations):
                continue  # in contact: pin the enemy and attack below
            if self.mistake(rng):
                continue
            if p.supply_retreat and not u.in_supply and u.hex not in zoc and u.hex not in self._objectives(state):
                mv = self.back_to_supply(state, u)  # cut off: reopen the line (never off an objective)
                if mv is not None:
                    yield mv
                    continue
            goals, avoid, tag = goal_for(u)
            if kind.artillery:
                mv = self._place_guns(state, u, focus, enemy, goals, tag)
            else:
                f = self.foot_field(state, u, goals, avoid, tag)
                mv = self.walk(state, u, f, avoid=set(avoid) if avoid else None)
            if mv is not None:
                yield mv

        # 3. Assaults: best prospects first, each with the guns it needs.
        yield from self._assaults(state, rng, focus, bypass, byp_avoid)
        yield from self._seize(state, bypass, byp_avoid)
        yield EndPhase()

    def _close_in(self, state: GameState, u: Unit, t: int) -> Move | None:
        """Walk ``u`` up to focus target ``t``. When a river with no bridge covers some of
        ``t``'s sides, a foot unit heads for the hexes from which ``t`` can be attacked over open
        ground instead: by a raft crossing away from the enemy's guns, then along the far bank.
        A unit that cannot get there (tanks; no crossing near) closes in anyway."""
        kind = state.scenario.rules.kinds[u.kind]
        if kind.can_assault_river and not kind.tracked:
            nbrs = state.scenario.map.neighbor_lists
            if u.hex not in nbrs[t] or not movement.crossing_open(state, u.hex, t):
                if not all(movement.crossing_open(state, j, t) for j in nbrs[t]):
                    f = self._attack_positions_field(state, t)
                    if f[u.hex] < INF:
                        return self.walk(state, u, f)
        return self.walk(state, u, HexDistance(state, t), stop_at=1.0)

    def _attack_positions_field(self, state: GameState, t: int) -> list[float]:
        """A local field (a few raft crossings' worth around ``t``) to the hexes next to ``t``
        over an open edge, with no crossing landing next to an enemy unit near ``t``; once a
        phase per target."""
        memo = self._phase_memo(state)
        key = (f"attack positions {t}", False, frozenset[int]())
        f = memo.get(key)
        if f is None:
            nbrs = state.scenario.map.neighbor_lists
            sides = [j for j in nbrs[t] if movement.crossing_open(state, j, t)]
            reach = 3 * self.p.river_crossing_cost
            near = hexes_within(state, (t,), ATTACK_POSITION_RADIUS)
            landing = self.no_landing(state) & near
            f = memo[key] = distance_field(state, sides, river_crossing_cost=self.p.river_crossing_cost,
                                           no_landing=landing, limit=reach)
        return f

    def _seize(self, state: GameState, bypass: bool, byp_avoid: frozenset[int]) -> Iterator[Action]:
        """Step into empty objective hexes next to own units (in contact or not), over a bridge
        or by a raft crossing if that is the unit's whole move."""
        m = state.scenario.map
        code = state.scenario.side_codes[self.side]
        rules = state.scenario.rules
        targets = [i for p in m.places if p.objective for i in p.hexes if state.control[i] != code]
        for t in sorted(targets):
            if state.control[t] == code or state.units_at(t):
                continue
            for j in m.neighbor_lists[t]:
                done = False
                for u in sorted(state.occupancy.get(j, ()), key=lambda x: x.id):
                    if u.side != self.side or not self.can_move(u) or rules.kinds[u.kind].artillery:
                        continue
                    if bypass and u.formation in self.p.bypass_formations and t in byp_avoid:
                        continue
                    c = movement.step_cost(state, u, j, t)
                    if c == INF or not movement.can_end_in(state, u, t):
                        continue
                    if c < 0 and (u.moved or u.mp_left < movement.allowance(state, u) - 1e-9):
                        continue
                    if c > u.mp_left + 1e-9:
                        continue
                    yield Move(u.id, (t,))
                    done = True
                    break
                if done:
                    break

    def _place_guns(
        self, state: GameState, u: Unit, focus: list[int], enemy: dict[int, list[Unit]], goals: Sequence[Any], tag: str
    ) -> Move | None:
        """Artillery moves up to within range of the nearest focus sector, never into an enemy
        zone of control. With no focus sector it supports the main effort: the enemy standing
        nearest the goal its formation marches on (not whichever enemy is nearest the guns)."""
        k = state.scenario.rules.kinds[u.kind]
        zoc = movement.enemy_zoc(state, self.side)
        f = self.foot_field(state, u, goals, tag=tag)
        if focus:
            t: int | None = min(focus, key=lambda i: (hex_distance(state, u.hex, i), i))
        else:
            t = min(enemy, key=lambda i: (f[i], hex_distance(state, u.hex, i), i), default=None)
        if t is not None:
            if attack.in_support_range(state, u, t):
                return None
            if hex_distance(state, u.hex, t) <= 8:
                return self.walk(state, u, HexDistance(state, t), avoid=zoc, stop_at=float(k.support_range))
        return self.walk(state, u, f, avoid=zoc)

    def _assaults(self, state: GameState, rng: np.random.Generator, focus: list[int], bypass: bool, byp_avoid: frozenset[int]) -> Iterator[Action]:
        p = self.p
        rules = state.scenario.rules
        targets = attack.attack_targets(state, self.side)
        if not targets:
            return
        # Rank by the odds of the whole adjacent force (focus sectors first).
        ranked = []
        for t in sorted(targets):
            group = self.attackers_of(state, t)
            if not group:
                continue
            r = combat.attack_ratios(state, t, group, [], attack.over_river(state, t, group))[0]
            ranked.append((0 if t in focus else 1, -r, t))
        ranked.sort()
        objectives = self._objectives(state)
        for _, _, t in ranked:
            if not state.units_at(t) or state.side_at(t) == self.side:
                continue
            exclude: set[str] = set()
            if bypass:
                exclude = {u.id for u in self.attackers_of(state, t) if u.formation in p.bypass_formations and t in byp_avoid}
            group = self.attackers_of(state, t, exclude)
            teff = combat.tank_effect(state, t)
            if teff < p.tank_terrain_min:
                foot = [u for u in group if not rules.kinds[u.kind].tracked]
                if foot:
                    group = foot  # keep the tanks out of hills, forests and streets
            if not group:
                continue
            rash = self.mistake(rng)
            min_ratio = p.attack_ratio * (0.6 if rash else 1.0)
            if not rash and t not in objectives and all(not d.in_supply for d in state.units_at(t)):
                min_ratio = max(min_ratio, p.assault_ratio)  # a pocket wastes away: storm it with the guns' odds
            if bypass and t in self._city(state):
                min_ratio = min(min_ratio, p.city_assault_ratio)  # the final assault
            a = self.plan_attack(state, rng, t, group, min_ratio, p.assault_ratio, use_guns=not rash)
            if a is not None:
                yield a


__all__ = ["AttackDoctrine"]
