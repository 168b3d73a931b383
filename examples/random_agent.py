"""A random agent that only picks actions the mask allows, for both sides of the battle.

    python examples/random_agent.py [SCENARIO] [--seed N] [--max-cycles N] [--fog/--no-fog]
    python examples/random_agent.py --gym --side japan --opponent hard   # one side, Gymnasium

The first plays both sides through the PettingZoo AEC environment; ``--gym`` plays one side
through the Gymnasium environment against a computer player. The agent's own choices come from
its own seeded generator, so the same seeds play the same battle.
"""

from __future__ import annotations

import argparse
import time

import gymnasium
import numpy as np

import mutanchiang_sim.env as menv


def play_aec(scenario: str | None, seed: int, max_cycles: int | None, fog: bool) -> dict[str, float]:
    """Both sides random (masked): the total reward of each side."""
    env = menv.env(scenario, fog=fog, max_cycles=max_cycles)
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    totals = dict.fromkeys(env.possible_agents, 0.0)
    for agent in env.agent_iter():
        obs, reward, terminated, truncated, _ = env.last()
        totals[agent] += float(reward)
        if terminated or truncated:
            env.step(None)
            continue
        env.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
    env.close()
    return totals


def play_gym(scenario: str | None, seed: int, side: str | None, opponent: str, fog: bool) -> tuple[float, dict[str, object]]:
    """One side random (masked) against ``opponent``: its return and the last info."""
    env = gymnasium.make(menv.ENV_ID, scenario=scenario, side=side, opponent=opponent, fog=fog)
    obs, info = env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    total, done = 0.0, False
    while not done:
        obs, reward, terminated, truncated, info = env.step(rng.choice(np.flatnonzero(obs["action_mask"])))
        total += float(reward)
        done = terminated or truncated
    env.close()
    return total, info


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?", default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-cycles", type=int, default=None)
    p.add_argument("--fog", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--gym", action="store_true", help="one side through Gymnasium against a computer player")
    p.add_argument("--side", default=None)
    p.add_argument("--opponent", default="doctrine")
    args = p.parse_args()
    t = time.perf_counter()
    if args.gym:
        total, info = play_gym(args.scenario, args.seed, args.side, args.opponent, args.fog)
        print(f"return {total:+.3f}", info)
    else:
        print(play_aec(args.scenario, args.seed, args.max_cycles, args.fog))
    print(f"{time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
