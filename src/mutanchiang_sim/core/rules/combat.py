"""Combat: QJM/TNDM-style combat power turned into losses and a retreat/advance outcome.

Combat power of a unit (after Dupuy: P = N x V x Q)::

    P = (men*man + tanks*tank*tank_eff + guns*gun + vehicles*vehicle)
        x nation quality x unit quality x side modifier x readiness x supply

The defender's power is multiplied by terrain defence, posture, fortification and
entrenchment; the attacker's by weather, night, river assault and combined arms. The ratio
``R = P_att / P_def`` sets:

* casualty rates per 6-hour turn: the daily base rates (attacker 2.8%, defender 1.5%) / 4,
  x the side's attrition scale (Dupuy doubles them for these armies), x force-size factor,
  x terrain casualty factor; the attacker's x a falling function of R, the defender's x R**k;
  each draw x a lognormal noise;
* killed vs wounded by the side's killed fraction (a binomial draw); tanks lost at a multiple of
  the personnel rate; guns at another;
* the outcome from Dupuy's advance rates: the drawn ratio R' (R times a lognormal noise) gives
  the km a day an attacker gains against a prepared defence (infantry) or a hasty one (armour);
  scaled to one turn, by the terrain's and the weather's mobility, a river (x0.55) and night,
  and divided by the hex's width, it is the chance that the defenders must give up their hex.
  Below ``retreat_ratio`` they always hold; from ``rout_ratio`` a forced retreat is a rout.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..units import Unit

if TYPE_CHECKING:
    from ..state import GameState


def interpolate(points: list[tuple[float, float]], x: float, log_x: bool = False) -> float:
    """Piecewise-linear interpolation through ``points`` (clamped at both ends).

    >>> interpolate([(1.0, 0.95), (2.0, 0.75)], 1.5)
    0.85
    """
    x0, y0 = points[0]
    if x <= x0:
        return y0
    if x >= points[-1][0]:
        return points[-1][1]
    for x1, y1 in points:  # (the first pair is the first point with itself: x0 < x, so never taken)
        if x0 <= x <= x1:
            if log_x:
                t = (math.log(x) - math.log(x0)) / (math.log(x1) - math.log(x0))
            else:
                t = (x - x0) / (x1 - x0)
            return round(y0 + (y1 - y0) * t, 12)
        x0, y0 = x1, y1
    return points[-1][1]


def quality_factor(state: GameState, u: Unit) -> float:
    rules = state.scenario.rules
    q = rules.nations[u.side].quality * u.quality * state.quality_mod[u.side] * u.readiness
    if not u.in_supply:
        q *= rules.combat.out_of_supply_factor
    return q


def raw_power(state: GameState, u: Unit, tank_eff: float) -> float:
    w = state.scenario.rules.weapons
    return u.men * w.man + u.tanks * w.tank * tank_eff + u.guns * w.gun + u.vehicles * w.vehicle


def tank_effect(state: GameState, hex_index: int) -> float:
    """The terrain's tank factor times the weather's (the product kept per terrain kind and turn)."""
    t = state.turn_terms
    if t[0] != state.turn or t[1] is not state.scenario:
        t = turn_terms(state)
    return t[2][state.scenario.map.terrain_flat[hex_index]]


def turn_terms(state: GameState) -> tuple[int, object, tuple[float, ...], float, bool]:
    """What this turn's weather and light do to a fight (``GameState.turn_terms``), worked out
    again when the turn (or the scenario) has changed."""
    t = state.turn_terms
    sc = state.scenario
    if t[0] != state.turn or t[1] is not sc:
        w = sc.rules.weather[state.weather]
        t = state.turn_terms = (state.turn, sc, tuple(r.tank * w.tank for r in sc.map.terrain_rules), w.attack, state.night)
    return t


def defence_factors(state: GameState, u: Unit) -> list[tuple[str, float]]:
    """What multiplies a defender's power, named: terrain, posture, fortification, dug-in."""
    rules = state.scenario.rules
    c = rules.combat
    terrain = state.scenario.map.terrain_rule(u.hex)
    level = int(state.scenario.map.fort[u.hex])
    return [
        (f"terrain ({terrain.name})", terrain.defence),
        (f"posture ({u.posture})", getattr(rules.posture, u.posture, 1.0)),
        (f"fortification level {level}", 1.0 + c.fortification_per_level * level),
        (f"dug in {u.entrenchment}", 1.0 + c.entrenchment_per_level * u.entrenchment),
    ]


