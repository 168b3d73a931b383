"""Golden playthroughs: each committed battle, played again, gives the same log, record and end.

A failure here means the behaviour changed. If that was not the intention, the message names the
case and the first action or event that differs. If it was (a deliberate rule change), regenerate
with ``python tests/golden/regenerate.py`` and give the reason in the commit (see README.md here).
"""

from __future__ import annotations

import pytest
from playthrough import (
    CASES,
    DATA,
    MAIN,
    ROOT,
    SECOND,
    SMALL,
    WHAT_IFS,
    differences,
    first_divergence,
    play,
    read_log,
    read_summary,
)

from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import action_from_dict
from mutanchiang_sim.scenario import load_scenario

REGENERATE = "if the change is deliberate: python tests/golden/regenerate.py, and say why in the commit"


def _engine_verdict(case, log: list[str]) -> str:  # type: ignore[no-untyped-def]
    """Re-apply the golden log's actions without asking any policy: does the engine alone still
    give the golden events? Tells a change in the rules from a change in the computer players."""
    import json

    scenario = load_scenario(ROOT / case.scenario)
    state, events = engine.new_game(scenario, case.seed)
    got = [e.to_dict() for e in events]
    expected: list[dict] = []  # type: ignore[type-arg]
    for ln in log:
        d = json.loads(ln)
        if "event" in d:
            expected.append(d["event"])
            continue
        action = {k: v for k, v in d["action"].items() if k != "side"}
        try:
            state, events = engine.apply(state, action_from_dict(action))
        except engine.IllegalAction as e:
            return f"the engine now refuses golden action {action} ({e}): the rules changed"
        got += [e.to_dict() for e in events]
        if got != expected[: len(got)]:
            return "the engine alone, given the golden actions, already reports different events: the rules changed"
    return "the engine alone reproduces the golden events from the golden actions: the computer players changed"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_golden_playthrough(case) -> None:  # type: ignore[no-untyped-def]
    expected = read_summary(case)
    played = play(case)
    got = played.summary
    where = f"golden case {case.name} ({case.scenario}, seed {case.seed}, {case.soviet} vs {case.japan})"
    if got["log"] != expected["log"]:
        golden_log = read_log(case)
        pytest.fail(f"{where}: the action/event log differs\n{first_divergence(golden_log, played.log)}\n"
                    f"{_engine_verdict(case, golden_log)}\n{REGENERATE}")
    assert got["record"] == expected["record"], f"{where}: run record {differences(expected['record'], got['record'])}; {REGENERATE}"
    assert got["final"] == expected["final"], f"{where}: final state {differences(expected['final'], got['final'])}; {REGENERATE}"
    assert got == expected, f"{where}: {differences(expected, got)}"


def test_every_bundled_scenario_has_golden_playthroughs() -> None:
    covered = {c.scenario for c in CASES}
    bundled = {f"scenarios/{p.name}" for p in (ROOT / "scenarios").glob("*.yaml")}
    assert bundled <= covered, f"no golden case for {sorted(bundled - covered)}"
    assert {MAIN, SECOND, SMALL, *WHAT_IFS} == covered
    assert sum(c.scenario == MAIN for c in CASES) >= 3


def test_no_stale_golden_files() -> None:
    names = {c.name for c in CASES}
    on_disk = {p.name.split(".")[0] for p in DATA.iterdir()}
    assert on_disk == names, f"stale: {sorted(on_disk - names)}, missing: {sorted(names - on_disk)}"


def test_the_golden_log_is_what_the_summary_says() -> None:
    """The committed log and its summary agree (neither was edited by hand), and a log that
    differs in one line is reported at that line."""
    from playthrough import log_sha256

    case = next(c for c in CASES if c.scenario == SMALL)
    log, summary = read_log(case), read_summary(case)
    assert summary["log"] == {"lines": len(log), "sha256": log_sha256(log)}
    k = next(i for i, ln in enumerate(log) if i > 5 and ln.startswith('{"event"') and '"turn":0' in ln)
    changed = list(log)
    changed[k] = changed[k].replace('"turn":0', '"turn":9')
    report = first_divergence(log, changed)
    assert f"line {k + 1} of {len(log)}" in report and changed[k] in report and log[k] in report
    assert "ends here" in first_divergence(log, log[:-1])
    assert first_divergence(log, list(log)) == ""
