"""A disk that fails under one folder (or one file): read-only (EROFS) or full (ENOSPC).

Running as root, ``chmod`` stops nothing, and mounting a small file system needs privileges CI
does not have; so the fault is injected at the layer every write of the package goes through:
``open``/``io.open``/``os.open``/``os.fdopen`` for writing, ``os.write``, ``os.fsync``,
``os.mkdir``, ``os.replace``/``os.rename`` and ``os.unlink`` of a path under the broken place.
Like the kernel's, a read-only file system refuses the open; a full one lets the file be
created (empty) and refuses the bytes, and its errors name no file. Reads go through untouched.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class FullFile:
    """A file opened for writing on a full disk: every write (and flush) fails, naming no file."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def writelines(self, lines: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __iter__(self) -> Any:
        return iter(self._real)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class FaultyDisk:
    """``place`` (a folder and all under it, or one file) behaves as on a broken disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, place: Path, err: int) -> None:
        self.place = os.path.realpath(place)
        self.err = err
        self.files: set[tuple[int, int]] = set()  # (device, inode) of the files opened for writing there
        real_open, real_os_open, real_fdopen = builtins.open, os.open, os.fdopen
        real_write, real_fsync = os.write, os.fsync
        real_mkdir, real_replace, real_rename, real_unlink = os.mkdir, os.replace, os.rename, os.unlink

        def fail(path: Any) -> OSError:
            return OSError(err, os.strerror(err), os.fsdecode(path))

        def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if not isinstance(file, int) and self.covers(file) and any(c in mode for c in "wax+"):
                if err != errno.ENOSPC:
                    raise fail(file)
                return FullFile(real_open(file, mode, *args, **kwargs))
            return real_open(file, mode, *args, **kwargs)

        def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if self.covers(path) and flags & WRITE_FLAGS:
                if err != errno.ENOSPC:
                    raise fail(path)
                fd = real_os_open(path, flags, *args, **kwargs)
                st = os.fstat(fd)
                self.files.add((st.st_dev, st.st_ino))
                return fd
            return real_os_open(path, flags, *args, **kwargs)

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            f = real_fdopen(fd, mode, *args, **kwargs)
            return FullFile(f) if self.broken(fd) and any(c in mode for c in "wa+") else f

        def os_write(fd: int, data: Any) -> int:
            if self.broken(fd):
                raise OSError(err, os.strerror(err))
            return real_write(fd, data)

        def fsync(fd: Any) -> None:
            if self.broken(fd):
                raise OSError(err, os.strerror(err))
            real_fsync(fd)

        def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
            if self.covers(path):
                raise fail(path)
            real_mkdir(path, *args, **kwargs)

        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if self.covers(dst):
                raise fail(dst)
            real_replace(src, dst, *args, **kwargs)

        def rename(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if self.covers(dst):
                raise fail(dst)
            real_rename(src, dst, *args, **kwargs)

        def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
            if self.covers(path) and err == errno.EROFS:
                raise fail(path)
            real_unlink(path, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", opener)
        monkeypatch.setattr(io, "open", opener)
        monkeypatch.setattr(os, "open", os_open)
        monkeypatch.setattr(os, "fdopen", fdopen)
        monkeypatch.setattr(os, "write", os_write)
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "mkdir", mkdir)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "rename", rename)
        monkeypatch.setattr(os, "unlink", unlink)
        monkeypatch.setattr(os, "remove", unlink)

    def broken(self, fd: Any) -> bool:
        """Whether ``fd`` is a file opened for writing in the broken place (by identity, not by
        number: a number is reused once its file is closed)."""
        try:
            st = os.fstat(fd.fileno() if hasattr(fd, "fileno") else fd)
        except (OSError, ValueError):
            return False
        return (st.st_dev, st.st_ino) in self.files

    def covers(self, path: Any) -> bool:
        if isinstance(path, int):
            return False
        p = os.path.realpath(os.path.abspath(os.fsdecode(path)))
        return p == self.place or p.startswith(self.place + os.sep)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
