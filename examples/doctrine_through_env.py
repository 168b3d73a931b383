"""Computer players played through the AEC environment: the same battle as ``mutanchiang run``.

    python examples/doctrine_through_env.py [SCENARIO] [--seed N] [--ai SIDE=NAME ...]

Each side's computer player (the doctrine unless ``--ai`` names another, as for
``mutanchiang run``) picks its action from the live game; the action goes in as its index of the
encoding when the encoding expresses it exactly, else (a path of its own, a choice of guns)
through ``step_action``. The battle, and so its run record, is the one ``mutanchiang run``
plays with the same seed and players.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from mutanchiang_sim.env import raw_env
from mutanchiang_sim.sim.computer_players import computer_players


def play(scenario: str | None = None, seed: int = 1, choices: dict[str, str] | None = None) -> tuple[dict[str, Any], dict[str, int]]:
    """The run record of the battle, and how many actions went in as indices and as actions."""
    env = raw_env(scenario, fog=False)
    env.reset(seed=seed)
    players = computer_players(env.scenario, choices or {})
    counts = {"index": 0, "action": 0}
    for agent in env.agent_iter():
        _, _, terminated, truncated, _ = env.last(observe=False)
        if terminated or truncated:
            env.step(None)
            continue
        game = env.game
        action = players[agent].choose(game.state, game.state.ai_rng)
        index = env.codec.encode(game, action)
        if index is not None and env.codec.decode(game, index) == action:
            env.step(index)
            counts["index"] += 1
        else:
            env.step_action(action)
            counts["action"] += 1
    return env.game.record(), counts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?", default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--ai", action="append", default=[], metavar="SIDE=NAME")
    args = p.parse_args()
    choices = dict(item.split("=", 1) for item in args.ai)
    record, counts = play(args.scenario, args.seed, choices)
    print(json.dumps(record, indent=2))
    print(f"{counts['index']} actions taken as indices of the encoding, {counts['action']} as engine actions")


if __name__ == "__main__":
    main()
