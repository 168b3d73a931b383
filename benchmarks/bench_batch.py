"""Batch throughput (battles/s per core, 1 vs 2 workers) and memory (peak RSS over many runs).

    python benchmarks/bench_batch.py                      # speed on the small test scenario
    python benchmarks/bench_batch.py --scenario scenarios/mutanchiang_1945.yaml --runs 120
    python benchmarks/bench_batch.py --memory 20000       # peak RSS of a 20,000-run batch

Speed: one process pool per worker count, warmed up (processes started, scenario unpickled)
before the clock starts, then ``--runs`` battles on 1 and on 2 workers in turn, ``--repeats``
times (alternating, so that both meet the same background load), through :func:`run_batch` exactly as
``mutanchiang batch`` plays them (chunks, bounded in-flight tasks, streaming CSV).
Memory: ``--memory N`` runs N battles on 2 workers and samples this process's RSS as rows are
written; peak RSS is ``getrusage`` of the driver (RUSAGE_SELF) and the largest worker's VmHWM
(read from /proc while the pool runs).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.batch import BatchSpec, run_batch
from mutanchiang_sim.sim.stats import summarize

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def worker_peaks_mb(ex: cf.ProcessPoolExecutor) -> list[float]:
    """VmHWM (peak RSS) of the pool's live workers: children of the forkserver, not ours."""
    out = []
    for pid in list(getattr(ex, "_processes", None) or {}):
        try:
            with open(f"/proc/{pid}/status") as fh:
                out += [int(ln.split()[1]) / 1024 for ln in fh if ln.startswith("VmHWM:")]
        except OSError:
            pass
    return out


def pool(workers: int) -> cf.ProcessPoolExecutor:
    return cf.ProcessPoolExecutor(workers, mp_context=mp.get_context("forkserver"))


def speed(path: Path, runs: int, policies: dict[str, str], repeats: int) -> dict[int, list[float]]:
    """battles/s for 1 and 2 workers, timed in alternation so that both meet the same load."""
    scenario = load_scenario(path)
    rates: dict[int, list[float]] = {1: [], 2: []}
    with pool(1) as ex1, pool(2) as ex2, tempfile.TemporaryDirectory() as tmp:
        pools = {1: ex1, 2: ex2}
        for w, ex in pools.items():  # start the processes, unpickle the scenario
            run_batch(BatchSpec(str(path), 4 * w, seed=99, policies=policies), {(): scenario}, ex,
                      Path(tmp) / f"warm{w}", workers=w)
        for k in range(repeats):
            for w, ex in pools.items():
                spec = BatchSpec(str(path), runs, seed=k, policies=policies)
                t0 = time.perf_counter()
                out = run_batch(spec, {(): scenario}, ex, Path(tmp) / f"run{k}-{w}", workers=w)
                if out.errors_now:
                    raise SystemExit(f"{out.errors_now} runs raised (first: {out.first_errors[0]}): timing void")
                rates[w].append(out.done_now / (time.perf_counter() - t0))
    return rates


def memory(path: Path, runs: int, workers: int, policies: dict[str, str]) -> None:
    scenario = load_scenario(path)
    samples: list[tuple[int, float]] = []
    workers_peak: dict[str, float] = {"mb": 0.0}
    every = max(1, runs // 10)
    ex = pool(workers)

    def sample(done: int, total: int) -> None:
        if done // every > len(samples) - 1 or done == total:
            samples.append((done, rss_mb()))
            workers_peak["mb"] = max([workers_peak["mb"], *worker_peaks_mb(ex)])

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with ex:
            out = run_batch(BatchSpec(str(path), runs, seed=1, policies=policies), {(): scenario}, ex,
                            Path(tmp) / "b", workers=workers, on_progress=sample)
        elapsed = time.perf_counter() - t0
        before = rss_mb()
        s = summarize(Path(tmp) / "b", elapsed, out.done_now)
        size = (Path(tmp) / "b" / "runs.csv").stat().st_size / 1e6
        print(f"memory: {out.done_now:,} runs on {workers} workers in {elapsed:,.1f} s "
              f"({out.done_now / elapsed:,.0f} battles/s), runs.csv {size:,.1f} MB, {s['errors']} errors")
        print(f"  summarising read the whole CSV: RSS {before:,.0f} -> {rss_mb():,.0f} MB")
    print("  driver RSS while running (runs done: MB): " + ", ".join(f"{d:,}: {m:,.0f}" for d, m in samples))
    print(f"  peak RSS: driver {peak_mb(resource.RUSAGE_SELF):,.0f} MB, "
          f"largest worker {workers_peak['mb']:,.0f} MB (VmHWM)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenario", type=Path, default=ROOT / "tests" / "data" / "small.yaml")
    p.add_argument("--runs", type=int, default=2000, help="battles per timing (default 2000)")
    p.add_argument("--repeats", type=int, default=3, help="timings per worker count; the best counts")
    p.add_argument("--soviet", default=None)
    p.add_argument("--japan", default=None)
    p.add_argument("--memory", type=int, default=0, metavar="N", help="also run N battles and report peak RSS")
    p.add_argument("--fast", action="store_true", help="advance/hold policies (for big memory runs)")
    args = p.parse_args(argv)
    policies = {k: v for k, v in (("soviet", args.soviet), ("japan", args.japan)) if v}
    if args.fast:
        policies = {"soviet": "advance", "japan": "hold"}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"scenario {args.scenario.name}, policies {policies or 'default'}, {args.runs} runs x {args.repeats}, "
          f"{cores} cores, python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")
    if args.runs:
        rates = speed(args.scenario, args.runs, policies, args.repeats)
        med = {w: statistics.median(r) for w, r in rates.items()}
        for w, r in rates.items():
            print(f"  {w} worker{'s' if w > 1 else ''}: median {med[w]:8.1f} battles/s ({med[w] / w:6.1f} per core); "
                  f"each: {', '.join(f'{x:.1f}' for x in r)}")
        pairs = [b / a for a, b in zip(rates[1], rates[2], strict=True)]
        print(f"  speed-up with 2 workers: {med[2] / med[1]:.2f}x (medians); "
              f"per alternated pair: {', '.join(f'{x:.2f}' for x in pairs)}")
    print(f"  load average now {os.getloadavg()[0]:.2f} (above 0.5 or so, other programs share the cores: "
          f"timings are pessimistic)")
    if args.memory:
        memory(args.scenario, args.memory, 2, policies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
