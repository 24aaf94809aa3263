"""Sufficient statistics per cell, added up into any grouping of the cells.

A close scores the same respondents four ways (organization, functions,
teams, team x function). Every grouping is a union of the finest cells the
groupings share, so the pass over respondent rows runs once, per cell, and
each grouping then adds up a few hundred cells instead of twenty thousand
rows.

Means and SDs combine with Chan's update (each cell's sum of squares about
its own mean plus its size times the squared distance to the group mean), so
nothing is computed from raw sums of squares. A cell or group whose values
are all equal keeps exactly that value as its mean and exactly 0 as its
spread, which is what lets an item everyone answered alike contribute exactly
zero to alpha.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scoring.aggregate import Partition, Summary, group_extreme, group_sum, partition
from scoring.reliability import PairMoments


@dataclass(frozen=True)
class Moments:
    """Per cell (or group) and column: count, mean, sum of squares about the mean, min and max."""

    n: np.ndarray
    mean: np.ndarray   # NaN where n == 0
    m2: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def take(self, rows: np.ndarray) -> Moments:
        return Moments(self.n[rows], self.mean[rows], self.m2[rows], self.low[rows], self.high[rows])

    def summary(self) -> Summary:
        """Count, mean and SD (ddof=1) as ``aggregate.summarize`` defines them."""
        constant = (self.n > 0) & (self.low == self.high)
        sd = np.sqrt(np.divide(self.m2, self.n - 1, out=np.full(self.n.shape, np.nan), where=self.n >= 2))
        return Summary(n=self.n, mean=self.mean, sd=np.where(constant & (self.n >= 2), 0.0, sd))


def cells_of(labelings: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each row's cell, and for each labeling the group of every cell (-1: left out).

    A cell is one distinct combination of labels across the labelings.
    """
    rows = len(labelings[0][0]) if labelings else 0
    stacked = np.stack([labels for labels, _ in labelings], axis=1) if labelings else np.zeros((0, 0), np.int64)
    if math.prod(n_groups + 1 for _, n_groups in labelings) < 2**62:
        key = np.zeros(rows, dtype=np.int64)  # one mixed-radix integer per combination: a flat sort
        for labels, n_groups in labelings:
            key = key * (n_groups + 1) + (labels + 1)
        cell = np.unique(key, return_inverse=True)[1].reshape(-1)
    else:
        cell = np.unique(stacked, axis=0, return_inverse=True)[1].reshape(-1)
    first_row = np.zeros(cell.max() + 1 if rows else 0, dtype=np.int64)
    first_row[cell] = np.arange(rows)  # any row of each cell will do
    return cell, [stacked[first_row, i] for i in range(len(labelings))]


def moments(part: Partition, values: np.ndarray) -> Moments:
    """Moments per group of sorted-row ``values`` (NaN = missing), centred on each group's mean."""
    answered = ~np.isnan(values)
    n = group_sum(part, answered.astype(float))
    total = group_sum(part, np.where(answered, values, 0.0))
    low = group_extreme(part, values, largest=False)
    high = group_extreme(part, values, largest=True)
    mean = _exact_mean(total, n, low, high)
    centred = np.where(answered, values - np.nan_to_num(mean)[part.labels], 0.0)
    return Moments(n, mean, group_sum(part, centred * centred), low, high)


def combine(part: Partition, cells: Moments) -> Moments:
    """Groups of sorted cells: Chan's update of count, mean and sum of squares."""
    n = group_sum(part, cells.n)
    cell_means = np.nan_to_num(cells.mean)
    low = group_extreme(part, cells.low, largest=False)
    high = group_extreme(part, cells.high, largest=True)
    mean = _exact_mean(group_sum(part, cells.n * cell_means), n, low, high)
    distance = cell_means - np.nan_to_num(mean)[part.labels]
    m2 = group_sum(part, cells.m2 + cells.n * distance * distance)
    return Moments(n, mean, np.where((n > 0) & (low == high), 0.0, m2), low, high)


def combine_pairs(part: Partition, cells: PairMoments, cell_means: np.ndarray, group_means: np.ndarray) -> PairMoments:
    """Groups of sorted cells, re-centred from each cell's item means on its group's.

    With ``d`` the cell mean minus the group mean, a value about the group's
    mean is the value about the cell's plus ``d``, so over the rows answering
    both i and j: ``sums' = sums + count d_i`` and
    ``cross' = cross + d_j sums_ij + d_i sums_ji + count d_i d_j``. An item
    constant across the group has zero sums and zero ``d``, so its
    covariances stay exactly zero.
    """
    d = np.nan_to_num(cell_means) - np.nan_to_num(group_means)[part.labels]
    di, dj = d[:, :, None], d[:, None, :]
    sums = cells.sums + cells.count * di
    cross = cells.cross + dj * cells.sums + di * np.swapaxes(cells.sums, 1, 2) + cells.count * di * dj
    return PairMoments(
        group_sum(part, cells.count), group_sum(part, sums), group_sum(part, cross),
        group_sum(part, cells.answered_any),
    )


def regroup(group_of_cell: np.ndarray, n_groups: int) -> tuple[Partition, np.ndarray]:
    """The partition of the kept cells into groups, and which cells it holds, in its order."""
    kept = np.flatnonzero(group_of_cell != -1)
    part = partition(group_of_cell[kept], n_groups)
    return part, kept[part.order]


def _exact_mean(total: np.ndarray, n: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Total over count, NaN where empty, and exactly the shared value where all values are equal."""
    mean = np.divide(total, n, out=np.full(n.shape, np.nan), where=n > 0)
    return np.where((n > 0) & (low == high), low, mean)
