"""Drivers: how much of the outcome item's explained variance each dimension carries.

Exact Shapley decomposition of R^2 (general dominance, as in Budescu 1993 /
relaimpo's "lmg"): each dimension's weight is its R^2 gain averaged over
every order in which the dimensions could enter the regression. The weights
sum to the full model's R^2, and correlated dimensions share credit fairly,
which plain regression coefficients do not.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MIN_DRIVER_N = 30
MAX_PREDICTORS = 12  # 2^k regressions; beyond this the exact method is too slow to offer


@dataclass(frozen=True)
class Drivers:
    n: int                      # respondents used (complete on outcome and all dimensions)
    r2: float                   # R^2 of the full model
    weights: dict[str, float]   # share of R^2 per dimension; sums to r2
    relative: dict[str, float]  # weights / r2; sums to 1


def _subset_r2(cov: np.ndarray, k: int) -> np.ndarray:
    """R^2 of the regression on every subset of predictors, indexed by bitmask.

    From the covariance matrix (predictors first, outcome last):
    ``R^2_S = c_S' C_SS^+ c_S / var_y``. The pseudo-inverse keeps a constant
    or duplicated dimension from breaking the fit; subsets of one size are
    solved as one stack, since a close runs this for hundreds of groups.
    """
    c_xx, c_xy, var_y = cov[:k, :k], cov[:k, k], cov[k, k]
    r2 = np.zeros(1 << k)
    by_size: dict[int, list[int]] = {}
    for mask in range(1, 1 << k):
        by_size.setdefault(bin(mask).count("1"), []).append(mask)
    for masks in by_size.values():
        cols = np.array([[j for j in range(k) if mask >> j & 1] for mask in masks])
        blocks = c_xx[cols[:, :, None], cols[:, None, :]]
        vectors = c_xy[cols]
        beta = np.einsum("mij,mj->mi", np.linalg.pinv(blocks), vectors)
        r2[masks] = np.einsum("mi,mi->m", vectors, beta) / var_y
    return np.clip(r2, 0.0, 1.0)


def shapley_r2(outcome: np.ndarray, predictors: np.ndarray, names: list[str] | tuple[str, ...]) -> Drivers | None:
    """Shapley shares of R^2 for the outcome regressed on the predictors (OLS with intercept).

    Rows missing the outcome or any predictor are dropped (listwise). ``None``
    with fewer than ``MIN_DRIVER_N`` complete rows, when the outcome does not
    vary, or when the dimensions explain nothing at all.
    """
    y = np.asarray(outcome, dtype=float).ravel()
    x = np.asarray(predictors, dtype=float)
    if x.ndim != 2 or x.shape[0] != y.size:
        raise ValueError("predictors must be respondents x dimensions, one row per outcome")
    k = x.shape[1]
    if len(names) != k:
        raise ValueError("one name per predictor column")
    if not 1 <= k <= MAX_PREDICTORS:
        raise ValueError(f"driver analysis takes 1 to {MAX_PREDICTORS} predictors")
    complete = ~np.isnan(y) & ~np.isnan(x).any(axis=1)
    n = int(complete.sum())
    if n < MIN_DRIVER_N:
        return None
    data = np.column_stack([x[complete], y[complete]])
    data = data - data.mean(axis=0)
    cov = data.T @ data / (n - 1)
    if not cov[k, k] > 0:
        return None
    r2 = _subset_r2(cov, k)

    masks = np.arange(1 << k)
    sizes = np.array([bin(m).count("1") for m in masks])
    weights = np.zeros(k)
    for j in range(k):
        without = masks[(masks >> j & 1) == 0]
        s = sizes[without]
        coef = np.array([math.factorial(a) * math.factorial(k - a - 1) for a in s]) / math.factorial(k)
        weights[j] = float(coef @ (r2[without | 1 << j] - r2[without]))
    total = float(r2[-1])
    if total <= 1e-12:
        return None
    return Drivers(
        n=n,
        r2=total,
        weights={name: float(w) for name, w in zip(names, weights)},
        relative={name: float(w / total) for name, w in zip(names, weights)},
    )
