"""Where an output flag (``--record``, ``--screenshot``) may write, checked before anything runs.

Refused, each in one line naming the flag: a file the same command reads (the scenario, a save,
a replay), a directory, anything that is not a regular file (a device, a FIFO), a folder that
cannot be written into (a read-only file system), and an existing
file that is not of the kind being written (a scenario where a PNG would go) unless ``--force``.
Replacing an earlier output of the same kind is fine: that is what the flag is for.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import BadFlag

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HEAD_BYTES = 4096


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(HEAD_BYTES)


def is_png(path: Path) -> bool:
    return _head(path).startswith(PNG_MAGIC)


def is_replay(path: Path) -> bool:
    head = _head(path)
    return head.lstrip().startswith(b"{") and b'"kind": "mutanchiang-replay"' in head


KINDS: dict[str, tuple[str, Callable[[Path], bool]]] = {
    "png": ("a PNG image", is_png),
    "replay": ("a mutanchiang replay", is_replay),
}


def output_path(target: str, flag: str, kind: str, inputs: Sequence[str | Path | None], force: bool) -> Path:
    """``target`` checked as the place ``flag`` writes ``kind`` ("png" or "replay") to."""
    p = Path(target)
    what, sniff = KINDS[kind]
    for src in inputs:
        if src is not None and p.exists() and Path(src).exists() and os.path.samefile(p, src):
            raise BadFlag(f"{flag}: {target} is a file this command reads; write to another file")
    if not p.exists():
        if p.is_symlink():
            raise BadFlag(f"{flag}: {target} is a broken symbolic link; remove it or choose another file")
        if not p.parent.is_dir():
            raise BadFlag(f"{flag}: no such folder {str(p.parent)!r}")
        _writable(p, flag)
        return p
    mode = os.stat(p).st_mode
    if stat.S_ISDIR(mode):
        raise BadFlag(f"{flag}: {target} is a directory; give a file name")
    if not stat.S_ISREG(mode):
        raise BadFlag(f"{flag}: {target} is not a regular file (a device or a pipe); give a file name")
    try:
        same_kind = sniff(p)
    except OSError as e:
        raise BadFlag(f"{flag}: cannot read {target} ({e.strerror})") from None
    if not same_kind and not force:
        raise BadFlag(f"{flag}: {target} exists and is not {what}; add --force to replace it")
    _writable(p, flag)
    return p


def _writable(p: Path, flag: str) -> None:
    """Refuse a folder nothing can be written into (a read-only file system; for anyone but
    root also a folder without write permission) before the command does its work."""
    if not os.access(p.parent, os.W_OK):
        raise BadFlag(f"{flag}: cannot write into the folder {str(p.parent)!r} (read-only, or not yours)")


__all__ = ["output_path"]
