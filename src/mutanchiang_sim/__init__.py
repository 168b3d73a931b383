"""mutanchiang-sim: a hex-grid wargame simulation of the Battle of Mutanchiang (August 1945)."""

__version__ = "0.1.0"
ENGINE_VERSION = __version__


def __getattr__(name: str) -> object:
    """``mutanchiang_sim.load_batch`` and ``load_turns`` (loaded on first use: they bring in pandas)."""
    if name in ("load_batch", "load_turns"):
        from .sim import frame

        return getattr(frame, name)
    raise AttributeError(f"module 'mutanchiang_sim' has no attribute {name!r}")
