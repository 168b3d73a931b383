"""The computer players never emit an illegal action (the engine raises IllegalAction if they do)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.run import play_game

PAIRS = [
    ("doctrine", "doctrine"),
    ("doctrine", "hold"),
    ("advance", "doctrine"),
    ("doctrine", "random"),
    ("random", "doctrine"),
]


def _policies(scenario, soviet: str, japan: str, extra: dict | None = None):
    out = {}
    for side, name in (("soviet", soviet), ("japan", japan)):
        params = dict(scenario.ai.get(side, {}))
        if name == "doctrine":
            params.update(extra or {})
        out[side] = make_policy(name, side, params)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1),
    pair=st.sampled_from(PAIRS),
    difficulty=st.sampled_from(["easy", "normal", "hard"]),
    fog=st.booleans(),
)
def test_no_illegal_action_small(small_scenario, seed, pair, difficulty, fog):
    pols = _policies(small_scenario, *pair, {"difficulty": difficulty, "fog_of_war": fog})
    result = play_game(small_scenario, seed, pols)  # engine.apply raises IllegalAction on a bad one
    assert result.state.game_over


def test_no_illegal_action_with_bypass_order(small_scenario):
    """The bypass order (not scripted in the small scenario) set by hand from the first turn."""
    for seed in range(6):
        pols = _policies(small_scenario, "doctrine", "doctrine", {"bypass_formations": [""], "rearguard_share": 0.5})
        state, _ = engine.new_game(small_scenario, seed)
        state.orders.add("soviet:bypass")
        while not state.game_over:
            engine.apply(state, pols[state.side_to_move].choose(state, state.ai_rng))


def test_every_emitted_action_is_legal_step_by_step(small_scenario):
    """Check each action with engine.check before applying it, so a failure names the action."""
    pols = _policies(small_scenario, "doctrine", "doctrine")
    for seed in range(5):
        state, _ = engine.new_game(small_scenario, seed)
        while not state.game_over:
            a = pols[state.side_to_move].choose(state, state.ai_rng)
            reason = engine.check(state, a)
            assert reason is None, f"seed {seed} turn {state.turn}: {a} is illegal: {reason}"
            engine.apply(state, a)


def test_no_illegal_action_bundled(bundled_path):
    try:
        scenario = load_scenario(bundled_path)
    except Exception as e:  # the bundled scenario is still being written
        pytest.skip(f"bundled scenario not loadable yet: {e}")
    for seed, pair in zip(range(3), [("doctrine", "doctrine"), ("doctrine", "hold"), ("advance", "doctrine")], strict=True):
        result = play_game(scenario, seed, _policies(scenario, *pair))
        assert result.state.game_over
