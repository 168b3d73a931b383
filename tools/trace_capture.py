"""When the city falls, and what leads up to it, over a batch of doctrine battles.

    python tools/trace_capture.py SCENARIO RUNS SEED

The same environment as ``tools/measure_doctrine.py`` (``SCALE=side=k``, ``TANKS=side=k``,
``JAI``). Prints, as turn histograms (99: never): the capture; each order's first turn; the
first turn a unit of each of the attacker's formations stands within 1 and 3 hexes of the city;
and, over the attacker's attacks, the share of its raw power that its tanks gave (at the
attacked hex's tank factor), the share of armoured attacks, the odds and the outcomes. Written
for the held direction "fewer tanks delay the capture" (docs/calibration.md).
"""

from __future__ import annotations

import collections
import multiprocessing as mp
import statistics
import sys
from typing import Any

import measure_doctrine as md

from mutanchiang_sim.ai import default_policies
from mutanchiang_sim.core.rng import run_seed
from mutanchiang_sim.core.rules import combat
from mutanchiang_sim.sim.run import play_game

_ATTACKS: list[tuple[str, float, bool, float, str]] = []
_resolve = combat.resolve


def _resolve_traced(state: Any, target: int, attackers: list[Any], support: list[Any], river: bool, rng: Any) -> Any:
    teff = combat.tank_effect(state, target)
    w = state.scenario.rules.weapons
    total = sum(combat.raw_power(state, u, teff) for u in attackers)
    tanks = sum(u.tanks * w.tank * teff for u in attackers)
    armour = combat.armoured(state, attackers, target)
    res = _resolve(state, target, attackers, support, river, rng)
    _ATTACKS.append((attackers[0].side, res.odds.ratio, armour, tanks / total if total else 0.0, res.outcome))
    return res


def _one(i: int) -> tuple[dict[str, int], int, dict[str, int], list[tuple[str, float, bool, float, str]]]:
    sc = md._SC
    assert sc is not None
    combat.resolve = _resolve_traced
    _ATTACKS.clear()
    m = sc.map
    city = m.place_named(sc.city).hexes if sc.city else ()
    attacker = next(iter(sc.sides))
    first: dict[str, int] = {}

    def on_turn(st: Any, t: int) -> None:
        for u in st.active_units(attacker):
            d = min((m.tables.distance(u.hex, c) for c in city), default=99)
            for r in (1, 3):
                if d <= r:
                    first.setdefault(f"within {r}: {u.formation}", t)

    res = play_game(sc, run_seed(md._SEED, i), default_policies(sc, md._NAMES), on_turn=on_turn)
    st = res.state
    return dict(st.order_turns), st.city_captured_turn, first, [a for a in _ATTACKS if a[0] == attacker]


def _hist(values: list[int]) -> str:
    return " ".join(f"{k}:{v}" for k, v in sorted(collections.Counter(values).items()))


def main() -> None:
    path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with mp.Pool(2, md._init, (path, {}, seed)) as pool:
        out = pool.map(_one, range(n))
    cap = [o[1] if o[1] >= 0 else 99 for o in out]
    print(f"n={n} captured={sum(c < 99 for c in cap) / n:.3f} p50 (held=99)={statistics.median(cap)}")
    print("  capture:", _hist(cap))
    for key in sorted({k for o in out for k in o[0]}):
        print(f"  order {key}:", _hist([o[0].get(key, 99) for o in out]))
    for key in sorted({k for o in out for k in o[2]}):
        v = [o[2].get(key, 99) for o in out]
        print(f"  {key}: p50={statistics.median(v)}", _hist(v))
    att = [a for o in out for a in o[3]]
    if att:
        bands = collections.Counter("<1.5" if a[1] < 1.5 else "<3" if a[1] < 3 else "<8" if a[1] < 8 else ">=8" for a in att)
        print(f"attacks a battle={len(att) / n:.1f} tanks' share of the attack power={statistics.mean(a[3] for a in att):.3f} "
              f"armoured={sum(a[2] for a in att) / len(att):.3f} p50 odds={statistics.median(a[1] for a in att):.2f}")
        print("  odds:", {k: round(v / n, 1) for k, v in sorted(bands.items())},
              "outcomes:", {k: round(v / n, 1) for k, v in sorted(collections.Counter(a[4] for a in att).items())})


if __name__ == "__main__":
    main()
