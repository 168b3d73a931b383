"""Doctrine-driven computer players: one operational doctrine for either side.

``make_policy("doctrine", side, params)`` (see :mod:`.registry`) gives an :class:`OperationalDoctrine`,
whose posture comes from the side's role in the scenario (``sides.<side>.role``: the first side
attacks, the other defends, unless the scenario says otherwise), its orders and the situation:
an attacker concentrates, bombards, assaults, exploits and bypasses (:class:`.attack_doctrine.AttackDoctrine`);
a defender holds strongpoints, delays, counterattacks with its reserves and withdraws on its
order with rearguards (:class:`.defence_doctrine.DefenceDoctrine`). Their behaviour is set by :class:`DoctrineParams` (the scenario's ``ai.<side>`` section,
over the presets of the chosen ``difficulty``). Every move is generated legal by construction:
units walk down cached distance fields (:mod:`.fields`) with the rules' own step costs and zones
of control, attacks are built from units next to their target, and the live state is re-read
after each action has been applied. Randomness (a difficulty's mistakes and misjudged odds) comes
only from the ``rng`` handed to :meth:`choose`.

The two postures live in :mod:`.attack_doctrine` (focus sectors, artillery, exploitation,
bypass and capture, raft crossings) and :mod:`.defence_doctrine` (strongpoints, demolitions, local
counterattacks, the withdrawal with rearguards); this module holds what they share.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np

from ..core.actions import Attack, Move
from ..core.ai_params import DIFFICULTIES, DoctrineParams
from ..core.rules import attack, combat, movement
from ..core.state import GameState
from ..core.units import ACTIVE, Unit
from .fields import distance_field, grouped_field
from .fog import visible_enemies
from .policy import PlanningPolicy
from .tactics import descend

INF = float("inf")


# --- shared helpers --------------------------------------------------------------------------


class HexDistance(Sequence[float]):
    """A lazy 'field': hex distance to ``target`` (for short approaches without a search)."""

    def __init__(self, state: GameState, target: int) -> None:
        self.qs, self.rs = state.scenario.map.tables.axial
        self.tq, self.tr = self.qs[target], self.rs[target]
        self.n = len(self.qs)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: Any) -> Any:
        dq = self.qs[i] - self.tq
        dr = self.rs[i] - self.tr
        return float((abs(dq) + abs(dr) + abs(dq + dr)) // 2)


def hex_distance(state: GameState, a: int, b: int) -> int:
    qs, rs = state.scenario.map.tables.axial
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
        # fields remembered for the rest of a phase, for one (state, turn, phase, bridges)
        self._memo_key: tuple[int, int, int, tuple[bool, ...]] | None = None
        self._memo: dict[tuple[str, bool, frozenset[int]], list[float]] = {}
        # the side's supplied hexes, for one (state, turn)
        self._supplied_key: tuple[int, int] | None = None
        self._supplied: set[int] = set()
        # the far-bank hexes no crossing may land in, for one (state, turn, phase)
        self._landing_key: tuple[int, int, int] | None = None
        self._landing: frozenset[int] = frozenset()

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
        left). With a ``tag`` the field is remembered for the rest of the phase under that name
        and the ``avoid`` set, so two askers with different hexes to avoid never share a field."""
        kind = state.scenario.rules.kinds[u.kind]
        tracked = kind.tracked or not kind.can_assault_river
        memo = self._phase_memo(state)

        def field(bridges_only: bool) -> list[float]:
            key = (tag, bridges_only, avoid)
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

    def no_landing(self, state: GameState) -> frozenset[int]:
        """River-bank hexes next to an enemy unit the side can see: the movement rule lets no
        crossing by boat end there, so routes over the river land elsewhere (worked out once a
        phase, when the side's fields are)."""
        key = (state.serial, state.turn, state.phase)
        if self._landing_key != key:
            m = state.scenario.map
            bank, nbrs = m.bank, m.neighbor_lists
            self._landing = frozenset(j for i in self.enemies(state) for j in nbrs[i] if bank[j])
            self._landing_key = key
        return self._landing

    def _phase_memo(self, state: GameState) -> dict[tuple[str, bool, frozenset[int]], list[float]]:
        key = (state.serial, state.turn, state.phase, tuple(state.bridges_intact))
        if self._memo_key != key:
            self._memo_key = key
            self._memo = {}
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
        key = (state.serial, state.turn)
        if self._supplied_key != key:
            from ..core.rules import supply

            self._supplied = supply.supplied_hexes(state, self.side)
            self._supplied_key = key
        return self._supplied

    def _objectives(self, state: GameState) -> frozenset[int]:
        return state.scenario.map.tables.objective_hexes

    def _city(self, state: GameState) -> frozenset[int]:
        return state.scenario.city_hexes

    def back_to_supply(self, state: GameState, u: Unit) -> Move | None:
        spec = state.scenario.sides.get(self.side)
        if spec is None or not spec.supply_sources:
            return None
        f = self.foot_field(state, u, spec.supply_sources, tag="supply")
        return self.walk(state, u, f)

    # -- attacks ------------------------------------------------------------------------------
    def attackers_of(self, state: GameState, target: int, exclude: AbstractSet[str] = frozenset()) -> list[Unit]:
        """Own units with men that may attack ``target`` now (:func:`..core.rules.attack.attackers_of`),
        but those in ``exclude``, in id order."""
        out = [u for u in attack.attackers_of(state, self.side, target) if u.men > 0 and u.id not in exclude]
        out.sort(key=lambda u: u.id)
        return out

    def artillery_for(self, state: GameState, target: int) -> list[Unit]:
        """Own guns that can support an attack on ``target``, nearest (then by id) first."""
        guns = attack.supporters_of(state, self.side, target)
        guns.sort(key=lambda u: (hex_distance(state, u.hex, target), u.id))
        return guns

    def plan_attack(
        self, state: GameState, rng: np.random.Generator, target: int, attackers: list[Unit], min_ratio: float,
        want_ratio: float, use_guns: bool = True,
    ) -> Attack | None:
        """An attack on ``target`` by ``attackers`` with just enough artillery to reach
        ``want_ratio`` (all it has when that is out of reach), if the perceived odds reach
        ``min_ratio``."""
        if not attackers or not state.units_at(target) or state.side_at(target) == self.side:
            return None
        river = attack.over_river(state, target, attackers)
        support: list[Unit] = []
        bare = combat.attack_ratios(state, target, attackers, support, river)[0]
        ratio = self.perceived(bare, rng)
        noise = ratio / bare if bare > 0 else 1.0
        enough = self.p.enough_ratio
        if 0 < enough < ratio and len(attackers) > 1:
            attackers, river, bare = self._economy_of_force(state, target, attackers, enough / noise)
            ratio = bare * noise
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

    @staticmethod
    def _economy_of_force(state: GameState, target: int, attackers: list[Unit], enough: float) -> tuple[list[Unit], bool, float]:
        """The fewest of ``attackers``, strongest first, whose power ratio on ``target`` reaches
        ``enough`` (with whether they attack over the river, and their ratio): past the odds at
        which the defenders are routed, more men add to the attacker's losses, not to the result;
        the rest rest, or attack elsewhere."""
        ranked = sorted(attackers, key=lambda u: (-combat.raw_power(state, u, 1.0) * combat.quality_factor(state, u), u.id))
        for k in range(1, len(ranked)):
            group = sorted(ranked[:k], key=lambda u: u.id)
            river = attack.over_river(state, target, group)
            r = combat.attack_ratios(state, target, group, [], river)[0]
            if r >= enough:
                return group, river, r
        river = attack.over_river(state, target, attackers)
        return attackers, river, combat.attack_ratios(state, target, attackers, [], river)[0]


__all__ = ["DIFFICULTIES", "DoctrineParams", "DoctrinePolicy", "HexDistance", "defence_power", "hex_distance", "unit_power"]
