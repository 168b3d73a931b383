"""A fingerprint of the code that decides a battle (the engine and the computer players).

``ENGINE_VERSION`` changes only with releases; this changes with any edit to ``core/`` or
``ai/``, so that a batch resumed after such an edit is refused instead of silently mixing rows
from two different models.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGES = ("core", "ai")


@cache
def engine_fingerprint() -> str:
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for pkg in PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]
