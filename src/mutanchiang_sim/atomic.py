"""Writing a file so that a crash leaves either the old file or the new one, never half of one.

The new content goes to a fresh temporary file beside the target (created exclusively, so a
planted link at a guessable name is never followed), is flushed to disk, then renamed over the
target. The rename replaces the directory entry itself: a symlink planted at the target's name
is replaced, and the file it pointed to is left alone; anything else that is not a regular file
(a device such as ``/dev/null``, a FIFO, a folder) is never replaced. On any failure (a full disk, say) the
temporary file is removed and the old target is untouched, and the OSError raised names the
target (never the temporary file, nor nothing at all as a failed ``write`` would).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _mode_for(path: Path) -> int:
    """The mode of the file being replaced, or what a new file gets under the process's umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module's doc)."""
    path = Path(path)
    with naming(path):
        _write(path, data)


def _write(path: Path, data: bytes) -> None:
    try:
        st = os.lstat(path)
    except OSError:
        st = None
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        # a device, a FIFO, a socket or a folder is never replaced by a file (as root a rename
        # would swap /dev/null itself for one)
        raise OSError(errno.EPERM, "not a regular file; refusing to replace it", str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent or Path(".")))
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600: give the file the mode a plain write would
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@contextmanager
def naming(path: Path | str) -> Iterator[None]:
    """An OSError raised in the block comes out naming ``path``: a ``write`` or ``flush`` of an
    open file names no file, and a temporary file's name means nothing to the user. (An error
    that already names another file, say the folder a write could not make, keeps its name.)

    >>> try:
    ...     with naming("out/runs.csv"):
    ...         raise OSError(28, "No space left on device")
    ... except OSError as e:
    ...     e.filename, e.strerror
    ('out/runs.csv', 'No space left on device')
    """
    try:
        yield
    except OSError as e:
        if _meaningful(e.filename):
            raise
        name: object = str(path)
        context = e.__context__  # the close after a failed flush fails again, naming nothing
        while isinstance(context, OSError):
            if _meaningful(context.filename):
                name = context.filename  # (the write that failed first)
                break
            context = context.__context__
        raise OSError(e.errno, e.strerror or str(e), name) from None


def _meaningful(name: object) -> bool:
    return name is not None and not os.path.basename(str(name)).endswith(".tmp")


def atomic_write_text(path: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


__all__ = ["atomic_write_bytes", "atomic_write_text", "naming"]
