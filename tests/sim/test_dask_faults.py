"""A Dask cluster that goes away under a batch: the batch ends within a bounded time, in one line
with the ``--resume`` command, and what it finished stays in runs.csv (docs/batch.md)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

CLI = [sys.executable, "-m", "mutanchiang_sim", "batch"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def cluster() -> Iterator[tuple[str, subprocess.Popen[bytes], subprocess.Popen[bytes]]]:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _spawn("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
    t0 = time.time()
    while time.time() - t0 < 30:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    worker = _spawn("distributed.cli.dask_worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard")
    try:
        yield address, scheduler, worker
    finally:
        for p in (worker, scheduler):
            p.kill()
            p.wait(timeout=30)


def _batch(small_path: Path, out: Path, address: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, str(small_path), "--runs", "3000", "--seed", "5", "--executor", "dask",
                             "--scheduler", address, "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_rows(out: Path, p: subprocess.Popen[str], timeout: float = 120) -> int:
    t0 = time.time()
    while time.time() - t0 < timeout and p.poll() is None:
        csv = out / "runs.csv"
        if csv.exists() and len(csv.read_text().splitlines()) > 3:
            return len(csv.read_text().splitlines())
        time.sleep(0.2)
    raise AssertionError(f"no rows after {timeout} s: {p.poll()}")


def _one_line_with_the_resume_hint(err: str, what: str) -> None:
    assert "Traceback" not in err
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    assert lines[0].startswith(f"error: {what}"), err
    assert len(lines) == 2 and "--resume" in lines[1], err


def _kill_under_a_batch(small_path: Path, out: Path, address: str, victim: subprocess.Popen[bytes]) -> tuple[int, str]:
    """Start a batch on the cluster, kill ``victim`` once rows are on disk; the batch's exit
    status and stderr (within WORKER_WAIT_S, 20 s, and the chunk in flight, not for ever)."""
    p = _batch(small_path, out, address)
    try:
        _wait_for_rows(out, p)
        victim.kill()
        _, err = p.communicate(timeout=90)
    finally:
        p.kill()
    return p.returncode, err


@pytest.mark.slow
def test_losing_every_worker_ends_the_batch_with_the_resume_hint(small_path: Path, tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    address, _, worker = cluster
    code, err = _kill_under_a_batch(small_path, tmp_path / "W", address, worker)
    assert code == 1
    _one_line_with_the_resume_hint(err, "no Dask worker left")
    assert len((tmp_path / "W" / "runs.csv").read_text().splitlines()) > 3  # what was done is kept


@pytest.mark.slow
def test_losing_the_scheduler_ends_the_batch_in_one_line(small_path: Path, tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    address, scheduler, _ = cluster
    code, err = _kill_under_a_batch(small_path, tmp_path / "S", address, scheduler)
    assert code == 1
    _one_line_with_the_resume_hint(err, "lost the Dask scheduler")
