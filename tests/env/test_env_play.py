"""Playing the environments: seeding, rewards, fog, truncation, the single-side wrapper, the
examples, and drawing the board."""

from __future__ import annotations

import contextlib
import io
import json
import runpy
from pathlib import Path

import gymnasium
import numpy as np
import pytest

from mutanchiang_sim.cli import main as cli_main
from mutanchiang_sim.env import ENV_ID, env, raw_env

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def random_episode(scenario, seed: int, fog: bool = True, max_cycles: int | None = None, shaping: float = 0.0):
    """Both sides random (masked): every (agent, observation digest, reward, done) in order."""
    e = env(scenario, fog=fog, max_cycles=max_cycles, shaping=shaping)
    e.reset(seed=seed)
    rng = np.random.default_rng(seed)
    trail = []
    for agent in e.agent_iter():
        obs, reward, terminated, truncated, info = e.last()
        trail.append((agent, obs["observation"].tobytes(), obs["action_mask"].tobytes(), reward, terminated, truncated))
        if terminated or truncated:
            e.step(None)
            continue
        e.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
    return trail, e.unwrapped


def test_same_seed_same_episode_bit_for_bit(small_scenario):
    a, _ = random_episode(small_scenario, 11)
    b, _ = random_episode(small_scenario, 11)
    c, _ = random_episode(small_scenario, 12)
    assert a == b
    assert a != c


def test_reset_without_a_seed_follows_the_last_seed(small_scenario):
    def games(e):
        e.reset(seed=4)
        seeds = [e.game.seed]
        for _ in range(3):
            e.reset()
            seeds.append(e.game.seed)
        return seeds

    first, second = games(raw_env(small_scenario)), games(raw_env(small_scenario))
    assert first == second
    assert first[0] == 4 and len(set(first)) == 4


def test_terminal_reward_is_the_scaled_margin_zero_sum(small_scenario):
    trail, raw = random_episode(small_scenario, 2)
    outcome = raw.game.outcome()
    assert outcome.over
    first, second = small_scenario.side_ids
    finals = {agent: reward for agent, _, _, reward, terminated, _ in trail if terminated}
    expected = float(np.clip(outcome.margin / small_scenario.rules.victory.decisive_margin, -1, 1))
    assert finals[first] == pytest.approx(expected)
    assert finals[second] == pytest.approx(-expected)
    assert all(reward == 0 for _, _, _, reward, terminated, _ in trail if not terminated)  # no shaping by default
    if outcome.winner == first:
        assert finals[first] > 0


def test_shaping_pays_the_change_of_the_margin_as_it_comes(small_scenario):
    trail, raw = random_episode(small_scenario, 2, shaping=0.5)
    first = small_scenario.side_ids[0]
    paid = sum(r for agent, _, _, r, _, _ in trail if agent == first)
    assert any(r != 0 for agent, _, _, r, terminated, _ in trail if not terminated)
    final = raw.scaled_margin()
    start = raw_env(small_scenario)
    start.reset(seed=2)
    assert paid == pytest.approx(final + 0.5 * (final - start.scaled_margin()))


def test_truncated_after_max_cycles(small_scenario):
    trail, raw = random_episode(small_scenario, 3, max_cycles=15)
    assert raw.steps == 15
    assert trail[-1][5] and not raw.game.over


def test_fog_hides_the_enemy_out_of_sight(bundled_path):
    clear, fogged = raw_env(bundled_path, fog=False), raw_env(bundled_path, fog=True)
    for e in (clear, fogged):
        e.reset(seed=1)
    side = clear.scenario.side_ids[1]
    enemy = slice(clear.planes.c_enemy, clear.planes.c_enemy + 3)
    seen_clear = clear.observe(side)["observation"][..., enemy].sum()
    seen_fog = fogged.observe(side)["observation"][..., enemy].sum()
    assert 0 < seen_fog < seen_clear
    own = slice(clear.planes.c_own, clear.planes.c_own + 3)
    assert np.array_equal(clear.observe(side)["observation"][..., own], fogged.observe(side)["observation"][..., own])


