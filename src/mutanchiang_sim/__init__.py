"""mutanchiang-sim: a hex-grid wargame simulation of the Battle of Mutanchiang (August 1945)."""

__version__ = "0.1.0"
ENGINE_VERSION = __version__