def defence_multiplier(state: GameState, u: Unit) -> float:
    """The product of :func:`defence_factors`, in their order (without naming them)."""
    rules = state.scenario.rules
    c = rules.combat
    m = state.scenario.map
    level = int(m.fort[u.hex])
    f = 1.0
    f *= m.terrain_rule(u.hex).defence
    f *= getattr(rules.posture, u.posture, 1.0)
    f *= 1.0 + c.fortification_per_level * level
    f *= 1.0 + c.entrenchment_per_level * u.entrenchment
    return f


def attack_factors(state: GameState, river: bool) -> list[tuple[str, float]]:
    """What multiplies the attackers' power, named (combined arms aside: see :func:`odds`)."""
    rules = state.scenario.rules
    c = rules.combat
    out = [(f"weather ({rules.weather[state.weather].name})", rules.weather[state.weather].attack)]
    if state.night:
        out.append(("night", c.night_attack))
    if river:
        out.append(("river assault", c.river_assault_factor))
    return out


def _attack_multiplier(state: GameState, river: bool) -> float:
    """The product of :func:`attack_factors`, in their order (without naming them)."""
    c = state.scenario.rules.combat
    t = state.turn_terms
    if t[0] != state.turn or t[1] is not state.scenario:
        t = turn_terms(state)
    mult = 1.0
    mult *= t[3]  # the weather's attack factor
    if t[4]:  # night
        mult *= c.night_attack
    if river:
        mult *= c.river_assault_factor
    return mult


@dataclass
class CombatOdds:
    """The numbers behind an attack before any dice: what the UI previews."""

    attack_power: float
    defence_power: float
    ratio: float
    river_assault: bool
    combined_arms: bool
    attacker_rate: float  # expected share of attacking men lost
    defender_rate: float
    expected_attacker_losses: int
    expected_defender_losses: int


def _side_rate(state: GameState, side: str, daily: float, men: int, hex_index: int) -> float:
    rules = state.scenario.rules
    c = rules.combat
    nation = rules.nations[side]
    size = interpolate(c.size_scale, max(men, 1), log_x=True)
    terrain = state.scenario.map.terrain_rule(hex_index).casualty
    return daily / c.turns_per_day * nation.attrition_scale * size * terrain


@dataclass
class _Terms:
    """The parts of an attack's power ratio that do not depend on the supporting guns."""

    att: float  # the attackers' power before multipliers
    men: bool  # arms the attackers bring (combined arms: men, tanks and guns)
    tanks: bool
    guns: bool
    mult: float  # weather, night and river (combined arms is added with the support)
    deff: float  # the defenders' power


def _terms(state: GameState, target: int, attackers: list[Unit], river: bool) -> _Terms:
    rules = state.scenario.rules
    teff = tank_effect(state, target)
    # While a computer player thinks (``state.think_memo``), each attacker's power and the
    # defenders' are worked out once, and summed in the same order: the very same floats.
    memo = state.think_memo
    att = sum(_power(state, memo, u, teff) for u in attackers)
    men = tanks = guns = False
    for u in attackers:
        men |= u.men > 0 and not rules.kinds[u.kind].artillery
        tanks |= u.tanks > 0
        guns |= u.guns > 0
    mult = _attack_multiplier(state, river)
    return _Terms(att, men, tanks, guns, mult, _defence_power(state, memo, target, teff))


def _defence_power(state: GameState, memo: dict[object, Any] | None, target: int, teff: float) -> float:
    """The defenders' power in ``target`` at its tank effect ``teff`` (kept in ``memo``, if any)."""
    deff = memo.get(target) if memo is not None else None
    if deff is None:  # every defender stands in ``target``: its tank effect is ``teff``
        deff = sum(raw_power(state, u, teff) * quality_factor(state, u) * defence_multiplier(state, u) for u in state.units_at(target))
        if memo is not None:
            memo[target] = deff
    return deff


def _power(state: GameState, memo: dict[object, Any] | None, u: Unit, teff: float) -> float:
    """``u``'s power before multipliers at tank effect ``teff`` (kept in ``memo``, if any)."""
    if memo is None:
        return raw_power(state, u, teff) * quality_factor(state, u)
    p: float | None = memo.get((u.id, teff))
    if p is None:
        p = memo[(u.id, teff)] = raw_power(state, u, teff) * quality_factor(state, u)
    return p


