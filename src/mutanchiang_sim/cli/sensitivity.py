"""``mutanchiang sensitivity``: a Morris or Sobol' study over ``--param KEY=LOW:HIGH`` factors,
played as a batch (resumable, on any executor), then analysed with SALib."""

from __future__ import annotations

import argparse
import difflib
import shlex
from collections.abc import Mapping
from pathlib import Path

from ..core.uncertain import Uncertain
from ..errors import BadFlag, BadInput, machine_problem
from .args import ai_args, ai_choices, executor_args, scenario_arg

MAX_POINTS = 200_000


def add_arguments(p: argparse.ArgumentParser) -> None:
    scenario_arg(p)
    p.add_argument("--param", action="append", metavar="KEY=LOW:HIGH", default=[],
                   help="a factor: any --set key and its range, e.g. ai.japan.rearguard_share=0.1:0.4 "
                        "(whole numbers at both ends: varied in whole numbers), or just KEY for a figure the "
                        "scenario gives as a range (its own low and high); repeatable")
    p.add_argument("--ranges", action="store_true",
                   help="every figure the scenario gives as a range is a factor (over its own low and high)")
    p.add_argument("--method", choices=["morris", "sobol"], default="morris")
    p.add_argument("--samples", type=int, default=10,
                   help="Morris trajectories (points: samples x (factors + 1)) or Sobol's N "
                        "(points: N x (factors + 2), N a power of 2); default 10")
    p.add_argument("--reps", type=int, default=2, help="seeds each design point plays (the same at every point)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--output", default=None, metavar="COLUMN",
                   help="the output the plot shows (default: the time of the scenario's first timed figure: "
                        "its history's first time, else the city's capture)")
    executor_args(p)
    p.add_argument("--out", metavar="DIR", required=True)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--set", action="append", metavar="KEY=VALUE")
    ai_args(p)


def parse_param(item: str, own: Mapping[str, Uncertain] | None = None) -> tuple[str, float, float, bool]:
    """``KEY=LOW:HIGH`` as (key, low, high, whole numbers?), or ``KEY`` alone for a figure given
    as a range in the scenario (``own``: its ranges by key); BadFlag naming --param."""
    from ..scenario.overrides import split_assignment

    if "=" not in item and own is not None:
        key = item.strip()
        if key not in own:
            hint = difflib.get_close_matches(key, list(own), n=1)
            known = f"did you mean {hint[0]!r}?" if hint else \
                f"its ranges: {', '.join(own)}" if own else "it has none"
            raise BadFlag(f"--param: {key!r} is not a range of the scenario ({known}); give KEY=LOW:HIGH")
        u = own[key]
        if not u.low < u.high:
            raise BadFlag(f"--param: {key}: its range is a single value ({u.low:g})")
        return key, u.low, u.high, u.whole
    key, rng = split_assignment(item, "--param", "KEY=LOW:HIGH")
    parts = rng.split(":")
    try:
        if len(parts) != 2:
            raise ValueError
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise BadFlag(f"--param: {key}: expected LOW:HIGH (two numbers), got {rng!r}") from None
    if not low < high:
        raise BadFlag(f"--param: {key}: LOW must be below HIGH, got {rng!r}")
    whole = all(p.strip().lstrip("-").isdigit() for p in parts)
    return key, low, high, whole


def _key_of(item: str) -> str:
    return item.split("=", 1)[0].strip()


def _scenario_ranges(args: argparse.Namespace) -> tuple[Uncertain, ...]:
    """The ranges of the study's scenario (with its --set values: a value set is no range)."""
    from ..scenario import load_scenario
    from ..scenario.overrides import parse_set

    return load_scenario(args.scenario, parse_set(args.set)).uncertain


