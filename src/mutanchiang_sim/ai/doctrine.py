"""Doctrine-driven computer players: how the Red Army and the Kwantung Army fought in August 1945.

``make_policy("doctrine", side, params)`` gives :class:`SovietDoctrine` or :class:`JapaneseDoctrine`
by side. Their behaviour is set by :class:`DoctrineParams` (the scenario's ``ai.<side>`` section,
over the presets of the chosen ``difficulty``). Every move is generated legal by construction:
units walk down cached distance fields (:mod:`.fields`) with the rules' own step costs and zones
of control, attacks are built from units next to their target, and the live state is re-read
after each action has been applied. Randomness (a difficulty's mistakes and misjudged odds) comes
only from the ``rng`` handed to :meth:`choose`.

Soviet doctrine (per phase): pick a few *focus* sectors where the available force reaches a good
power ratio and converge on them; move artillery up behind them; tank and mechanised brigades
exploit down the road-weighted field; assault with the artillery each attack needs; under the
``bypass`` order the ``bypass_formations`` swing around the city toward the enemy's line of
retreat while the ``capture_formations`` take the city; foot units cross rivers by assault where
no bridge stands, away from the enemy's guns when they can; units cut off head back to supply.

Japanese doctrine: hold fortified hexes, hills and the city and dig in; fall back from hopeless
fights in the open to the next strongpoint; blow bridges when the enemy closes; counterattack
locally and ambush tanks in poor tank country; on the ``withdraw`` order leave ``rearguard_share``
of the units in the strongpoints and march the rest to the exit zone (avoiding enemy zones of
control), then leave the map.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from ..core.actions import Action, Attack, BlowBridge, EndPhase, Exit, Move
from ..core.rules import combat, movement
from ..core.state import SIDE_CODE, GameState
from ..core.units import ACTIVE, Unit, other_side
from .fields import axial, distance_field, grouped_field, hexes_within
from .fog import visible_enemies
from .policy import PlanningPolicy, Policy, register
from .tactics import descend

INF = float("inf")


@dataclass(frozen=True)
class DoctrineParams:
    """Knobs of the doctrine policies (the scenario's ``ai.<side>`` section). Defaults are the
    ``normal`` difficulty; ``difficulty`` picks a preset first and explicit keys override it."""

    difficulty: str = "normal"  # easy | normal | hard
    fog_of_war: bool = False  # see only enemy units within ``sight`` hexes of own units
    sight: int = 3
    mistake_rate: float = 0.05  # chance a unit fumbles its move or an attack is misjudged
    judgement_sigma: float = 0.1  # lognormal spread of the odds as the AI perceives them
    # --- Soviet -----------------------------------------------------------------------------
    attack_ratio: float = 1.6  # attack only at this perceived power ratio or better
    assault_ratio: float = 3.0  # add artillery to an attack until this ratio is reached
    focus_sectors: int = 0  # sectors to concentrate on (0: one per 6 combat units, at least 2)
    focus_radius: int = 3  # units within this many hexes of a focus sector converge on it
    exploit_kinds: tuple[str, ...] = ("tank_brigade", "mechanised_brigade")
    tank_terrain_min: float = 0.5  # tanks attack in terrain at least this good for tanks...
    bypass_formations: tuple[str, ...] = ()  # under the "bypass" order these swing round the city
    capture_formations: tuple[str, ...] = ()  # ...while these take it
    bypass_radius: int = 1  # hexes around the city the bypassing formations keep out of
    city_assault_ratio: float = 1.2  # once the bypass order is given, the city is stormed at this ratio
    capture_from_start: bool = True  # capture formations head for the city from the first turn
    supply_retreat: bool = False  # units cut off (beyond the grace turns) fall back toward supply
    river_crossing_cost: float = 12.0  # how far the field prefers a detour to a raft crossing
    # --- Japanese ---------------------------------------------------------------------------
    rearguard_share: float = 0.25  # share of units left behind on the withdrawal order
    release_rearguard_on_fall: bool = True  # rearguards break off once the city has fallen
    rearguard_turns: int = 4  # ...or this many turns after the withdrawal order (-1: never)
    counterattack_ratio: float = 1.5  # local counterattacks at this ratio or better
    ambush_ratio: float = 1.0  # anti-tank ambushes on tank units in poor tank country
    fall_back_ratio: float = 3.0  # leave an open-ground hex when the enemy next to it is this much stronger
    blow_bridges: bool = True  # demolish bridges at all (a what-if can keep them)
    blow_distance: int = 2  # blow a bridge when an enemy unit comes this close
    friends_radius: int = 8  # ...unless own units within this many hexes beyond it still need it
    position_radius: float = 6.0  # unengaged units this close (field cost) to a strongpoint go to it
    withdraw_order: str = "withdraw"

    @classmethod
    def from_params(cls, params: dict[str, Any] | None) -> DoctrineParams:
        """Build from a plain dict (unknown keys are warned about and ignored)."""
        params = dict(params or {})
        difficulty = str(params.get("difficulty", "normal"))
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {difficulty!r} (known: {', '.join(DIFFICULTIES)})")
        base = replace(cls(), difficulty=difficulty, **DIFFICULTIES[difficulty])
        names = {f.name: f for f in fields(cls)}
        changes: dict[str, Any] = {}
        for k, v in params.items():
            if k == "difficulty":
                continue
            if k not in names:
                warnings.warn(f"doctrine AI: unknown parameter {k!r} ignored", stacklevel=2)
                continue
            default = getattr(base, k)
            if isinstance(default, tuple):
                changes[k] = tuple(v) if isinstance(v, list | tuple) else (v,)
            elif isinstance(default, bool):
                changes[k] = bool(v)
            elif isinstance(default, int):
                changes[k] = int(v)
            elif isinstance(default, float):
                changes[k] = float(v)
            else:
                changes[k] = str(v)
        return replace(base, **changes)


DIFFICULTIES: dict[str, dict[str, Any]] = {
    # Rash and clumsy: attacks at poor odds, misreads them, fumbles a quarter of its moves,
    # forgets about its artillery, blows bridges late.
    "easy": {"mistake_rate": 0.25, "judgement_sigma": 0.35, "attack_ratio": 1.1, "assault_ratio": 1.5,
             "counterattack_ratio": 1.0, "blow_distance": 1, "fall_back_ratio": 6.0},
    "normal": {},
    # No fumbles, true odds, patient: waits for better ratios and brings more guns.
    "hard": {"mistake_rate": 0.0, "judgement_sigma": 0.0, "attack_ratio": 1.8, "assault_ratio": 4.0,
             "counterattack_ratio": 1.8},
}


# --- shared helpers --------------------------------------------------------------------------


class _HexDistance(Sequence[float]):
    """A lazy 'field': hex distance to ``target`` (for short approaches without a search)."""

    def __init__(self, state: GameState, target: int) -> None:
        self.qs, self.rs = axial(state)
        self.tq, self.tr = self.qs[target], self.rs[target]
        self.n = len(self.qs)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: Any) -> Any:
        dq = self.qs[i] - self.tq
        dr = self.rs[i] - self.tr
        return float((abs(dq) + abs(dr) + abs(dq + dr)) // 2)


def hex_distance(state: GameState, a: int, b: int) -> int:
    qs, rs = axial(state)
    dq = qs[a] - qs[b]
    dr = rs[a] - rs[b]
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def unit_power(state: GameState, u: Unit, teff: float) -> float:
    return combat.raw_power(state, u, teff) * combat.quality_factor(state, u)


def defence_power(state: GameState, units: Sequence[Unit]) -> float:
    return sum(
        combat.raw_power(state, u, combat.tank_effect(state, u.hex)) * combat.quality_factor(state, u)
        * combat.defence_multiplier(state, u)
        for u in units
    )


def _alive(u: Unit) -> bool:
    return u.status == ACTIVE


class DoctrinePolicy(PlanningPolicy):
    """What both doctrines share: parameters, mistakes, perceived odds, movement helpers."""

    name = "doctrine"

    def __init__(self, side: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(side, params)
        self.p = DoctrineParams.from_params(self.params)

    # -- judgement --------------------------------------------------------------------------
    def mistake(self, rng: np.random.Generator) -> bool:
        return self.p.mistake_rate > 0 and float(rng.random()) < self.p.mistake_rate

    def perceived(self, ratio: float, rng: np.random.Generator) -> float:
        if self.p.judgement_sigma <= 0:
            return ratio
        return ratio * float(rng.lognormal(0.0, self.p.judgement_sigma))

    def enemies(self, state: GameState) -> dict[int, list[Unit]]:
        return visible_enemies(state, self.side, self.p.fog_of_war, self.p.sight)

    # -- movement -----------------------------------------------------------------------------
    def my_units(self, state: GameState) -> list[Unit]:
        return sorted((u for u in state.units if u.side == self.side and u.status == ACTIVE), key=lambda u: u.id)

    def can_move(self, u: Unit) -> bool:
        return u.status == ACTIVE and not u.attacked and u.mp_left > 0

    def foot_field(
        self,
        state: GameState,
        u: Unit,
        goals: Sequence[int] | Sequence[Sequence[int]],
        avoid: frozenset[int] = frozenset(),
        tag: str = "",
    ) -> list[float]:
        """The distance field to ``goals`` (hexes, or groups of hexes such as places) for ``u``'s
        way of moving (bridges only for tracked and wheeled units, unless no bridged route is
        left). With a ``tag`` the field is remembered for the rest of the phase under that name."""
        kind = state.scenario.rules.kinds[u.kind]
        tracked = kind.tracked or not kind.can_assault_river
        memo = self._phase_memo(state)

        def field(bridges_only: bool) -> list[float]:
            key = (tag, bridges_only)
            f = memo.get(key) if tag else None
            if f is None:
                f = self._field(state, goals, bridges_only, avoid)
                if tag:
                    memo[key] = f
            return f

        f = field(tracked)
        if tracked and f[u.hex] == INF:  # no bridged route: walk up to the river at least
            f = field(False)
        return f

    def _field(self, state: GameState, goals: Sequence[Any], tracked: bool, avoid: frozenset[int]) -> list[float]:
        rcc = self.p.river_crossing_cost
        if goals and not isinstance(goals[0], int):
            return grouped_field(state, goals, tracked=tracked, river_crossing_cost=rcc, avoid=avoid)
        return distance_field(state, goals, tracked=tracked, river_crossing_cost=rcc, avoid=avoid)

    def _phase_memo(self, state: GameState) -> dict[tuple[str, bool], list[float]]:
        key = (id(state), state.turn, state.phase, tuple(state.bridges_intact))
        if getattr(self, "_memo_key", None) != key:
            self._memo_key = key
            self._memo: dict[tuple[str, bool], list[float]] = {}
        return self._memo

    def walk(
        self,
        state: GameState,
        u: Unit,
        field: Sequence[float],
        avoid: set[int] | None = None,
        stop_at: float = 0.0,
        keep_supplied: bool = False,
    ) -> Move | None:
        """``descend`` plus doctrine: no raft crossing into an enemy zone of control when another
        way exists, and (``keep_supplied``) no ending a move off the supplied ground."""
        if not self.can_move(u):
            return None
        mv = descend(state, u, field, avoid=avoid, stop_at=stop_at)
        if mv is None and field[u.hex] > stop_at:
            mv = self._unjam(state, u, field, avoid)
        if mv is None:
            return None
        first = mv.path[0]
        if not movement.crossing_open(state, u.hex, first) and first in movement.enemy_zoc(state, u.side):
            alt = descend(state, u, field, avoid=(avoid or set()) | {first}, stop_at=stop_at)
            if alt is not None:
                mv = alt
        if keep_supplied:
            ok = self.supplied(state)
            path = list(mv.path)
            while path and path[-1] not in ok:
                path.pop()
            if not path:
                return None
            if len(path) < len(mv.path):
                if not movement.can_end_in(state, u, path[-1]):
                    return None
                mv = Move(u.id, tuple(path))
        return mv

    def _unjam(self, state: GameState, u: Unit, field: Sequence[float], avoid: set[int] | None) -> Move | None:
        """Stuck behind full hexes: go down another slope that avoids them, else sidestep to a
        free neighbour no further from the goal (so a queue spreads along a river bank)."""
        m = state.scenario.map
        full = {b for b in m.neighbor_lists[u.hex] if state.occupancy.get(b) and not movement.can_end_in(state, u, b)}
        if not full:
            return None
        mv = descend(state, u, field, avoid=(avoid or set()) | full)
        if mv is not None:
            return mv
        zoc = movement.enemy_zoc(state, u.side)
        if u.hex in zoc:
            return None
        best, best_v = -1, field[u.hex] + 1e-9
        for b in m.neighbor_lists[u.hex]:
            if b in full or (avoid and b in avoid) or field[b] > best_v:
                continue
            c = movement.step_cost(state, u, u.hex, b)
            if c < 0 or c == INF or c > u.mp_left + 1e-9 or not movement.can_end_in(state, u, b):
                continue
            if field[b] < best_v or best < 0:
                best, best_v = b, field[b]
        return Move(u.id, (best,)) if best >= 0 else None

    def engaged(self, state: GameState, u: Unit) -> bool:
        """An enemy unit next to ``u`` over an edge that is open (no river, or a standing bridge)."""
        occ = state.occupancy
        for j in state.scenario.map.neighbor_lists[u.hex]:
            us = occ.get(j)
            if us and us[0].side != self.side and movement.crossing_open(state, u.hex, j):
                return True
        return False

    def supplied(self, state: GameState) -> set[int]:
        """Hexes the side's supply reached at the start of the turn (computed once a turn)."""
        key = (id(state), state.turn)
        if getattr(self, "_supplied_key", None) != key:
            from ..core.rules import supply

            self._supplied = supply.supplied_hexes(state, self.side)
            self._supplied_key = key
        return self._supplied

    def _objectives(self, state: GameState) -> frozenset[int]:
        m = state.scenario.map
        hit: frozenset[int] | None = m.__dict__.get("_objective_hexes")
        if hit is None:
            hit = frozenset(i for p in m.places if p.objective for i in p.hexes)
            m.__dict__["_objective_hexes"] = hit
        return hit

    def _city(self, state: GameState) -> frozenset[int]:
        m = state.scenario.map
        hit: frozenset[int] | None = m.__dict__.get("_city_hexes")
        if hit is None:
            try:
                hit = frozenset(m.place_named(state.scenario.city).hexes) if state.scenario.city else frozenset()
            except KeyError:
                hit = frozenset()
            m.__dict__["_city_hexes"] = hit
        return hit

    def back_to_supply(self, state: GameState, u: Unit) -> Move | None:
        spec = state.scenario.sides.get(self.side)
        if spec is None or not spec.supply_sources:
            return None
        f = self.foot_field(state, u, spec.supply_sources, tag="supply")
        return self.walk(state, u, f)

    # -- attacks ------------------------------------------------------------------------------
    def attackers_of(self, state: GameState, target: int, exclude: set[str] = frozenset()) -> list[Unit]:  # type: ignore[assignment]
        """Own units that may attack ``target`` now (adjacent, unspent, across an open edge or
        able to assault over the river), in id order."""
        rules = state.scenario.rules
        m = state.scenario.map
        out: list[Unit] = []
        for j in m.neighbor_lists[target]:
            for u in state.occupancy.get(j, ()):
                if u.side != self.side or u.attacked or u.men <= 0 or u.id in exclude:
                    continue
                kind = rules.kinds[u.kind]
                if kind.artillery:
                    continue
                if movement.crossing_open(state, j, target) or kind.can_assault_river:
                    out.append(u)
        out.sort(key=lambda u: u.id)
        return out

    def artillery_for(self, state: GameState, target: int) -> list[Unit]:
        """Own guns that can support an attack on ``target``, nearest (then by id) first."""
        rules = state.scenario.rules
        out = []
        for u in state.units:
            if u.side != self.side or u.status != ACTIVE or u.attacked or u.guns <= 0:
                continue
            k = rules.kinds[u.kind]
            if not k.artillery:
                continue
            d = hex_distance(state, u.hex, target)
            if d <= k.support_range:
                out.append((d, u.id, u))
        out.sort(key=lambda t: (t[0], t[1]))
        return [t[2] for t in out]

    def plan_attack(
        self, state: GameState, rng: np.random.Generator, target: int, attackers: list[Unit], min_ratio: float,
        want_ratio: float, use_guns: bool = True,
    ) -> Attack | None:
        """An attack on ``target`` by ``attackers`` with just enough artillery to reach
        ``want_ratio`` (all it has when that is out of reach), if the perceived odds reach
        ``min_ratio``."""
        if not attackers or not state.units_at(target) or state.side_at(target) == self.side:
            return None
        river = any(not movement.crossing_open(state, u.hex, target) for u in attackers)
        support: list[Unit] = []
        bare = combat.attack_ratios(state, target, attackers, support, river)[0]
        ratio = self.perceived(bare, rng)
        noise = ratio / bare if bare > 0 else 1.0
        if use_guns and ratio < want_ratio:
            guns = self.artillery_for(state, target)
            with_guns = combat.attack_ratios(state, target, attackers, guns, river)  # with the first k guns
            for k, g in enumerate(guns, 1):
                support.append(g)
                ratio = with_guns[k] * noise
                if ratio >= want_ratio:
                    break
        if ratio < min_ratio:
            return None
        return Attack(target, tuple(u.id for u in attackers), tuple(u.id for u in support))


# --- the Soviet side ---------------------------------------------------------------------------


class SovietDoctrine(DoctrinePolicy):
    """Concentrate, bombard, assault, exploit; bypass and capture on the front's orders."""

    def goals(self, state: GameState) -> tuple[list[list[int]], list[int], frozenset[int]]:
        """(capture goals as groups of hexes, bypass goals, hexes the bypass keeps out of).

        Capture goals are the unheld hexes of each objective place (a group a place, so that each
        place's field stays cached as the others fall), else the enemy's units."""
        m = state.scenario.map
        code = SIDE_CODE[self.side]
        cap = [g for g in (sorted(i for i in p.hexes if state.control[i] != code) for p in m.places if p.objective) if g]
        if not cap:
            cap = [sorted(self.enemies(state))]
        if not cap[0]:
            cap = [sorted({i for p in m.places if p.objective for i in p.hexes})]
        enemy_spec = state.scenario.sides.get(other_side(self.side))
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
            left = sorted(i for i in hexes if state.control[i] != SIDE_CODE[self.side])
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
                    if u.side != self.side or u.attacked:
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
                mv = self.walk(state, u, _HexDistance(state, t), stop_at=1.0)
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

    def _seize(self, state: GameState, bypass: bool, byp_avoid: frozenset[int]) -> Iterator[Action]:
        """Step into empty objective hexes next to own units (in contact or not), over a bridge
        or by a raft crossing if that is the unit's whole move."""
        m = state.scenario.map
        code = SIDE_CODE[self.side]
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
        """Artillery moves up to within range of a focus sector (or the nearest enemy), never
        into an enemy zone of control."""
        k = state.scenario.rules.kinds[u.kind]
        zoc = movement.enemy_zoc(state, self.side)
        targets = focus or list(enemy)
        if targets:
            t = min(targets, key=lambda i: (hex_distance(state, u.hex, i), i))
            if hex_distance(state, u.hex, t) <= k.support_range:
                return None
            if hex_distance(state, u.hex, t) <= 8:
                return self.walk(state, u, _HexDistance(state, t), avoid=zoc, stop_at=float(k.support_range))
        f = self.foot_field(state, u, goals, tag=tag)
        return self.walk(state, u, f, avoid=zoc)

    def _assaults(self, state: GameState, rng: np.random.Generator, focus: list[int], bypass: bool, byp_avoid: frozenset[int]) -> Iterator[Action]:
        p = self.p
        rules = state.scenario.rules
        m = state.scenario.map
        targets: set[int] = set()
        for u in state.units:
            if u.side != self.side or u.status != ACTIVE or u.attacked:
                continue
            for j in m.neighbor_lists[u.hex]:
                us = state.occupancy.get(j)
                if us and us[0].side != self.side:
                    targets.add(j)
        if not targets:
            return
        # Rank by the odds of the whole adjacent force (focus sectors first).
        ranked = []
        for t in sorted(targets):
            group = self.attackers_of(state, t)
            if not group:
                continue
            river = any(not movement.crossing_open(state, u.hex, t) for u in group)
            r = combat.attack_ratios(state, t, group, [], river)[0]
            ranked.append((0 if t in focus else 1, -r, t))
        ranked.sort()
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
            if bypass and t in self._city(state):
                min_ratio = min(min_ratio, p.city_assault_ratio)  # the final assault
            a = self.plan_attack(state, rng, t, group, min_ratio, p.assault_ratio, use_guns=not rash)
            if a is not None:
                yield a


# --- the Japanese side -------------------------------------------------------------------------


class JapaneseDoctrine(DoctrinePolicy):
    """Delay from strongpoints, blow bridges, counterattack locally; withdraw west on the order."""

    def __init__(self, side: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(side, params)
        self._rearguard: tuple[int, int, frozenset[str]] | None = None  # (state id, turn chosen, ids)

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
        m = state.scenario.map
        hit: list[int] | None = m.__dict__.get("_positions")
        if hit is None:
            hit = sorted({i for i in range(m.size) if m.fort[i] > 0} | self._objective_hexes(state))
            m.__dict__["_positions"] = hit
        return hit

    def plan(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        yield from self._blow_bridges(state, rng)
        if self.withdrawing(state):
            yield from self._withdraw(state, rng)
        else:
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
            if not self.can_move(u):
                continue
            if not u.in_supply and not self.strongpoint(state, u.hex):
                mv = self.back_to_supply(state, u)  # avoid being cut off
                if mv is not None and not self.mistake(rng):
                    yield mv
                continue
            if self.strongpoint(state, u.hex):
                continue  # hold and dig in
            if u.hex in zoc:
                threat = self._threat(state, u, enemy)
                if threat >= p.fall_back_ratio and pos and not self.mistake(rng):
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

    def _threat(self, state: GameState, u: Unit, enemy: dict[int, list[Unit]]) -> float:
        """The power ratio the enemy units next to ``u`` would reach against its hex."""
        m = state.scenario.map
        rules = state.scenario.rules
        att = []
        for j in m.neighbor_lists[u.hex]:
            for e in enemy.get(j, ()):
                k = rules.kinds[e.kind]
                if k.artillery or e.men <= 0:
                    continue
                if movement.crossing_open(state, j, u.hex) or k.can_assault_river:
                    att.append(e)
        if not att:
            return 0.0
        river = any(not movement.crossing_open(state, e.hex, u.hex) for e in att)
        return combat.attack_ratios(state, u.hex, att, [], river)[0]

    # -- after the order: rearguards stay, the rest march west ----------------------------------
    def rearguard(self, state: GameState) -> frozenset[str]:
        if self.p.release_rearguard_on_fall and state.city_captured_turn >= 0:
            return frozenset()  # the city is lost: the rearguards break off and follow
        spec_order = state.scenario.sides[self.side].exit_requires_order or self.p.withdraw_order
        if 0 <= self.p.rearguard_turns <= state.turns_since_order(self.side, spec_order):
            return frozenset()  # the rearguards have bought their time and break off
        rg = self._rearguard
        if rg is not None and rg[0] == id(state) and rg[1] <= state.turn:
            return rg[2]
        spec = state.scenario.sides[self.side]
        units = self.my_units(state)
        n = int(round(self.p.rearguard_share * len(units)))
        if state.scenario.city and n > 0:
            # at least a unit for each city hex still held, while that leaves half to get away
            code = SIDE_CODE[self.side]
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
        self._rearguard = (id(state), state.turn, ids)
        return ids

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
    def _counterattacks(self, state: GameState, rng: np.random.Generator) -> Iterator[Action]:
        p = self.p
        rules = state.scenario.rules
        withdrawing = self.withdrawing(state)
        rear = self.rearguard(state) if withdrawing else frozenset()
        enemy = self.enemies(state)
        for t in list(enemy):
            if not state.units_at(t) or state.side_at(t) == self.side:
                continue
            group = self.attackers_of(state, t)
            if withdrawing:
                group = [u for u in group if u.id in rear]
            # Strongpoint garrisons stay in their holes unless the odds are very good.
            group = [u for u in group if not self.strongpoint(state, u.hex)] or group
            if not group:
                continue
            targets_tanks = any(e.tanks > 0 for e in state.units_at(t))
            ambush = targets_tanks and (
                combat.tank_effect(state, t) <= 0.6 or any(rules.kinds[u.kind].motorised and u.guns > 0 for u in group)
            )
            need = p.ambush_ratio if ambush else p.counterattack_ratio
            if any(self.strongpoint(state, u.hex) for u in group):
                need = max(need, 3.0)
            rash = self.mistake(rng)
            a = self.plan_attack(state, rng, t, group, need * (0.6 if rash else 1.0), need * 1.5)
            if a is not None:
                yield a

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
                if u.status != ACTIVE or u.hex not in b.edge or u.attacked or not state.bridges_intact[k]:
                    continue
            yield BlowBridge(u.id, k)

    def _bridge_zone(self, state: GameState, k: int, radius: int) -> frozenset[int]:
        """Hexes within ``radius`` of either end of bridge ``k`` (cached on the map)."""
        m = state.scenario.map
        zones: dict[tuple[int, int], frozenset[int]] = m.__dict__.setdefault("_bridge_zones", {})
        z = zones.get((k, radius))
        if z is None:
            z = frozenset(hexes_within(state, m.bridges[k].edge, radius))
            zones[(k, radius)] = z
        return z

    def _demolition_party(self, state: GameState, edge: tuple[int, int]) -> tuple[Unit, Move | None] | None:
        """A unit on the bridge (or one step from it, sent onto it) that has not yet acted."""
        for h in edge:
            for u in sorted(state.occupancy.get(h, ()), key=lambda x: x.id):
                if u.side == self.side and not u.attacked:
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


def _make(side: str, params: dict[str, Any]) -> Policy:
    cls = SovietDoctrine if side == "soviet" else JapaneseDoctrine
    pol: Policy = cls(side, params)
    return pol


register("doctrine")(_make)

__all__ = ["DIFFICULTIES", "DoctrineParams", "JapaneseDoctrine", "SovietDoctrine"]
