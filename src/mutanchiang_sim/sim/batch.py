"""Batches of seeded battles over any ``concurrent.futures.Executor``, streamed to ``runs.csv``.

The pure part of ``mutanchiang batch`` (the command line glue lives in :mod:`mutanchiang_sim.cli.batch`):

* a *plan*: run ``r`` of a batch with seed ``S`` and a sweep grid of ``G`` points plays grid point
  ``r % G`` with seed ``run_seed(S, r // G)``. Every grid point sees the same seeds (common random
  numbers: what-ifs differ by the parameter, not by luck), and raising ``--runs`` only adds runs;
* tasks: chunks of runs sent to the executor with a bounded number in flight, so memory stays
  flat however many runs there are. Each task carries the pickled scenario it needs; a worker
  unpickles it once per process (cached by the scenario's sha256) and makes fresh policies per run;
* a streaming CSV writer: rows are written in run order as soon as they are contiguous, and
  flushed, so a batch killed at any moment loses at most the chunks still in flight. Resuming
  reads the run indices already on disk (dropping a half-written last line) and plays the rest;
* a run that raises becomes a row with its run index, seed, sweep values and an ``error`` message.

Rows hold no timings, so the same seed gives a byte-identical ``runs.csv`` on 1 worker, many
workers or a Dask cluster.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import itertools
import json
import os
import pickle
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import ENGINE_VERSION
from ..atomic import atomic_write_text, naming
from ..core.rng import run_seed
from ..core.scenario_def import Scenario
from ..core.uncertain import draw_values
from ..files import read_text_bounded
from ..fingerprint import engine_fingerprint
from .batch_lock import holds_results
from .computer_players import computer_players
from .drawn import DRAWN_PREFIX, drawn_columns, drawn_keys
from .executors import HEALTH_CHECK_S, check_health, result_of
from .provenance import provenance
from .run import SideInfo, objective_names, play_game, record_keys, run_record
from .run_set import RunSet
from .turns import TURN_COLUMNS, TURNS_CSV, TurnSeries, keep_runs

BATCH_FORMAT = 1
RUNS_CSV = "runs.csv"
BATCH_JSON = "batch.json"
SUMMARY_JSON = "summary.json"
MAX_META_BYTES = 16 * 1024 * 1024  # batch.json and summary.json: a few kB in practice
RUNS_PARQUET = "runs.parquet"
BATCH_SEED = "batch_seed"  # the column of runs.csv with the batch's --seed
MAX_CHUNK = 50
TARGET_TASK_S = 0.25
ERROR_CHARS = 300

Point = tuple[tuple[str, Any], ...]  # one point of a sweep grid: ((key, value), ...)


class BatchMismatch(ValueError):
    """An output folder that holds a different batch (resume refused)."""


@dataclass(frozen=True)
class RunSpec:
    """One run of a batch: its index, its seed, and the sweep values it plays."""

    run: int
    seed: int
    point: Point = ()


@dataclass(frozen=True)
class BatchSpec:
    """Everything that defines a batch's rows (and must match to resume it)."""

    scenario_path: str
    runs: int
    seed: int = 0
    overrides: dict[str, Any] = field(default_factory=dict)
    sweep: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    policies: dict[str, str] = field(default_factory=dict)  # side -> level or policy (the --ai choices)

    @property
    def sweep_keys(self) -> list[str]:
        return [k for k, _ in self.sweep]

    def grid(self) -> list[Point]:
        return sweep_grid(self.sweep)

    @property
    def total(self) -> int:
        return self.runs * len(self.grid())

    @property
    def set_keys(self) -> list[str]:
        return sorted(self.overrides)

    def columns(self, sides: Sequence[str], objectives: Sequence[str] = (), drawn: Sequence[str] = ()) -> list[str]:
        return csv_columns(sides, self.sweep_keys, self.set_keys, objectives, drawn)

    def row_prefix(self) -> list[str]:
        """The cells every row of this batch shares: the batch seed and the ``--set`` values."""
        return [str(self.seed), *(cell(self.overrides[k]) for k in self.set_keys)]


