"""What the learning environment's tests play on: the bundled battles (each scenario file of the
bundled folder that is a battle of its own, not a what-if of another), its what-ifs and the test
scenarios."""

from __future__ import annotations

import re
from pathlib import Path

from mutanchiang_sim.scenario.loader import bundled_scenarios_dir

BUNDLED = sorted(bundled_scenarios_dir().glob("*.yaml"))
BATTLES = [p for p in BUNDLED if not re.search(r"^base:", p.read_text(encoding="utf-8"), re.M)]
WHATIFS = [p for p in BUNDLED if p not in BATTLES]
DATA = Path(__file__).resolve().parents[1] / "data"
