"""Attacks, exits and outcomes of a batch of doctrine battles (docs/calibration.md, issue #12).

    python tools/measure_doctrine.py SCENARIO RUNS SEED [SIDE=POLICY ...]

Environment (for the held directions): ``JAI='{"key": value}'`` overrides the defender's ``ai``
parameters; ``SCALE=side=k`` multiplies a side's men, tanks, guns and vehicles by ``k``;
``TANKS=side=k`` its tanks only. Counts the ``attack`` and ``exit`` actions by side, which the
run record does not hold on this branch.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import multiprocessing as mp
import os
import statistics
import sys
from typing import Any

from mutanchiang_sim.ai import default_policies
from mutanchiang_sim.core.rng import run_seed
from mutanchiang_sim.core.scenario_def import Scenario
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.run import play_game, run_record

_SC: Scenario | None = None
_NAMES: dict[str, str] = {}
_SEED = 0


def _scaled(sc: Scenario, spec: str, tanks_only: bool) -> Scenario:
    side, k = spec.split("=")
    units = []
    for u in sc.units:
        if u.side == side:
            u = copy.copy(u)
            u.tanks = int(u.tanks * float(k))
            u.tanks_start = u.tanks
            if not tanks_only:
                u.men, u.guns, u.vehicles = int(u.men * float(k)), int(u.guns * float(k)), int(u.vehicles * float(k))
                u.men_start, u.guns_start = u.men, u.guns
        units.append(u)
    return dataclasses.replace(sc, units=tuple(units))


def _init(path: str, names: dict[str, str], seed: int) -> None:
    global _SC, _NAMES, _SEED
    sc = load_scenario(path)
    if os.environ.get("JAI"):
        ai = dict(sc.ai)
        ai["japan"] = {**ai.get("japan", {}), **json.loads(os.environ["JAI"])}
        sc = dataclasses.replace(sc, ai=ai)
    if os.environ.get("SCALE"):
        sc = _scaled(sc, os.environ["SCALE"], tanks_only=False)
    if os.environ.get("TANKS"):
        sc = _scaled(sc, os.environ["TANKS"], tanks_only=True)
    _SC, _NAMES, _SEED = sc, names, seed


def _one(i: int) -> tuple[dict[str, int], int, dict[str, Any]]:
    assert _SC is not None
    seed = run_seed(_SEED, i)
    res = play_game(_SC, seed, default_policies(_SC, _NAMES), record=True)
    side_of = {u.id: u.side for u in res.state.units}
    attacks = {side: 0 for side in _SC.sides}
    for a in res.actions:
        if a["type"] == "attack":
            attacks[side_of[a["attackers"][0]]] += 1
    exits = sum(1 for a in res.actions if a["type"] == "exit")
    return attacks, exits, run_record(res.state, seed)


def main() -> None:
    path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    names = dict(kv.split("=") for kv in sys.argv[4:])
    with mp.Pool(2, _init, (path, names, seed)) as pool:
        out = pool.map(_one, range(n))
    ja = [o[0]["japan"] for o in out]
    ex = [o[1] for o in out]
    recs = [o[2] for o in out]
    cap = sorted(r["city_captured_turn"] for r in recs if r["city_captured"])
    print(f"n={n} japan attacks median={statistics.median(ja)} mean={statistics.mean(ja):.1f} "
          f"share>0={sum(a > 0 for a in ja) / n:.2f}")
    print(f"soviet attacks median={statistics.median(o[0]['soviet'] for o in out)}  exits median={statistics.median(ex)} "
          f"share_exits>0={sum(e > 0 for e in ex) / n:.2f}")
    p10 = cap[len(cap) // 10] if cap else None
    # over every battle, a city that holds counting as the latest (as the batch summary does):
    # the median of the captured battles alone hides a delay that pushes captures past the end
    held = [r["city_captured_turn"] if r["city_captured"] else float("inf") for r in recs]
    print(f"soviet win={sum(r['winner'] == 'soviet' for r in recs) / n:.3f} captured={len(cap) / n:.2f} "
          f"cap turn p10={p10} p50 of captured={statistics.median(cap) if cap else None} "
          f"p50 of all (held=late)={statistics.median(held)}")
    for k in ("soviet_casualties", "soviet_tanks_lost", "japan_casualties", "japan_escaped_men", "japan_killed",
              "japan_guns_lost", "japan_effectiveness_end"):
        print(f"  {k} median={statistics.median(r[k] for r in recs)}")


if __name__ == "__main__":
    main()
