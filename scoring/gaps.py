"""Perception gaps: how differently sales and marketing see the same dimension.

The largest gaps lead a team's action plan, so gaps are ranked by size in
points; Hedges' g says how large the gap is against the spread of opinions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.significance import describe, finite_or_none, hedges_g, welch_t


@dataclass(frozen=True)
class Gap:
    """Sales minus marketing on one dimension."""

    dimension: str
    diff: float | None          # points on 0-100, sales minus marketing
    t: float | None             # Welch's t
    p: float | None
    hedges_g: float | None
    n_sales: int
    n_marketing: int


def perception_gap(
    dimension: str,
    sales_scores: np.ndarray,
    marketing_scores: np.ndarray,
    *,
    scale_min: float,
    scale_max: float,
) -> Gap:
    """The gap on one dimension from respondent scores on the raw scale (NaN = missing)."""
    if scale_max <= scale_min:
        raise ValueError("scale_max must exceed scale_min")
    n1, mean1, var1 = describe(sales_scores)
    n2, mean2, var2 = describe(marketing_scores)
    t, p = welch_t(mean1, var1, n1, mean2, var2, n2)
    diff = (mean1 - mean2) / (scale_max - scale_min) * 100.0 if n1 and n2 else float("nan")
    return Gap(
        dimension=dimension,
        diff=finite_or_none(diff),
        t=finite_or_none(t),
        p=finite_or_none(p),
        hedges_g=finite_or_none(hedges_g(mean1, var1, n1, mean2, var2, n2)),
        n_sales=n1,
        n_marketing=n2,
    )


def rank_gaps(gaps: list[Gap]) -> list[Gap]:
    """Largest absolute gap first; gaps that could not be computed go last."""
    return sorted(gaps, key=lambda gap: (gap.diff is None, -abs(gap.diff or 0.0)))
