"""The battle as a Gymnasium environment for one side, a computer player taking the other.

Registered as ``mutanchiang_sim/Mutanchiang-v0`` when :mod:`mutanchiang_sim.env` is imported:

>>> import gymnasium, mutanchiang_sim.env  # doctest: +SKIP
>>> e = gymnasium.make("mutanchiang_sim/Mutanchiang-v0", side="soviet", opponent="doctrine")  # doctest: +SKIP

The spaces, the encoding and the rewards are those of the AEC environment (:mod:`.aec`) for
``side``; the opponent (a difficulty level or any policy by name, see
:func:`~mutanchiang_sim.sim.computer_players.choice_names`, or a ``Policy``) moves in between,
inside :meth:`MutanchiangEnv.step`, drawing from the game's own AI generator.
"""

from __future__ import annotations

from typing import Any, SupportsFloat

import gymnasium
import numpy as np

from ..api import Policy
from ..errors import BadFlag
from ..sim.computer_players import check_choice, computer_players
from .aec import ScenarioArg, raw_env

ENV_ID = "mutanchiang_sim/Mutanchiang-v0"

Obs = dict[str, np.ndarray]


class MutanchiangEnv(gymnasium.Env[Obs, np.int64]):
    """One side of the battle against a computer player (``opponent``: a level such as
    ``"hard"``, a policy name such as ``"doctrine"``, or a ``Policy`` of the other side)."""

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": 4}

    def __init__(self, scenario: ScenarioArg = None, side: str | None = None, opponent: str | Policy = "doctrine",
                 fog: bool = True, render_mode: str | None = None, max_cycles: int | None = None,
                 shaping: float = 0.0) -> None:
        self.aec = raw_env(scenario, render_mode, fog, max_cycles, shaping)
        sc = self.aec.scenario
        self.side = side if side is not None else sc.side_ids[0]
        if self.side not in sc.sides:
            raise BadFlag(f"side: {sc.name} has no side {self.side!r} (sides: {', '.join(sc.side_ids)})")
        self.other = sc.other_side(self.side)
        self.opponent = opponent
        self.fog = fog
        self.render_mode = render_mode
        self.action_space = self.aec.action_space(self.side)
        self.observation_space = self.aec.observation_space(self.side)
        self._player = self._make_opponent()

    def _make_opponent(self) -> Policy:
        if not isinstance(self.opponent, str):
            return self.opponent
        check_choice(self.other, self.opponent, self.aec.scenario, flag="opponent")
        return computer_players(self.aec.scenario, {self.other: self.opponent}, self.fog)[self.other]

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[Obs, dict[str, Any]]:
        super().reset(seed=seed)
        self.aec.reset(seed=seed, options=options)
        self._player = self._make_opponent()  # a fresh player: no plan carried over from another game
        self._reward = 0.0
        self._opponent_moves()
        obs = self.aec.observe(self.side)
        return obs, dict(self.aec.infos[self.side])

    def step(self, action: np.int64) -> tuple[Obs, SupportsFloat, bool, bool, dict[str, Any]]:
        """Take ``action``, then let the opponent move. An action the mask leaves out ends the
        episode there with reward -1 and ``info["illegal_action"]`` (as PettingZoo's
        TerminateIllegalWrapper does), the battle left where it was."""
        a = self.aec
        if a.terminations[self.side] or a.truncations[self.side]:
            raise RuntimeError("the episode is over: call reset()")
        if not a.codec.allows(a.game, int(action)):
            a.terminations = dict.fromkeys(a.agents, True)
            return a.observe(self.side), -1.0, True, False, {"illegal_action": int(action)}
        self._reward = 0.0
        self.aec.step(int(action))
        self._reward += self.aec.rewards[self.side]
        self._opponent_moves()
        return (a.observe(self.side), self._reward, a.terminations[self.side], a.truncations[self.side],
                dict(a.infos[self.side]))

    def _opponent_moves(self) -> None:
        """The opponent plays until it is this side's move again or the battle is over."""
        a = self.aec
        st = a.game.state
        rng = st.ai_rng
        assert rng is not None
        while a.agent_selection == self.other and not (a.terminations[self.other] or a.truncations[self.other]):
            a.step_action(self._player.choose(st, rng))
            self._reward += a.rewards[self.side]

    def action_masks(self) -> np.ndarray:
        """The action mask as a bool array (what maskable learners ask for)."""
        return self.aec.codec.mask(self.aec.game).astype(bool)

    def render(self) -> np.ndarray | None:
        return self.aec.render()

    def close(self) -> None:
        self.aec.close()


def register() -> None:
    """Register :data:`ENV_ID` with Gymnasium (again: no harm)."""
    if ENV_ID not in gymnasium.registry:
        gymnasium.register(id=ENV_ID, entry_point="mutanchiang_sim.env.single:MutanchiangEnv")


__all__ = ["ENV_ID", "MutanchiangEnv", "register"]
