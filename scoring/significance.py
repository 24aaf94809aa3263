"""Two-sample tests shared by change and perception-gap analysis.

Vectorized over any number of comparisons (a heatmap compares hundreds of
cells), computed from summary statistics, and NaN wherever a test is
undefined (too few respondents, no spread at all) instead of warning.
"""
from __future__ import annotations

import numpy as np
# scipy.special, not scipy.stats: ``stats.t.sf(x, df)`` is ``stdtr(df, -x)`` and ``stats.norm.sf(x)``
# is ``ndtr(-x)``, the same numbers, and scipy.stats takes some 0.3 s more to import.
from scipy import special


def describe(values: np.ndarray) -> tuple[int, float, float]:
    """n, mean and variance (ddof=1) of the non-missing values; NaN where undefined."""
    data = np.asarray(values, dtype=float).ravel()
    data = data[~np.isnan(data)]
    n = data.size
    mean = float(data.mean()) if n else float("nan")
    if n >= 2:
        variance = float(((data - mean) ** 2).sum() / (n - 1))
        if data.min() == data.max():
            variance = 0.0
    else:
        variance = float("nan")
    return n, mean, variance


def welch_t(
    mean1: np.ndarray, var1: np.ndarray, n1: np.ndarray,
    mean2: np.ndarray, var2: np.ndarray, n2: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Welch's t statistic and two-sided p (as scipy's ``ttest_ind(equal_var=False)``).

    Welch rather than Student because teams differ in size and spread; NaN
    when either side has fewer than 2 values or neither side varies.
    """
    mean1, var1, n1, mean2, var2, n2 = (
        np.asarray(a, dtype=float) for a in np.broadcast_arrays(mean1, var1, n1, mean2, var2, n2)
    )
    t = np.full(mean1.shape, np.nan)
    p = np.full(mean1.shape, np.nan)
    ok = (n1 >= 2) & (n2 >= 2) & np.isfinite(var1) & np.isfinite(var2)
    se1 = np.where(ok, var1, 0.0) / np.where(ok, n1, 1.0)
    se2 = np.where(ok, var2, 0.0) / np.where(ok, n2, 1.0)
    ok &= (se1 + se2) > 0
    if ok.any():
        a, b = se1[ok], se2[ok]
        t[ok] = (mean1[ok] - mean2[ok]) / np.sqrt(a + b)
        df = (a + b) ** 2 / (a * a / (n1[ok] - 1) + b * b / (n2[ok] - 1))
        p[ok] = 2 * special.stdtr(df, -np.abs(t[ok]))
    return t, p


def two_proportion_z(
    successes1: np.ndarray, total1: np.ndarray, successes2: np.ndarray, total2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pooled two-proportion z test, two-sided (as statsmodels' ``proportions_ztest``).

    NaN when a side has no answers or the pooled share is 0% or 100%
    (no variation, so no test).
    """
    s1, n1, s2, n2 = (
        np.asarray(a, dtype=float) for a in np.broadcast_arrays(successes1, total1, successes2, total2)
    )
    z = np.full(s1.shape, np.nan)
    p = np.full(s1.shape, np.nan)
    ok = (n1 > 0) & (n2 > 0)
    pooled = np.where(ok, s1 + s2, 0.0) / np.where(ok, n1 + n2, 1.0)
    ok &= (pooled > 0) & (pooled < 1)
    if ok.any():
        se = np.sqrt(pooled[ok] * (1 - pooled[ok]) * (1 / n1[ok] + 1 / n2[ok]))
        z[ok] = (s1[ok] / n1[ok] - s2[ok] / n2[ok]) / se
        p[ok] = 2 * special.ndtr(-np.abs(z[ok]))
    return z, p


def hedges_g(
    mean1: np.ndarray, var1: np.ndarray, n1: np.ndarray,
    mean2: np.ndarray, var2: np.ndarray, n2: np.ndarray,
) -> np.ndarray:
    """Hedges' g: the difference over the pooled SD, times J = 1 - 3 / (4 (n1 + n2) - 9).

    The same as ``pingouin.compute_effsize(eftype='hedges')``; NaN when either
    side has fewer than 2 values or the pooled SD is 0.
    """
    mean1, var1, n1, mean2, var2, n2 = (
        np.asarray(a, dtype=float) for a in np.broadcast_arrays(mean1, var1, n1, mean2, var2, n2)
    )
    g = np.full(mean1.shape, np.nan)
    ok = (n1 >= 2) & (n2 >= 2) & np.isfinite(var1) & np.isfinite(var2)
    pooled = np.zeros(mean1.shape)
    pooled[ok] = ((n1[ok] - 1) * var1[ok] + (n2[ok] - 1) * var2[ok]) / (n1[ok] + n2[ok] - 2)
    ok &= pooled > 0
    if ok.any():
        d = (mean1[ok] - mean2[ok]) / np.sqrt(pooled[ok])
        g[ok] = d * (1 - 3 / (4 * (n1[ok] + n2[ok]) - 9))
    return g


def finite_or_none(value: float | np.floating) -> float | None:
    """A plain float, or None for NaN/inf: results never carry NaN."""
    number = float(value)
    return number if np.isfinite(number) else None
