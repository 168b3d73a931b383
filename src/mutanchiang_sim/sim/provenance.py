"""Where and how a batch was made, kept in its batch.json and summary.json."""

from __future__ import annotations

from typing import Any

from .. import ENGINE_VERSION
from ..core.scenario_def import Scenario
from ..fingerprint import engine_fingerprint


def provenance(scenario: Scenario, command: str | None = None) -> dict[str, Any]:
    """Where and how a batch was made: the command line (``command``, else this process's), the
    versions of the package, Python and numpy, the engine's fingerprint, the scenario's hash,
    the start time (UTC) and the host."""
    import platform
    import shlex
    import sys
    from datetime import UTC, datetime

    import numpy as np

    return {
        "command": command or shlex.join(sys.argv),
        "package_version": ENGINE_VERSION,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "engine_fingerprint": engine_fingerprint(),
        "scenario_sha256": scenario.source_sha256,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
    }


__all__ = ["provenance"]
