"""Distance fields kept on disk between processes, so that a fresh process's first battle does
not search them all again.

A process fills its fields as it plays (:mod:`.fields`); the first battle of a fresh process
searches some ninety whole-map fields in Python, most of its cost. Those fields depend only on
the ground (:func:`.cache.map_fingerprint`, with the movement rules in each field's key) and on
the search code, so they are written, after a game, to one file per ground and version of the
field code (``fields-<ground>-<code>.npz`` in ``$MUTANCHIANG_FIELD_CACHE``, else
``$XDG_CACHE_HOME/mutanchiang/fields``, ``~/.cache/...`` without it; ``off`` keeps nothing),
and read when a process first meets that ground.

A field read is the very list of floats a search gives (float64 both ways), so results are the
same with or without the file. The file holds a digest of its keys and values and is ignored
when it does not match, cannot be read or is for another map size; it is written atomically
(two workers writing the same file: the last one stays), and a failed write (a read-only or full
disk) is ignored: the store only ever saves time. At most :data:`KEEP` fields a ground are
kept (the most recent; local fields with a search limit are left out: they are cheap), and a
ground's files of other versions of the code are removed when its file is written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import atomic_write_bytes

STORE_ENV = "MUTANCHIANG_FIELD_CACHE"
KEEP = 256  # fields kept a ground (~12 kB each on the bundled map)
SAVE_AFTER = 16  # new fields since the file was read or written before it is written again
GROWTH = 0.5  # ... and at least this share of the fields it held then (a few writes a process)
_HERE = Path(__file__).resolve().parent


def _code_digest() -> str:
    """The version of the field code the kept fields belong to ("" if its source cannot be read:
    then nothing is kept)."""
    try:
        return hashlib.sha256(b"".join((_HERE / f).read_bytes() for f in ("cache.py", "fields.py", "field_search.py", "field_store.py"))).hexdigest()
    except OSError:
        return ""


_CODE = _code_digest()
_known: dict[str, int] = {}  # ground -> fields of the memo the file holds (as read or written)


def folder() -> Path | None:
    """Where the fields are kept (None: nowhere)."""
    env = os.environ.get(STORE_ENV, "")
    if env.strip().lower() == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mutanchiang" / "fields"


def _path(ground: str) -> Path | None:
    try:
        where = folder()
    except (RuntimeError, KeyError, OSError):  # no home folder to be found: keep nothing
        return None
    return None if where is None or not _CODE else where / f"fields-{ground[:24]}-{_CODE[:12]}.npz"


def _encode(x: Any) -> Any:
    if isinstance(x, tuple):
        return {"t": [_encode(v) for v in x]}
    if isinstance(x, frozenset):
        return {"f": sorted(x)}
    return x


def _decode(x: Any) -> Any:
    if isinstance(x, dict):
        return tuple(_decode(v) for v in x["t"]) if "t" in x else frozenset(x["f"])
    return x


def _digest(keys: str, values: np.ndarray) -> str:
    return hashlib.sha256(keys.encode() + values.tobytes()).hexdigest()


def load(ground: str, size: int, fields: MutableMapping[tuple[object, ...], list[float]]) -> None:
    """Put the kept fields of ``ground`` (maps of ``size`` hexes) into ``fields``."""
    path = _path(ground)
    if path is None:
        return
    try:
        with np.load(path, allow_pickle=False) as f:
            keys = str(f["keys"])
            values = np.asarray(f["values"], dtype=np.float64)
            digest = str(f["digest"])
        decoded = [_decode(k) for k in json.loads(keys)]
        if values.ndim != 2 or values.shape != (len(decoded), size) or digest != _digest(keys, values):
            return
    except Exception:  # noqa: BLE001 - no file, or not one of ours: search as before
        return
    for key, row in zip(decoded, values.tolist(), strict=True):
        fields.setdefault(key, row)
    _known[ground] = len(fields)


def _kept(key: tuple[object, ...]) -> bool:
    """Whether a field's key is worth keeping: whole-map fields, not local ones with a limit."""
    return key[0] == "groups" or key[-1] == float("inf")


def save(ground: str, size: int, fields: MutableMapping[tuple[object, ...], list[float]]) -> None:
    """Write ``ground``'s fields if there is no file of them yet in this process's knowledge, or
    :data:`SAVE_AFTER` or more are new since it was read or written, and at least :data:`GROWTH`
    times as many as it held then: a long batch, whose memo grows by a few fields a battle,
    writes its ~3 MB a few times, not after every other battle."""
    if not fields or (ground in _known and len(fields) < _known[ground] + max(SAVE_AFTER, GROWTH * _known[ground])):
        return
    path = _path(ground)
    _known[ground] = len(fields)
    if path is None:
        return
    items = [(k, v) for k, v in fields.items() if _kept(k) and len(v) == size][-KEEP:]
    if not items:
        return
    keys = json.dumps([_encode(k) for k, _ in items])
    values = np.array([v for _, v in items], dtype=np.float64)
    buf = io.BytesIO()
    np.savez(buf, keys=np.array(keys), values=values, digest=np.array(_digest(keys, values)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, buf.getvalue())
        for old in path.parent.glob(f"fields-{ground[:24]}-*.npz"):  # of other versions of the code
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only or full disk: the fields are only a saving of time
        pass


__all__ = ["KEEP", "STORE_ENV", "folder", "load", "save"]
