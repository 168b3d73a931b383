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

from ..errors import BadFlag, BadInput, machine_problem
from .args import SIDE_ALIASES, ai_args, ai_choices, executor_args, scenario_arg

if TYPE_CHECKING:
    from ..sim.batch_setup import BatchSetup

MAX_RUNS = 10**9
MAX_WORKERS = 4096
MAX_SWEEP_POINTS = 10_000  # every point's scenario is built and kept in memory before the first battle
SWEEP_NOTICE_POINTS = 50  # from this many points building them takes long enough to say so
WORKERS_PER_CORE = 4  # processes beyond this many a core only queue for it and eat memory


def add_arguments(p: argparse.ArgumentParser) -> None:
    scenario_arg(p)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    executor_args(p)
    p.add_argument("--out", metavar="DIR", default=None)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--set", action="append", metavar="KEY=VALUE")
    p.add_argument("--sweep", action="append", metavar="KEY=V1,V2,...")
    p.add_argument("--json", action="store_true", help="print summary.json")
    p.add_argument("--until-ci", type=float, metavar="HALFWIDTH", default=None,
                   help="play rounds until every win and capture rate's 95%% interval is at most "
                        "HALFWIDTH either side (e.g. 0.02); --runs is then the most per sweep value")
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
    if args.until_ci is not None and not 0 < args.until_ci < 0.5:
        raise BadFlag(f"--until-ci: expected a half-width between 0 and 0.5 (e.g. 0.02), got {args.until_ci}")
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


def resume_command(args: argparse.Namespace, out: Path, resume: bool = True) -> str:
    """The command that finishes an interrupted batch, quoted for a shell (``resume=False``:
    the command as given, for the batch's provenance)."""
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
    if args.until_ci is not None:
        parts += ["--until-ci", str(args.until_ci)]
    if args.executor != "process":
        parts += ["--executor", args.executor]
    if args.scheduler:
        parts += ["--scheduler", args.scheduler]
    parts += ["--out", str(out), *(["--resume"] if resume or args.resume else [])]
    return " ".join(shlex.quote(p) for p in parts)


class Terminated(BaseException):
    """The batch was sent SIGTERM: it stops as on Ctrl-C (the pool ended, the resume hint)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..scenario.overrides import parse_set, parse_sweep
    from ..sim.batch_lock import batch_lock
    from ..sim.batch_setup import set_up_batch
    from .progress import setup_progress

    check_numbers(args)
    sweep = parse_sweep(args.sweep)
    points = 1
    for _, values in sweep:
        points *= len(values)
    if points > MAX_SWEEP_POINTS:
        raise BadFlag(f"--sweep: {points:,} points is more than {MAX_SWEEP_POINTS:,}; split the study into batches")
    err = Console(stderr=True)
    if points >= SWEEP_NOTICE_POINTS:
        err.print(f"building the {points:,} scenarios of the sweep first", highlight=False)
    setup_bar, on_point = setup_progress(err)
    with setup_bar:
        setup = set_up_batch(args.scenario, args.runs, args.seed, parse_set(args.set), sweep, ai_choices(args),
                             on_point=on_point)
    out = out_dir(args)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with batch_lock(out):  # one writer per folder, for the whole run
            try:
                return _run(args, setup, out)
            except OSError as e:  # a full disk or a read-only folder mid-run: what is on disk stays
                line = machine_problem(e)
                if line is None:
                    raise
                if not (out / "runs.csv").exists():
                    raise BadInput(line) from None
                raise BadInput(f"{line}; the runs finished so far stay in {out / 'runs.csv'}; "
                               f"to finish the batch run: {resume_command(args, out)}") from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace, setup: BatchSetup, out: Path) -> int:
    from concurrent.futures.process import BrokenProcessPool

    from rich.console import Console

    from ..sim.batch import (
        BatchMismatch,
        BatchOutcome,
        BatchSpec,
        batch_meta,
        check_dir,
        run_batch,
    )
    from ..sim.columns import write_parquet
    from ..sim.executors import ExecutorLost, executor_for
    from ..sim.stats import summarize, write_summary
    from .progress import battle_progress

    try:
        check_dir(out, batch_meta(setup.spec, setup.base), args.resume)
        command = resume_command(args, out, resume=False)
    except BatchMismatch as e:
        raise BadFlag(f"--out: {e}") from None
    err = Console(stderr=True)
    progress, on_progress = battle_progress(err)
    outcome: BatchOutcome | None = None
    stopped: dict[str, object] | None = None
    try:
        with executor_for(args.executor, args.workers, args.scheduler) as (executor, n_workers), progress:
            def play(spec: BatchSpec, resume: bool) -> BatchOutcome:
                return run_batch(spec, setup.scenarios, executor, out, resume=resume, workers=n_workers,
                                 on_progress=on_progress, base=setup.base, command=command)

            if args.until_ci is None:
                outcome = play(setup.spec, args.resume)
            else:
                from ..sim.until_ci import run_until_ci

                outcome, stopped = run_until_ci(setup.spec, args.until_ci, play, out, args.resume)
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
    if args.resume:
        err.print(f"resumed: kept {outcome.done_before:,} runs already in {out / 'runs.csv'}, "
                  f"played {outcome.done_now:,} more ({outcome.total:,} in all)", highlight=False, soft_wrap=True)
    summary = summarize(out, outcome.elapsed_s, outcome.done_now)
    if stopped is not None:
        summary["until_ci"] = stopped
    write_summary(out, summary)
    write_parquet(out)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        from ..sim.summary import print_batch_summary

        print_batch_summary(summary)
        print(f"results: {out}/runs.csv, {out}/summary.json  (plots: mutanchiang report {shlex.quote(str(out))})")
    if stopped is not None:
        err.print(f"--until-ci {stopped['target_halfwidth']}: widest 95% half-width {stopped['widest_halfwidth']:.4f} "
                  f"({stopped['widest']}) after {stopped['runs_per_point']:,} runs per point in {stopped['rounds']} rounds"
                  + ("" if stopped["reached"] else f"; stopped at --runs {args.runs:,} before reaching it"),
                  highlight=False, soft_wrap=True)
    if summary["errors"]:
        first = summary.get("first_errors", [{}])[0]
        err.print(f"[yellow]warning:[/yellow] {summary['errors']:,} of {summary['runs']:,} runs raised an error "
                  f"(see the error column of runs.csv); first: run {first.get('run')} "
                  f"(seed {first.get('seed')}): {first.get('error')}", highlight=False, soft_wrap=True)
        if summary["runs_ok"] == 0:
            return 1
    return 0
