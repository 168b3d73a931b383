"""The calibration run: every bundled battle against its history, their what-ifs, the sensitivity.

    python tools/calibrate.py                # both battles: 500 Mutanchiang and 300 Khalkhin Gol
                                             # runs, 200 per what-if, sensitivity 60/value
    python tools/calibrate.py --quick        # a smaller pass (100 / 40 / 20) for a first look
    python tools/calibrate.py --battle khalkhin_gol --skip-sensitivity
    python tools/calibrate.py --tables       # print the per-battle tables of the last run

One set of global rules (``scenarios/rules/ww2_operational.yaml``) serves both battles, so a
global knob is judged against both tables together (docs/calibration.md). Writes under
``docs/calibration/``: per battle a folder (``base/`` for Mutanchiang, ``khalkhin_gol/``) with
runs.csv, summary.json, report.md and plots, with its what-ifs compared; ``whatif_*/``;
``sensitivity/`` (Mutanchiang); and ``calibration.json``, a digest of the lot that
``docs/calibration.md`` quotes. Everything goes through the public command line.
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
# Each battle: its scenario, its what-ifs, where its base batch goes, its runs and seed.
BATTLES: dict[str, dict[str, Any]] = {
    "mutanchiang": {"scenario": "mutanchiang_1945", "whatifs": WHATIFS, "folder": "base", "runs": 500, "seed": 1945},
    "khalkhin_gol": {"scenario": "khalkhin_gol_1939", "whatifs": ["whatif_kg_no_armour"], "folder": "khalkhin_gol",
                     "runs": 300, "seed": 1939},
}


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
    """What the tables quote of a batch: each side's win rate, each historical figure's range and
    the batch's p10/p50/p90 of it (the figures come from the scenario's ``history`` section)."""
    sides = [s["id"] for s in summary.get("sides", [])]
    m = summary.get("metrics", {})
    figures = {h.get("column") or h.get("metric") for h in summary.get("history", [])}
    return {
        "scenario": summary.get("scenario"),
        "runs": summary.get("runs"),
        **{f"{side}_win_rate": summary.get(f"{side}_win_rate") for side in sides},
        "capture_rate": summary.get("capture_rate"),
        "city_captured_at": summary.get("city_captured_at"),
        "battles_per_s": summary.get("battles_per_s"),
        **{k: m.get(k) for k in sorted(figures) if k in m},
        "history": [{k: h.get(k) for k in ("metric", "label", "low", "high", "low_at", "high_at", "p10", "p50", "p90", "p50_at", "inside")}
                    for h in summary.get("history", [])],
    }


def _fmt(h: dict[str, Any], key: str) -> str:
    if h.get(f"{key}_at"):
        return str(h[f"{key}_at"]).replace("T", " ")
    v = h.get(key)
    if v is None:
        return "never" if key.startswith("p") else "-"
    if isinstance(v, str):  # a time
        return v.replace("T", " ")
    return f"{v:,.0f}" if abs(float(v)) >= 100 or float(v).is_integer() else f"{v:.2f}"


def table(name: str, d: dict[str, Any]) -> str:
    """One battle's Markdown table: its win rates, then each figure of its history section."""
    lines = [f"### {d.get('scenario') or name} ({d.get('runs')} battles)", "",
             "| figure | target | **p50** (p10 / p90) | |", "|---|---|---:|:---:|"]
    for k, v in d.items():
        if k.endswith("_win_rate") and v is not None:
            lines.append(f"| {k[: -len('_win_rate')].capitalize()} win rate | | **{v:.1%}** | |")
    for h in d.get("history", []):
        low = h.get("low_at") or h.get("low")
        high = h.get("high_at") or h.get("high")
        target = f"{_fmt({'x': low}, 'x')} – {_fmt({'x': high}, 'x')}"
        inside = "✓" if h.get("inside") else "✗"
        unit = " h" if h.get("low_at") else ""  # (a time: p10/p90 in hours from the start)
        p10, p90 = (_fmt(h, k) + (unit if h.get(k) is not None else "") for k in ("p10", "p90"))
        lines.append(f"| {h.get('label') or h['metric']} | {target} | **{_fmt(h, 'p50')}** ({p10} / {p90}) | {inside} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--whatif-runs", type=int, default=200)
    ap.add_argument("--sensitivity-runs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1945)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--skip-sensitivity", action="store_true")
    ap.add_argument("--battle", choices=sorted(BATTLES), action="append", help="only this battle (repeatable; default: all)")
    ap.add_argument("--tables", action="store_true", help="print the tables of the last run's calibration.json and stop")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "calibration")
    args = ap.parse_args()
    digest_path = args.out / "calibration.json"
    if args.tables:
        saved = json.loads(digest_path.read_text())
        for name, d in saved.get("battles", {}).items():
            print(table(name, d))
        return
    if args.quick:
        args.runs, args.whatif_runs, args.sensitivity_runs = 100, 40, 20
    args.out.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = json.loads(digest_path.read_text()) if digest_path.is_file() else {}
    result.setdefault("battles", {})
    result.setdefault("whatifs", {})
    for name in args.battle or sorted(BATTLES):
        spec = BATTLES[name]
        runs = spec["runs"] if args.runs == 500 else args.runs  # (--runs/--quick scale every battle)
        seed = spec["seed"] if args.seed == 1945 else args.seed
        base = args.out / spec["folder"]
        result["battles"][name] = digest(batch(SCENARIOS / f"{spec['scenario']}.yaml", runs, seed, base, args.workers))
        for w in spec["whatifs"]:
            d = args.out / w
            result["whatifs"][w] = digest(batch(SCENARIOS / f"{w}.yaml", args.whatif_runs, seed, d, args.workers))
            (d / "runs.parquet").unlink(missing_ok=True)
            mutanchiang("report", rel(d))
        compare = [x for w in spec["whatifs"] for x in ("--compare", rel(args.out / w))]
        mutanchiang("report", rel(base), *compare)
        (base / "runs.parquet").unlink(missing_ok=True)
        print(table(name, result["battles"][name]))
    result["base"] = result["battles"].get("mutanchiang", result.get("base"))  # (what older pages quote)
    if not args.skip_sensitivity and (not args.battle or "mutanchiang" in args.battle):
        sens = args.out / "sensitivity"
        cmd = [sys.executable, rel(ROOT / "tools" / "sensitivity.py"), "--runs", str(args.sensitivity_runs),
               "--seed", str(args.seed), "--out", rel(sens)]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        print("$ " + " ".join(cmd[1:]), flush=True)
        subprocess.run(cmd, check=True, cwd=ROOT)
        shutil.rmtree(sens / "batches", ignore_errors=True)
        result["sensitivity"] = json.loads((sens / "sensitivity.json").read_text())
    digest_path.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
