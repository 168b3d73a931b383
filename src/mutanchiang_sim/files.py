"""Reading the user's files safely: regular files only, and never more than a bound.

A FIFO, a device or a socket would make a read wait forever (or never end: ``/dev/zero``), and
a huge or sparse file would be read whole before its size was known. :func:`read_bounded`
looks at the file with ``stat`` first, refuses anything but a regular file in one line, and
reads at most ``limit`` bytes (a file that grows past the bound while read is refused too).
Its errors are :class:`FileProblem` (a ``ValueError``) with the reason only; callers add the
kind of file they expected.

>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as d:
...     p = os.path.join(d, "a.txt")
...     _ = open(p, "w").write("hello")
...     read_bounded(p, 10), problem_of(d, 10)
(b'hello', 'is a directory')
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileProblem(ValueError):
    """Why a file cannot be read: no such file, not a regular file, too large, unreadable."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def size_text(limit: int) -> str:
    """``limit`` bytes in words: ``8 MiB``, ``512 KiB`` or ``100 bytes``."""
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} KiB"
    return f"{limit} bytes"


def problem_of(path: str | Path, limit: int) -> str | None:
    """Why ``path`` cannot be read within ``limit`` bytes (None: it can), from ``stat`` alone."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except OSError as e:
        return f"cannot read: {e.strerror or type(e).__name__}"
    if not stat.S_ISREG(st.st_mode):
        return "is " + _kind(st.st_mode)
    if st.st_size > limit:
        return f"is larger than {size_text(limit)}"
    return None


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; FileProblem otherwise."""
    why = problem_of(path, limit)
    if why is not None:
        raise FileProblem(why)
    try:
        # O_NONBLOCK: should the file have been swapped for a FIFO since the stat, do not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise FileProblem(f"cannot read: {e.strerror or type(e).__name__}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise FileProblem("is " + _kind(os.fstat(fh.fileno()).st_mode))
        try:
            data = fh.read(limit + 1)
        except OSError as e:
            raise FileProblem(f"cannot read: {e.strerror or type(e).__name__}") from None
    if len(data) > limit:
        raise FileProblem(f"is larger than {size_text(limit)}")
    return data


def read_text_bounded(path: str | Path, limit: int) -> str:
    """:func:`read_bounded` decoded as UTF-8; FileProblem for text that is not UTF-8."""
    data = read_bounded(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FileProblem(f"is not UTF-8 text (byte {e.start})") from None


__all__ = ["FileProblem", "problem_of", "read_bounded", "read_text_bounded", "size_text"]
