"""``load_batch``: batch folders as one typed DataFrame, with no -1 sentinels."""

from __future__ import annotations

import concurrent.futures as cf
import json
from pathlib import Path

import pytest

import mutanchiang_sim
from mutanchiang_sim.core.rng import run_seed
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.batch import BatchSpec, run_batch
from mutanchiang_sim.sim.columns import write_parquet
from mutanchiang_sim.sim.computer_players import computer_players
from mutanchiang_sim.sim.run import play_game, run_record

pd = pytest.importorskip("pandas")


def test_two_folders_give_one_typed_frame_whose_mean_capture_time_is_right(
        tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    scenario = load_scenario(str(small_path), {"turns": 6})
    passive = {"soviet": "passive"}  # the city holds in those
    with cf.ThreadPoolExecutor(2) as ex:
        run_batch(BatchSpec(str(small_path), 6, seed=4, overrides={"turns": 6}), {(): scenario}, ex, tmp_path / "a")
        run_batch(BatchSpec(str(small_path), 6, seed=5, policies=passive), {(): small_scenario}, ex, tmp_path / "b")
    write_parquet(tmp_path / "a")  # one folder read from Parquet, the other from the CSV
    df = mutanchiang_sim.load_batch([tmp_path / "a", tmp_path / "b"])
    assert len(df) == 12 and list(df["batch"].unique()) == ["a", "b"]
    assert df["batch_seed"].tolist() == [4] * 6 + [5] * 6
    assert df["turns"].isna().tolist() == [False] * 6 + [True] * 6  # the --set value, where set
    assert str(df["city_captured"].dtype) == "boolean" and pd.api.types.is_datetime64_any_dtype(df["city_captured_at"])
    assert df["ai.soviet"].isna().tolist() == [True] * 6 + [False] * 6
    records = [run_record(play_game(sc, run_seed(s, i), computer_players(sc, ai)).state, run_seed(s, i))
               for sc, s, ai in ((scenario, 4, {}), (small_scenario, 5, passive)) for i in range(6)]
    taken = [r["city_captured_turn"] * 6.0 for r in records if r["city_captured"]]
    assert 0 < len(taken) < 12  # some held: their turn is missing, not -1
    assert df["city_captured_turn"].isna().sum() == 12 - len(taken)
    assert df["city_captured_hours"].mean() == pytest.approx(sum(taken) / len(taken))
    assert df["city_captured"].mean() == pytest.approx(len(taken) / 12)


def test_parquet_schema_describes_the_batch(tmp_path: Path, small_path: Path, small_scenario) -> None:  # type: ignore[no-untyped-def]
    pq = pytest.importorskip("pyarrow.parquet")
    with cf.ThreadPoolExecutor(2) as ex:
        run_batch(BatchSpec(str(small_path), 3, seed=2), {(): small_scenario}, ex, tmp_path)
    schema = pq.read_schema(write_parquet(tmp_path))
    meta = json.loads(schema.metadata[b"mutanchiang_sim.batch"])
    assert meta["seed"] == 2 and meta["scenario_sha256"] == small_scenario.source_sha256
    assert schema.field("city_captured_at").type.unit in ("s", "ms")  # a timestamp, not text
    assert schema.field("soviet_casualties").metadata[b"description"] == b"Soviet casualties"
