"""Sensitivity of the default scenario to its most influential coefficients (a tornado plot).

For each coefficient, runs a batch with the value at -20%, as is, and +20% (``--sweep``) and
records the median city-capture time and the median casualties of both sides; the plot ranks
coefficients by the swing they cause in the capture time.

    python tools/sensitivity.py --runs 60 --out docs/calibration/sensitivity

Writes ``sensitivity.json``, ``sensitivity.md`` and ``tornado.png`` in the output folder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from mutanchiang_sim.scenario import load_scenario

# The ten coefficients we expect to matter most (rules.* paths), as candidates for the study.
COEFFICIENTS = [
    "rules.nations.japan.quality",
    "rules.combat.advance_scale",
    "rules.weapons.gun",
    "rules.combat.attacker_daily_rate",
    "rules.combat.defender_daily_rate",
    "rules.combat.retreat_ratio",
    "rules.combat.river_assault_factor",
    "rules.combat.fortification_per_level",
    "rules.nations.soviet.tank_loss_ratio",
    "rules.movement.wet_ground",
]
METRICS = ("city_captured_hours_p50", "soviet_casualties_p50", "japan_casualties_p50", "soviet_tanks_lost_p50")


def default_value(path: str, scenario: str | None = None) -> float:
    """The value a scenario's rules give ``path`` (the shared rules file with the scenario's own
    over it; the bundled battle by default)."""
    node: Any = load_scenario(scenario).rules.model_dump()
    for part in path.split(".")[1:]:
        node = node[part]
    return float(node)


def run(key: str, runs: int, seed: int, out: Path, scenario: str | None, workers: int | None) -> list[dict[str, Any]]:
    base = default_value(key, scenario)
    values = [round(base * 0.8, 6), base, round(base * 1.2, 6)]
    d = out / key.replace("rules.", "").replace(".", "_")
    cmd = [sys.executable, "-m", "mutanchiang_sim", "batch", *([scenario] if scenario else []), "--runs", str(runs),
           "--seed", str(seed), "--sweep", f"{key}={','.join(str(v) for v in values)}", "--out", str(d), "--json"]
    if (d / "summary.json").exists():
        cmd.append("--resume")
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{key}: batch failed: {proc.stderr.strip()}")
    summary = json.loads((d / "summary.json").read_text())
    rows: list[dict[str, Any]] = summary["by_sweep"]
    return rows


def tornado(results: dict[str, list[dict[str, Any]]], out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 6), sharey=True)
    order = sorted(results, key=lambda k: _swing(results[k], "city_captured_hours_p50"))
    for ax, metric, title, scale in (
        (axes[0], "city_captured_hours_p50", "City falls: change in median (hours)", 1.0),
        (axes[1], "soviet_casualties_p50", "Soviet casualties: change in median (men)", 1.0),
    ):
        for y, key in enumerate(order):
            lo, mid, hi = (_val(r, metric) for r in results[key])
            ax.barh(y, (lo - mid) * scale, color="#4477aa", height=0.6, label="-20%" if y == 0 else None)
            ax.barh(y, (hi - mid) * scale, color="#cc6677", height=0.6, label="+20%" if y == 0 else None)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_title(title)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(range(len(order)))
    axes[0].set_yticklabels([k.replace("rules.", "") for k in order])
    axes[1].legend(loc="lower right")
    fig.suptitle("Sensitivity of the default scenario: each coefficient at -20% and +20%")
    fig.tight_layout()
    path = out / "tornado.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _val(row: dict[str, Any], metric: str) -> float:
    v = row.get(metric)
    if v is None:  # the city never fell at this setting: count it as the end of the battle
        return 20 * 6.0 if metric == "city_captured_hours_p50" else float("nan")
    return float(v)


def _swing(rows: list[dict[str, Any]], metric: str) -> float:
    vals = [_val(r, metric) for r in rows]
    return abs(vals[2] - vals[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", nargs="?", default=None)
    ap.add_argument("--runs", type=int, default=60, help="runs per value (default 60)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--out", type=Path, default=Path("docs/calibration/sensitivity"))
    ap.add_argument("--only", action="append", help="study only these coefficients")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    keys = args.only or COEFFICIENTS
    results = {}
    for key in keys:
        print(f"{key} ...", flush=True)
        results[key] = run(key, args.runs, args.seed, args.out / "batches", args.scenario, args.workers)
    (args.out / "sensitivity.json").write_text(json.dumps(results, indent=2))
    png = tornado(results, args.out)
    lines = [
        "# Sensitivity: each coefficient at -20% / as is / +20%",
        "",
        f"{args.runs} runs per value, seed {args.seed}. Medians; capture time in hours from 12 Aug 06:00.",
        "",
        f"![tornado]({png.name})",
        "",
        "| coefficient | value | city falls (h) | Soviet casualties | Japanese casualties | Soviet tanks lost |",
        "|---|---|---|---|---|---|",
    ]
    for key in sorted(results, key=lambda k: -_swing(results[k], "city_captured_hours_p50")):
        for row in results[key]:
            v = row["params"][key]
            cells = [f"{_val(row, m):,.0f}" for m in METRICS]
            lines.append(f"| `{key.replace('rules.', '')}` | {v} | " + " | ".join(cells) + " |")
    (args.out / "sensitivity.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out / 'sensitivity.md'} and {png}")


if __name__ == "__main__":
    main()
