"""Memory of a resume's read of a large runs.csv: a batch folder of N rows of the real width,
read as ``--resume`` reads it (``sim.batch.read_done``). Prints the rows, the file size, the
time and the driver's peak memory growth.

    python benchmarks/bench_resume.py [ROWS]      # default 500,000
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from mutanchiang_sim.scenario import default_scenario_path, load_scenario
from mutanchiang_sim.sim.batch import csv_columns, read_done


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    sc = load_scenario(default_scenario_path())
    columns = csv_columns(list(sc.side_ids))
    filler = ",".join(["1234"] * (len(columns) - 2))
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "runs.csv"
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(",".join(columns) + "\n")
            for i in range(rows):
                fh.write(f"{i},{filler},\n")
        size = p.stat().st_size
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        done = read_done(p, columns, repair=True)
        dt = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert len(done) == rows
    print(f"rows {rows:,}  file {size / 2**20:,.0f} MiB  read in {dt:.1f} s  "
          f"peak memory growth {max(0, after - before) / 1024:,.1f} MiB")


if __name__ == "__main__":
    main()
