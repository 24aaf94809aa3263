"""Change against the previous cycle, with Benjamini-Hochberg control per report.

A report shows dozens of changes at once; testing each at 5% would flag
some by chance alone, so q-values (BH) are what decide "meaningful", together
with a minimum move of 5 points that a reader would notice.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from scoring.intervals import per_person
from scoring.significance import describe, finite_or_none, two_proportion_z, welch_t

MIN_POINTS = 5.0
FDR_ALPHA = 0.05


@dataclass(frozen=True)
class Change:
    """Current minus previous cycle for one group and dimension."""

    diff: float | None                  # score points on 0-100
    t: float | None                     # Welch's t on respondent scores
    p: float | None
    favorable_diff: float | None        # percentage points
    favorable_p: float | None           # pooled two-proportion z test
    q: float | None = None              # BH-adjusted p, set by apply_fdr
    meaningful: bool = False
    favorable_q: float | None = None
    favorable_meaningful: bool = False


def benjamini_hochberg(pvalues: np.ndarray) -> np.ndarray:
    """BH q-values in input order (as ``scipy.stats.false_discovery_control``).

    ``q_(i) = min_{j >= i} p_(j) * m / j``, capped at 1. Raises on NaN or
    values outside [0, 1]: a missing test must be left out, not guessed.
    """
    p = np.asarray(pvalues, dtype=float).ravel()
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError("p-values must lie in [0, 1]")
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    q = np.empty(m)
    q[order] = q_sorted
    return q


def compare_to_previous(
    current_scores: np.ndarray,
    previous_scores: np.ndarray,
    current_fav: tuple[int, int],
    previous_fav: tuple[int, int],
    *,
    scale_min: float,
    scale_max: float,
) -> Change:
    """Compare one group's dimension (or index) with the previous cycle.

    ``*_scores`` are respondent scores on the instrument's raw scale (NaN =
    missing; the scale is needed to report the difference in 0-100 points),
    ``*_fav`` are (favorable answers, answered item responses). The tests
    are Welch's t on respondent scores and a pooled two-proportion z test
    with one trial per person scored (``intervals.per_person``).
    """
    n1, mean1, var1 = describe(current_scores)
    n2, mean2, var2 = describe(previous_scores)
    width = scale_max - scale_min
    if width <= 0:
        raise ValueError("scale_max must exceed scale_min")
    t, p = welch_t(mean1, var1, n1, mean2, var2, n2)
    (s1, total1), (s2, total2) = current_fav, previous_fav
    if not (0 <= s1 <= total1 and 0 <= s2 <= total2):
        raise ValueError("favorable counts must lie between 0 and the number answered")
    _, favorable_p = two_proportion_z(*per_person(s1, total1, n1), *per_person(s2, total2, n2))
    favorable_diff = 100.0 * (s1 / total1 - s2 / total2) if total1 and total2 else None
    return Change(
        diff=finite_or_none((mean1 - mean2) / width * 100.0) if n1 and n2 else None,
        t=finite_or_none(t),
        p=finite_or_none(p),
        favorable_diff=favorable_diff,
        favorable_p=finite_or_none(favorable_p),
    )


def apply_fdr(
    changes: list[Change], min_points: float = MIN_POINTS, alpha: float = FDR_ALPHA
) -> list[Change]:
    """Set q-values and the meaningful flags over one report's changes (same order back).

    The family is every p-value the report shows: score and favorable tests
    together. A change is meaningful when q < alpha and it moves at least
    ``min_points`` (score points, or percentage points for favorable).
    """
    def column(name: str) -> np.ndarray:
        return np.array([np.nan if (v := getattr(c, name)) is None else v for c in changes], dtype=float)

    flags = fdr_flags(column("p"), column("favorable_p"), column("diff"), column("favorable_diff"), min_points, alpha)
    return [replace(change, **values) for change, values in zip(changes, flags)]


def fdr_flags(
    p: np.ndarray, favorable_p: np.ndarray, diff: np.ndarray, favorable_diff: np.ndarray,
    min_points: float = MIN_POINTS, alpha: float = FDR_ALPHA,
) -> list[dict[str, float | bool | None]]:
    """``apply_fdr``'s q-values and flags from arrays (NaN = no test), one dict of fields per change."""
    tests = np.concatenate([p, favorable_p])
    q_all = np.full(tests.shape, np.nan)
    present = ~np.isnan(tests)
    q_all[present] = benjamini_hochberg(tests[present])
    q, favorable_q = q_all[:len(p)], q_all[len(p):]
    with np.errstate(invalid="ignore"):
        meaningful = (q < alpha) & (np.abs(diff) >= min_points)
        favorable_meaningful = (favorable_q < alpha) & (np.abs(favorable_diff) >= min_points)
    return [
        {"q": None if a != a else a, "meaningful": b, "favorable_q": None if c != c else c, "favorable_meaningful": d}
        for a, b, c, d in zip(q.tolist(), meaningful.tolist(), favorable_q.tolist(), favorable_meaningful.tolist())
    ]
