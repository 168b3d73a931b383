"""Replay files: the scenario, seed and every action of a game, enough to re-play it exactly.

A replay stores actions, not states: re-applying them to a new game with the same seed gives
the same game bit for bit (the engine draws all its randomness from the game's generator).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import ENGINE_VERSION
from ..atomic import atomic_write_text
from ..core.actions import Action, action_from_dict
from ..core.scenario_def import Scenario
from ..core.state import GameState
from ..core.uncertain import check_values, with_values
from ..errors import json_problem
from ..files import FileProblem, read_text_bounded
from ..fingerprint import engine_fingerprint
from .game import Game
from .run import GameResult

REPLAY_FORMAT = 1
MAX_REPLAY_BYTES = 64 * 1024 * 1024  # a whole battle's actions take some 100 kB


@dataclass
class Replay:
    scenario_path: str | None
    overrides: dict[str, Any]
    seed: int
    actions: list[Action]
    scenario_sha256: str = ""
    policies: dict[str, str] | None = None
    engine_fingerprint: str = ""  # the engine that recorded it ("" in files from before it was kept)
    drawn: dict[str, Any] = field(default_factory=dict)  # the values drawn for the scenario's ranges

    @property
    def same_engine(self) -> bool:
        """Recorded by this engine's code (or not known): re-playing gives the same battle."""
        return not self.engine_fingerprint or self.engine_fingerprint == engine_fingerprint()


def write_replay(path: Path, scenario_path: str | None, overrides: dict[str, Any], policies: dict[str, str],
                 result: GameResult) -> None:
    doc = {
        "format": REPLAY_FORMAT,
        "kind": "mutanchiang-replay",
        "engine_version": ENGINE_VERSION,
        "engine_fingerprint": engine_fingerprint(),
        "scenario": str(Path(scenario_path).resolve()) if scenario_path else None,
        "scenario_sha256": result.state.scenario.source_sha256,
        "overrides": overrides,
        "policies": policies,
        "seed": result.seed,
        "drawn": dict(result.state.scenario.drawn),
        "actions": result.actions,
    }
    atomic_write_text(path, json.dumps(doc))


def read_replay(path: Path) -> Replay:
    """Read a replay file; ValueError with a one-line reason if it is not one."""
    try:
        doc = json.loads(read_text_bounded(path, MAX_REPLAY_BYTES))
    except FileProblem as e:
        raise ValueError(f"{path}: {e}") from None
    except (json.JSONDecodeError, RecursionError) as e:
        raise ValueError(f"{path}: not a replay file ({e.__class__.__name__})") from None
    except ValueError as e:  # a number of more than 4,300 digits, say
        raise ValueError(f"{path}: not a replay file ({json_problem(e)})") from None
    if not isinstance(doc, dict) or doc.get("kind") != "mutanchiang-replay":
        raise ValueError(f"{path}: not a mutanchiang replay file")
    if doc.get("format") != REPLAY_FORMAT:
        raise ValueError(f"{path}: replay format {doc.get('format')!r} is not supported (expected {REPLAY_FORMAT})")
    try:
        if not isinstance(doc.get("actions"), list):
            raise ValueError("no list of actions")
        actions = [action_from_dict(a) for a in doc["actions"]]
        seed = doc["seed"]
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f"seed {seed!r}")
        scenario = doc.get("scenario")
        if scenario is not None and not isinstance(scenario, str):
            raise ValueError("the scenario is not a file name")
        overrides, policies = doc.get("overrides") or {}, doc.get("policies")
        if not isinstance(overrides, dict) or (policies is not None and not isinstance(policies, dict)):
            raise ValueError("overrides and policies must be mappings")
        drawn = doc.get("drawn") or {}
        if not isinstance(drawn, dict):
            raise ValueError("drawn must be a mapping")
        return Replay(scenario, dict(overrides), seed, actions, str(doc.get("scenario_sha256", "")),
                      policies, str(doc.get("engine_fingerprint", "")), dict(drawn))
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ValueError(f"{path}: damaged replay file ({e})") from None


def replay_scenario(scenario: Scenario, replay: Replay) -> Scenario:
    """The scenario as the recorded game played it: with the values it drew for its ranges
    (a replay from before they were kept draws them again from its seed, the same way).
    ValueError (one line) when the recorded values do not fit the scenario's ranges."""
    if not replay.drawn or not scenario.uncertain:
        return scenario
    return with_values(scenario, check_values(scenario, replay.drawn))


def replay_states(scenario: Scenario, replay: Replay) -> list[GameState]:
    """Every state of a recorded game, from the first to the last (for stepping back and forth)."""
    game = Game.new(replay_scenario(scenario, replay), replay.seed, record=False)
    states = [game.state.copy()]
    for a in replay.actions:
        game.step(a)
        states.append(game.state.copy())
    return states
