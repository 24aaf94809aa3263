"""t and Wilson intervals against SciPy and statsmodels."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from scoring.intervals import (
    t_interval,
    to_percent_interval,
    to_score,
    to_score_interval,
    wilson_interval,
)
from scoring.results import Interval


@pytest.mark.parametrize(
    ("mean", "sd", "n"),
    [(3.2, 0.8, 2), (3.2, 0.8, 5), (4.1, 1.3, 12), (2.0, 0.05, 200), (1.5, 2.0, 3)],
)
def test_t_interval_matches_scipy(mean: float, sd: float, n: int) -> None:
    low, high = stats.t.interval(0.95, n - 1, loc=mean, scale=sd / math.sqrt(n))
    got = t_interval(mean, sd, n)
    assert got is not None
    assert got.low == pytest.approx(low, rel=1e-12)
    assert got.high == pytest.approx(high, rel=1e-12)


def test_t_interval_matches_scipy_on_raw_data() -> None:
    data = np.array([3, 4, 4, 5, 2, 3, 4, 4, 5, 3], dtype=float)
    reference = stats.t.interval(
        0.95, data.size - 1, loc=data.mean(), scale=stats.sem(data)
    )
    got = t_interval(float(data.mean()), float(data.std(ddof=1)), data.size)
    assert got is not None
    assert (got.low, got.high) == pytest.approx(reference, rel=1e-12)


@pytest.mark.parametrize("n", [0, 1])
def test_t_interval_needs_two_observations(n: int) -> None:
    assert t_interval(3.0, 0.0, n) is None


def test_t_interval_without_spread_is_a_point() -> None:
    assert t_interval(4.0, 0.0, 6) == Interval(4.0, 4.0)


@pytest.mark.parametrize(
    ("successes", "total"),
    [(0, 1), (1, 1), (0, 7), (7, 7), (3, 7), (12, 40), (250, 300), (1, 1000)],
)
def test_wilson_matches_statsmodels(successes: int, total: int) -> None:
    low, high = proportion_confint(successes, total, alpha=0.05, method="wilson")
    got = wilson_interval(successes, total)
    assert got is not None
    assert got.low == pytest.approx(low, rel=1e-10, abs=1e-12)
    assert got.high == pytest.approx(high, rel=1e-10, abs=1e-12)
    assert 0.0 <= got.low <= successes / total <= got.high <= 1.0


def test_wilson_without_answers_is_none() -> None:
    assert wilson_interval(0, 0) is None


def test_wilson_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_score_mapping_and_clipping() -> None:
    assert float(to_score(3.0, 1, 5)) == 50.0
    assert float(to_score(5.0, 1, 5)) == 100.0
    assert to_score_interval(Interval(4.5, 5.4), 1, 5) == Interval(87.5, 100.0)
    assert to_score_interval(None, 1, 5) is None
    assert to_percent_interval(Interval(0.25, 0.5)) == Interval(25.0, 50.0)
    assert to_percent_interval(None) is None
