"""``mutanchiang batch`` end to end: identical results on every executor, outputs, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mutanchiang_sim import ENGINE_VERSION
from mutanchiang_sim.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def batch(small: Path, out: Path, *extra: str) -> int:
    return main(["batch", str(small), "--runs", "20", "--seed", "11", "--out", str(out), *extra])


def test_same_seed_same_runs_csv_on_1_and_2_workers_and_dask(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed")
    assert batch(small_path, tmp_path / "one", "--workers", "1") == 0
    assert batch(small_path, tmp_path / "two", "--workers", "2") == 0
    assert batch(small_path, tmp_path / "dask", "--workers", "2", "--executor", "dask") == 0
    one = (tmp_path / "one" / "runs.csv").read_bytes()
    assert one.count(b"\n") == 21
    assert (tmp_path / "two" / "runs.csv").read_bytes() == one
    assert (tmp_path / "dask" / "runs.csv").read_bytes() == one
    capsys.readouterr()


def test_summary_json_has_the_designs_keys(tmp_path: Path, history_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b"
    assert batch(history_path, out, "--workers", "2", "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    on_disk = json.loads((out / "summary.json").read_text())
    assert printed == on_disk
    for key in ("runs", "seed", "scenario_sha256", "engine_version", "elapsed_s", "battles_per_s",
                "soviet_win_rate", "capture_rate", "history", "metrics", "city_captured_at",
                "by_sweep", "first_errors", "provenance"):  # (all of them always, empty or not)
        assert key in on_disk, key
    assert on_disk["by_sweep"] == [] and on_disk["first_errors"] == []
    prov = on_disk["provenance"]
    assert prov["scenario_sha256"] == on_disk["scenario_sha256"] and prov["numpy"] and prov["python"]
    assert "--runs" in prov["command"] and prov["started_at"].endswith("+00:00")
    assert on_disk["runs"] == 20 and on_disk["seed"] == 11 and on_disk["engine_version"] == ENGINE_VERSION
    assert on_disk["battles_per_s"] > 0
    assert len(on_disk["scenario_sha256"]) == 64
    m = on_disk["metrics"]["soviet_casualties"]
    assert set(m) >= {"mean", "p10", "p50", "p90"} and m["p10"] <= m["p50"] <= m["p90"]
    hist = {h["metric"]: h for h in on_disk["history"]}
    for name in ("soviet_casualties", "japan_casualties"):
        h = hist[name]  # inside means: the batch's median falls in the recorded range
        assert h["inside"] is (h["low"] <= h["p50"] <= h["high"])
    assert hist["japan_casualties"]["inside"] is False  # a 29,200-man valley cannot lose 20,000 Japanese
    cap = hist["city_captured_at"]
    assert cap["low_at"] == "1945-08-12T18:00" and cap["column"] == "city_captured_hours"
    assert cap["p10"] <= cap["p50"] <= cap["p90"] and cap["p50_at"].startswith("1945-08-")
    assert (out / "runs.parquet").exists()


def test_sweep_adds_columns_and_runs_per_value(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "s"
    code = main(["batch", str(small_path), "--runs", "4", "--out", str(out), "--workers", "1",
                 "--sweep", "units.j-ir1.men=1000,6000", "--set", "rules.combat.noise_sigma=0.2"])
    assert code == 0
    lines = (out / "runs.csv").read_text().splitlines()
    # every row: the batch seed, the --set value, the sweep value, then the record
    assert lines[0].startswith("run,batch_seed,rules.combat.noise_sigma,units.j-ir1.men,seed,")
    assert len(lines) == 9
    assert [ln.split(",")[1:4] for ln in lines[1:3]] == [["0", "0.2", "1000"], ["0", "0.2", "6000"]]
    assert lines[1].split(",")[4] == lines[2].split(",")[4]  # same seed for both values
    s = json.loads((out / "summary.json").read_text())
    assert [r["params"] for r in s["by_sweep"]] == [{"units.j-ir1.men": 1000}, {"units.j-ir1.men": 6000}]
    # the second point is compared with the first over the 4 seeds both played
    vs = s["by_sweep"][1]["vs_first"]["capture_rate"]
    assert vs["pairs"] == 4 and vs["ci"][0] <= vs["diff"] <= vs["ci"][1]
    printed = capsys.readouterr().out
    assert "By sweep value" in printed and "Paired differences from units.j-ir1.men=1000" in printed


@pytest.mark.parametrize("flags, message", [
    (["--runs", "-5"], "--runs"),
    (["--runs", "0"], "--runs"),
    (["--runs", "3", "--workers", "0"], "--workers"),
    (["--runs", "3", "--workers", "4096"], "on this machine"),
    (["--runs", "1", "--sweep", "units.j-ir1.men=" + ",".join(map(str, range(101))),
      "--sweep", "units.j-ir2.men=" + ",".join(map(str, range(100)))], "10,100 points is more than 10,000"),
    (["--runs", "3", "--seed", "-1"], "--seed"),
    (["--runs", "3", "--set", "units.nobody.men=3"], "nobody"),
    (["--runs", "3", "--set", "colour=red"], "unknown key 'colour'"),
    (["--runs", "3", "--set", "noequals"], "KEY=VALUE"),
    (["--runs", "3", "--sweep", "units.j-ir1.men"], "KEY=V1,V2"),
    (["--runs", "3", "--sweep", "units.j-ir1.men=1,,2"], "comma-separated"),
    (["--runs", "3", "--sweep", "units.j-ir1.colour=1,2"], "colour"),
    (["--runs", "3", "--sweep", "units.j-ir1.men=-5,100"], "--sweep units.j-ir1.men=-5: Input should be greater"),
    (["--runs", "3", "--set", "units.j-ir1.men=-5"], "--set units.j-ir1.men=-5: Input should be greater"),
    (["--runs", "3", "--set", "units.j-ir1.men=5", "--sweep", "units.j-ir1.men=1,2"], "also given with --set"),
    (["--runs", "3", "--soviet", "genius"], "--soviet: unknown level 'genius'"),
    (["--runs", "3", "--scheduler", "tcp://127.0.0.1:9"], "only with --executor dask"),
    (["--runs", "3", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"], "cannot reach a Dask scheduler"),
    (["--runs", "3", "--executor", "dask", "--scheduler", "nonsense"], "cannot reach a Dask scheduler"),
    (["--runs", "3", "--resume"], "--resume"),
    (["--runs", "many"], "invalid int"),
])
def test_bad_flags_exit_2_with_one_clear_line(flags: list[str], message: str, small_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["batch", str(small_path), *flags]
    if "--resume" not in flags:
        argv += ["--out", str(tmp_path / "o")]
    with pytest.raises(SystemExit) if message == "invalid int" else _nothing() as raised:
        code = main(argv)
    if raised is not None:
        code = raised.value.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "o").exists()  # nothing written on bad input


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *a: object) -> None:
        return None


def test_never_writes_into_a_used_folder_without_resume(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert batch(small_path, out) == 2
    assert "not empty" in capsys.readouterr().err
    assert (out / "notes.txt").read_text() == "mine"
    assert not (out / "runs.csv").exists()


def test_resume_into_another_batch_exits_2(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b"
    assert main(["batch", str(small_path), "--runs", "3", "--out", str(out), "--workers", "1"]) == 0
    capsys.readouterr()
    code = main(["batch", str(small_path), "--runs", "3", "--seed", "4", "--out", str(out), "--resume", "--workers", "1"])
    assert code == 2
    assert "different seed" in capsys.readouterr().err
    code = main(["batch", str(small_path), "--runs", "3", "--set", "units.j-ir1.men=5000", "--out", str(out),
                 "--resume", "--workers", "1"])
    assert code == 2
    assert "different scenario" in capsys.readouterr().err


def test_resume_via_the_command_line_after_a_kill(tmp_path: Path, small_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b"
    assert batch(small_path, out, "--workers", "1") == 0
    whole = (out / "runs.csv").read_text()
    lines = whole.splitlines(keepends=True)
    (out / "runs.csv").write_text("".join(lines[:8]) + lines[8][:15])  # killed mid-line
    (out / "summary.json").unlink()
    assert batch(small_path, out, "--workers", "2", "--resume") == 0
    assert (out / "runs.csv").read_text() == whole
    assert json.loads((out / "summary.json").read_text())["runs"] == 20
    capsys.readouterr()


def test_the_terminal_table_gives_times_as_dates_a_reader_knows() -> None:
    """The batch's history table prints a timed figure's range and percentiles as "16 Aug
    06:00" (summary.json keeps the ISO times), and a percentile never reached as "held"."""
    from rich.console import Console

    from mutanchiang_sim.sim.summary import print_batch_summary

    s = {"scenario": "A battle", "runs": 10, "seed": 1, "metrics": {}, "history": [
        {"metric": "city_captured_at", "label": "The city falls", "low_at": "1945-08-16T00:00",
         "high_at": "1945-08-17T06:00", "p10_at": "1945-08-15T12:00", "p50_at": "1945-08-16T06:00",
         "p90_at": None, "inside": True}]}
    console = Console(record=True, width=200)
    print_batch_summary(s, console)
    text = console.export_text()
    assert "16 Aug 00:00 .. 17 Aug 06:00" in text
    assert "15 Aug 12:00" in text and "16 Aug 06:00" in text and "held" in text
    assert "1945-08-16T" not in text
