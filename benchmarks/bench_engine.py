"""How fast the engine plays battles: the figures issue #14 asks for, in CPU time per battle.

Run: ``python benchmarks/bench_engine.py [--games N] [--growth-games N] [--skip-growth]``.

Prints, each in CPU seconds of the process that did the work (``time.process_time``), which a
busy machine distorts much less than wall time:

* battles/s per core for every bundled scenario (``scenarios/*.yaml`` that are not variants,
  i.e. have no ``base:``), whole doctrine-vs-doctrine games with the run record, after a few
  warm-up battles; with the mean actions a battle;
* the cold first battle in a fresh process (empty field caches, nothing imported yet) against a
  warm battle in the same process, with nothing kept on disk and with the fields an earlier
  process kept (``ai/field_store.py``), and the first battle of the scenario loaded again in
  that process (a new map object of the same ground, as a batch's next sweep point);
* ``mutanchiang run --seed 1 --json`` start-up: the whole command's wall and CPU time, and the
  import of the package alone;
* env-free engine steps/s: the actions of recorded battles applied again through
  ``engine.apply`` with no computer player and no environment wrapper (the rules' own cost), and
  the actions/s of whole battles (rules plus AI);
* growth with map size and unit count, on synthetic scenarios built here from ``mutanchiang
  new``'s starting scenario (a river down the middle, two bridges, a town; the same shape at
  every size) with as many units as asked for.

The machine these figures were taken on is shared with other work: compare runs before and after
a change as pairs of whole-process timings taken in turn, not single figures from different
moments. Nothing here is a test; it prints and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mutanchiang_sim.ai import field_search, make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import action_from_dict
from mutanchiang_sim.scenario import default_scenario_path, load_scenario
from mutanchiang_sim.scenario.template import template_text
from mutanchiang_sim.sim.run import play_game, run_record

ROOT = Path(__file__).resolve().parent.parent


def bundled_scenarios() -> list[Path]:
    """The bundled scenarios that stand on their own (a variant names its ``base:``)."""
    out = []
    for p in sorted((ROOT / "scenarios").glob("*.yaml")):
        if not re.search(r"^base:", p.read_text(encoding="utf-8"), re.MULTILINE):
            out.append(p)
    return out


def policies(scenario):  # type: ignore[no-untyped-def]
    return {s: make_policy("doctrine", s, scenario.ai.get(s, {})) for s in scenario.side_ids}


def battles(scenario, n: int, seed0: int = 0, record: bool = False) -> tuple[float, list, float]:  # type: ignore[no-untyped-def]
    """Play ``n`` battles; (CPU seconds, results, mean actions a battle)."""
    out, acts = [], []
    cpu = time.process_time()
    for seed in range(seed0, seed0 + n):
        res = play_game(scenario, seed, policies(scenario), record=record)
        acts.append(run_record(res.state, seed)["actions"])
        out.append(res)
    return time.process_time() - cpu, out, statistics.mean(acts)


def per_scenario(games: int) -> None:
    print("\n== battles/s per core (CPU time, doctrine v doctrine, warm) ==")
    for path in bundled_scenarios():
        sc = load_scenario(path)
        battles(sc, 2, seed0=10_000)  # warm the field caches
        cpu, _, acts = battles(sc, games)
        print(f"{path.name}: {sc.map.width}x{sc.map.height} hexes, {len(sc.units)} units: "
              f"{games / cpu:.1f} battles/s ({1000 * cpu / games:.0f} ms CPU a battle, {acts:.0f} actions)")


COLD = """
import time, sys
t0 = time.process_time()
from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.scenario import default_scenario_path, load_scenario
from mutanchiang_sim.scenario.template import template_text
from mutanchiang_sim.sim.run import play_game, run_record
t1 = time.process_time()
sc = load_scenario(sys.argv[1])
t2 = time.process_time()
pol = lambda: {s: make_policy("doctrine", s, sc.ai.get(s, {})) for s in sc.side_ids}
def one(seed):
    c = time.process_time()
    run_record(play_game(sc, seed, pol()).state, seed)
    return time.process_time() - c
first = one(1)
for s in range(2, 5):
    one(s)
