"""A scenario's time line in words: its weather and events in turn order, with their dates.

Read from the plain data of a scenario file (as the editor holds it), so that it works on a file
being edited; the dates come from a built :class:`Scenario` when there is one.
"""

from __future__ import annotations

from typing import Any

from ..core.scenario_def import Scenario


def timeline(data: dict[str, Any], scenario: Scenario | None = None) -> list[tuple[str, str]]:
    """``(when, what)`` lines: each weather change and each event, in turn order; events that
    fire only on their condition come last.

    >>> timeline({"weather": [{"from_turn": 0, "weather": "rain", "wet_ground": True}],
    ...           "events": [{"id": "go", "turn": 2, "effects": [{"message": "x"}]}]})
    [('turn 0', 'weather: rain, wet ground'), ('turn 2', 'go: message')]
    """

    def when(turn: Any) -> str:
        t = _int(turn)
        return f"{scenario.time_of(t):%d %b %H:%M}" if scenario is not None else f"turn {t}"

    rows: list[tuple[int, str, str]] = []
    for w in data.get("weather") or []:
        if isinstance(w, dict):
            wet = ", wet ground" if w.get("wet_ground") else ""
            rows.append((_int(w.get("from_turn")), when(w.get("from_turn")), f"weather: {w.get('weather')}{wet}"))
    for e in data.get("events") or []:
        if not isinstance(e, dict):
            continue
        what = effects_text(e.get("effects") or [])
        if e.get("turn") is None:  # only on its condition
            rows.append((10**6, "when held", f"{e.get('id')}: {what}"))
            continue
        cond = " (or earlier, when...)" if e.get("when") else ""
        rows.append((_int(e.get("turn")), when(e.get("turn")), f"{e.get('id')}: {what}{cond}"))
    rows.sort(key=lambda r: r[0])
    return [(w, t) for _, w, t in rows]


def effects_text(effects: list[Any]) -> str:
    """An event's effects in a few words.

    >>> effects_text([{"blow_bridge": "a"}, {"blow_bridge": "b"}, {"order": {"side": "japan", "order": "withdraw"}}])
    'order japan: withdraw, blow 2 bridges'
    """
    counts: dict[str, int] = {}
    parts: list[str] = []
    for x in effects:
        if not isinstance(x, dict) or not x:
            continue
        kind, value = next(iter(x.items()))
        if kind == "order" and isinstance(value, dict):
            parts.append(f"order {value.get('side')}: {value.get('order')}")
        else:
            counts[str(kind)] = counts.get(str(kind), 0) + 1
    for kind, n in counts.items():
        words = kind.replace("_", " ")
        if n > 1:
            head, _, tail = words.partition(" ")
            words = f"{head} {n} {tail}s" if tail else f"{n} {head}s"
        parts.append(words)
    return ", ".join(parts) or "nothing"


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0
