"""The intervals of a batch's figures, against known cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mutanchiang_sim.sim.intervals import (
    half_width,
    paired_difference,
    quantile_intervals,
    rate_interval,
    resamples,
)


def test_wilson_interval_of_57_of_60() -> None:
    # p = 0.95, n = 60: the Wilson score interval is 0.8630 .. 0.9829 (a symmetric bar would
    # reach past 1)
    lo, hi = rate_interval(57, 60)  # type: ignore[misc]
    assert lo == pytest.approx(0.8630, abs=1e-4) and hi == pytest.approx(0.9829, abs=1e-4)
    assert hi < 1.0 and 0.95 - lo > hi - 0.95  # asymmetric about the rate


def test_wilson_interval_at_the_edges() -> None:
    lo, hi = rate_interval(0, 20)  # type: ignore[misc]
    assert lo == 0.0 and hi == pytest.approx(0.1611, abs=1e-4)
    assert rate_interval(0, 0) is None and half_width(None) == math.inf
    assert half_width(rate_interval(500, 1000)) == pytest.approx(0.0309, abs=1e-4)


def test_bootstrap_interval_of_a_median_holds_it_and_repeats() -> None:
    values = np.random.default_rng(3).normal(100.0, 10.0, size=400)
    ci = quantile_intervals(values, (0.5,))
    lo, hi = ci[0, 0]
    assert lo < np.median(values) < hi and 98.0 < lo and hi < 102.0  # se of a median ~ 0.63
    assert (quantile_intervals(values, (0.5,)) == ci).all()  # a fixed bootstrap seed


def test_an_interval_reaching_never_has_no_upper_end() -> None:
    hours = np.array([24.0] * 50 + [math.inf] * 50)
    (p10, p90), = quantile_intervals(hours, (0.1, 0.9))
    assert p10[0] == p10[1] == 24.0 and p90[1] == math.inf


def test_paired_difference_sees_a_shift_that_luck_hides() -> None:
    rng = np.random.default_rng(5)
    luck = rng.normal(0.0, 50.0, size=200)  # the same seeds: the same luck in both
    d = paired_difference(luck + 1.0, luck)
    assert d["diff"] == pytest.approx(1.0) and d["ci"][0] == pytest.approx(1.0) and d["pairs"] == 200
    win_a = (rng.random(200) < 0.6).astype(float)
    same = paired_difference(win_a, win_a)
    assert same["diff"] == 0.0 and same["ci"] == (0.0, 0.0)


def test_resamples_fall_for_huge_batches() -> None:
    assert resamples(100) == 999 and resamples(10**6, 40) == 200
