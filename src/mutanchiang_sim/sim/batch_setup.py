"""Setting a batch up: every scenario it needs, loaded and checked before the first battle.

Each sweep point's scenario is loaded here, in the parent process, so that a bad ``--set`` or
``--sweep`` value is one located line before anything runs, not an error in every row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.scenario_def import Scenario
from ..errors import BadFlag, BadInput
from ..scenario import default_scenario_path, load_scenario
from ..scenario.overrides import Sweep
from .batch import BatchSpec, Point


@dataclass(frozen=True)
class BatchSetup:
    spec: BatchSpec
    scenarios: dict[Point, Scenario]  # one per point of the sweep grid
    base: Scenario  # the scenario with the overrides but no sweep values


def set_up_batch(
    scenario: str | None,
    runs: int,
    seed: int = 0,
    overrides: Mapping[str, Any] | None = None,
    sweep: Sweep = (),
    policies: Mapping[str, str] | None = None,
    on_point: Callable[[int, int], None] | None = None,
) -> BatchSetup:
    """Load the scenario (``None``: the bundled one) for every sweep point and check the
    computer players (``policies``: side -> level or policy, see :mod:`.computer_players`);
    BadInput (one line a problem, naming the sweep point) on anything wrong. ``on_point(done,
    total)`` hears of each point loaded (a sweep of thousands of points takes minutes)."""
    from .computer_players import computer_players

    overrides = dict(overrides or {})
    policies = dict(policies or {})
    clash = sorted(set(overrides) & {k for k, _ in sweep})
    if clash:
        raise BadFlag(f"--sweep: {clash[0]!r} is also given with --set; use one of them")
    base = load_scenario(scenario, overrides)
    computer_players(base, policies)  # BadFlag for a side or name the scenario cannot have
    path = str(Path(scenario).resolve()) if scenario else str(default_scenario_path())
    spec = BatchSpec(path, runs, seed, overrides, sweep, policies)
    scenarios: dict[Point, Scenario] = {}
    grid = spec.grid()
    for n, point in enumerate(grid):
        if on_point is not None:
            on_point(n, len(grid))
        if not point:
            scenarios[point] = base
            continue
        try:
            scenarios[point] = load_scenario(scenario, {**overrides, **dict(point)})
        except BadInput as e:
            where = ", ".join(f"{k}={v}" for k, v in point)
            raise BadFlag(*(f"--sweep {where}: {_unnamed(line)}" for line in e.lines)) from None
    if on_point is not None:
        on_point(len(grid), len(grid))
    return BatchSetup(spec, scenarios, base)


def _unnamed(line: str) -> str:
    """A problem the loader blamed on ``--set`` (``--set KEY=VALUE: message`` or ``--set message``)
    without that name: the sweep point names it instead.

    >>> _unnamed("--set turns=0: Input should be >= 1"), _unnamed("--set unknown key 'nope'")
    ('Input should be >= 1', "unknown key 'nope'")
    """
    if not line.startswith("--set "):
        return line
    rest = line.removeprefix("--set ")
    head, sep, tail = rest.partition(": ")
    return tail if sep and "=" in head else rest


__all__ = ["BatchSetup", "set_up_batch"]
