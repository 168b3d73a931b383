"""PettingZoo's and Gymnasium's own API checks on every bundled battle, fog on and off."""

from __future__ import annotations

import warnings

import gymnasium
import pytest
from env_cases import BATTLES, DATA, WHATIFS
from gymnasium.utils.env_checker import check_env
from pettingzoo.test import api_test, seed_test

from mutanchiang_sim.env import ENV_ID, env, raw_env
from mutanchiang_sim.env.aec import load

FOGS = [pytest.param(True, id="fog"), pytest.param(False, id="nofog")]


def test_there_are_battles_to_test():
    assert BATTLES, "no bundled battle found"


@pytest.mark.parametrize("fog", FOGS)
@pytest.mark.parametrize("path", BATTLES, ids=lambda p: p.stem)
def test_pettingzoo_api_test(path, fog):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its advice on names and Dict spaces (as for its own chess)
        api_test(env(load(path), fog=fog, max_cycles=40), num_cycles=20)


@pytest.mark.parametrize("fog", FOGS)
@pytest.mark.parametrize("path", BATTLES, ids=lambda p: p.stem)
def test_pettingzoo_seed_test(path, fog):
    scenario = load(path)
    seed_test(lambda: env(scenario, fog=fog, max_cycles=30), num_cycles=10)


@pytest.mark.parametrize("order", [0, 1], ids=["first-side", "second-side"])
@pytest.mark.parametrize("fog", FOGS)
@pytest.mark.parametrize("path", BATTLES, ids=lambda p: p.stem)
def test_gymnasium_check_env(path, fog, order):
    """Each side against the doctrine (for the second, every reset lets it play its phase)."""
    scenario = load(path)
    side = scenario.sides_order[order]
    e = gymnasium.make(ENV_ID, scenario=scenario, side=side, opponent="doctrine", fog=fog, max_cycles=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_env(e.unwrapped, skip_render_check=True)


@pytest.mark.slow
@pytest.mark.parametrize("path", WHATIFS, ids=lambda p: p.stem)
def test_every_bundled_whatif_passes_the_checks_too(path):
    """The what-ifs are the battles with a few keys changed: the three checks, fog on (slow)."""
    scenario = load(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api_test(env(scenario, max_cycles=20), num_cycles=5)
        seed_test(lambda: env(scenario, max_cycles=20), num_cycles=5)
        check_env(gymnasium.make(ENV_ID, scenario=scenario, max_cycles=300).unwrapped, skip_render_check=True)


def test_agents_are_the_scenarios_sides(small_scenario):
    from mutanchiang_sim.scenario import load_scenario

    for scenario in (small_scenario, load_scenario(DATA / "redblue.yaml")):
        e = raw_env(scenario)
        assert e.possible_agents == list(scenario.side_ids)
        e.reset(seed=1)
        assert e.agent_selection == scenario.sides_order[0]