def sweep_grid(sweep: Sequence[tuple[str, Sequence[Any]]]) -> list[Point]:
    """Every combination of the sweep values, in order; ``[()]`` without a sweep.

    >>> sweep_grid([("a", [1, 2]), ("b", ["x"])])
    [(('a', 1), ('b', 'x')), (('a', 2), ('b', 'x'))]
    """
    if not sweep:
        return [()]
    keys = [k for k, _ in sweep]
    return [tuple(zip(keys, combo, strict=True)) for combo in itertools.product(*(v for _, v in sweep))]


def plan(runs: int, seed: int, grid: Sequence[Point] = ((),)) -> Iterator[RunSpec]:
    """The runs of a batch in run order (seed-major, grid point-minor).

    >>> [(s.run, s.point) for s in plan(2, 0, [(("x", 1),), (("x", 2),)])]
    [(0, (('x', 1),)), (1, (('x', 2),)), (2, (('x', 1),)), (3, (('x', 2),))]
    """
    g = len(grid)
    for i in range(runs):
        s = run_seed(seed, i)
        for j, point in enumerate(grid):
            yield RunSpec(i * g + j, s, point)


def csv_columns(sides: Sequence[str], sweep_keys: Sequence[str] = (), set_keys: Sequence[str] = (),
                objectives: Sequence[str] = (), drawn: Sequence[str] = ()) -> list[str]:
    """The header of runs.csv for a battle between ``sides`` (with the timed ``objectives``): the
    run index, the batch seed, the ``--set`` values, the sweep values, the values drawn for the
    scenario's ranges (``drawn.KEY``), the run record, the error."""
    return ["run", BATCH_SEED, *set_keys, *sweep_keys, *drawn_columns(drawn), *record_keys(sides, objectives), "error"]



def never_as_missing(key: str, value: Any) -> Any:
    """A record's turn column holds -1 for "never" (the city held); a row leaves it empty, so
    that a typed reader sees a missing value, not a turn."""
    if key.endswith("_turn") and isinstance(value, int) and value < 0:
        return None
    return value


# --- the worker side -------------------------------------------------------------------------

@dataclass(frozen=True)
class ScenarioRef:
    """A built scenario as it travels to workers: pickled once, unpickled once per process."""

    key: str
    blob: bytes
    drawn_keys: tuple[str, ...] = ()  # the batch's drawn columns (the base scenario's ranges)

    @classmethod
    def of(cls, scenario: Scenario, point: Point = (), drawn_keys: Sequence[str] = ()) -> ScenarioRef:
        key = f"{scenario.source_sha256}:{point!r}"
        return cls(key, pickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL), tuple(drawn_keys))


_SCENARIOS: dict[str, Scenario] = {}


def resolve(ref: ScenarioRef) -> Scenario:
    """The scenario of ``ref``, unpickled at most once per process."""
    sc = _SCENARIOS.get(ref.key)
    if sc is None:
        if len(_SCENARIOS) > 64:
            _SCENARIOS.clear()
        sc = _SCENARIOS[ref.key] = pickle.loads(ref.blob)  # noqa: S301 - our own pickle
    return sc