def run(args: argparse.Namespace) -> int:
    from concurrent.futures.process import BrokenProcessPool

    from rich.console import Console

    from ..scenario.overrides import parse_set
    from ..sim.batch import BatchMismatch, batch_meta, prepare_dir, run_batch
    from ..sim.batch_lock import batch_lock, holds_results
    from ..sim.executors import ExecutorLost, executor_for
    from ..sim.run import SideInfo
    from ..sim.sensitivity import (
        Factor,
        Study,
        analyse,
        default_output,
        outputs,
        prepare_study_dir,
        set_up_study,
        write_results,
    )
    from ..sim.sensitivity_report import output_label, plot_study, print_study, write_markdown
    from ..sim.stats import read_meta
    from .progress import battle_progress

    factors: list[Factor] = []
    own = {u.key: u for u in _scenario_ranges(args)} if args.ranges or any("=" not in p for p in args.param) else {}
    items = [*args.param, *(k for k in own if args.ranges and not any(_key_of(p) == k for p in args.param))]
    if not items:
        raise BadFlag("--param: a study needs factors (--param KEY=LOW:HIGH, --param KEY of a range, or --ranges)")
    for item in items:
        key, low, high, whole = parse_param(item, own)
        if any(f.key == key for f in factors):
            raise BadFlag(f"--param: {key!r} is given twice")
        factors.append(Factor(key, low, high, whole))
    if args.method == "sobol" and len(factors) < 2 or len(factors) < 1:
        raise BadFlag("--param: a study needs at least two factors")
    if args.samples < 2:
        raise BadFlag(f"--samples: expected a whole number from 2, got {args.samples}")
    if args.reps < 1:
        raise BadFlag(f"--reps: expected a whole number from 1, got {args.reps}")
    if args.method == "sobol" and args.samples & (args.samples - 1):
        raise BadFlag(f"--samples: Sobol' samples must be a power of 2 (e.g. 64), got {args.samples}")
    n_points = args.samples * (len(factors) + (1 if args.method == "morris" else 2))
    if n_points * args.reps > MAX_POINTS:
        raise BadFlag(f"--samples: {n_points:,} design points x {args.reps} seeds is more than {MAX_POINTS:,} battles")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise BadFlag(f"--out: {out} is a file, not a folder")
    if not args.resume and holds_results(out):
        raise BadFlag(f"--out: {out} is not empty (add --resume to continue the study in it, or choose another folder)")
    study = Study(tuple(factors), args.method, args.samples, args.reps, args.seed)
    policies = ai_choices(args)
    err = Console(stderr=True)
    err.print(f"loading {n_points:,} design points of {len(factors)} factors...", highlight=False)
    spec, refs, base, x = set_up_study(args.scenario, study, parse_set(args.set), policies)
    command = " ".join(shlex.quote(a) for a in ["mutanchiang", "sensitivity", *(a for a in (args.scenario,) if a),
                                                *(f"--param={p}" for p in args.param), *(["--ranges"] if args.ranges else []),
                                                "--method", args.method,
                                                "--samples", str(args.samples), "--reps", str(args.reps),
                                                "--seed", str(args.seed), "--out", str(out)])
    progress, on_progress = battle_progress(err)
    with batch_lock(out):
        try:
            if not args.resume:  # a new folder: batch.json first, so that the study files beside it are its own
                prepare_dir(out, batch_meta(spec, base, command), resume=False)
            prepare_study_dir(out, study, x, args.resume)
            with executor_for(args.executor, args.workers, args.scheduler) as (executor, n_workers), progress:
                outcome = run_batch(spec, {}, executor, out, resume=True, workers=n_workers,
                                    on_progress=on_progress, base=base, command=command, refs=refs)
        except BatchMismatch as e:
            raise BadFlag(f"--out: {e}") from None
        except KeyboardInterrupt:
            err.print(f"interrupted: the battles played so far are in {out / 'runs.csv'}; to finish the study "
                      f"run the same command with --resume", highlight=False, soft_wrap=True)
            return 130
        except (ExecutorLost, BrokenProcessPool) as e:
            err.print(f"error: {e or 'a worker process died'}; the battles played so far are in {out / 'runs.csv'}; "
                      f"to finish the study run the same command with --resume", highlight=False, soft_wrap=True)
            return 1
        except OSError as e:  # a full disk or a read-only folder: what is on disk stays
            line = machine_problem(e)
            if line is None or not (out / "runs.csv").exists():
                raise
            raise BadInput(f"{line}; the battles played so far stay in {out / 'runs.csv'}; to finish the study "
                           "run the same command with --resume") from None
    if args.resume:
        err.print(f"resumed: kept {outcome.done_before:,} battles already in {out / 'runs.csv'}, "
                  f"played {outcome.done_now:,} more", highlight=False)
    results = analyse(study, x, outputs(out, len(x)))
    write_results(out, study, results, len(x))
    import json

    doc = json.loads((out / "sensitivity.json").read_text(encoding="utf-8"))
    sides = SideInfo.of(base)
    meta = read_meta(out)
    wanted = args.output or default_output(meta)
    shown = wanted if wanted in results else next(iter(results), None)
    image = None
    if shown is not None:
        label = output_label(shown, sides, meta)
        image = plot_study(out, args.method, shown, results[shown], label).name
        print_study(args.method, shown, results[shown], label)
    write_markdown(out, doc, sides, image, meta)
    print(f"results: {out}/sensitivity.json, {out}/sensitivity.md, {out}/{image or ''} "
          f"({outcome.done_before + outcome.done_now:,} battles, {outcome.elapsed_s:,.1f} s)")
    return 0
