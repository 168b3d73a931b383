"""Global sensitivity studies (``mutanchiang sensitivity``): which inputs move the results most.

A study varies factors (any ``--set`` key: rule values, the AI's ``ai.<side>.<key>`` knobs,
event triggers such as ``events.withdrawal-order.when.2.lost_share``, unit figures such as
``units.jp-124d.men``) between a low and a high value. SALib draws the design: Morris
trajectories (``morris``: elementary effects, ``mu_star`` ranks the factors, ``sigma`` says
how much they interact or bend) or Saltelli/Sobol' samples (``sobol``: first-order and total
variance shares). Each design point is a scenario with those values, played with the same
``reps`` seeds as every other point (common random numbers), and each output is averaged over
the reps before SALib analyses it.

The study is a batch: its design points are the values of one sweep key, ``design``, so it is
written to ``runs.csv`` as it goes, resumes after a stop and runs on any executor
(:func:`~mutanchiang_sim.sim.batch.run_batch`). Beside it, ``design.csv`` holds each point's
values and ``sensitivity.json`` the study and its indices.

The outputs are the scenario's timed figures (:mod:`.timed`: the capture of its city and the
time figures of its history, such as Khalkhin Gol's ``japan_cut_off``), each as a time and a
rate, each side's win rate and casualties. A time is summarised with "never" counted as the
battle's end (``city_captured_hours`` censored at ``turns x turn_hours``), so that every point
has a number.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import atomic_write_text
from ..core.scenario_def import Scenario
from ..errors import BadFlag
from ..files import read_text_bounded
from .batch import MAX_META_BYTES, BatchMismatch, BatchSpec, Point, ScenarioRef
from .run import SideInfo
from .stats import read_columns, read_meta
from .timed import happened, timed_figures

DESIGN_KEY = "design"
DESIGN_CSV = "design.csv"
SENSITIVITY_JSON = "sensitivity.json"
METHODS = ("morris", "sobol")
MORRIS_LEVELS = 4
CAPTURE = "city_captured_hours"  # (the default output of a scenario with no time figure in its history)


def default_output(meta: dict[str, Any]) -> str:
    """The output a study shows unless told: its scenario's first timed figure's time."""
    first = next(iter(timed_figures(meta)), None)
    return first.hours if first else CAPTURE


@dataclass(frozen=True)
class Factor:
    """One input of a study: a ``--set`` key and the range it is varied over."""

    key: str
    low: float
    high: float
    integer: bool = False  # whole numbers (men, guns, turns): design values are rounded

    def value(self, x: float) -> Any:
        return int(round(x)) if self.integer else float(x)


@dataclass(frozen=True)
class Study:
    """What defines a study's rows (and must match to resume it)."""

    factors: tuple[Factor, ...]
    method: str = "morris"
    samples: int = 10  # Morris trajectories, or Sobol's base sample N
    reps: int = 2  # seeds each design point plays
    seed: int = 0

    def problem(self) -> dict[str, Any]:
        return {"num_vars": len(self.factors), "names": [f.key for f in self.factors],
                "bounds": [[f.low, f.high] for f in self.factors]}

    def to_dict(self) -> dict[str, Any]:
        return {"factors": [asdict(f) for f in self.factors], "method": self.method, "samples": self.samples,
                "reps": self.reps, "seed": self.seed}


def design(study: Study) -> np.ndarray:
    """The design points (rows) x factors (columns), drawn by SALib from the study's seed."""
    if study.method == "morris":
        from SALib.sample import morris

        return np.asarray(morris.sample(study.problem(), study.samples, num_levels=MORRIS_LEVELS, seed=study.seed))
    from SALib.sample import sobol

    return np.asarray(sobol.sample(study.problem(), study.samples, calc_second_order=False, seed=study.seed))


def point_values(study: Study, row: Sequence[float]) -> dict[str, Any]:
    return {f.key: f.value(x) for f, x in zip(study.factors, row, strict=True)}


def set_up_study(scenario: str | None, study: Study, overrides: dict[str, Any] | None = None,
                 policies: dict[str, str] | None = None) -> tuple[BatchSpec, dict[Point, ScenarioRef], Scenario, np.ndarray]:
    """The study as a batch: its spec (``design`` swept over the points), each point's scenario
    (loaded and checked here: a bad key or value is one line naming it; kept pickled, about a
    quarter of a MB a point for the bundled battle), the base scenario and the design. BadFlag
    for a factor also given with --set."""
    from pathlib import Path as _Path

    from ..scenario import default_scenario_path, load_scenario
    from .computer_players import computer_players

    overrides = dict(overrides or {})
    clash = sorted(set(overrides) & {f.key for f in study.factors})
    if clash:
        raise BadFlag(f"--param: {clash[0]!r} is also given with --set; use one of them")
    base = load_scenario(scenario, overrides)
    computer_players(base, dict(policies or {}))
    x = design(study)
    path = str(_Path(scenario).resolve()) if scenario else str(default_scenario_path())
    spec = BatchSpec(path, study.reps, study.seed, overrides, ((DESIGN_KEY, tuple(range(len(x)))),), dict(policies or {}))
    refs: dict[Point, ScenarioRef] = {}
    for i, row in enumerate(x):
        point: Point = ((DESIGN_KEY, i),)
        refs[point] = ScenarioRef.of(load_scenario(scenario, {**overrides, **point_values(study, row)}), point)
    return spec, refs, base, x


