"""Executors for batches: a process pool on this machine or a Dask cluster, both as
``concurrent.futures.Executor`` context managers that yield ``(executor, workers)``.

Stopping is part of the job: on an exception (Ctrl-C included) the pool is shut down at once and
its workers ended, so a batch never leaves processes behind it. A Dask scheduler that cannot be
reached is a one-line :class:`~mutanchiang_sim.errors.BadFlag` found before any battle starts.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import BadFlag

SCHEDULER_TIMEOUT_S = 5


DRIVER_CHECK_S = 1.0  # how often a worker looks whether the batch that started it is still there


def _worker_init(driver: int) -> None:
    """A pool worker's start: Ctrl-C is the driver's business, and the worker ends itself within
    a second or two once the driver is gone (killed with SIGKILL, say), instead of lingering."""
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(DRIVER_CHECK_S)
            if not _alive(driver):
                os._exit(1)

    threading.Thread(target=watch, name="driver-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now has the number: ours is gone
        return False
    try:  # a killed driver nobody has reaped yet is a zombie: gone all the same
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:  # no /proc (not Linux): the signal test is all there is
        return True


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def process_pool(workers: int) -> Iterator[cf.Executor]:
    import multiprocessing as mp

    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    ex = cf.ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context(method), initializer=_worker_init,
                                initargs=(os.getpid(),))
    try:
        yield ex
    except BaseException:
        ex.shutdown(wait=False, cancel_futures=True)
        for p in list((getattr(ex, "_processes", None) or {}).values()):  # finish now, not after the chunk
            p.terminate()
        raise
    else:
        ex.shutdown(wait=True)


@contextmanager
def dask_executor(workers: int | None, scheduler: str | None) -> Iterator[tuple[cf.Executor, int]]:
    """A Dask cluster as a ``concurrent.futures.Executor``: ``scheduler`` or a new LocalCluster."""
    import logging

    try:
        import distributed
    except ImportError:
        raise BadFlag("--executor dask: needs dask[distributed] (pip install 'mutanchiang-sim[dask]')") from None
    dd: Any = distributed  # untyped: keep mypy out of it
    cluster = None
    if scheduler:
        _check_reachable(scheduler)
        try:
            client = dd.Client(scheduler, timeout=f"{SCHEDULER_TIMEOUT_S}s", set_as_default=False)
        except Exception as e:  # noqa: BLE001 - unreachable or malformed address: bad input
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise BadFlag(f"--scheduler: cannot reach a Dask scheduler at {scheduler!r} ({msg[:160]})") from None
        n = sum(client.nthreads().values()) or 1
    else:
        n = workers or default_workers()
        cluster = dd.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = dd.Client(cluster, set_as_default=False)
    ex = client.get_executor(pure=False)
    try:
        yield ex, n
    except BaseException:
        ex.shutdown(wait=False)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _check_reachable(address: str) -> None:
    """Fail fast, in one line, on a malformed address or on anything but a Dask scheduler there."""
    import asyncio
    import socket

    from distributed.comm import addressing, core

    parse_address, parse_host_port = addressing.parse_address, addressing.parse_host_port
    connect: Any = core.connect

    where = f"--scheduler: cannot reach a Dask scheduler at {address!r}"
    try:
        scheme, loc = parse_address(address)
        host, port = parse_host_port(loc) if scheme in ("tcp", "tls") else ("", 0)
    except ValueError as e:
        raise BadFlag(f"{where} (bad address: {e})") from None
    if host:  # a refused or unknown host fails at once, without Dask's retries
        try:
            with socket.create_connection((host, port), timeout=SCHEDULER_TIMEOUT_S):
                pass
        except OSError as e:
            raise BadFlag(f"{where} ({e.strerror or type(e).__name__})") from None

    async def probe() -> None:  # connect and shake hands, as the client would
        comm = await connect(address, timeout=SCHEDULER_TIMEOUT_S)
        await comm.close()

    try:
        asyncio.run(asyncio.wait_for(probe(), SCHEDULER_TIMEOUT_S + 1))
    except (OSError, TimeoutError) as e:
        msg = (str(e).splitlines() or [""])[0][:160] or type(e).__name__
        raise BadFlag(f"{where} ({msg})") from None
    except Exception:  # noqa: BLE001 - something answers, but not in Dask's protocol
        raise BadFlag(f"{where} (something listens there, but it is not a Dask scheduler)") from None


@contextmanager
def process_executor(workers: int | None) -> Iterator[tuple[cf.Executor, int]]:
    """A process pool of ``workers`` (default: every core this process may use)."""
    n = workers or default_workers()
    with process_pool(n) as ex:
        yield ex, n


def executor_for(kind: str, workers: int | None = None, scheduler: str | None = None) -> Any:
    """The context manager of executor ``kind`` ("process" or "dask")."""
    if kind == "dask":
        return dask_executor(workers, scheduler)
    if kind != "process":
        raise BadFlag(f"--executor: expected process or dask, got {kind!r}")
    return process_executor(workers)


__all__ = ["dask_executor", "default_workers", "executor_for", "process_executor", "process_pool"]
