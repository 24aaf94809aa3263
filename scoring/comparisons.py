"""Changes and perception gaps from stored group results, without rescanning answers.

A closed cycle keeps each group's mean, SD, n and favorable counts; Welch's
t-test, the two-proportion test and Hedges' g need nothing more, so the next
cycle's close compares snapshots instead of reading last quarter's answers.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from scoring.change import Change, fdr_flags
from scoring.gaps import Gap
from scoring.results import DimensionScore
from scoring.intervals import per_person
from scoring.significance import finite_or_none, hedges_g, two_proportion_z, welch_t


# A dimension result as an object, or as the plain dict a snapshot stores.
Result = DimensionScore | Mapping[str, Any]


def _fields(score: Result) -> tuple[int, float | None, float | None, int, int]:
    """n, mean, SD, favorable count and answered item responses."""
    if isinstance(score, DimensionScore):
        return score.n, score.mean, score.sd, score.favorable_count, score.responses
    return score["n"], score["mean"], score["sd"], score.get("favorable_count", 0), score.get("responses", 0)


def _moments(score: Result) -> tuple[int, float, float]:
    n, mean, sd, _, _ = _fields(score)
    return n, mean if mean is not None else float("nan"), sd**2 if sd is not None else float("nan")


def change_between(current: Result, previous: Result, *, scale_min: float, scale_max: float) -> Change:
    """One dimension of one group against the previous cycle (q-values are set later, per report)."""
    return changes_between([(current, previous)], scale_min=scale_min, scale_max=scale_max)[0]


def changes_between(
    pairs: Sequence[tuple[Result, Result]], *, scale_min: float, scale_max: float
) -> list[Change]:
    """Many (current, previous) pairs at once: a close compares every group and dimension."""
    return [Change(**fields) for fields in change_fields(pairs, scale_min=scale_min, scale_max=scale_max)]


def change_fields(
    pairs: Sequence[tuple[Result, Result]], *, scale_min: float, scale_max: float, report: bool = False,
) -> list[dict[str, Any]]:
    """``changes_between`` as plain dicts of the ``Change`` fields (what a close stores).

    ``report=True`` treats the pairs as one report's family and adds the
    q-values and flags of ``change.apply_fdr``.
    """
    if not pairs:
        return []
    now = np.array([_fields(c) for c, _ in pairs], dtype=float).T   # None becomes NaN
    then = np.array([_fields(p) for _, p in pairs], dtype=float).T
    counts = np.stack([now[3], now[4], then[3], then[4]])
    t, p = welch_t(now[1], now[2] ** 2, now[0], then[1], then[2] ** 2, then[0])
    _, favorable_p = two_proportion_z(*per_person(counts[0], counts[1], now[0]),
                                      *per_person(counts[2], counts[3], then[0]))
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = np.where((now[0] > 0) & (then[0] > 0), (now[1] - then[1]) / (scale_max - scale_min) * 100.0, np.nan)
        favorable_diff = np.where((counts[1] > 0) & (counts[3] > 0),
                                  100.0 * (counts[0] / counts[1] - counts[2] / counts[3]), np.nan)
    diff, t, p, favorable_diff, favorable_p = (np.where(np.isfinite(a), a, np.nan)
                                               for a in (diff, t, p, favorable_diff, favorable_p))
    flags = fdr_flags(p, favorable_p, diff, favorable_diff) if report else [{}] * len(pairs)
    return [
        {"diff": _none(d), "t": _none(ti), "p": _none(pi), "favorable_diff": _none(fd), "favorable_p": _none(fp),
         **extra}
        for d, ti, pi, fd, fp, extra in zip(diff.tolist(), t.tolist(), p.tolist(), favorable_diff.tolist(),
                                            favorable_p.tolist(), flags)
    ]


def _none(value: float) -> float | None:
    return None if value != value else value


def gap_between(
    dimension: str, sales: Result, marketing: Result, *, scale_min: float, scale_max: float
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
