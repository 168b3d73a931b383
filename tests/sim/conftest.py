"""Fixtures for the batch tests: a copy of the small scenario with a ``history`` section."""

from __future__ import annotations

from pathlib import Path

import pytest

HISTORY = """
history:
  - {metric: soviet_casualties, low: 500, high: 1500, label: Soviet casualties, source: test}
  - {metric: japan_casualties, low: 20000, high: 25000, label: Japanese casualties, source: test}
  - {metric: city_captured_at, low: 12, high: 36, label: The city falls, source: test}
"""


@pytest.fixture()
def history_path(tmp_path: Path, small_path: Path) -> Path:
    p = tmp_path / "valley.yaml"
    p.write_text(small_path.read_text(encoding="utf-8") + HISTORY, encoding="utf-8")
    return p


@pytest.fixture(scope="session")
def history_report(shared_results, small_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A batch of the scenario with a history, swept over one value and reported against a
    second batch (--compare): made once a test run, whichever xdist worker asks first, then only
    read (the report's tests and the trajectories')."""

    def build(folder: Path) -> None:
        from mutanchiang_sim.cli import main

        folder.mkdir(parents=True)
        scenario = folder / "valley.yaml"
        scenario.write_text(small_path.read_text(encoding="utf-8") + HISTORY, encoding="utf-8")
        base, other = folder / "base", folder / "whatif"
        assert main(["batch", str(scenario), "--runs", "6", "--out", str(base), "--workers", "1",
                     "--sweep", "units.j-ir1.men=1500,4000"]) == 0
        assert main(["batch", str(scenario), "--runs", "8", "--out", str(other), "--workers", "1",
                     "--set", "units.j-ir2.men=6000"]) == 0
        assert main(["report", str(base), "--compare", str(other)]) == 0

    return shared_results.built("history-report", build) / "base"  # type: ignore[no-any-return]