def _support_power(state: GameState, u: Unit) -> float:
    rules = state.scenario.rules
    return u.guns * rules.weapons.gun * rules.combat.support_share * quality_factor(state, u)


def _attack_power(state: GameState, t: _Terms, support_sum: float, with_support: bool) -> tuple[float, bool]:
    """The attackers' power with the guns' (``support_sum``) and whether it is combined arms."""
    combined = t.men and t.tanks and (with_support or t.guns)
    mult = t.mult
    if combined:
        mult *= state.scenario.rules.combat.combined_arms_bonus
    return (t.att + support_sum) * mult, combined


def attack_ratios(state: GameState, target: int, attackers: list[Unit], support: list[Unit], river: bool) -> list[float]:
    """``odds(state, target, attackers, support[:k], river).ratio`` for k = 0 .. len(support),
    the same floats for a fraction of the work (for players weighing how many guns to add)."""
    t = _terms(state, target, attackers, river)
    out = []
    s: float = 0  # summed as sum() does
    for k in range(len(support) + 1):
        if k:
            s = s + _support_power(state, support[k - 1])
        att = _attack_power(state, t, s, k > 0)[0]
        out.append(att / t.deff if t.deff > 0 else 99.0)
    return out


def odds(state: GameState, target: int, attackers: list[Unit], support: list[Unit], river: bool) -> CombatOdds:
    t = _terms(state, target, attackers, river)
    support_sum = sum(_support_power(state, u) for u in support)
    a_side = attackers[0].side if attackers else None
    return odds_of(state, target, t, support_sum, bool(support), river, sum(u.men for u in attackers), a_side)


def odds_of(state: GameState, target: int, t: _Terms, support_sum: float, with_support: bool, river: bool,
            att_men: int, a_side: str | None) -> CombatOdds:
    """:func:`odds` from its parts: the attackers' terms, the guns' summed power, the attackers'
    men and side (None: nobody attacks)."""
    c = state.scenario.rules.combat
    defenders = state.units_at(target)
    att, combined = _attack_power(state, t, support_sum, with_support)
    deff = t.deff
    ratio = att / deff if deff > 0 else 99.0
    def_men = sum(u.men for u in defenders)
    first, second = state.scenario.side_ids  # (rates of a side with nobody in it: any will do)
    d_side = defenders[0].side if defenders else second
    a_rate = _side_rate(state, first if a_side is None else a_side, c.attacker_daily_rate, att_men, target) * interpolate(
        c.attacker_ratio_scale, ratio
    )
    d_rate = _side_rate(state, d_side, c.defender_daily_rate, def_men, target) * min(ratio, 10.0) ** c.defender_ratio_exponent
    a_rate = min(a_rate, 0.9)
    d_rate = min(d_rate, 0.9)
    return CombatOdds(
        attack_power=att,
        defence_power=deff,
        ratio=ratio,
        river_assault=river,
        combined_arms=combined,
        attacker_rate=a_rate,
        defender_rate=d_rate,
        expected_attacker_losses=round(att_men * a_rate),
        expected_defender_losses=round(def_men * d_rate),
    )


def prefix_odds(state: GameState, target: int, attackers: Sequence[Unit], support: list[Unit],
                rivers: Iterable[bool]) -> Iterator[CombatOdds]:
    """``odds(state, target, list(attackers[:k]), support, river_k)`` for k = 1, 2, ..., with
    ``river_k`` the k-th of ``rivers``: the very same floats, each attacker's power, the guns' and
    the defenders' worked out once and the prefixes summed one after another, as sum() adds."""
    rules = state.scenario.rules
    teff = tank_effect(state, target)
    memo = state.think_memo
    support_sum = sum(_support_power(state, u) for u in support)
    deff = _defence_power(state, memo, target, teff)
    att: float = 0
    att_men = 0
    men = tanks = guns = False
    for u, river in zip(attackers, rivers, strict=False):
        att = att + _power(state, memo, u, teff)
        att_men = att_men + u.men
        men |= u.men > 0 and not rules.kinds[u.kind].artillery
        tanks |= u.tanks > 0
        guns |= u.guns > 0
        t = _Terms(att, men, tanks, guns, _attack_multiplier(state, river), deff)
        yield odds_of(state, target, t, support_sum, bool(support), river, att_men, attackers[0].side)


