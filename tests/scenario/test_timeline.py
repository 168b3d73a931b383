"""The scenario time line in words (the editor's side panel)."""

from __future__ import annotations

import doctest

from mutanchiang_sim.scenario import timeline as timeline_module
from mutanchiang_sim.scenario.timeline import effects_text, timeline


def test_the_examples_in_the_docstrings() -> None:
    assert doctest.testmod(timeline_module).failed == 0


def test_dates_from_the_scenario_and_conditional_events_last(small_scenario) -> None:  # type: ignore[no-untyped-def]
    data = {
        "weather": [{"from_turn": 4, "weather": "clear"}],
        "events": [
            {"id": "late", "when": {"side": "soviet", "holds": [[1, 1]]}, "effects": [{"message": "m"}]},
            {"id": "early", "turn": 1, "when": {"side": "soviet", "place": "X"}, "effects": [{"message": "a"}, {"message": "b"}]},
        ],
    }
    assert timeline(data, small_scenario) == [
        ("12 Aug 12:00", "early: 2 messages (or earlier, when...)"),
        ("13 Aug 06:00", "weather: clear"),
        ("when held", "late: message"),
    ]
    assert effects_text([]) == "nothing" and effects_text(["junk", {}]) == "nothing"
