"""Changes and perception gaps from stored group results, without rescanning answers.

A closed cycle keeps each group's mean, SD, n and favorable counts; Welch's
t-test, the two-proportion test and Hedges' g need nothing more, so the next
cycle's close compares snapshots instead of reading last quarter's answers.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scoring.change import Change
from scoring.gaps import Gap
from scoring.results import DimensionScore
from scoring.significance import finite_or_none, hedges_g, two_proportion_z, welch_t


def _moments(score: DimensionScore) -> tuple[int, float, float]:
    mean = score.mean if score.mean is not None else float("nan")
    variance = score.sd**2 if score.sd is not None else float("nan")
    return score.n, mean, variance


def change_between(current: DimensionScore, previous: DimensionScore, *, scale_min: float, scale_max: float) -> Change:
    """One dimension of one group against the previous cycle (q-values are set later, per report)."""
    return changes_between([(current, previous)], scale_min=scale_min, scale_max=scale_max)[0]


def changes_between(
    pairs: Sequence[tuple[DimensionScore, DimensionScore]], *, scale_min: float, scale_max: float
) -> list[Change]:
    """Many (current, previous) pairs at once: a close compares every group and dimension."""
    if not pairs:
        return []
    now = np.array([_moments(c) for c, _ in pairs], dtype=float).T
    then = np.array([_moments(p) for _, p in pairs], dtype=float).T
    counts = np.array([(c.favorable_count, c.responses, p.favorable_count, p.responses) for c, p in pairs],
                      dtype=float).T
    t, p = welch_t(now[1], now[2], now[0], then[1], then[2], then[0])
    _, favorable_p = two_proportion_z(*counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = np.where((now[0] > 0) & (then[0] > 0), (now[1] - then[1]) / (scale_max - scale_min) * 100.0, np.nan)
        favorable_diff = np.where((counts[1] > 0) & (counts[3] > 0),
                                  100.0 * (counts[0] / counts[1] - counts[2] / counts[3]), np.nan)
    return [
        Change(diff=finite_or_none(d), t=finite_or_none(ti), p=finite_or_none(pi),
               favorable_diff=finite_or_none(fd), favorable_p=finite_or_none(fp))
        for d, ti, pi, fd, fp in zip(diff.tolist(), t.tolist(), p.tolist(), favorable_diff.tolist(),
                                     favorable_p.tolist())
    ]


def gap_between(
    dimension: str, sales: DimensionScore, marketing: DimensionScore, *, scale_min: float, scale_max: float
) -> Gap:
    """Sales minus marketing on one dimension, from the two functions' results."""
    n1, mean1, var1 = _moments(sales)
    n2, mean2, var2 = _moments(marketing)
    t, p = welch_t(mean1, var1, n1, mean2, var2, n2)
    diff = (mean1 - mean2) / (scale_max - scale_min) * 100.0 if n1 and n2 else np.nan
    return Gap(
        dimension=dimension, diff=finite_or_none(diff), t=finite_or_none(t), p=finite_or_none(p),
        hedges_g=finite_or_none(hedges_g(mean1, var1, n1, mean2, var2, n2)), n_sales=n1, n_marketing=n2,
    )
