"""Per-turn series: ``turns.csv`` beside ``runs.csv``, consistent with the run records."""

from __future__ import annotations

import concurrent.futures as cf
import csv
import importlib.util
from pathlib import Path

from mutanchiang_sim.sim.batch import BatchSpec, run_batch
from mutanchiang_sim.sim.turns import TURN_COLUMNS, keep_runs


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_turn_rows_agree_with_the_run_records(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    with cf.ThreadPoolExecutor(2) as ex:
        run_batch(BatchSpec(str(small_path), 3, seed=6), {(): small_scenario}, ex, tmp_path, chunk_size=1)
    runs = {r["run"]: r for r in _read(tmp_path / "runs.csv")}
    turns = _read(tmp_path / "turns.csv")
    assert list(turns[0]) == list(TURN_COLUMNS)
    for run, rec in runs.items():
        mine = [t for t in turns if t["run"] == run]
        for side in ("soviet", "japan"):
            rows = [t for t in mine if t["side"] == side]
            assert [int(t["turn"]) for t in rows] == list(range(len(rows)))  # every turn once, in order
            assert int(rows[0]["men"]) == int(rec[f"{side}_men_start"]) and rows[0]["casualties"] == "0"
            assert int(rows[-1]["casualties"]) == int(rec[f"{side}_casualties"])  # the last row: the end
            assert int(rows[-1]["turn"]) >= int(rec["turns_played"])
            assert all(0.0 <= float(t["out_of_supply"]) <= 1.0 for t in rows)
            casualties = [int(t["casualties"]) for t in rows]
            assert casualties == sorted(casualties)  # losses only grow


def test_resume_keeps_the_turns_of_the_runs_on_disk_only(tmp_path: Path) -> None:
    path = tmp_path / "turns.csv"
    row = ["0", "1945-08-12T06:00", "a", "1", "0", "0", "0", "0.0", "3", "0.0"]
    path.write_text(",".join(TURN_COLUMNS) + "\n" + "\n".join(",".join([str(r), *row]) for r in (0, 1, 2)) + "\n3,0,19")
    keep_runs(path, {0, 2})
    assert [r["run"] for r in _read(path)] == ["0", "2"]


def test_report_draws_the_trajectories(history_report: Path) -> None:
    out = history_report  # six runs of each of two swept values, reported (sim/conftest.py)
    assert (out / "trajectories.png").read_bytes()[:4] == b"\x89PNG"
    assert "![Per-turn figures](trajectories.png)" in (out / "report.md").read_text()
    if importlib.util.find_spec("pyarrow"):
        assert (out / "turns.parquet").exists()
    if importlib.util.find_spec("pandas"):
        import mutanchiang_sim

        df = mutanchiang_sim.load_turns(out)
        assert set(df["side"]) == {"soviet", "japan"} and df["run"].nunique() == 12
        assert str(df["time"].dtype).startswith("datetime64")
