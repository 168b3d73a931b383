"""Each game draws its scenario's ranges from its own seeded stream (core.uncertain): the draws
are the run's, they play, they are in the run record, the batch's rows, replays and saves, and
they leave the battle's dice alone."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.core.uncertain import Uncertain, check_values, draw_values, with_values
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.game import Game
from mutanchiang_sim.sim.replay import read_replay, replay_states, write_replay
from mutanchiang_sim.sim.run import play_game, run_record

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def ranged():  # type: ignore[no-untyped-def]
    return load_scenario(DATA / "ranges.yaml")


ends = st.floats(-1e6, 1e6, allow_nan=False)


@given(ends, st.just(0.0) | st.floats(1e-3, 1e5), st.floats(0.0, 1.0), st.floats(0.0, 0.999999))
def test_the_quantile_is_scipys_inverse_cdf(lo: float, width: float, at: float, q: float) -> None:
    hi = lo + width
    mode = min(hi, lo + at * width)
    tri, uni = Uncertain("x", lo, hi, mode), Uncertain("x", lo, hi)
    tol = 1e-9 * (width + abs(lo)) + 1e-12
    if width > 0:
        c = min(1.0, max(0.0, (mode - lo) / width))  # (in floating point a hair past 1 is scipy's nan)
        assert math.isclose(tri.at(q), stats.triang.ppf(q, c, loc=lo, scale=width), rel_tol=1e-9, abs_tol=tol)
        assert math.isclose(uni.at(q), stats.uniform.ppf(q, loc=lo, scale=width), rel_tol=1e-9, abs_tol=tol)
    assert lo <= tri.at(q) <= hi and lo <= uni.at(q) <= hi


@given(st.integers(-50, 50), st.integers(0, 30))
def test_whole_numbers_of_a_uniform_range_are_equally_likely(lo: int, width: int) -> None:
    u = Uncertain("n", lo, lo + width, whole=True)
    qs = (np.arange(1000 * (width + 1)) + 0.5) / (1000 * (width + 1))
    counts = np.unique([u.at(float(q)) for q in qs], return_counts=True)
    assert list(counts[0]) == list(range(lo, lo + width + 1))
    assert set(counts[1]) == {1000}


def test_a_draw_is_the_seeds_and_each_figure_has_a_stream_of_its_own(ranged) -> None:  # type: ignore[no-untyped-def]
    a, b = draw_values(ranged, 7), draw_values(ranged, 8)
    assert a == draw_values(ranged, 7) and a != b
    assert list(a) == [u.key for u in ranged.uncertain]
    assert all(u.contains(a[u.key]) for u in ranged.uncertain)
    assert isinstance(a["units.j-ir1.men"], int) and isinstance(a["rules.nations.japan.quality"], float)
    # the same figure draws the same quantile whatever other ranges the file has
    alone = load_scenario(DATA / "ranges.yaml", {"units.j-ac.tanks": 4, "rules.movement.road_cost": 0.5})
    assert draw_values(alone, 7)["units.j-ir1.men"] == a["units.j-ir1.men"]


def test_the_game_plays_the_drawn_values(ranged) -> None:  # type: ignore[no-untyped-def]
    state, _ = engine.new_game(ranged, 5)
    values = draw_values(ranged, 5)
    assert state.scenario.drawn == values
    j = state.unit_by_id["j-ir1"]
    assert (j.men, j.guns, j.men_start) == (values["units.j-ir1.men"], values["units.j-ir1.guns"], values["units.j-ir1.men"])
    assert state.scenario.rules.nations["japan"].quality == values["rules.nations.japan.quality"]
    assert state.scenario.rules.movement.road_cost == values["rules.movement.road_cost"]
    assert ranged.rules.movement.road_cost == 0.5  # (the loaded scenario keeps its nominal values)
    rec = run_record(play_game(ranged, 5).state, 5)
    assert {k[len("drawn."):]: v for k, v in rec.items() if k.startswith("drawn.")} == values
    nominal_others = sum(u.men for u in ranged.units if u.side == "japan" and u.id != "j-ir1")
    assert rec["japan_men_start"] == nominal_others + values["units.j-ir1.men"]


def test_ranges_leave_the_battles_dice_alone(tmp_path: Path) -> None:
    """A range of one value plays the battle of the file without it, bit for bit: the draws
    come from a stream apart from the battle's (common random numbers hold)."""
    small = (DATA / "small.yaml").read_text(encoding="utf-8")
    p = tmp_path / "one.yaml"
    p.write_text(small.replace("men: 3000, guns: 12, entrenchment: 2", "men: {low: 3000, high: 3000}, guns: 12, entrenchment: 2"))
    plain, one = load_scenario(DATA / "small.yaml"), load_scenario(p)
    assert one.uncertain
    for seed in (1, 2):
        a, b = run_record(play_game(plain, seed).state, seed), run_record(play_game(one, seed).state, seed)
        assert b.pop("drawn.units.j-ir1.men") == 3000
        assert a == b


