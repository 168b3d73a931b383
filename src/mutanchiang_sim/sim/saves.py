"""Saved games: a versioned JSON document written atomically.

A save holds the scenario's path and SHA-256, the whole game state (``GameState.to_dict``), the
event log shown to the player, the computer players chosen (``ai``: side -> level or policy), whether fog of war is on
(``fog``; a save without it, from an older version, takes the player's choice), where each
side last saw each enemy unit under fog (``sightings``; an older save has none: the markers
start afresh), and the seed and actions so far (so a finished game can still be
written out as a replay). Loading checks the kind, the format and the scenario's hash and turns
every problem into a one-line ``ValueError``: a corrupt or foreign file never crashes the game.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import ENGINE_VERSION
from ..atomic import atomic_write_text
from ..core.scenario_def import Scenario
from ..core.state import GameState
from ..errors import json_problem
from ..files import FileProblem, read_text_bounded
from .computer_players import choice_names
from .save_open import changed_parts, no_longer_fits, scenario_parts

SAVE_KIND = "mutanchiang-save"
SAVE_FORMAT = 1
MAX_SAVE_BYTES = 64 * 1024 * 1024  # a save of the bundled battle is well under 1 MB


@dataclass
class SavedGame:
    state: GameState
    scenario_path: str | None
    seed: int | None = None
    humans: list[str] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)
    actions: list[dict[str, Any]] | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    ai: dict[str, str] = field(default_factory=dict)  # the computer players chosen (side -> level or policy)
    fog: bool | None = None  # fog of war on; None: a save from before the game kept it
    # side -> enemy unit -> (hex, turn) where that side last saw it (the fog's last-known markers)
    sightings: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    changed: list[str] | None = None  # loaded against a changed scenario: what changed ([]: unknown); None: same


def save_game(path: str | Path, game: SavedGame) -> None:
    """Write ``game`` to ``path`` atomically (the old file survives a crash mid-write)."""
    sc = game.state.scenario
    doc = {
        "format": SAVE_FORMAT,
        "kind": SAVE_KIND,
        "engine_version": ENGINE_VERSION,
        "saved_at": datetime.now().isoformat(timespec="seconds"),
        "scenario": str(Path(game.scenario_path).resolve()) if game.scenario_path else None,
        "scenario_name": sc.name,
        "scenario_sha256": sc.source_sha256,
        "scenario_parts": scenario_parts(sc),  # (to say what changed, should the scenario be edited)
        "overrides": game.overrides,
        "seed": game.seed,
        "humans": list(game.humans),
        "ai": game.ai,
        "fog": game.fog,
        "sightings": {side: {uid: [at[0], at[1]] for uid, at in book.items()} for side, book in game.sightings.items()},
        "state": game.state.to_dict(),
        "log": [list(e) for e in game.log],
        "actions": game.actions,
    }
    atomic_write_text(Path(path), json.dumps(doc))


def read_save_header(path: str | Path) -> dict[str, Any]:
    """The save document, checked for kind and format; ValueError (one line) otherwise."""
    p = Path(path)
    try:
        raw = read_text_bounded(p, MAX_SAVE_BYTES)
    except FileProblem as e:
        reason = {"no such file": "no such save file", "is a directory": "is a directory, not a save file"}
        raise ValueError(f"{p}: {reason.get(str(e), str(e))}") from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ValueError(f"{p}: not a save file (corrupt JSON at line {e.lineno})") from None
    except RecursionError:
        raise ValueError(f"{p}: not a save file (nested too deeply)") from None
    except ValueError as e:  # a number of more than 4,300 digits, say
        raise ValueError(f"{p}: damaged save file ({json_problem(e)})") from None
    if not isinstance(doc, dict) or doc.get("kind") != SAVE_KIND:
        raise ValueError(f"{p}: not a mutanchiang save file")
    fmt = doc.get("format")
    if fmt != SAVE_FORMAT:
        raise ValueError(f"{p}: save format {fmt!r} is not supported by this version (expected {SAVE_FORMAT})")
    if not isinstance(doc.get("state"), dict):
        raise ValueError(f"{p}: damaged save file (no game state)")
    return doc


def load_game(path: str | Path, scenario: Scenario, scenario_path: str | None = None) -> SavedGame:
    """Rebuild a saved game for ``scenario``; ValueError (one line) if the file is not a save
    of this scenario or is damaged. A save made before the scenario was edited is rebuilt when
    its state still fits the changed scenario (``changed`` then says what changed)."""
    p = Path(path)
    doc = read_save_header(p)
    sha = doc.get("scenario_sha256", "")
    changed = None
    if sha and scenario.source_sha256 and sha != scenario.source_sha256:
        changed = changed_parts(doc.get("scenario_parts"), scenario)
    try:
        state = GameState.from_dict(scenario, doc["state"])
    except Exception as e:  # noqa: BLE001 - any malformed value is a damaged file, never a crash
        why = str(e) if isinstance(e, ValueError) else e.__class__.__name__
        if changed is not None:
            raise ValueError(no_longer_fits(p, doc, scenario, changed, why)) from None
        raise ValueError(f"{p}: damaged save file ({why})") from None
    # the rest only dresses the game: a damaged part is dropped, never a reason to fail
    log: list[tuple[str, str]] = []
    for item in _listed(doc.get("log")):
        if isinstance(item, list | tuple) and len(item) == 2:
            log.append((str(item[0]), str(item[1])))
    actions = doc.get("actions")
    seed = doc.get("seed")
    overrides = doc.get("overrides")
    ai = doc.get("ai")
    saved_path = doc.get("scenario")
    fog = doc.get("fog")
    return SavedGame(
        state=state,
        scenario_path=scenario_path if scenario_path is not None else saved_path if isinstance(saved_path, str) else None,
        seed=int(seed) if isinstance(seed, int) and not isinstance(seed, bool) else None,
        humans=[h for h in _listed(doc.get("humans")) if isinstance(h, str) and h in scenario.sides],
        log=log,
        actions=[a for a in actions if isinstance(a, dict)] if isinstance(actions, list) else None,
        overrides=dict(overrides) if isinstance(overrides, dict) else {},
        ai={k: v for k, v in ai.items() if isinstance(k, str) and isinstance(v, str) and k in scenario.sides and v in choice_names()}
        if isinstance(ai, dict) else {},
        fog=fog if isinstance(fog, bool) else None,
        sightings=_sightings(doc.get("sightings"), state),
        changed=changed,
    )


def _sightings(v: Any, state: GameState) -> dict[str, dict[str, tuple[int, int]]]:
    """The saved last-known positions, each side's of the other's units only; an entry that
    names no such unit, no hex of the map or no turn of the battle is dropped."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    if not isinstance(v, dict):
        return out
    sc = state.scenario
    for side, book in v.items():
        if side not in sc.sides or not isinstance(book, dict):
            continue
        kept = {}
        for uid, at in book.items():
            u = state.unit_by_id.get(uid) if isinstance(uid, str) else None
            if u is None or u.side == side or not isinstance(at, list) or len(at) != 2:
                continue
            i, turn = at
            if all(isinstance(x, int) and not isinstance(x, bool) for x in at) and 0 <= i < sc.map.size and 0 <= turn <= sc.turns:
                kept[uid] = (i, turn)
        out[side] = kept
    return out


def _listed(v: Any) -> list[Any]:
    return v if isinstance(v, list) else []
