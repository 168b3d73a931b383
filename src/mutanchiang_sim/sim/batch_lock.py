"""One writer per batch folder: a lock held for the whole run (the well-kept ``filelock``).

Two ``mutanchiang batch --resume`` runs on the same folder would both append their rows to
``runs.csv``; with the lock the second is refused in one line while the first goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import BadBatchFolder, machine_problem

LOCK_NAME = ".batch.lock"  # left in the folder (empty); never counts as the folder's content


def holds_results(out: Path) -> bool:
    """Whether the folder holds anything but its lock file."""
    return out.is_dir() and any(p.name != LOCK_NAME for p in out.iterdir())


@contextmanager
def batch_lock(out: Path, flag: str = "--out") -> Iterator[None]:
    """Hold the lock of the results folder ``out`` (made if missing) while the block runs;
    BadBatchFolder at once if another batch holds it. A folder made here that is still empty
    at the end (the batch failed before writing anything) is removed again."""
    made = not out.exists()
    lock = FileLock(str(out / LOCK_NAME), timeout=0)
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise BadBatchFolder(f"{flag}: {out} is in use by another mutanchiang batch; wait for it to end "
                             "or choose another folder") from None
    except OSError as e:  # a read-only or full file system, a file where a folder of the path should be
        why = machine_problem(OSError(e.errno, e.strerror, str(out))) or f"{out}: cannot make it ({e.strerror or e})"
        raise BadBatchFolder(f"{flag}: {why}") from None
    try:
        yield
    finally:
        lock.release()
        if made and not holds_results(out):
            (out / LOCK_NAME).unlink(missing_ok=True)
            try:
                out.rmdir()
            except OSError:  # something appeared meanwhile: leave it
                pass


__all__ = ["LOCK_NAME", "batch_lock", "holds_results"]
