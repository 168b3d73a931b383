"""Opening a saved game to play on: the scenario it belongs to, and what to say when that
scenario was moved or has changed since the save.

A save names its scenario's file and holds the fingerprint of the scenario's content (and,
from this version on, of each of its parts: the map, the units, the rules...). Opened

- with the same content (from any file or folder, whatever its comments): as it was saved;
- with the file the save names gone and no scenario given: refused in one line that says so
  and how to give the file (never "a different version" of the bundled battle);
- against a changed scenario (the same battle, edited): the game goes on under the changed
  file when its saved state still fits it, with a one-line warning naming what changed (the
  units, the rules...); refused in one line when it no longer fits (a unit gone, a map
  resized), since then there is nothing to continue.

A player who edits a unit's strength or a rule between two sittings expects the game to go
on; a save that cannot go on says why. Nothing here is ever written.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.scenario_def import Scenario
from ..errors import BadSave

# the parts of a scenario a warning names, each with the fields of Scenario that make it
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name", ("name", "description")),
    ("map", ("map",)),
    ("sides", ("sides", "first_side")),
    ("units", ("units",)),
    ("events", ("events",)),
    ("timeline", ("start", "turn_hours", "turns", "weather", "wet_ground")),
    ("rules", ("rules",)),
    ("computer players", ("ai",)),
    ("objective", ("city",)),
    ("history", ("history",)),
)


def _plain(x: Any) -> Any:
    """``x`` as JSON-able data in a fixed order (dataclasses, pydantic models, numpy arrays,
    dates...), for a fingerprint that depends on the values only."""
    if hasattr(x, "model_dump"):  # a pydantic model (the rules)
        return _plain(x.model_dump(mode="json"))
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return [[f.name, _plain(getattr(x, f.name))] for f in dataclasses.fields(x)]
    if hasattr(x, "tobytes") and hasattr(x, "dtype"):  # a numpy array (the map's layers)
        return [str(x.dtype), list(x.shape), hashlib.sha256(x.tobytes()).hexdigest()]
    if isinstance(x, dict):
        return sorted(([repr(k), _plain(v)] for k, v in x.items()), key=lambda kv: kv[0])
    if isinstance(x, set | frozenset):
        return sorted((_plain(v) for v in x), key=repr)
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    if isinstance(x, datetime | date):
        return x.isoformat()
    if isinstance(x, enum.Enum):
        return _plain(x.value)
    if x is None or isinstance(x, bool | int | float | str):
        return x
    return repr(x)


def scenario_parts(scenario: Scenario) -> dict[str, str]:
    """A short fingerprint of each part of ``scenario`` (see :data:`PARTS`), kept in a save so
    that a later load can say what changed."""
    out = {}
    for label, names in PARTS:
        text = json.dumps([_plain(getattr(scenario, n, None)) for n in names], default=repr, allow_nan=True)
        out[label] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return out


def changed_parts(saved: Any, scenario: Scenario) -> list[str]:
    """The parts of ``scenario`` whose fingerprint is not the one a save kept (``saved``: its
    ``scenario_parts``, or anything else from an older or damaged save: then none is known)."""
    if not isinstance(saved, dict):
        return []
    now = scenario_parts(scenario)
    return [label for label, _ in PARTS if label in saved and saved[label] != now[label]]


def what_changed(parts: list[str]) -> str:
    """``["units", "rules"]`` as ``the units and the rules``; ``[]`` as ``its content``."""
    if not parts:
        return "its content"
    named = [f"the {p}" for p in parts]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


@dataclass(frozen=True)
class SaveToOpen:
    """A save and the scenario to open it against: ``path`` the scenario's file (None: the
    bundled battle), ``overrides`` the ``--set`` values it was played with."""

    save: Path
    doc: dict[str, Any]
    path: str | None
    overrides: dict[str, Any]
    saved_path_gone: bool  # the save names a scenario file that is no longer there


def find_scenario(save: str | Path, scenario_path: str | None) -> SaveToOpen:
    """Which scenario the save ``save`` is opened against: ``scenario_path`` if given, else the
    file the save names (when it is still there), else the bundled battle. BadSave (one line)
    for a file that is not a save."""
    from .saves import read_save_header

    try:
        doc = read_save_header(save)
    except ValueError as e:
        raise BadSave(str(e)) from None
    overrides = doc.get("overrides")
    if overrides is None:
        overrides = {}
    if not isinstance(overrides, dict):  # what the game was played with: not to be guessed
        raise BadSave(f"{save}: damaged save file (overrides: expected a mapping of key: value, "
                      f"got {str(overrides)[:40]})")
    saved = doc.get("scenario")
    gone = False
    path = scenario_path
    if path is None and isinstance(saved, str):
        if Path(saved).is_file():
            path = saved
        else:
            gone = True
    return SaveToOpen(Path(save), doc, path, dict(overrides), gone)


def load_recorded(file: str | Path, path: str | None, overrides: dict[str, Any]) -> Scenario:
    """The scenario ``path`` with the ``--set`` values a save or a replay ``file`` recorded; a
    recorded value the scenario refuses is blamed on the file that recorded it (never on a
    ``--set`` flag the user did not give)."""
    from ..errors import BadInput
    from ..scenario import load_scenario

    try:
        return load_scenario(path, overrides)
    except BadInput as e:
        raise BadInput(*(f"{file}: its recorded {line}" if line.startswith("--set") else line
                         for line in e.lines)) from None


def check_moved(opened: SaveToOpen, scenario: Scenario) -> None:
    """BadSave if the scenario file the save names is gone and ``scenario`` (the bundled battle,
    taken in its place) is not the one it was saved with."""
    sha = opened.doc.get("scenario_sha256")
    if opened.saved_path_gone and isinstance(sha, str) and sha and sha != scenario.source_sha256:
        raise BadSave(f"{opened.save}: its scenario file {opened.doc.get('scenario')} is no longer there (moved or "
                      f"deleted?); give the scenario's file: mutanchiang play SCENARIO --load {opened.save}")


def change_warning(save: str | Path, changed: list[str], scenario: Scenario, where: str | None) -> str:
    """The one line said when a save goes on under a changed scenario."""
    return (f"warning: {save}: the scenario changed since this game was saved ({what_changed(changed)} of "
            f"{scenario.name}{f' in {where}' if where else ''}); the game goes on under the changed scenario")


def no_longer_fits(save: Path, doc: dict[str, Any], scenario: Scenario, changed: list[str], why: str) -> str:
    """The one line for a save whose state does not fit the scenario it was not saved with."""
    name = doc.get("scenario_name")
    if isinstance(name, str) and name != scenario.name:
        return (f"{save}: a save of {name}, which does not fit {scenario.name} ({why}); "
                f"load it with the scenario file it was saved from")
    return (f"{save}: the scenario changed since this game was saved ({what_changed(changed)}) and the game no "
            f"longer fits it ({why}); load it with the scenario file as it was")


__all__ = ["PARTS", "SaveToOpen", "change_warning", "changed_parts", "check_moved", "find_scenario", "load_recorded",
           "no_longer_fits",
           "scenario_parts", "what_changed"]
