"""95% intervals for a batch's figures, computed by scipy (nothing here is a hand-made formula).

* a rate (k of n battles): the Wilson score interval, ``scipy.stats.binomtest(k, n)
  .proportion_ci(method="wilson")`` (for 57 of 60: 0.863 to 0.983);
* percentiles (p10, p50, p90 of a metric): the percentile bootstrap, ``scipy.stats.bootstrap``,
  resampling the runs, with a fixed seed so that the same rows give the same interval. A value
  that may be *never* (+inf, a city that held) is resampled as it is: an interval that reaches
  "never" has no upper end (``null``);
* a paired difference (two sweep values or two batches that played the same seeds): the
  bootstrap of the mean (or median) difference over the pairs (``paired=True``).

The number of bootstrap resamples falls from 999 for small batches to at least 200 for huge
ones, so that a summary of 100,000 runs stays a matter of seconds (``resamples``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

LEVEL = 0.95
BOOTSTRAP_SEED = 20240812  # fixed: the same rows give the same intervals
MAX_RESAMPLES = 999
MIN_RESAMPLES = 200
WORK = 3e7  # values resampled in one summary's bootstrap (resamples x runs x metrics), at most


def rate_interval(k: int, n: int, level: float = LEVEL) -> tuple[float, float] | None:
    """The Wilson score interval of ``k`` successes in ``n`` trials; None without trials."""
    from scipy.stats import binomtest

    if n <= 0:
        return None
    ci = binomtest(int(k), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


def half_width(ci: tuple[float, float] | None) -> float:
    return math.inf if ci is None else (ci[1] - ci[0]) / 2


def resamples(n: int, metrics: int = 1) -> int:
    """Bootstrap resamples for ``metrics`` figures of ``n`` runs (see the module's description)."""
    if n <= 0:
        return MIN_RESAMPLES
    return int(max(MIN_RESAMPLES, min(MAX_RESAMPLES, WORK / (n * max(1, metrics)))))


def _quantile_stat(qs: Sequence[float]) -> Callable[..., np.ndarray]:
    q = np.asarray(qs, dtype=np.float64)

    def stat(a: np.ndarray, axis: int = -1) -> np.ndarray:
        # inverted_cdf: an observed value (so "never" stays +inf rather than nan); scipy wants
        # the statistic's own dimension (the quantiles) first
        return np.asarray(np.quantile(a, q, axis=axis, method="inverted_cdf"))

    return stat


def quantile_intervals(table: np.ndarray, qs: Sequence[float], level: float = LEVEL,
                       n_resamples: int | None = None) -> np.ndarray:
    """Percentile-bootstrap intervals of the quantiles ``qs`` of each row of ``table`` (metrics x
    runs, no nan): an array metrics x len(qs) x 2 (low, high)."""
    from scipy.stats import bootstrap

    table = np.atleast_2d(np.asarray(table, dtype=np.float64))
    m, n = table.shape
    out = np.full((m, len(qs), 2), np.nan)
    if n < 2:
        return out
    with np.errstate(invalid="ignore"):
        res = bootstrap((table,), _quantile_stat(qs), n_resamples=n_resamples or resamples(n, m),
                        confidence_level=level, method="percentile", axis=-1, vectorized=True,
                        rng=np.random.default_rng(BOOTSTRAP_SEED))
    out[..., 0] = np.asarray(res.confidence_interval.low).T  # (quantiles x metrics) -> metrics x quantiles
    out[..., 1] = np.asarray(res.confidence_interval.high).T
    return out


def paired_difference(a: np.ndarray, b: np.ndarray, statistic: str = "mean",
                      level: float = LEVEL) -> dict[str, Any]:
    """``statistic`` (mean or median) of ``a`` minus that of ``b`` over runs paired by seed,
    with its bootstrap interval (resampling the pairs): ``{"diff", "ci", "pairs"}``.

    For the mean, the difference of the means is the mean of the differences; for the median
    it is the difference of the two medians in each resample (a "never" stays +inf, and a
    difference of two nevers is left out)."""
    from scipy.stats import bootstrap

    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    if statistic == "mean":
        def stat(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
            return np.asarray(np.mean(x, axis=axis) - np.mean(y, axis=axis))
    else:
        def stat(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
            with np.errstate(invalid="ignore"):
                return np.asarray(np.quantile(x, 0.5, axis=axis, method="inverted_cdf")
                                  - np.quantile(y, 0.5, axis=axis, method="inverted_cdf"))
    if a.size < 2:
        return {"diff": None, "ci": None, "pairs": int(a.size)}
    diff = float(stat(a, b))
    with np.errstate(invalid="ignore"):
        res = bootstrap((a, b), stat, paired=True, vectorized=True, n_resamples=resamples(a.size),
                        confidence_level=level, method="percentile", rng=np.random.default_rng(BOOTSTRAP_SEED))
    ci = (float(res.confidence_interval.low), float(res.confidence_interval.high))
    return {"diff": diff, "ci": ci, "pairs": int(a.size)}