def cell(value: Any) -> str:
    """A CSV cell: empty for None, ``true``/``false`` for booleans, ``repr`` for floats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def error_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".replace("\r", " ").replace("\n", " ")
    return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 3] + "..."


def play_one(scenario: Scenario, spec: RunSpec, policies: dict[str, str]) -> tuple[dict[str, Any], str, list[list[Any]]]:
    """Play one run: its record, the error it raised ("" if none) and its per-turn rows
    (:mod:`.turns`; none for a run that raised)."""
    series = TurnSeries()
    try:
        result = play_game(scenario, spec.seed, computer_players(scenario, policies), on_turn=series.on_turn)
        return run_record(result.state, spec.seed), "", series.finish(result.state)
    except Exception as e:  # noqa: BLE001 - a failing run is recorded, the batch goes on
        drawn = {DRAWN_PREFIX + k: v for k, v in draw_values(scenario, spec.seed).items()}
        return {"seed": spec.seed, **drawn}, error_text(e), []


Chunk = tuple[list[list[str]], list[list[str]]]  # a task's rows of runs.csv and of turns.csv


def run_chunk(refs: dict[Point, ScenarioRef], policies: dict[str, str], specs: Sequence[RunSpec]) -> Chunk:
    """A task: play ``specs`` and return their CSV rows (run index, sweep values, drawn values,
    record, error)
    and their per-turn rows (run index, then :data:`.turns.TURN_COLUMNS`)."""
    rows, turn_rows = [], []
    for spec in specs:
        ref = refs[spec.point]
        scenario = resolve(ref)
        keys = [*drawn_columns(ref.drawn_keys), *record_keys(scenario.side_ids, objective_names(scenario))]
        rec, err, turns = play_one(scenario, spec, policies)
        row = [str(spec.run), *(cell(v) for _, v in spec.point),
               *(cell(never_as_missing(k, rec.get(k))) for k in keys), err]
        rows.append(row)
        turn_rows += [[str(spec.run), *(cell(v) for v in t)] for t in turns]
    return rows, turn_rows


# --- the results folder -----------------------------------------------------------------------

def batch_meta(spec: BatchSpec, scenario: Scenario, command: str | None = None) -> dict[str, Any]:
    """What ``batch.json`` records: the batch's identity, and what reports need of the scenario."""
    return {
        "format": BATCH_FORMAT,
        "engine_version": ENGINE_VERSION,
        "engine_fingerprint": engine_fingerprint(),
        "scenario_path": spec.scenario_path,
        "scenario_name": scenario.name,
        "scenario_sha256": scenario.source_sha256,
        "seed": spec.seed,
        "runs": spec.runs,
        "total_runs": spec.total,
        "set": {k: spec.overrides[k] for k in sorted(spec.overrides)},
        "sweep": [[k, list(v)] for k, v in spec.sweep],
        "policies": dict(sorted(spec.policies.items())),
        "start": scenario.start.isoformat(),
        "turn_hours": scenario.turn_hours,
        "turns": scenario.turns,
        "sides": [side.to_dict() for side in SideInfo.of(scenario)],
        "objectives": objective_names(scenario),
        "city": scenario.city,
        "drawn": [u.to_dict() for u in scenario.uncertain],
        "history": [
            {"metric": m, "low": lo, "high": hi, "label": label, "source": src}
            for m, lo, hi, label, src in scenario.history
        ],
        "timeline": [{"id": e.id, "turn": e.trigger.turn, "text": e.text}
                     for e in scenario.events if e.trigger.turn is not None and e.trigger.turn > 0],
        "provenance": provenance(scenario, command),
    }


IDENTITY_KEYS = ("scenario_sha256", "engine_fingerprint", "seed", "set", "sweep", "policies")


def check_resume(old: dict[str, Any], new: dict[str, Any]) -> None:
    """Refuse to resume into a folder holding a different batch."""
    for k in IDENTITY_KEYS:
        if json.dumps(old.get(k), sort_keys=True) != json.dumps(new.get(k), sort_keys=True):
            what = {"scenario_sha256": "scenario (its sha256 differs: the file or --set changed)",
                    "engine_fingerprint": "engine (the code in core/ or ai/ changed since)",
                    "seed": f"seed ({old.get('seed')} there, {new.get('seed')} now)",
                    "set": "--set values", "sweep": "--sweep values", "policies": "policies"}[k]
            raise BatchMismatch(f"cannot resume: the batch in that folder has a different {what}")


