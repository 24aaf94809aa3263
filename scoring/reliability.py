"""Cronbach's alpha from pairwise-complete covariances, with Feldt's 95% interval.

Pairwise (not listwise) deletion is the default of R's psych::alpha and of
pingouin: a respondent who skipped one item still informs every other pair.
Alpha is built from per-pair sufficient statistics (count, sums, cross
products) so that the group scorer can add them up for hundreds of groups at
once and the single-matrix function below is just the one-group case.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
# scipy.special, not scipy.stats: ``stats.f.isf(q, a, b)`` is ``fdtri(a, b, 1.0 - q)``, the same
# numbers, and scipy.stats takes some 0.3 s more to import.
from scipy import special

from scoring.aggregate import Partition, group_cross, group_sum, partition, summarize
from scoring.intervals import CONFIDENCE
from scoring.results import Interval

# Below this a scale is flagged as unreliable in the methodology appendix.
MIN_RELIABLE_ALPHA = 0.70

# A total variance this small relative to the summed item variances is zero
# up to rounding: the items cancel out exactly and alpha is undefined.
_RELATIVE_ZERO = 1e-10


def pair_sums(
    part: Partition, values: np.ndarray, answered: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-group pair statistics of a sorted-row ``n x k`` block: each ``(groups, k, k)``.

    ``count[g, i, j]``: respondents who answered both items; ``sums[g, i, j]``:
    the sum of item i over them; ``cross[g, i, j]``: the sum of products.
    ``values`` must be 0 where not answered.

    Only ``cross`` needs every row: one matrix product per group. Rows that
    answered the whole block add 1 to every count and their full item sums,
    so the pairwise parts of ``count`` and ``sums`` are computed from the
    incomplete rows alone, usually a small minority.
    """
    cross = group_cross(part, values)
    incomplete = ~answered.all(axis=1)
    complete_n = group_sum(part, (~incomplete).astype(float))
    item_totals = group_sum(part, values)
    rows = part.subset(incomplete)
    mask = answered[incomplete].astype(float)
    x = values[incomplete]
    count = complete_n[:, None, None] + group_sum(rows, mask[:, :, None] * mask[:, None, :])
    # sum of item i where j is answered = all of item i minus where j is missing
    sums = item_totals[:, :, None] - group_sum(rows, x[:, :, None] * (1.0 - mask)[:, None, :])
    return count, sums, cross


def alpha_from_moments(
    count: np.ndarray, sums: np.ndarray, cross: np.ndarray
) -> np.ndarray:
    """Alpha for each leading index of ``(..., k, k)`` summed pair statistics; NaN if undefined.

    Undefined: fewer than 2 items, any pair answered together by fewer than 2
    respondents (its covariance does not exist), or a total variance of zero
    or below (everyone answered alike, or pairwise covariances cancel out).
    """
    k = count.shape[-1]
    shape = count.shape[:-2]
    if k < 2:
        return np.full(shape, np.nan)
    defined = (count >= 2).all(axis=(-2, -1))
    safe_n = np.where(count >= 2, count, 2.0)
    cov = (cross - sums * np.swapaxes(sums, -1, -2) / safe_n) / (safe_n - 1)
    trace = np.trace(cov, axis1=-2, axis2=-1)
    total = cov.sum(axis=(-2, -1))
    defined &= total > _RELATIVE_ZERO * np.maximum(np.abs(trace), np.finfo(float).tiny)
    safe_total = np.where(defined, total, 1.0)
    alpha = k / (k - 1) * (1 - trace / safe_total)
    return np.where(defined, alpha, np.nan)


@dataclass(frozen=True)
class PairMoments:
    """Per group (or per cell, which ``scoring.cells`` adds up into groups), alpha's pair statistics.

    ``count[i, j]`` respondents answered both items, ``sums[i, j]`` is the sum
    of item i over them and ``cross[i, j]`` the sum of products; ``answered_any``
    counts who answered any item of the block (Feldt's n).
    """

    count: np.ndarray
    sums: np.ndarray
    cross: np.ndarray
    answered_any: np.ndarray

    def take(self, rows: np.ndarray) -> PairMoments:
        return PairMoments(self.count[rows], self.sums[rows], self.cross[rows], self.answered_any[rows])


