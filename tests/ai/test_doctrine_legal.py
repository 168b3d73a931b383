"""The computer players never emit an illegal action (the engine raises IllegalAction if they do)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutanchiang_sim.ai import make_policy
from mutanchiang_sim.core import engine
from mutanchiang_sim.core.actions import EndPhase
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


def _play_checked(scenario, seed: int, pols, orders: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """Play a game, checking each action with engine.check before applying it (so a failure names
    the action); the final state and the actions played. Fails if the game has not ended after a generous bound."""
    state, _ = engine.new_game(scenario, seed)
    state.orders.update(orders)
    played = []
    bound = ACTIONS_PER_PHASE * 2 * scenario.turns
    for _ in range(bound):
        if state.game_over:
            return state, played
        a = pols[state.side_to_move].choose(state, state.ai_rng)
        reason = engine.check(state, a)
        assert reason is None, f"seed {seed} turn {state.turn}: {a} is illegal: {reason}"
        engine.apply(state, a)
        played.append(a)
    pytest.fail(f"seed {seed}: the game has not ended after {bound} actions")


ACTIONS_PER_PHASE = 300  # the doctrine AIs use a few dozen on the small scenario


def test_no_illegal_action_with_bypass_order(small_scenario):
    """The bypass order (not scripted in the small scenario) set by hand from the first turn: every
    action is legal, every game ends, and the order changes what the Soviets do."""
    extra = {"bypass_formations": [""], "rearguard_share": 0.5}
    differs = 0
    for seed in range(6):
        _, with_order = _play_checked(small_scenario, seed, _policies(small_scenario, "doctrine", "doctrine", extra), ("soviet:bypass",))
        _, without = _play_checked(small_scenario, seed, _policies(small_scenario, "doctrine", "doctrine", extra))
        differs += with_order != without
    assert differs >= 3, f"the bypass order changed the game in only {differs} of 6 seeds"


def test_every_emitted_action_is_legal_step_by_step(small_scenario):
    """Check each action with engine.check before applying it, so a failure names the action."""
    for seed in range(5):
        state, played = _play_checked(small_scenario, seed, _policies(small_scenario, "doctrine", "doctrine"))
        # the game ends at the end of a turn: both sides ended every phase of every turn played
        assert sum(isinstance(a, EndPhase) for a in played) == 2 * state.turn, f"seed {seed}"
        assert 1 <= state.turn <= small_scenario.turns


def test_no_illegal_action_bundled(bundled_path):
    scenario = load_scenario(bundled_path)  # a bundled scenario that does not load fails here
    for seed, pair in zip(range(3), [("doctrine", "doctrine"), ("doctrine", "hold"), ("advance", "doctrine")], strict=True):
        result = play_game(scenario, seed, _policies(scenario, *pair))
        assert result.state.game_over