def test_only_the_side_to_move_has_actions(small_scenario):
    e = raw_env(small_scenario)
    e.reset(seed=1)
    mover, other = e.agent_selection, small_scenario.other_side(e.agent_selection)
    assert e.observe(mover)["action_mask"].sum() > 1
    assert e.observe(other)["action_mask"].sum() == 0


def test_the_single_side_env_plays_against_the_opponent(small_scenario):
    side = small_scenario.sides_order[1]
    e = gymnasium.make(ENV_ID, scenario=small_scenario, side=side, opponent="hard")
    obs, _ = e.reset(seed=5)
    raw = e.unwrapped.aec
    assert raw.game.side_to_move == side  # the opponent has played its phase
    rng = np.random.default_rng(5)
    total, done, steps = 0.0, False, 0
    while not done:
        obs, reward, terminated, truncated, info = e.step(rng.choice(np.flatnonzero(obs["action_mask"])))
        total += float(reward)
        done = terminated or truncated
        steps += 1
        assert done or raw.game.side_to_move == side
    assert raw.game.over and -1 <= total <= 1
    assert info["winner"] == raw.game.outcome().winner


def test_the_single_side_env_ends_on_an_action_the_mask_leaves_out(small_scenario):
    e = gymnasium.make(ENV_ID, scenario=small_scenario, opponent="passive")
    obs, _ = e.reset(seed=5)
    bad = int(np.flatnonzero(obs["action_mask"] == 0)[0])
    _, reward, terminated, _, info = e.step(bad)
    assert (reward, terminated, info["illegal_action"]) == (-1.0, True, bad)


def test_the_single_side_env_refuses_a_side_the_scenario_lacks(small_scenario):
    from mutanchiang_sim.errors import BadFlag

    with pytest.raises(BadFlag, match="no side 'martians'"):
        gymnasium.make(ENV_ID, scenario=small_scenario, side="martians")


def run_cli(*args: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["run", *args, "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.mark.parametrize("seed, choices", [(3, {}), (4, {"japan": "hard", "soviet": "easy"})])
def test_computer_players_through_the_env_play_the_battle_of_mutanchiang_run(bundled_path, seed, choices):
    example = runpy.run_path(str(EXAMPLES / "doctrine_through_env.py"))
    record, counts = example["play"](str(bundled_path), seed, choices)
    flags = [f"--ai={side}={name}" for side, name in choices.items()]
    assert record == run_cli(str(bundled_path), "--seed", str(seed), *flags)
    assert counts["index"] > counts["action"] > 0  # most go in as indices of the encoding


def test_the_random_agent_example_plays_to_the_end(small_path):
    example = runpy.run_path(str(EXAMPLES / "random_agent.py"))
    totals = example["play_aec"](str(small_path), 1, None, True)
    assert sum(totals.values()) == pytest.approx(0.0) and any(totals.values())
    total, info = example["play_gym"](str(small_path), 1, None, "doctrine", True)
    assert -1 <= total <= 1 and "winner" in info


def test_rgb_array_is_the_board_drawn_by_the_game(small_scenario):
    e = raw_env(small_scenario, render_mode="rgb_array")
    e.reset(seed=1)
    before = e.render()
    assert before.ndim == 3 and before.shape[2] == 3 and before.dtype == np.uint8
    assert len(np.unique(before.reshape(-1, 3), axis=0)) > 20  # a picture, not a blank
    e.step(int(np.flatnonzero(e.observe(e.agent_selection)["action_mask"])[1]))  # a unit moves
    assert not np.array_equal(before, e.render())
    e.close()


def test_human_render_opens_the_window(small_scenario):
    e = raw_env(small_scenario, render_mode="human")
    e.reset(seed=1)
    assert e.render() is None
    from mutanchiang_sim.ui._pygame import pygame

    assert pygame.display.get_surface() is not None
    e.close()


def test_pettingzoo_render_test(small_path):
    from pettingzoo.test import render_test

    render_test(lambda render_mode=None: env(small_path, render_mode=render_mode, max_cycles=10))


def test_an_unknown_opponent_is_named_in_one_line(small_scenario):
    from mutanchiang_sim.errors import BadFlag

    with pytest.raises(BadFlag, match="^opponent: unknown level 'grandmaster'"):
        gymnasium.make(ENV_ID, scenario=small_scenario, opponent="grandmaster")
