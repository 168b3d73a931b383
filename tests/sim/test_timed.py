"""The timed figures a batch follows are its scenario's (sim.timed): the city's capture and the
time figures of its history, so that a Khalkhin Gol batch is judged by its encirclement as a
Mutanchiang batch is by the city's fall."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from mutanchiang_sim.cli import main
from mutanchiang_sim.sim.intervals import half_width, rate_interval
from mutanchiang_sim.sim.run import SideInfo
from mutanchiang_sim.sim.sensitivity import default_output
from mutanchiang_sim.sim.stats import read_columns
from mutanchiang_sim.sim.timed import Timed, happened, rates, timed_figures
from mutanchiang_sim.sim.until_ci import rate_widths

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CUT_OFF = """
history:
  - {metric: japan_cut_off_at, low: 6, high: 60, label: "The defenders are cut off (hours from the start)", source: test}
  - {metric: japan_casualties, low: 2000, high: 5000, label: Japanese casualties, source: test}
"""


def test_the_history_time_figures_come_first_then_the_city() -> None:
    kg = {"city": "Remizov height", "history": [{"metric": "japan_cut_off_at", "label": "Cut off (hours from 20 Aug)"},
                                                {"metric": "japan_casualties", "label": "Japanese casualties"}]}
    assert timed_figures(kg) == [Timed("japan_cut_off", "Cut off"), Timed("city_captured", "Remizov height taken")]
    mu = {"city": "Mutanchiang", "history": [{"metric": "city_captured_at", "label": "The city falls (hours)"}]}
    assert timed_figures(mu) == [Timed("city_captured", "Mutanchiang taken")]
    assert timed_figures({"city": "", "history": []}) == []  # no city, no times: nothing to follow
    assert timed_figures({}) == [Timed("city_captured", "city taken")]  # a batch.json from before it named its city
    assert timed_figures({"history": [{"metric": "nomonhan_captured_hours"}]})[0] == Timed("nomonhan_captured", "nomonhan captured")
    assert Timed("japan_cut_off", "x").rate_name == "japan_cut_off_rate"
    assert Timed("city_captured", "x").rate_name == "capture_rate"


def test_a_batch_follows_its_scenarios_own_times(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    scenario = tmp_path / "cut.yaml"
    scenario.write_text(small_path.read_text(encoding="utf-8") + CUT_OFF, encoding="utf-8")
    out = tmp_path / "b"
    assert main(["batch", str(scenario), "--runs", "6", "--workers", "1", "--out", str(out),
                 "--sweep", "units.j-ir1.men=1500,4000"]) == 0
    capsys.readouterr()
    meta = json.loads((out / "batch.json").read_text())
    assert meta["city"] == "Riverton"
    rows = list(csv.DictReader((out / "runs.csv").open()))
    cut = np.array([1.0 if r["japan_cut_off_turn"] else 0.0 for r in rows])
    cols = read_columns(out, ["units.j-ir1.men"], 6.0)
    figure = timed_figures(meta)[0]
    assert figure.prefix == "japan_cut_off"
    assert list(happened(cols, figure)) == list(cut[np.argsort([int(r["run"]) for r in rows])])
    summary = json.loads((out / "summary.json").read_text())
    timed = {t["prefix"]: t for t in summary["timed"]}
    assert timed["japan_cut_off"]["rate"] == round(cut.mean(), 4)
    assert timed["city_captured"]["label"] == "Riverton taken"
    assert timed["city_captured"]["rate"] == summary["capture_rate"]
    for row in summary["by_sweep"]:
        assert "japan_cut_off_rate" in row and "japan_cut_off_hours_p50" in row
    assert "japan_cut_off_rate" in summary["by_sweep"][1]["vs_first"]
    # --until-ci judges this rate too
    widest = max(half_width(rate_interval(int(v.sum()), v.size))
                 for g in ("1500", "4000") for v in [cut[[r["units.j-ir1.men"] == g for r in rows]]])
    assert rate_widths(out).widest >= widest - 1e-9
    sides = SideInfo.from_meta(meta)
    assert [n for n, _, _ in rates(cols, meta, sides)] == ["soviet_win", "japan_win", "japan_cut_off_rate", "capture_rate"]
    assert default_output(meta) == "japan_cut_off_hours"
    assert main(["report", str(out)]) == 0
    md = (out / "report.md").read_text()
    assert "| The defenders are cut off |" in md and "The defenders are cut off, paired difference" in md
    capsys.readouterr()
