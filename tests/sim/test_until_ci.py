"""``batch --until-ci``: rounds of runs until the rates' intervals are narrow enough."""

from __future__ import annotations

import concurrent.futures as cf
from pathlib import Path

from mutanchiang_sim.sim.batch import BatchSpec, run_batch
from mutanchiang_sim.sim.until_ci import rate_widths, run_until_ci


def _rounds(tmp_path: Path, small_path: Path, small_scenario, target: float, most: int):  # type: ignore[no-untyped-def]
    out = tmp_path / f"u{target}"
    with cf.ThreadPoolExecutor(2) as ex:
        def play(spec: BatchSpec, resume: bool):  # type: ignore[no-untyped-def]
            return run_batch(spec, {(): small_scenario}, ex, out, resume=resume)

        return out, *run_until_ci(BatchSpec(str(small_path), most, seed=1), target, play, out, first=8)


def test_a_wide_target_stops_after_the_first_round(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    out, outcome, stopped = _rounds(tmp_path, small_path, small_scenario, 0.45, 40)
    assert stopped["reached"] and stopped["rounds"] == 1 and outcome.done_now == 8
    assert abs(rate_widths(out).widest - stopped["widest_halfwidth"]) < 1e-4


def test_a_narrow_target_plays_on_to_the_most_runs(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    out, outcome, stopped = _rounds(tmp_path, small_path, small_scenario, 0.01, 14)
    assert not stopped["reached"] and stopped["rounds"] == 2 and stopped["runs_per_point"] == 14
    assert outcome.done_now == 14 and (out / "runs.csv").read_text().count("\n") == 15
    assert stopped["widest_halfwidth"] > 0.01
