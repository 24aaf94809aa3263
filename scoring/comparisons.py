"""Changes and perception gaps from stored group results, without rescanning answers.

A closed cycle keeps each group's mean, SD, n and favorable counts; Welch's
t-test, the two-proportion test and Hedges' g need nothing more, so the next
cycle's close compares snapshots instead of reading last quarter's answers.
"""
from __future__ import annotations

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
    n1, mean1, var1 = _moments(current)
    n2, mean2, var2 = _moments(previous)
    t, p = welch_t(mean1, var1, n1, mean2, var2, n2)
    _, favorable_p = two_proportion_z(current.favorable_count, current.responses,
                                      previous.favorable_count, previous.responses)
    favorable_diff = (
        100.0 * (current.favorable_count / current.responses - previous.favorable_count / previous.responses)
        if current.responses and previous.responses else None
    )
    return Change(
        diff=finite_or_none((mean1 - mean2) / (scale_max - scale_min) * 100.0) if n1 and n2 else None,
        t=finite_or_none(t),
        p=finite_or_none(p),
        favorable_diff=finite_or_none(favorable_diff) if favorable_diff is not None else None,
        favorable_p=finite_or_none(favorable_p),
    )


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
