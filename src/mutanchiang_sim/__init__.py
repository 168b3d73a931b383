"""mutanchiang-sim: a hex-grid wargame simulation of the Battle of Mutanchiang (August 1945)."""

__version__ = "0.1.0"
ENGINE_VERSION = __version__


def __getattr__(name: str) -> object:
    """``mutanchiang_sim.load_batch`` (loaded on first use: it brings in pandas)."""
    if name == "load_batch":
        from .sim.frame import load_batch

        return load_batch
    raise AttributeError(f"module 'mutanchiang_sim' has no attribute {name!r}")
