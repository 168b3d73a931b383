"""Scenario load time: parse + validate + build (target < 100 ms for the bundled scenario).

Run: ``python benchmarks/bench_load.py [SCENARIO]`` — prints median and best of several loads,
split into YAML parsing, schema validation and building the engine's map.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from mutanchiang_sim.scenario import default_scenario_path, load_scenario
from mutanchiang_sim.scenario.loader import load_data
from mutanchiang_sim.scenario.yaml_text import read_yaml


def timed(fn, repeat: int = 15) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000.0)
    return out


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else default_scenario_path()
    size = path.stat().st_size
    parse = timed(lambda: read_yaml(path))
    data = timed(lambda: load_data(path))
    full = timed(lambda: load_scenario(path))
    sc = load_scenario(path)
    print(f"scenario: {path} ({size / 1024:.0f} KiB, {sc.map.width}x{sc.map.height} hexes, {len(sc.units)} units)")
    print(f"round-trip parse (editor) median {statistics.median(parse):7.1f} ms   best {min(parse):7.1f} ms")
    print(f"fast parse + merge         median {statistics.median(data):7.1f} ms   best {min(data):7.1f} ms")
    print(f"full load                  median {statistics.median(full):7.1f} ms   best {min(full):7.1f} ms  (target < 100 ms)")


if __name__ == "__main__":
    main()