def prepare_study_dir(out: Path, study: Study, x: np.ndarray, resume: bool) -> None:
    """Write ``sensitivity.json`` (the study) and ``design.csv``; on resume, refuse a folder that
    holds another study."""
    path = Path(out) / SENSITIVITY_JSON
    if resume and path.exists():
        try:
            old = json.loads(read_text_bounded(path, MAX_META_BYTES))
        except (ValueError, RecursionError) as e:  # (FileProblem and JSONDecodeError are ValueErrors)
            raise BatchMismatch(f"cannot resume: {path} is unreadable ({str(e)[:80]})") from None
        if not isinstance(old, dict) or old.get("study") != json.loads(json.dumps(study.to_dict())):
            raise BatchMismatch(f"cannot resume: {path} describes another study (factors, method, samples, reps or seed)")
    Path(out).mkdir(parents=True, exist_ok=True)
    rows = [[DESIGN_KEY, *(f.key for f in study.factors)]]
    rows += [[str(i), *(repr(v) for v in point_values(study, r).values())] for i, r in enumerate(x)]
    atomic_write_text(Path(out) / DESIGN_CSV, "".join(",".join(_quote(c) for c in r) + "\n" for r in rows))
    atomic_write_text(path, json.dumps({"study": study.to_dict(), "results": None}, indent=2) + "\n")


def _quote(cell: str) -> str:
    return f'"{cell}"' if "," in cell or '"' in cell else cell


def outputs(out: Path, n_points: int) -> dict[str, np.ndarray]:
    """Each output's mean over the reps at every design point (nan where none finished)."""
    meta = read_meta(out)
    cols = read_columns(out, [DESIGN_KEY], float(meta.get("turn_hours", 6)), sorted(meta.get("set", {})))
    end = float(meta.get("turns", 0)) * float(meta.get("turn_hours", 6))
    sides = SideInfo.from_meta(meta, cols.header)
    timed = [t for t in timed_figures(meta) if t.hours in cols.numeric]
    series = [(t.hours, cols.values(t.hours).copy()) for t in timed]
    series += [(t.prefix, happened(cols, t)) for t in timed]
    series += [(c, cols.values(c)) for c in (*(f"{s.id}_win" for s in sides), *(f"{s.id}_casualties" for s in sides))
               if c in cols.numeric]
    point = np.array([int(g[0]) for g in cols.groups], dtype=np.int64)
    result: dict[str, np.ndarray] = {}
    for name, v in series:
        if name.endswith("_hours"):
            v[np.isinf(v)] = end  # never (a city that held): at the battle's end
        sums = np.bincount(point, weights=np.nan_to_num(v), minlength=n_points)
        counts = np.bincount(point, weights=~np.isnan(v), minlength=n_points)
        with np.errstate(invalid="ignore", divide="ignore"):
            result[name] = sums / counts
    return result


def analyse(study: Study, x: np.ndarray, y: dict[str, np.ndarray]) -> dict[str, list[dict[str, Any]]]:
    """SALib's indices for each output: one row a factor, ranked (most influential first)."""
    problem = study.problem()
    out: dict[str, list[dict[str, Any]]] = {}
    for name, values in y.items():
        if np.isnan(values).any() or np.ptp(values) == 0:
            continue  # (a point with no finished run, or an output nothing moves)
        if study.method == "morris":
            from SALib.analyze import morris

            r = morris.analyze(problem, x, values, num_levels=MORRIS_LEVELS, seed=study.seed)
            rows = [{"factor": k, "mu_star": _f(r["mu_star"][i]), "mu_star_conf": _f(r["mu_star_conf"][i]),
                     "mu": _f(r["mu"][i]), "sigma": _f(r["sigma"][i])} for i, k in enumerate(problem["names"])]
            rows.sort(key=lambda d: -(d["mu_star"] or 0))
        else:
            from SALib.analyze import sobol

            r = sobol.analyze(problem, values, calc_second_order=False, seed=study.seed)
            rows = [{"factor": k, "S1": _f(r["S1"][i]), "S1_conf": _f(r["S1_conf"][i]), "ST": _f(r["ST"][i]),
                     "ST_conf": _f(r["ST_conf"][i])} for i, k in enumerate(problem["names"])]
            rows.sort(key=lambda d: -(d["ST"] or 0))
        out[name] = rows
    return out


def _f(v: Any) -> float | None:
    x = float(v)
    return round(x, 5) if math.isfinite(x) else None


def write_results(out: Path, study: Study, results: dict[str, list[dict[str, Any]]], points: int) -> Path:
    path = Path(out) / SENSITIVITY_JSON
    doc = {"study": study.to_dict(), "design_points": points, "battles": points * study.reps,
           "capture_censored_at_end": True, "results": results}
    atomic_write_text(path, json.dumps(doc, indent=2) + "\n")
    return path
