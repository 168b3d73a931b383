"""Doctrine-driven computer players: how the Red Army and the Kwantung Army fought in August 1945.

``make_policy("doctrine", side, params)`` gives :class:`SovietDoctrine` or :class:`JapaneseDoctrine`
by side. Their behaviour is set by :class:`DoctrineParams` (the scenario's ``ai.<side>`` section,
over the presets of the chosen ``difficulty``). Every move is generated legal by construction:
units walk down cached distance fields (:mod:`.fields`) with the rules' own step costs and zones
of control, attacks are built from units next to their target, and the live state is re-read
after each action has been applied. Randomness (a difficulty's mistakes and misjudged odds) comes
only from the ``rng`` handed to :meth:`choose`.

The two sides' doctrines live in :mod:`.soviet_doctrine` (focus sectors, artillery, exploitation,
bypass and capture, raft crossings) and :mod:`.japanese_doctrine` (strongpoints, demolitions, local
counterattacks, the withdrawal with rearguards); this module holds what they share.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from ..core.actions import Attack, Move
from ..core.rules import attack, combat, movement
from ..core.state import GameState
from ..core.units import ACTIVE, Unit
from .fields import distance_field, grouped_field
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
        self._memo: dict[tuple[str, bool], list[float]] = {}
        # the side's supplied hexes, for one (state, turn)
        self._supplied_key: tuple[int, int] | None = None
        self._supplied: set[int] = set()

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


def _make(side: str, params: dict[str, Any]) -> Policy:
    if side == "soviet":
        from .soviet_doctrine import SovietDoctrine

        return SovietDoctrine(side, params)
    from .japanese_doctrine import JapaneseDoctrine

    return JapaneseDoctrine(side, params)


register("doctrine")(_make)



__all__ = ["DIFFICULTIES", "DoctrineParams", "DoctrinePolicy", "defence_power", "hex_distance", "unit_power"]
