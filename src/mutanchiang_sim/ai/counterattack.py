"""Local counterattacks of a defending side, weighed by the combat rules' own expected losses.

The combat rules (:mod:`..core.rules.combat`) let a defender throw an attacker out of its hex only
from ``retreat_ratio`` (1.5:1) up; a thin army of low quality rarely gets there. What the rules do
give below those odds is losses: the defenders of the attacked hex lose men at a rate that grows
with the square root of the odds, tanks at their nation's multiple of it and readiness, while the
attackers lose men at a rate that falls as the odds rise. A *local counterattack* is therefore
worth making where the expected exchange, in combat power (the weapon values times each side's
quality), favours the side that makes it, and only against an enemy that is *exposed*, as the
rules see it:

* out of supply (its power times ``out_of_supply_factor``),
* worn out (readiness at or below ``weak_readiness``),
* caught in the open (hasty posture, not dug in: it has just advanced),
* isolated (no friendly unit next to it), or
* armour in poor tank country (``tank_effect`` at or below ``ambush_tank_country``: the tanks
  count for little in its defence and are lost at the nation's tank-loss multiple: the ambushes
  of the tank columns).

Nothing here adds to the odds: night and the weather count against the attacker as the rules say
(``night_attack``), guns in range add their support as in any attack. A unit cut off with no way
out (out of supply, in an enemy zone of control with no free neighbour) charges at any odds, as
the survivors of a surrounded regiment may.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.actions import Attack, Move
from ..core.rules import attack, combat, movement
from ..core.state import GameState
from ..core.units import Unit


@dataclass(frozen=True)
class Exchange:
    """What an attack is expected to cost each side, in combat power."""

    ratio: float
    inflicted: float  # the defenders' expected losses (men, tanks, guns) and readiness
    suffered: float  # the attackers' expected losses and readiness

    @property
    def net(self) -> float:
        return self.inflicted - self.suffered


def _cost_terms(state: GameState, u: Unit, fatigue: float, ground: int, worth: float = 1.0) -> _CostTerms:
    """What :func:`_cost` needs of ``u`` whatever the loss rate: its strengths, the tank loss
    multiple of ``ground``, its quality, what a readiness drop of ``fatigue`` costs, ``worth``."""
    rules = state.scenario.rules
    q = combat.quality_factor(state, u)
    drop = min(fatigue, max(0.0, u.readiness - rules.combat.min_readiness))
    tired = combat.raw_power(state, u, 1.0) * q * drop / u.readiness if u.readiness > 0 else 0.0
    return u.men, u.tanks, u.guns, combat.tank_loss_multiple(state, u.side, ground), q, tired, worth


_CostTerms = tuple[int, int, int, float, float, float, float]


def _cost(state: GameState, terms: _CostTerms, rate: float) -> float:
    """The combat power a unit (its :func:`_cost_terms`) is expected to lose to a loss rate
    ``rate`` and the terms' readiness drop, in a fight (as :func:`..core.rules.combat.inflict`,
    ``expected_loss`` and ``resolve`` take them), times the terms' worth."""
    rules = state.scenario.rules
    w = rules.weapons
    men, tanks, guns, multiple, q, tired, worth = terms
    lost = combat.losses_at(state, men, tanks, guns, multiple, min(max(rate, 0.0), 1.0))
    return ((lost[0] * w.man + lost[1] * w.tank + lost[2] * w.gun) * q + tired) * worth


def garrison_worth(state: GameState, u: Unit) -> float:
    """What a unit's combat power is worth to its side in its works: the fortification and
    entrenchment multipliers of the combat rules (1 for a unit in the open, not dug in), which a
    garrison loses a share of with every man and every bit of readiness it spends."""
    c = state.scenario.rules.combat
    fort = 1.0 + c.fortification_per_level * int(state.scenario.map.fort[u.hex])
    return fort * (1.0 + c.entrenchment_per_level * u.entrenchment)


def exchange(state: GameState, target: int, attackers: list[Unit], support: list[Unit]) -> Exchange:
    """The expected exchange of an attack on ``target`` (no dice drawn), as the defending side that
    makes it counts it: the enemy's losses at their combat power, its own times their
    :func:`garrison_worth`."""
    return _exchanges(state, target, attackers, support)[-1]


