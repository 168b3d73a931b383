"""``mutanchiang report``: PNG plots and a Markdown report embedding them; the statistics."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from batch_folder import make_batch
from mutanchiang_sim.cli import main
from mutanchiang_sim.sim.stats import describe, quantiles

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def is_png(p: Path) -> bool:
    return p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 5000


def test_report_writes_plots_and_markdown(history_report: Path) -> None:
    base = history_report  # swept, with a history, compared with another batch (sim/conftest.py)
    plots = {"losses.png", "city_falls.png", "history.png", "sweep.png", "convergence.png", "trajectories.png"}
    for name in plots:
        assert is_png(base / name), name
    md = (base / "report.md").read_text()
    embedded = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert set(embedded) == plots
    # intervals: the rates (Wilson), the sweep's paired differences, the compared batch's difference
    assert re.search(r"\| City taken \| [0-9.]+% \| \([0-9.]+% - [0-9.]+%\) \|", md)
    assert "paired difference" in md and "Riverton taken, difference (95%)" in md  # (named after the city)
    assert "Against the historical record" in md and "| The city falls" in md
    assert "Compared with other batches" in md and "whatif" in md
    assert "units.j-ir1.men" in md


@pytest.fixture(scope="session")
def plain_report(shared_results, small_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A batch without a sweep or a history, reported over a damaged old summary.json (only its
    old timing is read from it: rewritten); made once a test run, then only read."""

    def build(out: Path) -> None:
        make_batch(small_path, out, 5, 0)
        (out / "summary.json").write_text("{bad")
        assert main(["report", str(out)]) == 0

    return shared_results.built("plain-report", build)  # type: ignore[no-any-return]


def test_report_of_a_plain_batch_has_no_sweep_or_history_plot(plain_report: Path) -> None:
    out = plain_report
    assert is_png(out / "losses.png") and is_png(out / "city_falls.png")
    assert not (out / "sweep.png").exists() and not (out / "history.png").exists()
    assert "sweep.png" not in (out / "report.md").read_text()


@pytest.mark.parametrize("argv, message", [
    (["report", "/nonexistent/batch"], "no such folder"),
    (["report", "."], "not a batch folder"),
])
def test_report_bad_input_exit_2(argv: list[str], message: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_capture_time_percentiles_treat_a_held_city_as_never() -> None:
    hours = np.array([24.0, 30.0, math.inf, math.inf, 36.0])
    p10, p50, p90 = quantiles(hours)
    assert p10 == 24.0 and p50 == 36.0 and p90 == math.inf
    d = describe(hours)
    # no mean over all runs when some never happened; the mean of those that did is apart
    assert d["mean"] is None and d["mean_finite"] == 30.0 and d["n_finite"] == 3
    assert d["p90"] is None  # JSON has no infinity
    assert describe(np.array([1.0, 2.0, 6.0]))["mean"] == 3.0
    assert describe(np.array([1.0, 2.0, 3.0, 4.0]))["p50"] == 2.5


def test_report_of_a_batch_where_every_run_failed(tmp_path: Path, small_path: Path, small_scenario, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import concurrent.futures as cf

    from mutanchiang_sim.sim import batch
    from mutanchiang_sim.sim.report import write_report

    def broken(*a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError("engine on fire")

    monkeypatch.setattr(batch, "play_game", broken)
    with cf.ThreadPoolExecutor(1) as ex:
        batch.run_batch(batch.BatchSpec(str(small_path), 3), {(): small_scenario}, ex, tmp_path)
    md = write_report(tmp_path).read_text()
    assert "engine on fire" in md and "0 finished, 3 raised an error" in md
    assert is_png(tmp_path / "losses.png") or (tmp_path / "losses.png").exists()


def test_report_names_the_scenario_relative_to_the_working_directory(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.sim.report import _shown_path

    monkeypatch.chdir(tmp_path)
    assert _shown_path(tmp_path / "scenarios" / "x.yaml") == "scenarios/x.yaml"
    outside = tmp_path.parent / "elsewhere.yaml"
    assert _shown_path(outside) == str(outside)
    assert _shown_path(None) == ""


def test_damaged_batch_files_are_bad_input(tmp_path, plain_report, capsys) -> None:  # type: ignore[no-untyped-def]
    assert (plain_report / "report.md").is_file()  # made over a summary.json of "{bad" (exit 0)
    out = shutil.copytree(plain_report, tmp_path / "b")
    (out / "runs.csv").write_bytes(b"\xc7\xff\n\xaa\n")
    capsys.readouterr()
    assert main(["report", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{out}: damaged batch files (UnicodeDecodeError") and "\n" not in err
