"""The pure batch logic: seeds, the plan, streaming rows, resume after a kill, failing runs."""

from __future__ import annotations

import concurrent.futures as cf
import csv
from pathlib import Path

import numpy as np
import pytest

from mutanchiang_sim.core.rng import run_seed
from mutanchiang_sim.sim import batch
from mutanchiang_sim.sim.batch import BatchMismatch, BatchSpec, plan, run_batch, sweep_grid
from mutanchiang_sim.sim.columns import write_parquet
from mutanchiang_sim.sim.run import objective_names, play_game, record_keys, run_record

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def rows(out: Path) -> list[list[str]]:
    with open(out / "runs.csv", newline="") as fh:
        return list(csv.reader(fh))


def test_run_seeds_come_from_seedsequence_of_batch_seed_and_index() -> None:
    specs = list(plan(5, 42))
    assert [s.run for s in specs] == [0, 1, 2, 3, 4]
    assert [s.seed for s in specs] == [run_seed(42, i) for i in range(5)]
    expect = int(np.random.SeedSequence(42, spawn_key=(3,)).generate_state(1, dtype=np.uint64)[0]) >> 1
    assert specs[3].seed == expect
    assert len({s.seed for s in plan(1000, 42)}) == 1000
    assert [s.seed for s in plan(3, 43)] != [s.seed for s in specs[:3]]


def test_sweep_points_share_seeds_and_more_runs_only_add_runs() -> None:
    grid = sweep_grid([("a", (1, 2)), ("b", ("x", "y"))])
    assert len(grid) == 4 and grid[1] == (("a", 1), ("b", "y"))
    specs = list(plan(3, 7, grid))
    assert [s.run for s in specs] == list(range(12))
    assert {s.seed for s in specs[:4]} == {run_seed(7, 0)}
    assert list(plan(5, 7, grid))[:12] == specs


