"""Learning-environment steps per second against the engine's own action rate.

Run: ``python benchmarks/bench_env.py [SCENARIO] [--actions N] [--no-fog] [--seed S]``.

* env: random masked actions through the wrapped PettingZoo AEC environment, every step with
  its observation (planes and action mask, ``env.last()``), both sides;
* engine: the same kind of play straight on the Game API: every step lists the legal actions
  (``game.legal_actions()``) and takes one at random, no observation;
* for scale, the doctrine's battle through the Game API (``game.play()``), which never lists
  every legal action.

Each runs ``--actions`` actions (new battles as needed, seeds from ``--seed`` on) on one core.
The issue's aim: env steps/s at least half the engine's rate with the same work per step.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
SMALL = Path(__file__).resolve().parent.parent / "tests" / "data" / "small.yaml"


def env_rate(scenario, actions: int, fog: bool, seed: int) -> float:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.env import env

    e = env(scenario, fog=fog)
    rng = np.random.default_rng(seed)
    taken = 0
    t = time.perf_counter()
    while taken < actions:
        e.reset(seed=seed + taken)
        for _agent in e.agent_iter():
            obs, _, terminated, truncated, _ = e.last()
            if terminated or truncated:
                e.step(None)
                continue
            e.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
            taken += 1
            if taken >= actions:
                break
    return taken / (time.perf_counter() - t)


def engine_rate(scenario, actions: int, seed: int) -> float:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.api import Game

    rng = np.random.default_rng(seed)
    taken = 0
    t = time.perf_counter()
    while taken < actions:
        game = Game.new(scenario, seed + taken, record=False)
        while not game.over and taken < actions:
            legal = game.legal_actions()
            game.step(legal[int(rng.integers(len(legal)))])
            taken += 1
    return taken / (time.perf_counter() - t)


def doctrine_rate(scenario, actions: int, seed: int) -> float:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.api import Game

    taken = 0
    t = time.perf_counter()
    while taken < actions:
        game = Game.new(scenario, seed + taken, record=False)
        taken += game.play(max_actions=actions - taken)
    return taken / (time.perf_counter() - t)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="env steps/s vs the engine's own action rate")
    p.add_argument("scenario", nargs="?", default=None, help="scenario file (default: the bundled battle)")
    p.add_argument("--actions", type=int, default=2000)
    p.add_argument("--no-fog", action="store_true")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    warnings.simplefilter("ignore")
    from mutanchiang_sim.env.aec import load

    scenario = load(args.scenario)
    fog = not args.no_fog
    print(f"{scenario.name}: {args.actions} actions each, fog {'on' if fog else 'off'}")
    engine = engine_rate(scenario, args.actions, args.seed)
    stepped = env_rate(scenario, args.actions, fog, args.seed)
    doctrine = doctrine_rate(scenario, args.actions, args.seed)
    print(f"engine, random legal actions (lists them all each step): {engine:8.1f} actions/s")
    print(f"env, random masked actions with observations:            {stepped:8.1f} steps/s"
          f"  ({stepped / engine:.2f} of the engine's rate)")
    print(f"for scale, the doctrine's battle on the Game API:        {doctrine:8.1f} actions/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