def test_a_replay_keeps_the_drawn_values_and_replays_the_battle(ranged, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = play_game(ranged, 11, record=True)
    path = tmp_path / "r.json"
    write_replay(path, str(DATA / "ranges.yaml"), {}, {}, result)
    rep = read_replay(path)
    assert rep.drawn == draw_values(ranged, 11)
    last = replay_states(ranged, rep)[-1]
    mine, recorded = last.to_dict(), result.state.to_dict()
    for d in (mine, recorded):
        d.pop("ai_rng")  # (a replay asks no computer player)
    assert mine == recorded
    doc = json.loads(path.read_text())
    doc["drawn"]["units.j-ir1.men"] = 99999  # outside its range
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="outside its range"):
        replay_states(ranged, read_replay(path))


def test_a_saved_state_brings_its_drawn_values_back(ranged) -> None:  # type: ignore[no-untyped-def]
    g = Game.new(ranged, 3)
    g.play(max_actions=30)
    d = g.state.to_dict()
    assert d["drawn"] == draw_values(ranged, 3)
    back = GameState.from_dict(ranged, json.loads(json.dumps(d)))
    assert back.scenario.drawn == d["drawn"]
    assert back.scenario.rules == g.state.scenario.rules
    assert back.to_dict() == d
    other = with_values(ranged, draw_values(ranged, 4))  # a game of another draw loads this one's values
    assert GameState.from_dict(other, d).scenario.drawn == d["drawn"]
    d["drawn"].pop("units.j-ir1.men")
    with pytest.raises(ValueError, match="units.j-ir1.men"):
        GameState.from_dict(ranged, d)
    with pytest.raises(ValueError):
        check_values(ranged, {**draw_values(ranged, 3), "units.j-ir1.guns": 8.5})


def test_a_batch_row_holds_the_values_its_run_drew(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from mutanchiang_sim.sim.batch import BatchSpec, run_batch

    sc = load_scenario(DATA / "ranges.yaml")
    out = tmp_path / "b"
    with ThreadPoolExecutor(1) as ex:
        run_batch(BatchSpec(str(DATA / "ranges.yaml"), runs=3, seed=2), {(): sc}, ex, out)
    meta = json.loads((out / "batch.json").read_text())
    assert [d["key"] for d in meta["drawn"]] == [u.key for u in sc.uncertain]
    rows = list(csv.DictReader((out / "runs.csv").open()))
    header = list(rows[0])
    assert header[2:2 + len(sc.uncertain)] == [f"drawn.{u.key}" for u in sc.uncertain]
    for row in rows:
        drawn = draw_values(sc, int(row["seed"]))
        assert {k: row[f"drawn.{k}"] for k in drawn} == {k: repr(v) if isinstance(v, float) else str(v)
                                                          for k, v in drawn.items()}
        assert not row["error"]
    pd = pytest.importorskip("pandas")
    from mutanchiang_sim import load_batch

    df = load_batch(out)
    assert str(df["drawn.units.j-ir1.men"].dtype) == "Int64"
    assert pd.api.types.is_float_dtype(df["drawn.rules.nations.japan.quality"])


def test_only_terrain_and_movement_draws_take_a_map_of_their_own(ranged) -> None:  # type: ignore[no-untyped-def]
    """The computer players' memo is kept per map and assumes its movement costs: a drawn road
    cost must not meet fields priced for another; a drawn quality may share the warm memo."""
    values = draw_values(ranged, 1)
    assert with_values(ranged, values).map is not ranged.map  # (road_cost is drawn)
    quality = load_scenario(DATA / "ranges.yaml", {"rules.movement.road_cost": 0.5})
    assert with_values(quality, draw_values(quality, 1)).map is quality.map
    # and sharing it changes nothing: a battle on the shared map is the battle on a fresh copy
    from dataclasses import replace

    for seed in (1, 2):
        warm = run_record(play_game(quality, seed).state, seed)
        fresh = replace(quality, map=replace(quality.map))
        assert run_record(play_game(fresh, seed).state, seed) == warm


def test_a_saved_game_loads_with_the_values_it_drew(ranged, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.sim.saves import load_game
    from mutanchiang_sim.sim.session import GameSession

    s = GameSession.start(ranged, 3, {"soviet"})
    assert s.scenario.drawn == draw_values(ranged, 3)
    path = s.save(tmp_path / "save.json")
    other = GameSession.start(ranged, 4, {"soviet"})
    other.load(path)
    assert other.scenario.drawn == draw_values(ranged, 3) == other.state.scenario.drawn
    assert other.state.unit_by_id["j-ir1"].men == draw_values(ranged, 3)["units.j-ir1.men"]
    assert load_game(path, ranged).state.scenario.rules == s.state.scenario.rules


def test_a_swept_range_is_not_drawn_and_the_others_meet_the_same_draws(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.cli import main

    out = tmp_path / "s"
    assert main(["batch", str(DATA / "ranges.yaml"), "--runs", "3", "--workers", "1", "--out", str(out),
                 "--sweep", "units.j-ir1.men=2000,4000"]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader((out / "runs.csv").open()))
    assert all(r["drawn.units.j-ir1.men"] == "" for r in rows)  # fixed by the sweep at each point
    by_seed: dict[str, set[str]] = {}
    for r in rows:
        by_seed.setdefault(r["seed"], set()).add(r["drawn.units.j-ir1.guns"])
    assert all(len(v) == 1 for v in by_seed.values())  # both sweep values of a seed play the same draw
    pytest.importorskip("pandas")
    from mutanchiang_sim import load_batch

    df = load_batch(out)
    assert str(df["drawn.units.j-ir1.men"].dtype) == "Float64" and df["drawn.units.j-ir1.men"].isna().all()