def pair_moments(part: Partition, values: np.ndarray, means: np.ndarray) -> PairMoments:
    """Alpha's pair statistics per group of a sorted-row ``n x k`` block, about the group's ``means``."""
    answered = ~np.isnan(values)
    centred = np.where(answered, values - np.nan_to_num(means)[part.labels], 0.0)
    count, sums, cross = pair_sums(part, centred, answered)
    return PairMoments(count, sums, cross, group_sum(part, answered.any(axis=1).astype(float)))


def alpha_and_bounds(pairs: PairMoments, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Alpha and its Feldt bounds per group from summed pair statistics of a k-item block."""
    alpha = alpha_from_moments(pairs.count, pairs.sums, pairs.cross)
    return (alpha, *feldt_bounds(alpha, pairs.answered_any, k))


def group_alpha(
    part: Partition, values: np.ndarray, means: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Alpha and Feldt bounds per group of a sorted-row ``n x k`` block (NaN = missing).

    Values are centred on each group's item means first (``means``, if the
    caller has them): covariances do not change, the sums stay small, and an
    item everyone in the group answered alike contributes exactly zero.
    Feldt's n counts the group's respondents who answered any item of the block.
    """
    k = values.shape[1]
    if k < 2:
        undefined = np.full(part.n_groups, np.nan)
        return undefined, undefined, undefined
    if means is None:
        means = summarize(part, values).mean
    return alpha_and_bounds(pair_moments(part, values, means), k)


def cronbach_alpha(matrix: np.ndarray) -> float | None:
    """Cronbach's alpha of an ``n x k`` item matrix (NaN = missing), pairwise complete.

    Equals ``pingouin.cronbach_alpha(df)`` (nan_policy='pairwise') wherever
    that is finite; ``None`` where it would be NaN or meaningless. It is the
    one-group case of ``group_alpha``, which shares ``pair_moments`` and
    ``alpha_and_bounds`` with the group scorer.
    """
    values = np.asarray(matrix, dtype=float)
    if values.ndim != 2:
        raise ValueError("matrix must be respondents x items")
    part = partition(np.zeros(values.shape[0], dtype=np.intp), 1)
    alpha = float(group_alpha(part, values)[0][0])
    return alpha if math.isfinite(alpha) else None


def feldt_bounds(
    alpha: np.ndarray, n: np.ndarray, k: np.ndarray | int
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized Feldt (1987) interval; NaN where alpha is undefined or n < 2 or k < 2.

    ``1 - (1 - alpha) * F(.975 / .025; n-1, (n-1)(k-1))``, as in pingouin.
    """
    alpha, n, k = np.broadcast_arrays(
        np.asarray(alpha, dtype=float), np.asarray(n, dtype=float), np.asarray(k, dtype=float)
    )
    low = np.full(alpha.shape, np.nan)
    high = np.full(alpha.shape, np.nan)
    ok = np.isfinite(alpha) & (n >= 2) & (k >= 2)
    if ok.any():
        df1 = n[ok] - 1
        # An F quantile takes a while to find and is the same for every group of one size (a close has
        # hundreds of teams of a few dozen sizes): each distinct (df1, df2) is looked up once.
        degrees, each = np.unique(np.column_stack([df1, df1 * (k[ok] - 1)]), axis=0, return_inverse=True)
        df1, df2, each = degrees[:, 0], degrees[:, 1], each.reshape(-1)
        tail = (1 - CONFIDENCE) / 2
        low[ok] = 1 - (1 - alpha[ok]) * special.fdtri(df1, df2, 1.0 - tail)[each]
        high[ok] = 1 - (1 - alpha[ok]) * special.fdtri(df1, df2, 1.0 - (1 - tail))[each]
    return low, high


def feldt_interval(alpha: float | None, n: int, k: int) -> Interval | None:
    """Feldt 95% interval for alpha from n respondents and k items; ``None`` if undefined.

    n counts the respondents who answered at least one item of the scale.
    """
    if alpha is None:
        return None
    low, high = feldt_bounds(np.asarray(alpha), np.asarray(n), np.asarray(k))
    if math.isfinite(float(low)) and math.isfinite(float(high)):
        return Interval(low=float(low), high=float(high))
    return None
