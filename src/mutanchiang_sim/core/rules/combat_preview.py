"""What an attack is expected to bring, integrated over the dice without drawing any: the
chances of each outcome and the average losses (for previews and the battle log)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..units import Unit
from .combat import CombatOdds, advance_chance, armoured, expected_loss, retreat_shares

if TYPE_CHECKING:
    from ..state import GameState


def outcome_chances(state: GameState, o: CombatOdds, target: int, attackers: list[Unit], points: int = 48) -> tuple[float, float, float]:
    """Chances (hold, retreat, rout) of an attack, integrated over the ratio's noise without
    drawing anything (for previews)."""
    c = state.scenario.rules.combat
    armour = armoured(state, attackers, target)
    hold = back = rout = 0.0
    for k in range(points):
        z = float(np.sqrt(2.0) * _erfinv(2.0 * (k + 0.5) / points - 1.0))
        r = o.ratio * math.exp(c.ratio_noise_sigma * z)
        p = advance_chance(state, r, target, armour, o.river_assault)
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
    return [math.exp(sigma * float(np.sqrt(2.0) * _erfinv(2.0 * (k + 0.5) / points - 1.0))) for k in range(points)]


def expected_losses(state: GameState, o: CombatOdds, target: int, attackers: list[Unit]) -> ExpectedLosses:
    """The average of what :func:`resolve` and the retreat that may follow take (a unit trapped
    or broken up afterwards is not foreseen), from the odds ``o``, over each side's loss noise."""
    c = state.scenario.rules.combat
    factors = noise_factors(c.noise_sigma)
    n = len(factors)
    hold, back, rout = outcome_chances(state, o, target, attackers)
    att = [0.0, 0.0, 0.0]
    fight = [0.0, 0.0, 0.0]
    total = [0.0, 0.0, 0.0]
    defenders = state.units_at(target)
    for f in factors:
        for u in attackers:
            for k, x in enumerate(expected_loss(state, u, o.attacker_rate * f, ground=target)):
                att[k] += x / n
        for u in defenders:
            lost = expected_loss(state, u, o.defender_rate * f)
            left = (u.men - lost[0], u.tanks - lost[1], u.guns - lost[2])
            for k in range(3):
                fight[k] += lost[k] / n
                total[k] += lost[k] / n
            for chance, routed in ((back, False), (rout, True)):
                gun_share, rate, _ = retreat_shares(state, u, routed)
                guns_left = left[2] * (1.0 - gun_share)
                more = expected_loss(state, u, rate, left[0], left[1], guns_left)
                for k in range(3):
                    total[k] += chance * (more[k] + (left[2] - guns_left if k == 2 else 0.0)) / n
    return ExpectedLosses((att[0], att[1], att[2]), (total[0], total[1], total[2]), (fight[0], fight[1], fight[2]),
                          hold, back, rout)


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
