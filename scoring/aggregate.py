"""Per-group sums over many groups at once, without a Python loop per group.

Rows are sorted by group label once; every statistic is then a sum over
contiguous runs of rows (``np.add.reduceat``), so 800 groups cost about as
much as one. Groups with no rows get zeros, which the callers read as "no
data" rather than as a score.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Partition:
    """Respondents sorted by group: ``order`` sorts rows, groups are contiguous runs."""

    n_groups: int
    order: np.ndarray      # row indices, stably sorted by label
    labels: np.ndarray     # the sorted labels (one per sorted row)
    counts: np.ndarray     # rows per group, length n_groups
    present: np.ndarray    # ids of the groups with at least one row
    starts: np.ndarray     # first sorted row of each present group

    def subset(self, rows: np.ndarray) -> Partition:
        """The same groups over a boolean selection of the sorted rows (still sorted)."""
        labels = self.labels[rows]
        counts = np.bincount(labels, minlength=self.n_groups)
        present = np.flatnonzero(counts)
        starts = np.searchsorted(labels, present, side="left")
        return Partition(self.n_groups, self.order[rows], labels, counts, present, starts)


def partition(labels: np.ndarray, n_groups: int) -> Partition:
    """Sort respondents by group label; labels must be integers in ``[0, n_groups)``."""
    raw = np.asarray(labels)
    if raw.ndim != 1:
        raise ValueError("labels must be one integer per respondent")
    if raw.size and not np.issubdtype(raw.dtype, np.integer):
        raise ValueError("labels must be integers")
    labels = raw.astype(np.intp)
    if n_groups < 0 or (labels.size and (labels.min() < 0 or labels.max() >= n_groups)):
        raise ValueError(f"labels must lie in [0, {n_groups})")
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    counts = np.bincount(labels, minlength=n_groups)
    present = np.flatnonzero(counts)
    starts = np.searchsorted(sorted_labels, present, side="left")
    return Partition(n_groups, order, sorted_labels, counts, present, starts)


def group_sum(part: Partition, values: np.ndarray) -> np.ndarray:
    """Sum of sorted-row ``values`` per group: shape ``(n_groups, *values.shape[1:])``."""
    out = np.zeros((part.n_groups, *values.shape[1:]), dtype=float)
    if part.present.size:
        out[part.present] = np.add.reduceat(values, part.starts, axis=0)
    return out


def group_cross(part: Partition, values: np.ndarray) -> np.ndarray:
    """Per group, ``values_g.T @ values_g`` of sorted-row ``n x k`` values: shape ``(n_groups, k, k)``.

    One BLAS product per group, not a sum over row-wise outer products: the
    loop runs once per group, but each product is some ten times faster than
    forming and summing ``n x k(k+1)/2`` products, which was most of a close.
    The upper triangle is mirrored so that the result is exactly symmetric.
    """
    k = values.shape[1]
    out = np.zeros((part.n_groups, k, k))
    ends = np.append(part.starts[1:], len(part.labels))
    for g, start, end in zip(part.present.tolist(), part.starts.tolist(), ends.tolist()):
        block = values[start:end]
        np.matmul(block.T, block, out=out[g])
    lower_i, lower_j = np.tril_indices(k, -1)
    out[:, lower_i, lower_j] = out[:, lower_j, lower_i]
    return out


def group_extreme(part: Partition, values: np.ndarray, *, largest: bool) -> np.ndarray:
    """NaN-ignoring per-group max (or min) of sorted-row ``values``; NaN for empty groups."""
    out = np.full((part.n_groups, *values.shape[1:]), np.nan)
    if part.present.size:
        ufunc = np.fmax if largest else np.fmin
        out[part.present] = ufunc.reduceat(values, part.starts, axis=0)
    return out


@dataclass(frozen=True)
class Summary:
    """Count, mean and SD (ddof=1) per group and column; NaN where undefined."""

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray


def summarize(part: Partition, values: np.ndarray) -> Summary:
    """Describe the non-missing entries of each column of sorted-row ``values`` per group.

    The SD uses a second, centred pass (no sum-of-squares cancellation), and a
    group whose values are all equal gets exactly that value as mean and an SD
    of exactly 0, so "everyone agreed" never shows as a rounding artefact.
    """
    answered = ~np.isnan(values)
    filled = np.where(answered, values, 0.0)
    n = group_sum(part, answered.astype(float))
    has = n > 0
    mean = np.divide(group_sum(part, filled), n, out=np.full(n.shape, np.nan), where=has)
    centred = np.where(answered, values - np.nan_to_num(mean)[part.labels], 0.0)
    ss = group_sum(part, centred * centred)
    sd = np.sqrt(np.divide(ss, n - 1, out=np.full(n.shape, np.nan), where=n >= 2))
    low = group_extreme(part, values, largest=False)
    high = group_extreme(part, values, largest=True)
    constant = has & (low == high)
    mean = np.where(constant, low, mean)
    sd = np.where(constant & (n >= 2), 0.0, sd)
    return Summary(n=n, mean=mean, sd=sd)
