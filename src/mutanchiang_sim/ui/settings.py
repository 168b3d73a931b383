"""The player's settings kept between games: sound on or off and its volume.

They live in one small JSON file, ``$MUTANCHIANG_SETTINGS`` if set, else
``$XDG_CONFIG_HOME/mutanchiang/settings.json`` (``~/.config/...`` without it). A missing file
means the defaults. A file that cannot be read as settings is left as it is: the game warns once,
plays with the defaults and does not write over it. Keys it does not know are kept on saving.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import atomic_write_text
from ..files import FileProblem, read_text_bounded

SETTINGS_ENV = "MUTANCHIANG_SETTINGS"
MAX_BYTES = 64 * 1024
DEFAULT_VOLUME = 0.7


def settings_path() -> Path:
    given = os.environ.get(SETTINGS_ENV)
    if given:
        return Path(given)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "mutanchiang" / "settings.json"


@dataclass
class Settings:
    """What the player chose; ``save()`` writes it back to ``path`` (unless that file was damaged)."""

    path: Path
    muted: bool = False
    volume: float = DEFAULT_VOLUME
    writable: bool = True
    other: dict[str, Any] = field(default_factory=dict)  # keys of the file this version does not use

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        p = settings_path() if path is None else path
        if not p.exists():
            return cls(p)
        try:
            doc = json.loads(read_text_bounded(p, MAX_BYTES))
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
            muted = doc.get("muted", False)
            volume = doc.get("volume", DEFAULT_VOLUME)
            if not isinstance(muted, bool) or not isinstance(volume, int | float) or isinstance(volume, bool):
                raise ValueError("muted must be true or false, volume a number")
        except (OSError, ValueError, FileProblem) as e:
            warnings.warn(f"mutanchiang: {p}: cannot read the settings ({e}); using the defaults and leaving the file as it is",
                          RuntimeWarning, stacklevel=2)
            return cls(p, writable=False)
        other = {k: v for k, v in doc.items() if k not in ("muted", "volume")}
        return cls(p, muted=muted, volume=min(1.0, max(0.0, float(volume))), other=other)

    def save(self) -> bool:
        """Write the settings; False (and nothing written) if the file was unreadable or cannot be written."""
        if not self.writable:
            return False
        doc = {**self.other, "muted": self.muted, "volume": round(self.volume, 2)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps(doc, indent=2) + "\n")
        except OSError:
            return False
        return True
