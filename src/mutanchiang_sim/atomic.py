"""Writing a file so that a crash leaves either the old file or the new one, never half of one.

The new content goes to a fresh temporary file beside the target (created exclusively, so a
planted link at a guessable name is never followed), is flushed to disk, then renamed over the
target. The rename replaces the directory entry itself: a symlink planted at the target's name
is replaced, and the file it pointed to is left alone. On any failure (a full disk, say) the
temporary file is removed and the old target is untouched.
"""

from __future__ import annotations

import os
import tempfile
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


def atomic_write_text(path: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


__all__ = ["atomic_write_bytes", "atomic_write_text"]