warm = one(1)
sc = load_scenario(sys.argv[1])  # loaded again (a batch's next sweep point): a new map object, the same ground
again = one(1)
print(t1 - t0, t2 - t1, first, warm, again)
"""


def cold_start(path: Path, repeats: int) -> None:
    print("\n== cold first battle in a fresh process v a warm one (same seed; CPU) ==")
    with tempfile.TemporaryDirectory() as kept:
        for label, store in (("nothing kept on disk", "off"), ("fields kept on disk by an earlier process", kept)):
            env = dict(os.environ, MUTANCHIANG_FIELD_CACHE=store)
            if store != "off":  # the earlier process
                subprocess.run([sys.executable, "-c", COLD, str(path)], capture_output=True, text=True, check=True, env=env)
            rows = []
            for _ in range(repeats):
                out = subprocess.run([sys.executable, "-c", COLD, str(path)], capture_output=True, text=True, check=True, env=env)
                rows.append([float(x) for x in out.stdout.split()])
            imp, load, first, warm, again = (statistics.median(c) for c in zip(*rows, strict=True))
            print(f"{path.name}, {label} (median of {repeats} processes): imports {1000 * imp:.0f} ms, load "
                  f"{1000 * load:.0f} ms, first battle {1000 * first:.0f} ms, the same battle warm {1000 * warm:.0f} ms "
                  f"-> cold/warm {first / warm:.2f} (target <= 3)")
        print(f"  the scenario loaded again in the same process (a new map object, the same ground), its first "
              f"battle: {1000 * again:.0f} ms -> {again / warm:.2f} x warm")


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def start_up(repeats: int) -> None:
    print("\n== `mutanchiang run --seed 1 --json` start-up (whole process) ==")
    exe = Path(sys.executable).with_name("mutanchiang")
    cmd = [str(exe) if exe.exists() else "mutanchiang", "run", "--seed", "1", "--json"]
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", MPLBACKEND="Agg")
    walls, cpus, imports = [], [], []
    for _ in range(repeats):
        c0, t0 = child_cpu(), time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=env)
        walls.append(time.perf_counter() - t0)
        cpus.append(child_cpu() - c0)
        c0 = child_cpu()
        subprocess.run([sys.executable, "-c", "import mutanchiang_sim.cli"], check=True, env=env)
        imports.append(child_cpu() - c0)
    print(f"median of {repeats}: wall {1000 * statistics.median(walls):.0f} ms, CPU {1000 * statistics.median(cpus):.0f} ms "
          f"(of which starting Python and importing the CLI: {1000 * statistics.median(imports):.0f} ms CPU)")


def engine_steps(path: Path, games: int) -> None:
    print("\n== engine steps/s without AI or environment (CPU) ==")
    sc = load_scenario(path)
    battles(sc, 2, seed0=10_000)
    cpu_play, res, _ = battles(sc, games, record=True)
    acts = sum(len(r.actions) for r in res)
    print(f"whole battles (rules + AI): {acts / cpu_play:,.0f} actions/s ({acts / games:.0f} actions a battle)")
    scripts = [(r.seed, [action_from_dict(a) for a in r.actions]) for r in res]
    cpu = time.process_time()
    for seed, script in scripts:
        state, _ = engine.new_game(sc, seed)
        for a in script:
            state, _ = engine.apply(state, a)
    cpu = time.process_time() - cpu
    print(f"the same actions replayed through engine.apply: {acts / cpu:,.0f} steps/s "
          f"({1000 * cpu / games:.0f} ms a battle of rules; the AI's share of a battle: {1 - cpu / cpu_play:.0%})")


def sampled_profile(path: Path, games: int, top: int = 25) -> None:
    """Where the CPU time goes, by sampling the stack on the CPU-time clock: unlike cProfile it
    adds nothing per call, so many small calls are not overstated against a few long loops."""
    import collections
    import signal

    print(f"\n== sampled profile, {games} battles (share of CPU samples; own = innermost frame) ==")
    sc = load_scenario(path)
    battles(sc, 2, seed0=10_000)
    own: collections.Counter[str] = collections.Counter()
    cum: collections.Counter[str] = collections.Counter()
    count = [0]

    def sample(_sig, frame):  # type: ignore[no-untyped-def]
        count[0] += 1
        seen: set[str] = set()
        first = True
        while frame is not None:
            key = f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}"
            if first:
                own[key] += 1
                first = False
            if key not in seen:
                cum[key] += 1
                seen.add(key)
            frame = frame.f_back

    old = signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
    try:
        battles(sc, games, seed0=20_000)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, old)
    n = max(1, count[0])
    print(f"{count[0]} samples")
    for (k, v), (k2, v2) in zip(own.most_common(top), [x for x in cum.most_common(top + 8) if not x[0].startswith(("bench_engine", "run.play_game", "game.play"))][:top], strict=False):
        print(f"  own {100 * v / n:5.1f}% {k:38s} within {100 * v2 / n:5.1f}% {k2}")


# --- synthetic scenarios for the growth figures ---------------------------------------------


def synthetic_yaml(width: int, height: int, per_side: int) -> str:
    """``mutanchiang new``'s starting scenario at ``width`` x ``height`` hexes (a river down the
    middle, a road and a railway over two bridges, a town on the west bank), 20 turns, with
    ``per_side`` units a side: the attackers along the east edge, the defenders west of the river
    round the town, one unit a hex."""
    text = template_text(width, height).replace("\nturns: 12\n", "\nturns: 20\n")
    rc, cy = width // 2, height // 2

    def spots(cols: list[int], n: int) -> list[tuple[int, int]]:
        rows = sorted(range(height), key=lambda r: (abs(r - cy), r))
        cells = [(c, r) for c in cols for r in rows]
        return cells[:n]

    kinds = [("rifle_division", "division", "men: 9000, guns: 120, vehicles: 200"),
             ("rifle_division", "division", "men: 9000, guns: 120, vehicles: 200"),
             ("tank_brigade", "brigade", "men: 1200, tanks: 65, vehicles: 100"),
             ("artillery", "brigade", "men: 2000, guns: 100, vehicles: 150")]
    units = []
    for k, (c, r) in enumerate(spots(list(range(width - 1, rc + 1, -1)), per_side)):
        kind, size, figures = kinds[k % len(kinds)]
        units.append(f"  - {{id: s-{k}, name: Soviet unit {k}, side: soviet, kind: {kind}, size: {size}, hex: [{c}, {r}], {figures}}}")
    for k, (c, r) in enumerate(spots(list(range(rc, -1, -1)), per_side)):
        units.append(f"  - {{id: j-{k}, name: Japanese unit {k}, side: japan, kind: infantry_regiment, size: regiment, "
                     f"hex: [{c}, {r}], men: 3000, guns: 12, entrenchment: 1}}")
    head, rest = text.split("\nunits:\n", 1)
    return head + "\nunits:\n" + "\n".join(units) + "\n\nevents:\n" + rest.split("\nevents:\n", 1)[1]


def growth(games: int) -> None:
    print("\n== growth with map size and unit count (`mutanchiang new`'s river crossing; CPU a battle, warm) ==")
    base = (35, 45, 32)
    cases = [("base", base), ("map 2x", (50, 63, 32)), ("map 4x", (70, 90, 32)), ("units 2x", (35, 45, 64))]
    with tempfile.TemporaryDirectory() as tmp:
        ref = None
        for label, (w, h, n) in cases:
            p = Path(tmp) / f"crossing_{w}x{h}_{n}.yaml"
            p.write_text(synthetic_yaml(w, h, n), encoding="utf-8")
            sc = load_scenario(p)
            battles(sc, 1, seed0=10_000)
            cpu, _, acts = battles(sc, games)
            ms = 1000 * cpu / games
            ref = ref or ms
            print(f"{label:9s} {w}x{h} hexes, {len(sc.units)} units: {ms:.0f} ms a battle, {acts:.0f} actions "
                  f"-> {ms / ref:.2f}x the base")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=20, help="battles per scenario for the rates")
    ap.add_argument("--growth-games", type=int, default=4, help="battles per synthetic scenario")
    ap.add_argument("--processes", type=int, default=3, help="fresh processes for the cold-start and run figures")
    ap.add_argument("--skip-growth", action="store_true")
    ap.add_argument("--sample", type=int, default=0, metavar="N", help="also a sampled profile of N battles")
    args = ap.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: this machine is shared; "
          "the figures are CPU time of the working process, and before/after comparisons should "
          "be whole-process runs taken in turn")
    # Battles in this process search fields in compiled code, as a long batch does after its first
    # few (ai/field_search.py); the fresh processes of the cold-start and run figures start in Python.
    field_search.use_compiled()
    per_scenario(args.games)
    main_path = default_scenario_path()
    cold_start(main_path, args.processes)
    start_up(args.processes)
    engine_steps(main_path, max(3, args.games // 2))
    if not args.skip_growth:
        growth(args.growth_games)
    if args.sample:
        sampled_profile(main_path, args.sample)
    print("\n" + json.dumps({"python": sys.version.split()[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