def armoured(state: GameState, attackers: list[Unit], target: int) -> bool:
    """An armoured attack: tanks give at least ``armour_share`` of the attackers' raw power."""
    teff = tank_effect(state, target)
    w = state.scenario.rules.weapons
    total = sum(raw_power(state, u, teff) for u in attackers)
    tanks = sum(u.tanks * w.tank * teff for u in attackers)
    return total > 0 and tanks / total >= state.scenario.rules.combat.armour_share


def advance_chance(state: GameState, drawn_ratio: float, target: int, armour: bool, river: bool) -> float:
    """Chance that the defenders of ``target`` must give up their hex this turn (see module doc)."""
    return advance_chances(state, target, armour, river)(drawn_ratio)


def advance_chances(state: GameState, target: int, armour: bool, river: bool) -> Callable[[float], float]:
    """:func:`advance_chance` at ``target`` as a function of the drawn ratio, the rest looked up
    once (for averaging over the ratio's noise); the same floats."""
    rules = state.scenario.rules
    c = rules.combat
    retreat_ratio, scale, per_day, hex_km = c.retreat_ratio, c.advance_scale, c.turns_per_day, state.scenario.map.hex_km
    table = c.advance_armour if armour else c.advance_infantry
    ground = state.scenario.map.terrain_rule(target).mobility * rules.weather[state.weather].mobility
    river_f = c.river_advance_factor if river else None
    night_f = rules.movement.night_movement if state.night else None

    def chance(drawn_ratio: float) -> float:
        if drawn_ratio < retreat_ratio:
            return 0.0
        km = interpolate(table, drawn_ratio) * scale
        km *= ground
        if river_f is not None:
            km *= river_f
        if night_f is not None:
            km *= night_f
        return min(1.0, km / per_day / hex_km)

    return chance


@dataclass
class Losses:
    killed: int = 0
    wounded: int = 0
    captured: int = 0
    tanks: int = 0
    guns: int = 0

    @property
    def men(self) -> int:
        return self.killed + self.wounded + self.captured


@dataclass
class CombatResult:
    odds: CombatOdds
    drawn_ratio: float
    outcome: str  # hold, retreat, rout
    losses: dict[str, Losses] = field(default_factory=dict)


def tank_loss_multiple(state: GameState, side: str, ground: int) -> float:
    """How many times the men's loss rate ``side``'s tanks are lost at in a fight in hex
    ``ground``: the nation's ``tank_loss_ratio`` (its tanks on open ground, where they fight at
    stand-off range) times the terrain's tank factor to the power ``-tank_loss_terrain_exponent``
    (in woods, hills and towns they meet anti-tank guns and tank-hunting parties at close range)."""
    rules = state.scenario.rules
    k = rules.combat.tank_loss_terrain_exponent
    ratio = rules.nations[side].tank_loss_ratio
    if k == 0.0:
        return ratio
    factor: float = max(state.scenario.map.terrain_rule(ground).tank, 0.1) ** -k
    return ratio * factor


def inflict(state: GameState, u: Unit, rate: float, rng: np.random.Generator, captured_share: float = 0.0,
            ground: int | None = None) -> Losses:
    """Take ``rate`` of the unit's men (and tanks and guns at their multiples) as losses, in a
    fight in hex ``ground`` (by default the unit's own)."""
    rules = state.scenario.rules
    nation = rules.nations[u.side]
    c = rules.combat
    rate = min(max(rate, 0.0), 1.0)
    lost = min(u.men, int(rng.binomial(u.men, rate)) if u.men > 0 else 0)
    captured = int(round(lost * captured_share))
    killed = int(rng.binomial(lost - captured, nation.killed_fraction)) if lost > captured else 0
    wounded = lost - captured - killed
    if u.tanks > 0:
        multiple = tank_loss_multiple(state, u.side, u.hex if ground is None else ground)
        tanks = int(rng.binomial(u.tanks, min(1.0, rate * multiple)))
    else:
        tanks = 0
    guns = int(rng.binomial(u.guns, min(1.0, rate * c.gun_loss_ratio))) if u.guns > 0 else 0
    losses = Losses(killed, wounded, captured, tanks, guns)
    apply_losses(u, losses)  # (which keeps no hold of it)
    return losses


