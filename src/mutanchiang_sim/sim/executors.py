"""Executors for batches: a process pool on this machine or a Dask cluster, both as
``concurrent.futures.Executor`` context managers that yield ``(executor, workers)``.

Stopping is part of the job: on an exception (Ctrl-C included) the pool is shut down at once and
its workers ended, so a batch never leaves processes behind it. A Dask scheduler that cannot be
reached is a one-line :class:`~mutanchiang_sim.errors.BadFlag` found before any battle starts; a
cluster that goes away during the batch (its scheduler, or every worker for
``WORKER_WAIT_S``) is an :class:`ExecutorLost` the batch stops on (:func:`check_health`,
:func:`result_of`), instead of waiting for ever.
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
WORKER_WAIT_S = 20.0  # how long a Dask cluster may have no worker at all before the batch gives up
HEALTH_CHECK_S = 1.0  # how often a batch waiting for results looks whether its cluster is still there


class ExecutorLost(Exception):
    """The cluster a batch runs on went away: its scheduler, or every worker for a while."""


class ClusterExecutor(cf.Executor):
    """A Dask client's executor that can say whether its cluster is still there."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._inner = client.get_executor(pure=False)
        self._no_worker_since: float | None = None

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        future: cf.Future[Any] = self._inner.submit(fn, *args, **kwargs)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait=wait)

    def check(self) -> None:
        """ExecutorLost once the scheduler is gone, or no worker has been there for ``WORKER_WAIT_S``."""
        import time

        status = getattr(self._client, "status", "running")
        if status in ("closing", "closed", "failed"):
            raise ExecutorLost("lost the Dask scheduler")
        if status != "running":
            return  # reconnecting: the client gives up (and closes) within its own timeout
        try:
            workers = len(self._client.nthreads())
        except Exception:  # noqa: BLE001 - the connection broke under us: the scheduler is gone
            raise ExecutorLost("lost the Dask scheduler") from None
        now = time.monotonic()
        if workers:
            self._no_worker_since = None
        elif self._no_worker_since is None:
            self._no_worker_since = now
        elif now - self._no_worker_since >= WORKER_WAIT_S:
            raise ExecutorLost(f"no Dask worker left for {WORKER_WAIT_S:.0f} s")


def check_health(executor: cf.Executor) -> None:
    """Raise :class:`ExecutorLost` if ``executor``'s cluster has gone away (process pools report
    a dead worker themselves, as BrokenProcessPool)."""
    if isinstance(executor, ClusterExecutor):
        executor.check()


def result_of(future: cf.Future[Any]) -> Any:
    """``future.result()``; a task cancelled under the batch (its scheduler gone) is :class:`ExecutorLost`."""
    try:
        return future.result()
    except cf.CancelledError:
        raise ExecutorLost("lost the Dask scheduler (its tasks were cancelled)") from None


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
    ex = ClusterExecutor(client)
    # a lost scheduler is our one line, not Dask's tracebacks: quiet every distributed logger
    names = ["distributed", *(name for name in logging.root.manager.loggerDict if name.startswith("distributed."))]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    try:
        yield ex, n
    except BaseException:
        ex.shutdown(wait=False)
        raise
    finally:
        try:
            client.close(timeout=SCHEDULER_TIMEOUT_S)
            if cluster is not None:
                cluster.close(timeout=SCHEDULER_TIMEOUT_S)
        except Exception:  # noqa: BLE001,S110 - a cluster already gone cannot be closed any further
            pass
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


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


__all__ = ["ClusterExecutor", "ExecutorLost", "check_health", "dask_executor", "default_workers", "executor_for",
           "process_executor", "process_pool", "result_of"]
