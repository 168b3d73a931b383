"""What an attack is expected to bring, integrated over the dice without drawing any: the
chances of each outcome and the average losses (for previews and the battle log)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..units import Unit
from .combat import CombatOdds, advance_chances, armoured, retreat_shares, tank_loss_multiple

if TYPE_CHECKING:
    from ..state import GameState


def outcome_chances(state: GameState, o: CombatOdds, target: int, attackers: list[Unit], points: int = 48) -> tuple[float, float, float]:
    """Chances (hold, retreat, rout) of an attack, integrated over the ratio's noise without
    drawing anything (for previews)."""
    c = state.scenario.rules.combat
    chance = advance_chances(state, target, armoured(state, attackers, target), o.river_assault)
    hold = back = rout = 0.0
    for e in _noise_factors(c.ratio_noise_sigma, points):  # exp(sigma * z), worked out once
        r = o.ratio * e
        p = chance(r)
        if r >= c.rout_ratio:
            rout += p
        else:
            back += p
        hold += 1.0 - p
    return (hold / points, back / points, rout / points)


@dataclass(frozen=True)
class ExpectedLosses:
    """What an attack costs each side on average, before any dice: (men, tanks, guns), the
    defenders' with what falling back or routing costs them, and the chance of each outcome."""

    attackers: tuple[float, float, float]
    defenders: tuple[float, float, float]
    defenders_in_fight: tuple[float, float, float]
    hold: float
    retreat: float
    rout: float


def noise_factors(sigma: float, points: int = 24) -> list[float]:
    """Equal-chance values of a lognormal(0, ``sigma``) factor (for averaging over it)."""
    return list(_noise_factors(sigma, points))


@functools.lru_cache(maxsize=64)
def _noise_factors(sigma: float, points: int) -> tuple[float, ...]:
    return tuple(math.exp(sigma * z) for z in _normal_points(points))


@functools.lru_cache(maxsize=16)
def _normal_points(points: int) -> tuple[float, ...]:
    """Equal-chance values of a standard normal variable, ``points`` of them (worked out once)."""
    return tuple(float(np.sqrt(2.0) * _erfinv(2.0 * (k + 0.5) / points - 1.0)) for k in range(points))


def expected_losses(state: GameState, o: CombatOdds, target: int, attackers: list[Unit]) -> ExpectedLosses:
    """The average of what :func:`resolve` and the retreat that may follow take (a unit trapped
    or broken up afterwards is not foreseen), from the odds ``o``, over each side's loss noise."""
    c = state.scenario.rules.combat
    factors = _noise_factors(c.noise_sigma, 24)
    n = len(factors)
    hold, back, rout = outcome_chances(state, o, target, attackers)
    # What does not change with the noise factor is taken once: each attacker's strengths and tank
    # loss multiple in ``target``, each defender's, and the rates falling back or routing takes
    # from it. The sums are those of :func:`expected_loss` per unit and factor, in the same order
    # (attackers, then each defender's fight, fall back and rout): the very same floats.
    glr = c.gun_loss_ratio
    att_terms = [(u.men, u.tanks, u.guns, tank_loss_multiple(state, u.side, target)) for u in attackers]
    def_terms = []
    for u in state.units_at(target):
        multiple = tank_loss_multiple(state, u.side, u.hex)
        falls = []
        for chance, routed in ((back, False), (rout, True)):
            gun_share, rate, _ = retreat_shares(state, u, routed)
            r = min(max(rate, 0.0), 1.0)
            falls.append((chance, 1.0 - gun_share, r, min(1.0, r * multiple), min(1.0, r * glr)))
        def_terms.append((u.men, u.tanks, u.guns, multiple, falls))
    a0 = a1 = a2 = f0 = f1 = f2 = t0 = t1 = t2 = 0.0
    for f in factors:
        rate = min(max(o.attacker_rate * f, 0.0), 1.0)
        gun_rate = min(1.0, rate * glr)
        for men, tanks, guns, multiple in att_terms:
            a0 += men * rate / n
            a1 += tanks * min(1.0, rate * multiple) / n
            a2 += guns * gun_rate / n
        rate = min(max(o.defender_rate * f, 0.0), 1.0)
        gun_rate = min(1.0, rate * glr)
        for men, tanks, guns, multiple, falls in def_terms:
            lost0, lost1, lost2 = men * rate, tanks * min(1.0, rate * multiple), guns * gun_rate
            left0, left1, left2 = men - lost0, tanks - lost1, guns - lost2
            f0 += lost0 / n
            t0 += lost0 / n
            f1 += lost1 / n
            t1 += lost1 / n
            f2 += lost2 / n
            t2 += lost2 / n
            for chance, kept, r, tank_rate, gun_r in falls:
                guns_left = left2 * kept
                t0 += chance * (left0 * r + 0.0) / n
                t1 += chance * (left1 * tank_rate + 0.0) / n
                t2 += chance * (guns_left * gun_r + (left2 - guns_left)) / n
    return ExpectedLosses((a0, a1, a2), (t0, t1, t2), (f0, f1, f2), hold, back, rout)


def _erfinv(y: float) -> float:
    """Inverse error function (Newton's method on math.erf; |y| < 1)."""
    y = min(max(y, -0.999999), 0.999999)
    x = 0.0
    for _ in range(50):
        err = math.erf(x) - y
        x -= err / (2.0 / math.sqrt(math.pi) * math.exp(-x * x))
        if abs(err) < 1e-12:
            break
    return x


__all__ = ["ExpectedLosses", "expected_losses", "noise_factors", "outcome_chances"]
