"""A read-only or full disk under every output (``batch --out``, ``--resume``, ``report``,
``run --record``): exit 2 with one line naming the file, the earlier results byte for byte as
they were, no temporary file left behind; and once there is room again ``--resume`` finishes.

The faults are injected at the write layer (see faulty_disk.py), in this process."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from batch_folder import make_batch
from faulty_disk import FaultyDisk, snapshot
from mutanchiang_sim.cli.main import main

ROFS, FULL = errno.EROFS, errno.ENOSPC
WHY = {ROFS: "Read-only file system", FULL: "No space left on device"}


@pytest.fixture(scope="module")
def batch_of_two(small_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two") / "R"
    make_batch(small_path, out, 2, 11)
    for name in ("report.md", "losses.png"):  # an earlier report (what it holds does not matter here)
        (out / name).write_bytes(b"the old " + name.encode())
    return out


@pytest.fixture
def batch(batch_of_two: Path, tmp_path: Path) -> Path:
    out = tmp_path / "R"
    shutil.copytree(batch_of_two, out)
    return out


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    cap = capsys.readouterr()
    lines = [x for x in cap.err.strip().splitlines()  # (what a resume kept, what a study loads: progress)
             if not x.startswith(("resumed: ", "loading "))]
    assert len(lines) == 1 and "Traceback" not in cap.err and "internal error" not in cap.err, cap.err
    return lines[0]


def _batch(small_path: Path, out: Path, runs: int, *more: str) -> int:
    return main(["batch", str(small_path), "--runs", str(runs), "--seed", "11", "--workers", "1", "--out", str(out),
                 *more])


@pytest.mark.parametrize("err", [ROFS, FULL])
def test_a_new_batch_folder_that_cannot_be_made(err: int, small_path: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    FaultyDisk(monkeypatch, tmp_path, err)
    assert _batch(small_path, tmp_path / "new", 2) == 2
    assert _one_line(capsys) == f"--out: {tmp_path / 'new'}: cannot write ({WHY[err]})"
    monkeypatch.undo()
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("err", [ROFS, FULL])
def test_a_resume_on_a_broken_disk_keeps_the_batch(err: int, batch: Path, small_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(batch)
    FaultyDisk(monkeypatch, batch, err)
    assert _batch(small_path, batch, 3, "--resume") == 2
    line = _one_line(capsys)
    assert f"cannot write ({WHY[err]})" in line and str(batch) in line
    monkeypatch.undo()
    assert snapshot(batch) == before


def test_a_disk_full_mid_run_keeps_the_rows_and_resume_finishes(batch: Path, small_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    rows = (batch / "runs.csv").read_bytes()
    FaultyDisk(monkeypatch, batch / "runs.csv", FULL)  # room for batch.json and turns.csv, none for a row
    assert _batch(small_path, batch, 3, "--resume") == 2
    assert _one_line(capsys) == (
        f"{batch / 'runs.csv'}: cannot write (No space left on device); the runs finished so far stay in "
        f"{batch / 'runs.csv'}; to finish the batch run: mutanchiang batch {small_path} --runs 3 --seed 11 "
        f"--workers 1 --out {batch} --resume")
    monkeypatch.undo()
    assert (batch / "runs.csv").read_bytes() == rows
    assert _batch(small_path, batch, 3, "--resume") == 0
    assert (batch / "runs.csv").read_bytes().startswith(rows)
    assert len((batch / "runs.csv").read_text().splitlines()) == 4


@pytest.mark.parametrize("name", ["summary.json", "runs.parquet", "turns.parquet", "turns.csv"])
def test_each_file_a_resume_rewrites_is_kept_when_it_cannot_be(name: str, batch: Path, small_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    old = (batch / name).read_bytes()
    FaultyDisk(monkeypatch, batch / name, FULL)
    assert _batch(small_path, batch, 2, "--resume") == 2  # nothing to play: straight to the rewrites
    assert _one_line(capsys).startswith(f"{batch / name}: cannot write (No space left on device); ")
    monkeypatch.undo()
    assert (batch / name).read_bytes() == old
    assert not [p.name for p in batch.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("name", "err"), [
    ("", ROFS),
    *(pytest.param(n, e, marks=pytest.mark.slow) for n, e in [("", FULL), ("losses.png", ROFS), ("losses.png", FULL),
                                                               ("report.md", ROFS), ("report.md", FULL)])])
def test_report_on_a_broken_disk_keeps_the_old_report(name: str, err: int, batch: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(batch)
    FaultyDisk(monkeypatch, batch / name if name else batch, err)
    assert main(["report", str(batch)]) == 2
    line = _one_line(capsys)
    assert line.startswith(f"mutanchiang: {batch}") and line.endswith(f": cannot write ({WHY[err]})")
    monkeypatch.undo()
    after = snapshot(batch)
    if name:  # the plots written before the broken file are new, and whole; the broken one is the old
        assert after[name] == before[name] and not [n for n in after if n.endswith(".tmp")]
    else:
        assert after == before


@pytest.mark.parametrize("err", [ROFS, FULL])
def test_run_record_on_a_broken_disk_keeps_the_old_replay(err: int, small_path: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    rec = tmp_path / "game.json"
    assert main(["run", str(small_path), "--seed", "3", "--record", str(rec)]) == 0
    before = snapshot(tmp_path)
    capsys.readouterr()
    FaultyDisk(monkeypatch, tmp_path, err)
    assert main(["run", str(small_path), "--seed", "4", "--record", str(rec)]) == 2
    cap = capsys.readouterr()
    assert cap.err.strip().splitlines() == [f"mutanchiang: {rec}: cannot write ({WHY[err]})"]
    monkeypatch.undo()
    assert snapshot(tmp_path) == before


def test_a_screenshot_on_a_full_disk_keeps_the_old_picture(small_path: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "view.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n the old picture")
    FaultyDisk(monkeypatch, tmp_path, FULL)
    assert main(["play", str(small_path), "--screenshot", str(png)]) == 2
    assert _one_line(capsys) == f"mutanchiang: {png}: cannot write (No space left on device)"
    monkeypatch.undo()
    assert snapshot(tmp_path) == {"view.png": b"\x89PNG\r\n\x1a\n the old picture"}


def test_a_study_on_a_full_disk_says_how_to_finish_it(small_path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "S"
    FaultyDisk(monkeypatch, out / "runs.csv", FULL)
    assert main(["sensitivity", str(small_path), "--param", "rules.combat.noise_sigma=0.1:0.2", "--samples", "2",
                 "--reps", "1", "--workers", "1", "--out", str(out)]) == 2
    assert _one_line(capsys) == (
        f"{out / 'runs.csv'}: cannot write (No space left on device); the battles played so far stay in "
        f"{out / 'runs.csv'}; to finish the study run the same command with --resume")
    monkeypatch.undo()
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
