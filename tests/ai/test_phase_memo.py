"""A phase's remembered distance fields: one per goal tag *and* set of hexes to avoid, so a second
asker with other hexes to avoid never gets the first asker's field."""

from __future__ import annotations

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.ai.fields import INF
from mutanchiang_sim.core.state import GameState
from mutanchiang_sim.scenario import default_scenario_path, load_scenario


def test_a_tagged_field_is_kept_apart_for_each_avoid_set() -> None:
    sc = load_scenario(default_scenario_path())
    state = GameState.new(sc, 0)
    side = sc.side_ids[0]
    pol = make_policy("doctrine", side, sc.ai.get(side, {})).posture(state)  # type: ignore[attr-defined]
    u = next(x for x in state.units if x.side == side and x.hex >= 0)
    goal = state.scenario.map.neighbor_lists[u.hex][0]
    plain = pol.foot_field(state, u, [goal], tag="bypass")  # the first asker avoids nothing
    assert plain[u.hex] < INF
    avoid = frozenset({u.hex})
    kept = pol.foot_field(state, u, [goal], avoid, tag="bypass")  # the second avoids the unit's hex
    assert kept[u.hex] == INF  # its own field, not the first one
    assert pol.foot_field(state, u, [goal], tag="bypass") is plain  # and each stays remembered
    assert pol.foot_field(state, u, [goal], avoid, tag="bypass") is kept