def expected_loss(state: GameState, u: Unit, rate: float, men: float | None = None,
                  tanks: float | None = None, guns: float | None = None,
                  ground: int | None = None) -> tuple[float, float, float]:
    """The (men, tanks, guns) that :func:`inflict` takes on average at ``rate`` from a unit with
    ``u``'s nation (and ``men``/``tanks``/``guns``, by default the unit's own) in a fight in
    ``ground`` (by default its own hex)."""
    rate = min(max(rate, 0.0), 1.0)
    men = u.men if men is None else men
    tanks = u.tanks if tanks is None else tanks
    guns = u.guns if guns is None else guns
    multiple = tank_loss_multiple(state, u.side, u.hex if ground is None else ground)
    return losses_at(state, men, tanks, guns, multiple, rate)


def losses_at(state: GameState, men: float, tanks: float, guns: float, multiple: float, rate: float) -> tuple[float, float, float]:
    """:func:`expected_loss` of ``men``, ``tanks`` and ``guns`` at a loss rate ``rate`` already
    within 0..1, with the tank loss ``multiple`` (:func:`tank_loss_multiple`) worked out."""
    return (men * rate, tanks * min(1.0, rate * multiple),
            guns * min(1.0, rate * state.scenario.rules.combat.gun_loss_ratio))


def retreat_shares(state: GameState, u: Unit, rout: bool) -> tuple[float, float, float]:
    """What a unit forced out of its hex loses on the way: (share of its guns left behind, the
    rate :func:`inflict` takes, the share of those men taken prisoner)."""
    c = state.scenario.rules.combat
    surrender = state.scenario.rules.nations[u.side].surrender_share
    guns = c.gun_loss_on_retreat * (2 if rout else 1)
    if rout:
        return guns, c.rout_extra_loss, surrender
    return guns, c.retreat_extra_loss, surrender / 3


def retreat_losses(state: GameState, u: Unit, rout: bool, rng: np.random.Generator) -> Losses:
    """Draw and take what ``u`` loses falling back (or routing) from its hex."""
    gun_share, rate, captured_share = retreat_shares(state, u, rout)
    lost = Losses()
    if u.guns > 0:
        lost.guns = int(rng.binomial(u.guns, gun_share))
        apply_losses(u, Losses(guns=lost.guns))
    if rout or rate > 0:  # (a rout always draws, as it always has)
        more = inflict(state, u, rate, rng, captured_share=captured_share)
        lost = Losses(more.killed, more.wounded, more.captured, more.tanks, lost.guns + more.guns)
    return lost


def apply_losses(u: Unit, loss: Losses) -> None:
    u.men -= loss.men
    u.killed += loss.killed
    u.wounded += loss.wounded
    u.captured += loss.captured
    u.tanks -= loss.tanks
    u.tanks_lost += loss.tanks
    u.tanks_destroyed_total += loss.tanks
    u.tanks_repairable += loss.tanks
    u.guns -= loss.guns
    u.guns_lost += loss.guns


def resolve(
    state: GameState,
    target: int,
    attackers: list[Unit],
    support: list[Unit],
    river: bool,
    rng: np.random.Generator,
) -> CombatResult:
    """Draw losses and the outcome of one attack. Changes only unit strengths and readiness;
    the engine carries out retreats and advances."""
    c = state.scenario.rules.combat
    o = odds(state, target, attackers, support, river)
    defenders = list(state.units_at(target))
    result = CombatResult(odds=o, drawn_ratio=o.ratio, outcome="hold")
    noise_a = float(rng.lognormal(0.0, c.noise_sigma))
    noise_d = float(rng.lognormal(0.0, c.noise_sigma))
    drawn = o.ratio * float(rng.lognormal(0.0, c.ratio_noise_sigma))
    result.drawn_ratio = drawn
    for u in attackers:
        result.losses[u.id] = inflict(state, u, o.attacker_rate * noise_a, rng, ground=target)
        u.readiness = max(c.min_readiness, u.readiness - c.fatigue_per_attack)
    p_give_way = advance_chance(state, drawn, target, armoured(state, attackers, target), river)
    if p_give_way > 0.0 and float(rng.random()) < p_give_way:
        result.outcome = "rout" if drawn >= c.rout_ratio else "retreat"
    for u in defenders:
        result.losses[u.id] = inflict(state, u, o.defender_rate * noise_d, rng)
        u.readiness = max(c.min_readiness, u.readiness - c.fatigue_per_attack / 2)
    return result
