"""Faults around a running batch: a second writer is refused, SIGTERM stops it like Ctrl-C,
and after SIGKILL no process of the batch outlives it; resuming gives the uninterrupted rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "mutanchiang_sim", "batch"]


def _group_alive(pgid: int) -> list[str]:
    left = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                fields = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[-1].split()
            except OSError:
                continue
            if fields[2] == str(pgid) and fields[0] != "Z":
                left.append(d)
    return left


def _start(small_path: Path, out: Path, runs: int = 400) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, str(small_path), "--runs", str(runs), "--seed", "5", "--workers", "2",
                             "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for_rows(out: Path, p: subprocess.Popen[str], timeout: float = 60) -> None:
    t0 = time.time()
    while time.time() - t0 < timeout and p.poll() is None:
        csv = out / "runs.csv"
        if csv.exists() and len(csv.read_text().splitlines()) > 3:
            return
        time.sleep(0.2)


def test_a_second_writer_is_refused_in_one_line(small_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "R"
    first = _start(small_path, out)
    try:
        _wait_for_rows(out, first)
        r = subprocess.run([*CLI, str(small_path), "--runs", "400", "--seed", "5", "--out", str(out), "--resume"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2
        assert r.stderr.strip().splitlines() == [
            f"--out: {out} is in use by another mutanchiang batch; wait for it to end or choose another folder"]
    finally:
        first.kill()
        first.communicate(timeout=30)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_a_killed_batch_leaves_nothing_running_and_resumes_to_the_same_rows(
    small_path: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    out = tmp_path / "K"
    p = _start(small_path, out)
    _wait_for_rows(out, p)
    os.kill(p.pid, sig)
    if sig == signal.SIGTERM:
        _, err = p.communicate(timeout=30)
        assert p.returncode == 143
        assert "terminated:" in err and "--resume" in err
    else:
        p.wait(timeout=30)
    t0 = time.time()
    while _group_alive(p.pid) and time.time() - t0 < 10:
        time.sleep(0.25)
    assert _group_alive(p.pid) == [], "processes of the batch outlived it by 10 s"
    p.communicate(timeout=5)  # and nothing holds its pipes open
    resumed = subprocess.run([*CLI, str(small_path), "--runs", "400", "--seed", "5", "--workers", "2", "--out",
                              str(out), "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    whole = tmp_path / "W"
    subprocess.run([*CLI, str(small_path), "--runs", "400", "--seed", "5", "--workers", "2", "--out", str(whole)],
                   capture_output=True, text=True, timeout=300, check=True)
    assert (out / "runs.csv").read_bytes() == (whole / "runs.csv").read_bytes()
