"""The battle as a PettingZoo AEC environment: the scenario's sides are the agents.

One step is one action of the side to move (a move, an attack, a bridge blown, an exit or the
end of its phase), an index of :mod:`.encoding`; each observation is
``{"observation": planes, "action_mask": mask}`` (:mod:`.observation`, and a mask that is 1
exactly for the indices whose action the rules allow now). Rewards are zero until the battle
ends, then the victory-point margin from each side's point of view over the scenario's
decisive margin, clipped to [-1, 1] (zero-sum). Optional shaping (``shaping=c``) adds, at every
step, ``c`` times the change of that scaled margin.

>>> from mutanchiang_sim.env import env  # doctest: +SKIP
>>> e = env(fog=True); e.reset(seed=3)  # doctest: +SKIP
>>> obs, reward, terminated, truncated, info = e.last()  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from ..api import Action, Game, Scenario, load_scenario
from ..scenario import default_scenario_path
from ..sim.game import MAX_ACTIONS_PER_TURN
from .encoding import ActionCodec
from .observation import ObservationEncoder

ScenarioArg = str | Path | Scenario | None


def load(scenario: ScenarioArg) -> Scenario:
    """A scenario from a file path (None: the bundled battle) or one already loaded. A file is
    read once while it stays the same (Gymnasium's checks make an environment many times)."""
    if isinstance(scenario, Scenario):
        return scenario
    path = Path(scenario) if scenario is not None else default_scenario_path()
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        return load_scenario(path)  # (it says what is wrong with the path)
    return _load_file(str(path.resolve()), stamp)


@functools.lru_cache(maxsize=8)
def _load_file(path: str, stamp: tuple[int, int]) -> Scenario:
    return load_scenario(path)


class raw_env(AECEnv):  # type: ignore[misc]  # (pettingzoo has no type hints)
    """The bare AEC environment (:func:`env` wraps it in PettingZoo's usual checks)."""

    metadata: dict[str, Any] = {"render_modes": ["human", "rgb_array"], "name": "mutanchiang_v0",
                                "is_parallelizable": False, "render_fps": 4}

    def __init__(self, scenario: ScenarioArg = None, render_mode: str | None = None, fog: bool = True,
                 max_cycles: int | None = None, shaping: float = 0.0) -> None:
        super().__init__()
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']}, got {render_mode!r}")
        self.scenario = load(scenario)
        self.fog = fog
        self.render_mode = render_mode
        self.shaping = float(shaping)
        self.max_cycles = max_cycles if max_cycles is not None else MAX_ACTIONS_PER_TURN * (self.scenario.turns + 1)
        self.codec = ActionCodec(self.scenario)
        self.planes = ObservationEncoder(self.scenario, fog)
        self.possible_agents: list[str] = list(self.scenario.side_ids)
        self.agents = list(self.possible_agents)
        self.action_spaces = {a: spaces.Discrete(self.codec.size) for a in self.possible_agents}
        self.observation_spaces = {
            a: spaces.Dict({
                "observation": spaces.Box(0.0, 1.0, self.planes.shape, dtype=np.float32),
                "action_mask": spaces.Box(0, 1, (self.codec.size,), dtype=np.int8),
            })
            for a in self.possible_agents
        }
        self._seeds = np.random.default_rng(np.random.SeedSequence())  # reset(seed=None): fresh games
        self._picture: Any = None
        self.game: Game = Game.new(self.scenario, 0, record=False)
        self.steps = 0
        self.rewards: dict[str, float] = {}
        self._cumulative_rewards: dict[str, float] = {}
        self.terminations: dict[str, bool] = {}
        self.truncations: dict[str, bool] = {}
        self.infos: dict[str, dict[str, Any]] = {}
        self.agent_selection = self.possible_agents[0]

    # --- spaces ---------------------------------------------------------------------------------
    def observation_space(self, agent: str) -> spaces.Space[Any]:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space[Any]:
        return self.action_spaces[agent]

    # --- the episode ------------------------------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        """A new battle. ``seed`` is the game's seed (as ``mutanchiang run --seed``); without
        one, the next seed of the stream the last seed given started (or a fresh one)."""
        if seed is not None:
            self._seeds = np.random.default_rng(seed)
            game_seed = int(seed)
        else:
            game_seed = int(self._seeds.integers(0, 2**31 - 1))
        self.game = Game.new(self.scenario, game_seed, record=bool((options or {}).get("record", False)))
        self.steps = 0
        self.agents = list(self.possible_agents)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos = {a: {} for a in self.agents}
        self._margin = self.scaled_margin()
        self.agent_selection = self._to_move()
        if self.render_mode == "human":
            self.render()

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        mask = self.codec.mask(self.game) if agent == self.game.side_to_move else np.zeros(self.codec.size, np.int8)
        return {"observation": self.planes.observe(self.game, agent), "action_mask": mask}

    def step(self, action: int | None) -> None:
        """Take action ``action`` (an index of the encoding) for the agent to move."""
        if self.terminations[self.agent_selection] or self.truncations[self.agent_selection]:
            self._was_dead_step(action)
            return
        assert action is not None
        chosen = self.codec.decode(self.game, int(action))
        if chosen is None:
            raise ValueError(f"action {action} stands for no action of {self.agent_selection} now")
        self.step_action(chosen)

    def step_action(self, action: Action) -> None:
        """Take an engine action for the agent to move: any the rules allow, also those the
        encoding cannot express (a computer player's own path or choice of guns). IllegalAction
        (and no change) for one they forbid."""
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            raise ValueError(f"{agent} is done: step(None) it, or reset")
        self.game.step(action)
        self.steps += 1
        self._cumulative_rewards[agent] = 0.0
        self.rewards = dict.fromkeys(self.agents, 0.0)
        if self.shaping:
            now = self.scaled_margin()
            self._share(self.shaping * (now - self._margin))
            self._margin = now
        if self.game.over:
            self._share(self.scaled_margin())
            self.terminations = dict.fromkeys(self.agents, True)
            outcome = self.game.outcome()
            for a in self.agents:
                self.infos[a] = {"winner": outcome.winner, "level": outcome.level, "margin": outcome.margin}
        elif self.steps >= self.max_cycles:
            self.truncations = dict.fromkeys(self.agents, True)
        self.agent_selection = self._to_move()
        self._accumulate_rewards()
        if self.render_mode == "human":
            self.render()

    def _share(self, first_side_reward: float) -> None:
        """A zero-sum reward: ``first_side_reward`` to the scenario's first side, its negative to the other."""
        first, second = self.scenario.side_ids
        self.rewards[first] += first_side_reward
        self.rewards[second] -= first_side_reward

    def _to_move(self) -> str:
        side = self.game.side_to_move
        return side if side is not None else self.agent_selection

    def scaled_margin(self) -> float:
        """The victory-point margin of the scenario's first side over its decisive margin, in [-1, 1]."""
        margin = self.game.outcome().margin
        return float(np.clip(margin / self.scenario.rules.victory.decisive_margin, -1.0, 1.0))

    # --- looking at it -------------------------------------------------------------------------
    def render(self) -> np.ndarray | None:
        """The board drawn by the game's own renderer: an H x W x 3 array (``rgb_array``), or
        the game's window (``human``)."""
        if self.render_mode is None:
            return None
        if self._picture is None:
            from ..ui.board_picture import BoardPicture  # pygame, only when drawing

            self._picture = BoardPicture(self.scenario, window=self.render_mode == "human")
        return self._picture.draw(self.game.state, self.metadata["render_fps"])  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._picture is not None:
            self._picture.close()
            self._picture = None


def env(scenario: ScenarioArg = None, render_mode: str | None = None, fog: bool = True,
        max_cycles: int | None = None, shaping: float = 0.0) -> AECEnv:
    """The battle as a wrapped AEC environment (PettingZoo's order, bounds and illegal-move
    checks around :class:`raw_env`): ``scenario`` a file (None: the bundled battle) or a loaded
    :class:`~mutanchiang_sim.api.Scenario`; ``fog`` hides enemy units out of sight; the battle is
    truncated after ``max_cycles`` actions (default: the engine's own bound on a stuck game);
    ``shaping`` the weight of the optional per-step reward (0: off)."""
    e: AECEnv = raw_env(scenario, render_mode, fog, max_cycles, shaping)
    e = wrappers.TerminateIllegalWrapper(e, illegal_reward=-1)
    e = wrappers.AssertOutOfBoundsWrapper(e)
    e = wrappers.OrderEnforcingWrapper(e)
    return e


__all__ = ["env", "load", "raw_env"]
