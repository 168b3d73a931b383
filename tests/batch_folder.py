"""A small batch folder for tests that damage one, made without a process pool (threads: no
worker start-up) but with every file `mutanchiang batch` writes: batch.json, runs.csv,
turns.csv, summary.json and the Parquet files."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mutanchiang_sim.scenario.overrides import Sweep
from mutanchiang_sim.sim.batch import run_batch
from mutanchiang_sim.sim.batch_lock import batch_lock
from mutanchiang_sim.sim.batch_setup import set_up_batch
from mutanchiang_sim.sim.columns import write_parquet
from mutanchiang_sim.sim.stats import summarize, write_summary


def make_batch(scenario: Path, out: Path, runs: int, seed: int, sweep: Sweep = ()) -> Path:
    setup = set_up_batch(str(scenario), runs, seed, {}, sweep)
    with batch_lock(out), ThreadPoolExecutor(1) as ex:  # (the lock file too, as the command leaves it)
        run_batch(setup.spec, setup.scenarios, ex, out, base=setup.base,
                  command=f"mutanchiang batch {scenario} --runs {runs} --seed {seed}")
    write_summary(out, summarize(out))
    write_parquet(out)
    return out
