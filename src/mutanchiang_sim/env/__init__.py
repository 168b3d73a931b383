"""The battle as a reinforcement-learning environment (the ``rl`` extra: pettingzoo, gymnasium).

* :func:`env` / :class:`raw_env`: the PettingZoo AEC environment, the scenario's sides as agents;
* :class:`MutanchiangEnv`: one side for Gymnasium, a computer player taking the other,
  registered as ``mutanchiang_sim/Mutanchiang-v0`` by importing this package;
* :class:`ActionCodec` and :class:`ObservationEncoder`: the action encoding and the observation
  planes (docs/env.md).
"""

from __future__ import annotations

try:
    import gymnasium as _gymnasium  # noqa: F401
    import pettingzoo as _pettingzoo  # noqa: F401
except ImportError as e:  # pragma: no cover - the extra is missing
    raise ImportError(f"mutanchiang_sim.env needs the rl extra: pip install 'mutanchiang-sim[rl]' ({e})") from e

from .aec import env, raw_env
from .encoding import ActionCodec, Layout
from .observation import ObservationEncoder
from .single import ENV_ID, MutanchiangEnv, register

register()

__all__ = ["ENV_ID", "ActionCodec", "Layout", "MutanchiangEnv", "ObservationEncoder", "env", "raw_env", "register"]
