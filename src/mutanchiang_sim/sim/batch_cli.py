"""``mutanchiang batch``: flags to a :class:`~.batch.BatchSpec`, an executor, a progress bar.

Everything the user can get wrong is checked before the first battle and reported as one line
(exit 2): the numbers, ``--set`` and ``--sweep`` keys (every sweep point's scenario is loaded
and checked here, in the parent), policies, the output folder and the Dask scheduler.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import shlex
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..cli import BadInput, load, parse_set, split_assignment
from .batch import (
    BatchMismatch,
    BatchOutcome,
    BatchSpec,
    Point,
    batch_meta,
    check_dir,
    run_batch,
    write_parquet,
)
from .stats import summarize, write_summary

MAX_RUNS = 10**9
MAX_WORKERS = 4096
SCHEDULER_TIMEOUT_S = 5


def parse_sweep(values: list[str] | None) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """``KEY=V1,V2,...`` flags as ``((key, (v1, v2, ...)), ...)``; values read as YAML scalars."""
    out: list[tuple[str, tuple[Any, ...]]] = []
    seen: set[str] = set()
    for item in values or ():
        key, rest = split_assignment(item, "--sweep", "KEY=V1,V2,...")
        if key in seen:
            raise BadInput(f"--sweep: {key!r} is swept twice")
        seen.add(key)
        parts = [p.strip() for p in rest.split(",")]
        if not rest.strip() or any(p == "" for p in parts):
            raise BadInput(f"--sweep: {key}: expected a comma-separated list of values, got {rest!r}")
        vals = tuple(parse_set([f"{key}={p}"])[key] for p in parts)
        if len(set(map(repr, vals))) != len(vals):
            raise BadInput(f"--sweep: {key}: a value is repeated in {rest!r}")
        out.append((key, vals))
    return tuple(out)


def _check_numbers(args: argparse.Namespace) -> None:
    if not 1 <= args.runs <= MAX_RUNS:
        raise BadInput(f"--runs: expected a whole number from 1 to {MAX_RUNS:,}, got {args.runs}")
    if args.seed < 0:
        raise BadInput(f"--seed: expected a whole number >= 0, got {args.seed}")
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise BadInput(f"--workers: expected a whole number from 1 to {MAX_WORKERS}, got {args.workers}")
    if args.scheduler and args.executor != "dask":
        raise BadInput("--scheduler: only with --executor dask")
    if args.resume and not args.out:
        raise BadInput("--resume: needs --out DIR, the folder of the batch to continue")


def _out_dir(args: argparse.Namespace) -> Path:
    if args.out:
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise BadInput(f"--out: {out} is a file, not a folder")
        if not args.resume and out.is_dir() and any(out.iterdir()):
            raise BadInput(f"--out: {out} is not empty (add --resume to continue the batch in it, or choose another folder)")
        return out
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path("runs") / stamp
    n = 1
    while out.exists():
        n += 1
        out = Path("runs") / f"{stamp}-{n}"
    return out


def _ignore_sigint() -> None:  # worker initializer: Ctrl-C is the parent's business
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def process_executor(workers: int) -> Iterator[cf.Executor]:
    import multiprocessing as mp

    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    ex = cf.ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context(method), initializer=_ignore_sigint)
    try:
        yield ex
    except BaseException:
        ex.shutdown(wait=False, cancel_futures=True)
        for p in list((getattr(ex, "_processes", None) or {}).values()):  # finish now, not after the chunk
            p.terminate()
        raise
    else:
        ex.shutdown(wait=True)


@contextmanager
def dask_executor(workers: int | None, scheduler: str | None) -> Iterator[tuple[cf.Executor, int]]:
    """A Dask cluster as a ``concurrent.futures.Executor``: ``scheduler`` or a new LocalCluster."""
    import logging

    try:
        import distributed
    except ImportError:
        raise BadInput("--executor dask: needs dask[distributed] (pip install 'mutanchiang-sim[dask]')") from None
    dd: Any = distributed  # untyped: keep mypy out of it
    cluster = None
    if scheduler:
        _check_reachable(scheduler)
        try:
            client = dd.Client(scheduler, timeout=f"{SCHEDULER_TIMEOUT_S}s", set_as_default=False)
        except Exception as e:  # noqa: BLE001 - unreachable or malformed address: bad input
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise BadInput(f"--scheduler: cannot reach a Dask scheduler at {scheduler!r} ({msg[:160]})") from None
        n = sum(client.nthreads().values()) or 1
    else:
        n = workers or default_workers()
        cluster = dd.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = dd.Client(cluster, set_as_default=False)
    ex = client.get_executor(pure=False)
    try:
        yield ex, n
    except BaseException:
        ex.shutdown(wait=False)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _check_reachable(address: str) -> None:
    """Fail fast, in one line, on a malformed address or on anything but a Dask scheduler there."""
    import asyncio
    import socket

    from distributed.comm import addressing, core

    parse_address, parse_host_port = addressing.parse_address, addressing.parse_host_port
    connect: Any = core.connect

    where = f"--scheduler: cannot reach a Dask scheduler at {address!r}"
    try:
        scheme, loc = parse_address(address)
        host, port = parse_host_port(loc) if scheme in ("tcp", "tls") else ("", 0)
    except ValueError as e:
        raise BadInput(f"{where} (bad address: {e})") from None
    if host:  # a refused or unknown host fails at once, without Dask's retries
        try:
            with socket.create_connection((host, port), timeout=SCHEDULER_TIMEOUT_S):
                pass
        except OSError as e:
            raise BadInput(f"{where} ({e.strerror or type(e).__name__})") from None

    async def probe() -> None:  # connect and shake hands, as the client would
        comm = await connect(address, timeout=SCHEDULER_TIMEOUT_S)
        await comm.close()

    try:
        asyncio.run(asyncio.wait_for(probe(), SCHEDULER_TIMEOUT_S + 1))
    except (OSError, TimeoutError) as e:
        msg = (str(e).splitlines() or [""])[0][:160] or type(e).__name__
        raise BadInput(f"{where} ({msg})") from None
    except Exception:  # noqa: BLE001 - something answers, but not in Dask's protocol
        raise BadInput(f"{where} (something listens there, but it is not a Dask scheduler)") from None


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} battles/s" if speed else "- battles/s", style="progress.data.speed")


def _resume_command(args: argparse.Namespace, out: Path) -> str:
    parts = ["mutanchiang", "batch"]
    if args.scenario:
        parts.append(args.scenario)
    parts += ["--runs", str(args.runs), "--seed", str(args.seed)]
    for flag in ("set", "sweep"):
        for v in getattr(args, flag) or ():
            parts += [f"--{flag}", v]
    for flag in ("soviet", "japan", "workers"):
        if getattr(args, flag):
            parts += [f"--{flag}", str(getattr(args, flag))]
    if args.executor != "process":
        parts += ["--executor", args.executor]
    if args.scheduler:
        parts += ["--scheduler", args.scheduler]
    parts += ["--out", str(out), "--resume"]
    return " ".join(shlex.quote(p) for p in parts)


def load_batch(args: argparse.Namespace) -> tuple[BatchSpec, dict[Point, Any], Any]:
    """Check the flags and load every scenario the batch needs (exit 2 on any problem)."""
    from .run import default_policies

    _check_numbers(args)
    overrides = parse_set(args.set)
    sweep = parse_sweep(args.sweep)
    clash = sorted(set(overrides) & {k for k, _ in sweep})
    if clash:
        raise BadInput(f"--sweep: {clash[0]!r} is also given with --set; use one of them")
    base = load(args.scenario, overrides)
    policies = {k: v for k, v in (("soviet", args.soviet), ("japan", args.japan)) if v}
    try:
        default_policies(base, policies)
    except KeyError as e:
        raise BadInput(str(e.args[0])) from None
    if args.scenario:
        path = str(Path(args.scenario).resolve())
    else:
        from ..scenario.loader import default_scenario_path

        path = str(default_scenario_path())
    spec = BatchSpec(path, args.runs, args.seed, overrides, sweep, policies)
    scenarios: dict[Point, Any] = {}
    for point in spec.grid():
        if not point:
            scenarios[point] = base
            continue
        try:
            scenarios[point] = load(args.scenario, {**overrides, **dict(point)})
        except BadInput as e:
            where = ", ".join(f"{k}={v}" for k, v in point)
            # a problem already named after its key=value (see scenario.loader) needs no second name
            raise BadInput(*(f"--sweep {where}: {line.split(': ', 1)[-1] if line.startswith('--set ') else line}"
                             for line in e.lines)) from None
    return spec, scenarios, base


def cmd_batch(args: argparse.Namespace) -> int:
    spec, scenarios, base = load_batch(args)
    out = _out_dir(args)
    try:
        check_dir(out, batch_meta(spec, base), args.resume)
    except BatchMismatch as e:
        raise BadInput(f"--out: {e}") from None
    err = Console(stderr=True)
    show_bar = err.is_terminal
    if args.executor == "dask":
        ctx: Any = dask_executor(args.workers, args.scheduler)
    else:
        ctx = _with_count(process_executor(args.workers or default_workers()), args.workers or default_workers())
    progress = Progress(
        TextColumn("[bold]battles"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), RateColumn(),
        TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), console=err, transient=False,
        disable=not show_bar,
    )
    task = None

    def on_progress(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            task = progress.add_task("batch", total=total, completed=done)
        else:
            progress.update(task, completed=done)

    outcome: BatchOutcome | None = None
    try:
        with ctx as (executor, n_workers), progress:
            outcome = run_batch(spec, scenarios, executor, out, resume=args.resume, workers=n_workers,
                                on_progress=on_progress, base=base)
    except BatchMismatch as e:
        raise BadInput(f"--out: {e}") from None
    except KeyboardInterrupt:
        err.print(f"interrupted: the runs finished so far are in {out / 'runs.csv'}; to finish the batch run\n"
                  f"  {_resume_command(args, out)}", highlight=False, soft_wrap=True)
        return 130
    assert outcome is not None
    summary = summarize(out, outcome.elapsed_s, outcome.done_now)
    write_summary(out, summary)
    write_parquet(out)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        from .summary import print_batch_summary

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


@contextmanager
def _with_count(ctx: Any, n: int) -> Iterator[tuple[cf.Executor, int]]:
    with ctx as ex:
        yield ex, n