def _cut_half_line(path: Path) -> None:
    """Cut a half-written last line (a kill mid-write) off ``path``, reading only its tail."""
    with open(path, "rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        pos = size
        while pos > 0:
            start = max(0, pos - TAIL_CHUNK)
            fh.seek(start)
            nl = fh.read(pos - start).rfind(b"\n")
            if nl >= 0:
                end = start + nl + 1
                break
            pos = start
        else:
            end = 0
        if end < size:
            fh.truncate(end)


TAIL_CHUNK = 1 << 16


def read_done(path: Path, columns: Sequence[str], repair: bool = True) -> RunSet:
    """Run indices already in ``runs.csv``, read as a stream (flat memory for any size); a
    half-written last line (a kill) is cut off."""
    done = RunSet()
    if not path.exists() or path.stat().st_size == 0:
        return done
    if repair:
        _cut_half_line(path)
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                return done
            if header != list(columns):
                raise BatchMismatch(f"cannot resume: {path} has other columns than this batch")
            damaged = 0
            for row in reader:
                if damaged:
                    raise BatchMismatch(f"cannot resume: {path} line {damaged} is damaged")
                if len(row) != len(columns) or not row[0].isdigit():
                    damaged = reader.line_num  # fine if last: the half-written line a repair cuts off
                    if repair:
                        raise BatchMismatch(f"cannot resume: {path} line {damaged} is damaged")
                    continue
                run = int(row[0])
                if run in done:
                    raise BatchMismatch(f"cannot resume: {path} line {reader.line_num} repeats run {run}")
                done.add(run)
    except (UnicodeDecodeError, csv.Error) as e:
        raise BatchMismatch(f"cannot resume: {path} is not a batch's results ({e.__class__.__name__})") from None
    return done


def check_dir(out: Path, meta: dict[str, Any], resume: bool, repair: bool = False) -> RunSet:
    """The run indices already done in ``out``; BatchMismatch if the folder holds something else."""
    meta_path = out / BATCH_JSON
    if out.exists() and not out.is_dir():
        raise BatchMismatch(f"{out} is a file, not a folder")
    if resume and meta_path.exists():
        try:
            old = json.loads(read_text_bounded(meta_path, MAX_META_BYTES))
        except (OSError, ValueError) as e:
            raise BatchMismatch(f"cannot resume: {meta_path} is unreadable ({e})") from None
        check_resume(old, meta)
    elif holds_results(out):
        hint = "it holds no batch.json" if resume else "use --resume to continue the batch in it, or another --out"
        raise BatchMismatch(f"{out} is not empty ({hint})")
    sides = [side.id for side in SideInfo.from_meta(meta)]
    objectives = [str(o) for o in meta.get("objectives", [])]
    columns = csv_columns(sides, [k for k, _ in meta["sweep"]], sorted(meta["set"]), objectives, drawn_keys(meta))
    done = read_done(out / RUNS_CSV, columns, repair) if resume else RunSet()
    if done and done.max() >= meta["total_runs"]:
        raise BatchMismatch(f"cannot resume: {out / RUNS_CSV} already holds more runs than --runs asks for")
    return done


def prepare_dir(out: Path, meta: dict[str, Any], resume: bool) -> RunSet:
    """Create or check the results folder and write ``batch.json``; the run indices already done."""
    done = check_dir(out, meta, resume, repair=True)
    out.mkdir(parents=True, exist_ok=True)
    meta_path = out / BATCH_JSON
    atomic_write_text(meta_path, json.dumps(meta, indent=2, default=str) + "\n")
    return done


# --- the driver -------------------------------------------------------------------------------

@dataclass
class BatchOutcome:
    total: int
    done_before: int
    done_now: int = 0
    errors_now: int = 0
    elapsed_s: float = 0.0
    first_errors: list[tuple[int, int, str]] = field(default_factory=list)  # (run, seed, error)


ProgressFn = Callable[[int, int], None]  # (runs now on disk, total)


def auto_chunk(remaining: int, workers: int, per_run_s: float | None) -> int:
    """Runs per task: about ``TARGET_TASK_S`` of work (so Ctrl-C and progress stay responsive
    and the per-task overhead stays small), but at least four tasks per worker for the tail."""
    by_time = MAX_CHUNK if per_run_s is None else int(TARGET_TASK_S / max(per_run_s, 1e-6))
    by_tail = -(-remaining // max(1, workers * 4))
    return max(1, min(MAX_CHUNK, by_time, by_tail))


def run_batch(
    spec: BatchSpec,
    scenarios: dict[Point, Scenario],
    executor: cf.Executor,
    out: Path,
    *,
    resume: bool = False,
    workers: int = 1,
    chunk_size: int | None = None,
    max_in_flight: int | None = None,
    on_progress: ProgressFn | None = None,
    runner: Callable[..., Chunk] = run_chunk,
    base: Scenario | None = None,
    command: str | None = None,
    refs: dict[Point, ScenarioRef] | None = None,
) -> BatchOutcome:
    """Play the runs of ``spec`` not yet in ``out/runs.csv`` on ``executor``, appending rows.

    ``scenarios`` maps each sweep point to its built scenario (the caller loads and checks them);
    ``base`` is the scenario without the sweep values (it names the batch in ``batch.json``);
    ``command`` the command line that asked for the batch (its provenance); ``refs`` the sweep
    points' scenarios already pickled (a study of many points keeps only those, not the
    scenarios themselves; ``scenarios`` may then be empty, with ``base`` given).
    The executor is the caller's to shut down. On KeyboardInterrupt the pending tasks are
    cancelled, every finished row is on disk, and the interrupt propagates: rerun with
    ``resume=True`` to finish the batch.
    """
    out = Path(out)
    meta = batch_meta(spec, base or scenarios[spec.grid()[0]], command)
    done = prepare_dir(out, meta, resume)
    drawn = drawn_keys(meta)
    refs = {p: replace(r, drawn_keys=tuple(drawn)) for p, r in refs.items()} if refs else \
        {p: ScenarioRef.of(sc, p, drawn) for p, sc in scenarios.items()}  # (every row: the batch's drawn columns)
    columns = spec.columns([side["id"] for side in meta["sides"]], meta.get("objectives", []), drawn)
    prefix = spec.row_prefix()
    outcome = BatchOutcome(total=spec.total, done_before=len(done))
    pending = (s for s in plan(spec.runs, spec.seed, spec.grid()) if s.run not in done)
    n_pending = spec.total - len(done)
    window = max_in_flight or max(2, workers * 4)
    csv_path = out / RUNS_CSV
    new_file = not csv_path.exists() or csv_path.stat().st_size == 0
    t0 = time.perf_counter()
    submitted = 0
    in_flight: dict[cf.Future[Chunk], int] = {}
    finished: dict[int, Chunk] = {}  # chunk number -> rows, waiting for their turn
    turns_path = out / TURNS_CSV
    if resume:
        keep_runs(turns_path, done)  # rows of runs that did not reach runs.csv (a kill) go
    new_turns = not turns_path.exists() or turns_path.stat().st_size == 0
    next_to_write = n_chunks = 0
    with naming(csv_path), open(csv_path, "a", newline="", encoding="utf-8") as fh, \
            open(turns_path, "a", newline="", encoding="utf-8") as turns_fh:
        writer = csv.writer(fh, lineterminator="\n")
        turns_writer = csv.writer(turns_fh, lineterminator="\n")
        if new_file:
            writer.writerow(columns)
            fh.flush()
        if new_turns:
            turns_writer.writerow(TURN_COLUMNS)
        if on_progress:
            on_progress(len(done), spec.total)
        try:
            exhausted = False
            while True:
                while not exhausted and len(in_flight) + len(finished) < window:
                    per_run = (time.perf_counter() - t0) * workers / outcome.done_now if outcome.done_now else None
                    size = chunk_size or auto_chunk(n_pending - submitted, workers, per_run)
                    chunk = list(itertools.islice(pending, size))
                    if not chunk:
                        exhausted = True
                        break
                    k = n_chunks
                    n_chunks += 1
                    submitted += len(chunk)
                    need = {s.point: refs[s.point] for s in chunk}
                    in_flight[executor.submit(runner, need, spec.policies, chunk)] = k
                if not in_flight:
                    break
                ready, _ = cf.wait(in_flight, timeout=HEALTH_CHECK_S, return_when=cf.FIRST_COMPLETED)
                if not ready:
                    check_health(executor)  # a cluster gone away ends the batch, not a wait for ever
                    continue
                for fut in ready:
                    finished[in_flight.pop(fut)] = result_of(fut)
                while next_to_write in finished:
                    rows, turn_rows = finished.pop(next_to_write)
                    next_to_write += 1
                    with naming(turns_path):  # (a full disk: the error names the file)
                        turns_writer.writerows(turn_rows)  # (before its runs: a run on disk has its turns)
                        turns_fh.flush()
                    writer.writerows([row[0], *prefix, *row[1:]] for row in rows)
                    for row in rows:
                        if row[-1]:
                            outcome.errors_now += 1
                            if len(outcome.first_errors) < 5:
                                outcome.first_errors.append((int(row[0]), int(row[len(spec.sweep) + len(drawn) + 1]), row[-1]))
                    outcome.done_now += len(rows)
                fh.flush()
                if on_progress:
                    on_progress(outcome.done_before + outcome.done_now, spec.total)
        except BaseException:
            for fut in in_flight:
                fut.cancel()
            with contextlib.suppress(OSError):  # (a full disk: the error that stopped the batch is said)
                fh.flush()
            raise
        finally:
            outcome.elapsed_s = time.perf_counter() - t0
    return outcome
