"""``mutanchiang batch``: flags to a batch, an executor and a progress bar, then the summary.

Everything the user can get wrong is checked before the first battle and reported as one line
(exit 2): the numbers, ``--set`` and ``--sweep`` keys, policies, the output folder and the Dask
scheduler.
"""

from __future__ import annotations

import argparse
import json
import shlex
import signal
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BadFlag
from .args import SIDE_ALIASES, ai_args, ai_choices, scenario_arg

if TYPE_CHECKING:
    from ..sim.batch_setup import BatchSetup

MAX_RUNS = 10**9
MAX_WORKERS = 4096
WORKERS_PER_CORE = 4  # processes beyond this many a core only queue for it and eat memory


def add_arguments(p: argparse.ArgumentParser) -> None:
    scenario_arg(p)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--executor", choices=["process", "dask"], default="process")
    p.add_argument("--scheduler", metavar="ADDR", default=None)
    p.add_argument("--out", metavar="DIR", default=None)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--set", action="append", metavar="KEY=VALUE")
    p.add_argument("--sweep", action="append", metavar="KEY=V1,V2,...")
    p.add_argument("--json", action="store_true", help="print summary.json")
    ai_args(p)


def check_numbers(args: argparse.Namespace) -> None:
    if not 1 <= args.runs <= MAX_RUNS:
        raise BadFlag(f"--runs: expected a whole number from 1 to {MAX_RUNS:,}, got {args.runs}")
    if args.seed < 0:
        raise BadFlag(f"--seed: expected a whole number >= 0, got {args.seed}")
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise BadFlag(f"--workers: expected a whole number from 1 to {MAX_WORKERS}, got {args.workers}")
    if args.workers is not None and not args.scheduler:  # processes on this machine
        from ..sim.executors import default_workers

        cores = default_workers()
        cap = WORKERS_PER_CORE * cores
        if args.workers > cap:
            raise BadFlag(f"--workers: at most {cap} on this machine ({WORKERS_PER_CORE} a core, {cores} "
                          f"core{'s' if cores != 1 else ''}), got {args.workers}; more only slow the battles down")
    if args.scheduler and args.executor != "dask":
        raise BadFlag("--scheduler: only with --executor dask")
    if args.resume and not args.out:
        raise BadFlag("--resume: needs --out DIR, the folder of the batch to continue")


def out_dir(args: argparse.Namespace) -> Path:
    """The results folder: ``--out`` (checked), or a new time-stamped one under ``runs/``."""
    from ..sim.batch_lock import holds_results

    if args.out:
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise BadFlag(f"--out: {out} is a file, not a folder")
        if not args.resume and holds_results(out):
            raise BadFlag(f"--out: {out} is not empty (add --resume to continue the batch in it, or choose another folder)")
        return out
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path("runs") / stamp
    n = 1
    while out.exists():
        n += 1
        out = Path("runs") / f"{stamp}-{n}"
    return out


def resume_command(args: argparse.Namespace, out: Path) -> str:
    """The command that finishes an interrupted batch, quoted for a shell."""
    parts = ["mutanchiang", "batch"]
    if args.scenario:
        parts.append(args.scenario)
    parts += ["--runs", str(args.runs), "--seed", str(args.seed)]
    for flag in ("set", "sweep", "ai"):
        for v in getattr(args, flag) or ():
            parts += [f"--{flag}", v]
    for flag in (*SIDE_ALIASES, "workers"):
        if getattr(args, flag):
            parts += [f"--{flag}", str(getattr(args, flag))]
    if args.executor != "process":
        parts += ["--executor", args.executor]
    if args.scheduler:
        parts += ["--scheduler", args.scheduler]
    parts += ["--out", str(out), "--resume"]
    return " ".join(shlex.quote(p) for p in parts)


class Terminated(BaseException):
    """The batch was sent SIGTERM: it stops as on Ctrl-C (the pool ended, the resume hint)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def run(args: argparse.Namespace) -> int:
    from ..scenario.overrides import parse_set, parse_sweep
    from ..sim.batch_lock import batch_lock
    from ..sim.batch_setup import set_up_batch

    check_numbers(args)
    setup = set_up_batch(args.scenario, args.runs, args.seed, parse_set(args.set), parse_sweep(args.sweep),
                         ai_choices(args))
    out = out_dir(args)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with batch_lock(out):  # one writer per folder, for the whole run
            return _run(args, setup, out)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace, setup: BatchSetup, out: Path) -> int:
    from concurrent.futures.process import BrokenProcessPool

    from rich.console import Console

    from ..sim.batch import (
        BatchMismatch,
        BatchOutcome,
        batch_meta,
        check_dir,
        run_batch,
        write_parquet,
    )
    from ..sim.executors import ExecutorLost, executor_for
    from ..sim.stats import summarize, write_summary
    from .progress import battle_progress

    try:
        check_dir(out, batch_meta(setup.spec, setup.base), args.resume)
    except BatchMismatch as e:
        raise BadFlag(f"--out: {e}") from None
    err = Console(stderr=True)
    progress, on_progress = battle_progress(err)
    outcome: BatchOutcome | None = None
    try:
        with executor_for(args.executor, args.workers, args.scheduler) as (executor, n_workers), progress:
            outcome = run_batch(setup.spec, setup.scenarios, executor, out, resume=args.resume, workers=n_workers,
                                on_progress=on_progress, base=setup.base)
    except BatchMismatch as e:
        raise BadFlag(f"--out: {e}") from None
    except ExecutorLost as e:
        err.print(f"error: {e}; the runs finished so far are in {out / 'runs.csv'}; to finish the batch run\n"
                  f"  {resume_command(args, out)}", highlight=False, soft_wrap=True)
        return 1
    except BrokenProcessPool:
        err.print(f"error: a worker process died (out of memory?); the runs finished so far are in "
                  f"{out / 'runs.csv'}; to finish the batch run\n  {resume_command(args, out)}",
                  highlight=False, soft_wrap=True)
        return 1
    except (KeyboardInterrupt, Terminated) as e:
        err.print(f"{'interrupted' if isinstance(e, KeyboardInterrupt) else 'terminated'}: the runs finished so far "
                  f"are in {out / 'runs.csv'}; to finish the batch run\n"
                  f"  {resume_command(args, out)}", highlight=False, soft_wrap=True)
        return 130 if isinstance(e, KeyboardInterrupt) else 143
    assert outcome is not None
    summary = summarize(out, outcome.elapsed_s, outcome.done_now)
    write_summary(out, summary)
    write_parquet(out)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        from ..sim.summary import print_batch_summary

        print_batch_summary(summary)
        print(f"results: {out}/runs.csv, {out}/summary.json  (plots: mutanchiang report {shlex.quote(str(out))})")
    if summary["errors"]:
        first = summary.get("first_errors", [{}])[0]
        err.print(f"[yellow]warning:[/yellow] {summary['errors']:,} of {summary['runs']:,} runs raised an error "
                  f"(see the error column of runs.csv); first: run {first.get('run')} "
                  f"(seed {first.get('seed')}): {first.get('error')}", highlight=False, soft_wrap=True)
        if summary["runs_ok"] == 0:
            return 1
    return 0
