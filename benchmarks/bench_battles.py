"""Full AI-vs-AI battles per second on one core, and where the time goes.

Run: ``python benchmarks/bench_battles.py [SCENARIO] [--games N] [--soviet doctrine] [--japan doctrine]
[--profile] [--top 25]``. SCENARIO defaults to the bundled one, or the small test valley while the
bundled scenario cannot be loaded. Prints battles/s (whole games: new game, every AI decision,
every rule, the run record), the mean actions per battle, outcome figures, and with ``--profile``
a cProfile summary of the hot spots. The issue's target is >= 100 battles/s per core; for scale,
a headless AI-vs-AI game of Battle for Wesnoth takes about 1.1 s on the same machines.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time
from pathlib import Path

from mutanchiang_sim.ai import field_search, make_policy
from mutanchiang_sim.scenario import default_scenario_path, load_scenario
from mutanchiang_sim.sim.run import play_game, run_record

SMALL = Path(__file__).resolve().parent.parent / "tests" / "data" / "small.yaml"


def pick_scenario(arg: str | None):  # type: ignore[no-untyped-def]
    if arg:
        return Path(arg), load_scenario(arg)
    try:
        path = default_scenario_path()
        return path, load_scenario(path)
    except Exception as e:  # the bundled scenario is missing or broken: measure on the small one
        print(f"(bundled scenario unavailable: {str(e).splitlines()[0][:120]}; using the small test scenario)")
        return SMALL, load_scenario(SMALL)


def run_batch(scenario, n: int, soviet: str, japan: str, seed0: int = 0) -> tuple[float, list[dict], float]:  # type: ignore[no-untyped-def]
    """Play ``n`` battles; (wall seconds, run records, CPU seconds of this process)."""
    records = []
    t = time.perf_counter()
    cpu = time.process_time()
    for seed in range(seed0, seed0 + n):
        pols = {
            "soviet": make_policy(soviet, "soviet", scenario.ai.get("soviet", {})),
            "japan": make_policy(japan, "japan", scenario.ai.get("japan", {})),
        }
        records.append(run_record(play_game(scenario, seed, pols).state, seed))
    return time.perf_counter() - t, records, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?")
    ap.add_argument("--games", type=int, default=50)
    ap.add_argument("--soviet", default="doctrine")
    ap.add_argument("--japan", default="doctrine")
    ap.add_argument("--profile", action="store_true", help="also profile a batch and print the hot spots")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--search", choices=("compiled", "auto", "python"), default="compiled",
                    help="distance-field searches: compiled (as a long batch plays after its first "
                    "battles; the default), auto (as a fresh process: Python first), or python")
    args = ap.parse_args()
    field_search.use_compiled({"compiled": True, "auto": None, "python": False}[args.search])
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
        except OSError:
            pass
    path, sc = pick_scenario(args.scenario)
    print(f"scenario: {path.name} ({sc.map.width}x{sc.map.height} hexes, {len(sc.units)} units, {sc.turns} turns)")
    print(f"policies: soviet={args.soviet} japan={args.japan}")
    run_batch(sc, min(3, args.games), args.soviet, args.japan, seed0=10_000)  # warm the field caches
    elapsed, recs, cpu = run_batch(sc, args.games, args.soviet, args.japan)
    n = len(recs)
    print(f"battles: {n} in {elapsed:.2f} s -> {n / elapsed:.1f} battles/s on one core "
          f"({1000 * elapsed / n:.1f} ms a battle; target >= 100/s)")
    print(f"CPU time: {cpu:.2f} s -> {n / cpu:.1f} battles/s ({1000 * cpu / n:.1f} ms a battle; "
          "the steadier figure on a busy machine)")
    print(f"actions a battle: mean {statistics.mean(r['actions'] for r in recs):.0f}")
    cap = [r for r in recs if r["city_captured"]]
    wins = {w: sum(1 for r in recs if r["winner"] == w) for w in ("soviet", "draw", "japan")}
    print(f"outcomes: {wins}; city captured in {len(cap)}/{n}"
          + (f" (mean turn {statistics.mean(r['city_captured_turn'] for r in cap):.1f})" if cap else ""))
    print(f"japanese escaped: mean {statistics.mean(r['japan_escaped_men'] for r in recs):,.0f} men, "
          f"{statistics.mean(r['japan_escaped_units'] for r in recs):.1f} units; "
          f"soviet casualties mean {statistics.mean(r['soviet_casualties'] for r in recs):,.0f}, "
          f"japanese {statistics.mean(r['japan_casualties'] for r in recs):,.0f}")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        run_batch(sc, max(5, n // 5), args.soviet, args.japan, seed0=20_000)
        prof.disable()
        out = io.StringIO()
        st = pstats.Stats(prof, stream=out).strip_dirs().sort_stats("tottime")
        st.print_stats(args.top)
        print("\nhot spots (own time):")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


if __name__ == "__main__":
    main()
