"""The calibration run: the default scenario against history, its what-ifs, and the sensitivity.

    python tools/calibrate.py                # 500 base runs, 200 per what-if, sensitivity 60/value
    python tools/calibrate.py --quick        # a smaller pass (100 / 40 / 20) for a first look

Writes under ``docs/calibration/``: ``base/`` (runs.csv, summary.json, report.md and plots,
with the what-ifs compared), ``whatif_*/`` (summary.json and report.md each),
``sensitivity/`` (tornado.png, sensitivity.md) and ``calibration.json``, a digest of the lot
that ``docs/calibration.md`` quotes. Everything goes through the public command line.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
WHATIFS = ["whatif_no_rain", "whatif_bridges_intact", "whatif_no_withdrawal", "whatif_prewar_japan", "whatif_no_bypass"]


def rel(path: Path) -> str:
    """``path`` relative to the repository when inside it (reports then name no machine's paths)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def mutanchiang(*args: str) -> None:
    cmd = [sys.executable, "-m", "mutanchiang_sim", *args]
    print("$ mutanchiang " + " ".join(args), flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {proc.stderr.strip()}")


def batch(scenario: Path, runs: int, seed: int, out: Path, workers: int | None) -> dict[str, Any]:
    if out.exists():
        shutil.rmtree(out)
    extra = ["--workers", str(workers)] if workers else []
    mutanchiang("batch", rel(scenario), "--runs", str(runs), "--seed", str(seed), "--out", rel(out), *extra)
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text())
    return summary


def digest(summary: dict[str, Any]) -> dict[str, Any]:
    keys = ("soviet_casualties", "soviet_tanks_lost", "japan_casualties", "japan_killed", "japan_guns_lost",
            "japan_escaped_men", "japan_effectiveness_end")
    m = summary.get("metrics", {})
    return {
        "runs": summary.get("runs"),
        "soviet_win_rate": summary.get("soviet_win_rate"),
        "capture_rate": summary.get("capture_rate"),
        "city_captured_at": summary.get("city_captured_at"),
        "battles_per_s": summary.get("battles_per_s"),
        **{k: m.get(k) for k in keys},
        "history": [{k: h.get(k) for k in ("metric", "low", "high", "p10", "p50", "p90", "inside")} for h in summary.get("history", [])],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--whatif-runs", type=int, default=200)
    ap.add_argument("--sensitivity-runs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1945)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--skip-sensitivity", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "calibration")
    args = ap.parse_args()
    if args.quick:
        args.runs, args.whatif_runs, args.sensitivity_runs = 100, 40, 20
    args.out.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"seed": args.seed}
    base = args.out / "base"
    result["base"] = digest(batch(SCENARIOS / "mutanchiang_1945.yaml", args.runs, args.seed, base, args.workers))
    result["whatifs"] = {}
    for name in WHATIFS:
        d = args.out / name
        result["whatifs"][name] = digest(batch(SCENARIOS / f"{name}.yaml", args.whatif_runs, args.seed, d, args.workers))
        (d / "runs.parquet").unlink(missing_ok=True)
        mutanchiang("report", rel(d))
    compare = [x for name in WHATIFS for x in ("--compare", rel(args.out / name))]
    mutanchiang("report", rel(base), *compare)
    (base / "runs.parquet").unlink(missing_ok=True)
    if not args.skip_sensitivity:
        sens = args.out / "sensitivity"
        cmd = [sys.executable, rel(ROOT / "tools" / "sensitivity.py"), "--runs", str(args.sensitivity_runs),
               "--seed", str(args.seed), "--out", rel(sens)]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        print("$ " + " ".join(cmd[1:]), flush=True)
        subprocess.run(cmd, check=True, cwd=ROOT)
        shutil.rmtree(sens / "batches", ignore_errors=True)
        result["sensitivity"] = json.loads((sens / "sensitivity.json").read_text())
    (args.out / "calibration.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result["base"], indent=2))


if __name__ == "__main__":
    main()
