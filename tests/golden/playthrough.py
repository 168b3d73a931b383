"""Golden playthroughs: whole computer-vs-computer battles whose every action and event is kept.

A *case* is a scenario file, a seed and the two policies. Playing it gives a *log*: one line of
canonical JSON per action (as the player chose it) and per event (as the engine reported it), in
the order they happened. What is committed under ``tests/golden/data/`` for each case:

- ``<case>.json``: the case, its run record (the row ``runs.csv`` would get), the log's length and
  sha256, and digests of the final state (the two random streams, the units, the map);
- ``<case>.log.gz``: the log itself, so that a mismatch can name the first line that differs.

Nothing in them depends on how the code is laid out (no engine fingerprint, no file paths other
than the scenario's, no scenario file hash): a refactor keeps them byte for byte, and any change
of behaviour (a rule, a coefficient, a random draw, the AI's choices, an event's wording) breaks
them. See ``README.md`` beside this file for when and how to regenerate them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mutanchiang_sim.ai import Policy, default_policies
from mutanchiang_sim.core.actions import Action, action_to_dict
from mutanchiang_sim.core.events import GameEvent
from mutanchiang_sim.core.rng import rng_state
from mutanchiang_sim.core.scenario_def import Scenario
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.run import play_game, run_record

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Case:
    scenario: str  # path from the repository root
    seed: int
    soviet: str = "doctrine"
    japan: str = "doctrine"

    @property
    def name(self) -> str:
        stem = Path(self.scenario).stem
        pols = "" if (self.soviet, self.japan) == ("doctrine", "doctrine") else f"-{self.soviet}-{self.japan}"
        return f"{stem}{pols}-seed{self.seed}"


MAIN = "scenarios/mutanchiang_1945.yaml"
SECOND = "scenarios/khalkhin_gol_1939.yaml"  # the second battle, on the same global rules
SMALL = "tests/data/small.yaml"
WHAT_IFS = sorted(f"scenarios/{p.name}" for p in (ROOT / "scenarios").glob("whatif_*.yaml"))

CASES: tuple[Case, ...] = (
    *(Case(MAIN, s) for s in (0, 1, 2)),
    *(Case(SECOND, s) for s in (0, 1)),
    *(Case(w, s) for w in WHAT_IFS for s in (0, 1)),
    *(Case(SMALL, s) for s in (0, 1, 2)),
    Case(SMALL, 0, "advance", "hold"),
    Case(SMALL, 3, "random", "doctrine"),
)


def _line(kind: str, body: dict[str, Any]) -> str:
    return json.dumps({kind: body}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class _Logged:
    """A policy that writes each action it chooses to the log before the engine applies it."""

    def __init__(self, inner: Policy, log: list[str]) -> None:
        self.side = inner.side
        self._inner = inner
        self._log = log

    def choose(self, state: GameState, rng: Any) -> Action:
        action = self._inner.choose(state, rng)
        self._log.append(_line("action", {"side": state.side_to_move, **action_to_dict(action)}))
        return action


def _sha(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


UNIT_FIELDS = ("id", "status", "hex", "men", "tanks", "guns", "readiness", "entrenchment", "posture", "killed",
               "wounded", "captured", "tanks_lost", "tanks_destroyed_total", "tanks_repairable", "guns_lost",
               "turns_out_of_supply", "in_supply", "disrupted")


def final_digests(state: GameState) -> dict[str, str]:
    """Digests of what the log does not show directly: the random streams after the last draw,
    every unit's numbers, and who holds what."""
    return {
        "rng": _sha([rng_state(state.rng), rng_state(state.ai_rng) if state.ai_rng is not None else None]),
        "units": _sha([[getattr(u, f) for f in UNIT_FIELDS] for u in state.units]),
        "map": _sha({
            "control": list(state.control), "bridges_intact": list(state.bridges_intact),
            "orders": sorted(state.orders), "order_turns": dict(sorted(state.order_turns.items())),
            "fired_events": sorted(state.fired_events), "quality_mod": dict(sorted(state.quality_mod.items())),
            "boats": sorted([s, i, n] for (s, i), n in state.boats.items()),
            "turn": state.turn, "phase": state.phase, "city_captured_turn": state.city_captured_turn,
        }),
    }


@dataclass
class Played:
    case: Case
    summary: dict[str, Any]  # what goes into <case>.json
    log: list[str]


@cache
def _scenario(path: str) -> Scenario:
    return load_scenario(ROOT / path)


def play(case: Case) -> Played:
    scenario = _scenario(case.scenario)
    log: list[str] = []
    pols = default_policies(scenario, {"soviet": case.soviet, "japan": case.japan})
    logged: dict[str, Policy] = {side: _Logged(p, log) for side, p in pols.items()}

    def on_event(e: GameEvent) -> None:
        log.append(_line("event", e.to_dict()))

    result = play_game(scenario, case.seed, logged, on_event=on_event)
    summary = {
        "case": {"scenario": case.scenario, "seed": case.seed, "soviet": case.soviet, "japan": case.japan},
        "record": run_record(result.state, case.seed),
        "log": {"lines": len(log), "sha256": log_sha256(log)},
        "final": final_digests(result.state),
    }
    return Played(case, summary, log)


def log_sha256(log: list[str]) -> str:
    return hashlib.sha256("".join(ln + "\n" for ln in log).encode()).hexdigest()


def summary_path(case: Case) -> Path:
    return DATA / f"{case.name}.json"


def log_path(case: Case) -> Path:
    return DATA / f"{case.name}.log.gz"


def read_summary(case: Case) -> dict[str, Any]:
    return json.loads(summary_path(case).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def read_log(case: Case) -> list[str]:
    return gzip.decompress(log_path(case).read_bytes()).decode("utf-8").splitlines()


def write(played: Played) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    summary_path(played.case).write_text(json.dumps(played.summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = "".join(ln + "\n" for ln in played.log).encode("utf-8")
    log_path(played.case).write_bytes(gzip.compress(text, compresslevel=9, mtime=0))


def _where(log: list[str], k: int) -> str:
    """``turn 3, soviet action`` for line ``k`` of a log (an action's turn is its last event's)."""
    d = json.loads(log[k])
    if "event" in d:
        return f"turn {d['event'].get('turn', '?')}, event {d['event'].get('kind', '?')!r}"
    turn = next((json.loads(ln)["event"]["turn"] for ln in reversed(log[:k]) if ln.startswith('{"event"')), "?")
    return f"turn {turn}, {d.get('action', {}).get('side', '?')} action"


def first_divergence(expected: list[str], got: list[str], context: int = 3) -> str:
    """A readable account of where two logs part (empty if they are the same)."""
    k = next((i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b), min(len(expected), len(got)))
    if k == len(expected) == len(got):
        return ""
    before = "".join(f"\n      {ln}" for ln in expected[max(0, k - context):k]) or " (none: the very first line)"
    exp = expected[k] if k < len(expected) else "(the golden log ends here)"
    new = got[k] if k < len(got) else "(this run's log ends here)"
    at = _where(expected, k) if k < len(expected) else _where(got, k)
    return (f"first divergence at log line {k + 1} of {len(expected)} (now {len(got)}), {at}:\n"
            f"   last lines in common:{before}\n   expected: {exp}\n   got:      {new}")


def differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """``key: old -> new`` for every field of two flat mappings that differs."""
    return [f"{k}: {expected.get(k)!r} -> {got.get(k)!r}" for k in sorted(set(expected) | set(got)) if expected.get(k) != got.get(k)]
