"""What the per-turn series (``turns.csv``) costs a battle: the same seeds played with and
without collecting it, interleaved (each first in every other pair, after a warm-up) so that
a busy machine and warm caches favour neither.

Run: ``python benchmarks/bench_turn_series.py [SCENARIO] [--games N]`` (default: the bundled
scenario, 10 games). Prints the CPU seconds a battle takes each way and the difference in %.
"""

from __future__ import annotations

import argparse
import time

from mutanchiang_sim.core.rng import run_seed
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.run import play_game
from mutanchiang_sim.sim.turns import TurnSeries


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default=None)
    ap.add_argument("--games", type=int, default=10)
    args = ap.parse_args()
    sc = load_scenario(args.scenario)
    plain = series = 0.0
    rows = 0
    play_game(sc, run_seed(1, 0))  # warm the caches (maps, tables) before timing anything
    for i in range(args.games):
        seed = run_seed(0, i)
        for with_series in ((False, True) if i % 2 == 0 else (True, False)):  # each first as often
            t = time.process_time()
            if with_series:
                s = TurnSeries()
                result = play_game(sc, seed, on_turn=s.on_turn)
                rows += len(s.finish(result.state))
                series += time.process_time() - t
            else:
                play_game(sc, seed)
                plain += time.process_time() - t
    n = args.games
    print(f"{sc.name}: {n} battles; without the series {plain / n * 1000:.1f} ms a battle (CPU), "
          f"with it {series / n * 1000:.1f} ms ({(series - plain) / plain:+.1%}); {rows / n:.0f} rows a battle")


if __name__ == "__main__":
    main()
