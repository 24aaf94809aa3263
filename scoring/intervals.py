"""95% confidence intervals: t for means, Wilson for proportions.

Each interval exists twice: an array form that the group scorer applies to
hundreds of groups at once, and a scalar form returning ``Interval | None``.
The array forms return NaN where an interval is undefined (too few
observations); the scalar forms turn that into ``None``. Both are computed
without floating-point warnings.
"""
from __future__ import annotations

import math

import numpy as np
# scipy.special, not scipy.stats: ``stats.norm.ppf`` and ``stats.t.ppf`` are these very ufuncs
# (``ndtri``, ``stdtrit``), and scipy.stats takes some 0.3 s more to import in every process that scores.
from scipy import special

from scoring.results import Interval

CONFIDENCE = 0.95
Z95: float = float(special.ndtri(1 - (1 - CONFIDENCE) / 2))


def t_bounds(
    mean: np.ndarray, sd: np.ndarray, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized t interval ``mean +- t(.975, n-1) * sd / sqrt(n)``; NaN where n < 2."""
    mean, sd, n = np.broadcast_arrays(
        np.asarray(mean, dtype=float), np.asarray(sd, dtype=float), np.asarray(n, dtype=float)
    )
    low = np.full(mean.shape, np.nan)
    high = np.full(mean.shape, np.nan)
    ok = (n >= 2) & np.isfinite(mean) & np.isfinite(sd) & (sd >= 0)
    if ok.any():
        half = special.stdtrit(n[ok] - 1, 1 - (1 - CONFIDENCE) / 2) * sd[ok] / np.sqrt(n[ok])
        low[ok] = mean[ok] - half
        high[ok] = mean[ok] + half
    return low, high


def per_person(
    favorable: np.ndarray, answered: np.ndarray, people: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A favorable share of many answers as (successes, trials) with one trial per person, for Wilson and the z test.

    One person's answers to a dimension's statements go together (that is what a high alpha says), so counting
    every answer as an independent trial made the interval several times too narrow and called noise a change
    (a team of 90 read as 450 trials). Counting people is the cautious bound: the group's share of favorable
    answers over as many trials as people scored. For one statement, answers and people are the same.
    """
    favorable, answered, people = np.broadcast_arrays(
        np.asarray(favorable, dtype=float), np.asarray(answered, dtype=float), np.asarray(people, dtype=float)
    )
    trials = np.where(answered > 0, people, 0.0)
    share = np.divide(favorable, answered, out=np.zeros(answered.shape), where=answered > 0)
    return share * trials, trials


def wilson_bounds(
    successes: np.ndarray, total: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized Wilson score interval for a proportion (0-1); NaN where total is 0.

    Wilson rather than the normal approximation because small teams often sit
    at 0% or 100% favorable, where the normal interval collapses to a point.
    """
    successes, total = np.broadcast_arrays(
        np.asarray(successes, dtype=float), np.asarray(total, dtype=float)
    )
    low = np.full(total.shape, np.nan)
    high = np.full(total.shape, np.nan)
    ok = total > 0
    if ok.any():
        nobs = total[ok]
        share = successes[ok] / nobs
        z2 = Z95 * Z95
        denom = 1 + z2 / nobs
        centre = (share + z2 / (2 * nobs)) / denom
        half = Z95 * np.sqrt(share * (1 - share) / nobs + z2 / (4 * nobs * nobs)) / denom
        # At 0% and 100% the bound is exactly 0 or 1; say so instead of 1e-15.
        low[ok] = np.where(successes[ok] <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
        high[ok] = np.where(successes[ok] >= nobs, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def _interval(low: float, high: float) -> Interval | None:
    if math.isfinite(low) and math.isfinite(high):
        return Interval(low=float(low), high=float(high))
    return None


def t_interval(mean: float, sd: float, n: int) -> Interval | None:
    """95% t interval for a mean on its own scale; ``None`` with fewer than 2 observations."""
    low, high = t_bounds(np.asarray(mean), np.asarray(sd), np.asarray(n))
    return _interval(float(low), float(high))


def wilson_interval(successes: int, total: int) -> Interval | None:
    """95% Wilson interval as proportions 0-1; ``None`` when nothing was answered."""
    if successes < 0 or successes > total:
        raise ValueError("successes must lie between 0 and total")
    low, high = wilson_bounds(np.asarray(successes), np.asarray(total))
    return _interval(float(low), float(high))


def to_score(value: np.ndarray | float, scale_min: float, scale_max: float) -> np.ndarray:
    """Map raw-scale values to 0-100: ``(value - min) / (max - min) * 100``."""
    return (np.asarray(value, dtype=float) - scale_min) / (scale_max - scale_min) * 100.0


def to_score_interval(
    interval: Interval | None, scale_min: float, scale_max: float
) -> Interval | None:
    """A raw-scale interval on 0-100, clipped to 0-100 since no mean can leave the scale."""
    if interval is None:
        return None
    low, high = np.clip(to_score(np.array([interval.low, interval.high]), scale_min, scale_max), 0, 100)
    return Interval(low=float(low), high=float(high))


def to_percent_interval(interval: Interval | None) -> Interval | None:
    """A proportion interval (0-1) as percentages (0-100)."""
    if interval is None:
        return None
    return Interval(low=interval.low * 100.0, high=interval.high * 100.0)
