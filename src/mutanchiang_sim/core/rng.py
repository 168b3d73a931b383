"""The game's only source of randomness: one numpy Generator per game, from a SeedSequence."""

from __future__ import annotations

from typing import Any

import numpy as np


def make_rng(seed: int | np.random.SeedSequence) -> np.random.Generator:
    """A PCG64 generator for one game. Same seed, same stream, on any machine."""
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))
    return np.random.Generator(np.random.PCG64(ss))


AI_STREAM = 0xA1


def ai_rng_for(seed: int | np.random.SeedSequence) -> np.random.Generator:
    """The computer players' generator for a game: a separate stream from the same seed.

    Kept apart from the engine's stream so that a replay, which re-applies recorded actions
    without asking any policy, draws exactly the engine's numbers again."""
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))
    return make_rng(np.random.SeedSequence(ss.entropy, spawn_key=(*ss.spawn_key, AI_STREAM)))


def run_seed(batch_seed: int, run_index: int) -> int:
    """The seed of run ``run_index`` of a batch seeded with ``batch_seed``.

    Derived with SeedSequence so that runs are independent streams, and returned as a plain
    integer so that any run can be replayed alone with ``mutanchiang run --seed``.
    """
    ss = np.random.SeedSequence(int(batch_seed), spawn_key=(int(run_index),))
    return int(ss.generate_state(1, dtype=np.uint64)[0]) >> 1


def rng_state(rng: np.random.Generator) -> dict[str, Any]:
    return dict(rng.bit_generator.state)


def rng_from_state(state: dict[str, Any]) -> np.random.Generator:
    bg = np.random.PCG64()
    bg.state = state  # type: ignore[assignment]
    return np.random.Generator(bg)