def test_a_batch_row_is_the_run_record_of_that_seed(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    spec = BatchSpec(str(small_path), 4, seed=3, overrides={"turns": 8})  # (the file's own value)
    with cf.ThreadPoolExecutor(2) as ex:
        outcome = run_batch(spec, {(): small_scenario}, ex, tmp_path)
    assert outcome.done_now == 4 and outcome.errors_now == 0
    table = rows(tmp_path)
    assert table[0] == ["run", "batch_seed", "turns", *record_keys(small_scenario.side_ids, objective_names(small_scenario)), "error"]
    seed = run_seed(3, 2)
    rec = run_record(play_game(small_scenario, seed).state, seed)
    # the row carries the batch seed and the --set value; a turn of -1 (never) is left empty
    values = [None if k.endswith("_turn") and v == -1 else v for k, v in rec.items()]
    assert table[3] == [batch.cell(x) for x in (2, 3, 8, *values, "")]


def test_resume_after_interrupt_gives_exactly_n_runs(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    spec = BatchSpec(str(small_path), 30, seed=5)
    scenarios = {(): small_scenario}
    whole = tmp_path / "whole"
    with cf.ThreadPoolExecutor(2) as ex:
        run_batch(spec, scenarios, ex, whole, chunk_size=2)

    def stop_after_10(done: int, total: int) -> None:
        if done >= 10:
            raise KeyboardInterrupt

    part = tmp_path / "part"
    with cf.ProcessPoolExecutor(2) as ex, pytest.raises(KeyboardInterrupt):
        run_batch(spec, scenarios, ex, part, workers=2, chunk_size=3, on_progress=stop_after_10)
    kept = rows(part)[1:]
    assert 10 <= len(kept) < 30
    # a kill in the middle of a write leaves half a line: resume cuts it off
    with open(part / "runs.csv", "a") as fh:
        fh.write("99,12345,sov")
    with pytest.raises(BatchMismatch, match="not empty"):
        run_batch(spec, scenarios, cf.ThreadPoolExecutor(1), part)
    with cf.ThreadPoolExecutor(2) as ex:
        outcome = run_batch(spec, scenarios, ex, part, resume=True, workers=2)
    assert outcome.done_before == len(kept) and outcome.done_now == 30 - len(kept)
    got = rows(part)
    assert [int(r[0]) for r in got[1:]] == list(range(30))  # no duplicate, none lost, in order
    assert got == rows(whole)
    # resuming a finished batch plays nothing; asking for more runs plays only the new ones
    with cf.ThreadPoolExecutor(1) as ex:
        assert run_batch(spec, scenarios, ex, part, resume=True).done_now == 0
        more = BatchSpec(str(small_path), 33, seed=5)
        assert run_batch(more, scenarios, ex, part, resume=True).done_now == 3
    assert [int(r[0]) for r in rows(part)[1:]] == list(range(33))


def test_resume_refuses_a_different_batch(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    with cf.ThreadPoolExecutor(1) as ex:
        run_batch(BatchSpec(str(small_path), 3, seed=1), {(): small_scenario}, ex, tmp_path)
        with pytest.raises(BatchMismatch, match="seed"):
            run_batch(BatchSpec(str(small_path), 3, seed=2), {(): small_scenario}, ex, tmp_path, resume=True)
        with pytest.raises(BatchMismatch, match="more runs"):
            run_batch(BatchSpec(str(small_path), 2, seed=1), {(): small_scenario}, ex, tmp_path, resume=True)


def test_resume_refuses_repeated_or_unreadable_results(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    spec = BatchSpec(str(small_path), 4, seed=1)
    with cf.ThreadPoolExecutor(1) as ex:
        run_batch(spec, {(): small_scenario}, ex, tmp_path)
        runs = tmp_path / "runs.csv"
        lines = runs.read_bytes().split(b"\n")
        runs.write_bytes(b"\n".join(lines[:2] + [lines[1]] + lines[2:]))  # run 0 twice
        with pytest.raises(BatchMismatch, match="line 3 repeats run 0"):
            run_batch(spec, {(): small_scenario}, ex, tmp_path, resume=True)
        runs.write_bytes(bytes(range(128, 256)) + b"\n" + bytes(range(128, 256)) + b"\n")  # not text at all
        with pytest.raises(BatchMismatch, match="is not a batch's results"):
            run_batch(spec, {(): small_scenario}, ex, tmp_path, resume=True)


def test_a_run_that_raises_is_recorded_and_the_batch_goes_on(tmp_path: Path, small_path: Path, small_scenario, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = {run_seed(9, i) for i in (1, 4)}
    real = batch.play_game

    def flaky(scenario, seed, policies=None, **hooks):  # type: ignore[no-untyped-def]
        if seed in bad:
            raise ValueError(f"no supply line\nfor seed {seed}")
        return real(scenario, seed, policies, **hooks)

    monkeypatch.setattr(batch, "play_game", flaky)
    with cf.ThreadPoolExecutor(2) as ex:
        outcome = run_batch(BatchSpec(str(small_path), 6, seed=9), {(): small_scenario}, ex, tmp_path, workers=2)
    assert outcome.done_now == 6 and outcome.errors_now == 2
    assert [(r, s) for r, s, _ in outcome.first_errors] == [(1, run_seed(9, 1)), (4, run_seed(9, 4))]
    table = rows(tmp_path)
    err = table[2]
    assert err[:3] == ["1", "9", str(run_seed(9, 1))]  # run, batch seed, seed
    assert err[-1].startswith("ValueError: no supply line for seed")  # one line
    assert err[3] == ""  # no record
    assert all(r[-1] == "" for i, r in enumerate(table[1:]) if i not in (1, 4))

    from mutanchiang_sim.sim.stats import summarize

    s = summarize(tmp_path)
    assert s["runs"] == 6 and s["runs_ok"] == 4 and s["errors"] == 2
    assert s["first_errors"][0]["seed"] == run_seed(9, 1)


def test_parquet_holds_the_csv_rows(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    pq = pytest.importorskip("pyarrow.parquet")
    with cf.ThreadPoolExecutor(2) as ex:
        run_batch(BatchSpec(str(small_path), 5, seed=2), {(): small_scenario}, ex, tmp_path)
    path = write_parquet(tmp_path)
    assert path is not None
    table = pq.read_table(path)
    assert table.num_rows == 5
    assert table.column("run").to_pylist() == [0, 1, 2, 3, 4]
    assert table.column("seed").to_pylist() == [run_seed(2, i) for i in range(5)]
    assert table.schema.field("city_captured").type == "bool"


def test_scenario_is_unpickled_once_per_process(small_scenario) -> None:  # type: ignore[no-untyped-def]
    ref = batch.ScenarioRef.of(small_scenario)
    batch._SCENARIOS.clear()
    first = batch.resolve(ref)
    assert batch.resolve(ref) is first