def _exchanges(state: GameState, target: int, ranked: Sequence[Unit], support: list[Unit]) -> list[Exchange]:
    """``exchange(state, target, list(ranked[:k]), support)`` for k = 1 .. len(ranked) (for an
    empty ``ranked``, the exchange of no attackers): each unit's terms worked out once."""
    fatigue = state.scenario.rules.combat.fatigue_per_attack
    rivers = [attack.over_river(state, target, ranked[:k]) for k in range(1, len(ranked) + 1)]
    defenders = [_cost_terms(state, d, fatigue / 2, target) for d in state.units_at(target)]
    if not ranked:
        return [_exchange(state, combat.odds(state, target, [], support, False), defenders, [])]
    costs = [_cost_terms(state, a, fatigue, target, garrison_worth(state, a)) for a in ranked]
    odds = combat.prefix_odds(state, target, ranked, support, rivers)
    return [_exchange(state, o, defenders, costs[:k]) for k, o in enumerate(odds, 1)]


def _exchange(state: GameState, o: combat.CombatOdds, defenders: list[_CostTerms], attackers: list[_CostTerms]) -> Exchange:
    inflicted = sum(_cost(state, d, o.defender_rate) for d in defenders)
    suffered = sum(_cost(state, a, o.attacker_rate) for a in attackers)
    return Exchange(o.ratio, inflicted, suffered)


def exposed(state: GameState, target: int, weak_readiness: float, ambush_tank_country: float) -> bool:
    """Whether the enemy in ``target`` is exposed to a local counterattack (see the module doc)."""
    defenders = state.units_at(target)
    if not defenders:
        return False
    side = defenders[0].side
    if any(not d.in_supply or d.readiness <= weak_readiness for d in defenders):
        return True
    if all(d.entrenchment == 0 and d.posture in ("hasty", "attack") for d in defenders):
        return True
    if any(d.tanks > 0 for d in defenders) and combat.tank_effect(state, target) <= ambush_tank_country:
        return True
    occ = state.occupancy
    return not any(occ.get(j) and occ[j][0].side == side for j in state.scenario.map.neighbor_lists[target])


def cornered(state: GameState, u: Unit) -> bool:
    """Cut off with no way out: out of supply, in an enemy zone of control, and no neighbour it
    could step to that is free of the enemy and of its zone of control."""
    if u.in_supply:
        return False
    zoc = movement.enemy_zoc(state, u.side)
    if u.hex not in zoc:
        return False
    for j in state.scenario.map.neighbor_lists[u.hex]:
        if j in zoc or state.side_at(j) not in (None, u.side):
            continue
        c = movement.step_cost(state, u, u.hex, j)
        if 0 <= c < float("inf"):
            return False
    return True


def best_group(
    state: GameState, target: int, group: Sequence[Unit], support: list[Unit], min_ratio: float, min_exchange: float,
) -> tuple[list[Unit], Exchange] | None:
    """Of the strongest-first prefixes of ``group``, the one with the largest expected net gain
    among those reaching ``min_ratio`` at an exchange of at least ``min_exchange``."""
    ranked = sorted(group, key=lambda u: (-combat.raw_power(state, u, 1.0) * combat.quality_factor(state, u), u.id))
    best: tuple[list[Unit], Exchange] | None = None
    for k, ex in enumerate(_exchanges(state, target, ranked, support) if ranked else [], 1):
        if ex.ratio < min_ratio or ex.inflicted < min_exchange * ex.suffered:
            continue
        if best is None or ex.net > best[1].net:
            best = (ranked[:k], ex)
    return best


def _attacks_over(state: GameState, u: Unit, a: int, b: int) -> bool:
    """Whether ``u``, standing in ``a``, could attack ``b`` over their edge (:func:`..core.rules.attack.crosses_to`)."""
    return movement.crossing_open(state, a, b) or state.scenario.rules.kinds[u.kind].can_assault_river


def approach(state: GameState, u: Unit, targets: Sequence[int]) -> tuple[int, Move] | None:
    """A move for ``u`` (a reserve) to a hex next to one of ``targets`` from which it may attack
    it, ending the move there (the enemy's zone of control stops it anyway): the target and the
    move, the nearest target first."""
    reach = movement.reachable(state, u)
    nbrs = state.scenario.map.neighbor_lists
    for t in targets:
        spots = sorted((reach[j][0], j) for j in nbrs[t] if j in reach and _attacks_over(state, u, j, t))
        if spots:
            return t, Move(u.id, movement.path_to(reach, u.hex, spots[0][1]))
    return None


def plan_local_attack(
    state: GameState, target: int, group: list[Unit], support: list[Unit], min_ratio: float, min_exchange: float,
) -> Attack | None:
    chosen = best_group(state, target, group, support, min_ratio, min_exchange)
    if chosen is None:
        return None
    return Attack(target, tuple(u.id for u in chosen[0]), tuple(u.id for u in support))


__all__ = ["Exchange", "approach", "best_group", "cornered", "exchange", "exposed", "plan_local_attack"]
