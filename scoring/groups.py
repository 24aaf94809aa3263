"""Group scores: respondent scores per dimension, the alignment index, and the
per-group figures every page, export and PDF shows.

``score_groups`` computes any number of groups in one vectorized pass (rows
sorted by group, sums over contiguous runs); ``score_group`` is simply its
one-group case, so a team page and a batch recompute can never disagree.
Overlapping groupings (organization, functions, teams, team x function) are
scored by stacking the rows once per grouping: ``score_groups(answers[rows],
instrument, labels, n_groups)``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from scoring.aggregate import Partition, Summary, group_sum, partition, summarize
from scoring.instrument import Instrument
from scoring.intervals import t_bounds, to_score, wilson_bounds
from scoring.keying import key_answers
from scoring.reliability import group_alpha
from scoring.results import DimensionScore, GroupScore, Interval, ItemScore, plain_score

INDEX = "index"  # the dimension name carried by GroupScore.index


def _membership(instrument: Instrument) -> np.ndarray:
    """Items x dimensions 0/1 matrix (the outcome item belongs to none)."""
    member = np.zeros((len(instrument.item_ids), len(instrument.dimensions)))
    position = {d: j for j, d in enumerate(instrument.dimensions)}
    for i, dimension in enumerate(instrument.item_dimensions):
        if dimension is not None:
            member[i, position[dimension]] = 1.0
    return member


def _core_columns(instrument: Instrument) -> list[int]:
    return [instrument.dimensions.index(d) for d in instrument.core_dimensions]


def _mean_of_at_least_half(values: np.ndarray, member: np.ndarray) -> np.ndarray:
    """Per row, the mean of the answered columns in each set; NaN when fewer than half answered."""
    answered = ~np.isnan(values)
    count = answered.astype(float) @ member
    total = np.where(answered, values, 0.0) @ member
    size = member.sum(axis=0)
    enough = (count > 0) & (2 * count >= size)
    return np.divide(total, count, out=np.full(count.shape, np.nan), where=enough)


def respondent_dimension_scores(keyed: np.ndarray, instrument: Instrument) -> np.ndarray:
    """Respondents x dimensions (raw scale): the mean of the answered items of each dimension.

    NaN when the respondent answered fewer than half of the dimension's items:
    one answer out of six says too little about the dimension.
    """
    return _mean_of_at_least_half(np.asarray(keyed, dtype=float), _membership(instrument))


def respondent_index(dim_scores: np.ndarray, instrument: Instrument) -> np.ndarray:
    """Per respondent, the alignment index: the mean of the core dimension scores (raw scale).

    Missing rule, the same as one level down: the index is the mean of the core
    dimensions the respondent has a score on, and NaN when fewer than half of
    the core dimensions have one. Requiring every core dimension would drop a
    respondent from the index for skipping one block, which in small teams
    costs more than it protects.
    """
    core = np.asarray(dim_scores, dtype=float)[:, _core_columns(instrument)]
    if core.shape[1] == 0:
        return np.full(core.shape[0], np.nan)
    return _mean_of_at_least_half(core, np.ones((core.shape[1], 1)))[:, 0]


def score_group(answers: np.ndarray, instrument: Instrument) -> GroupScore:
    """Score one group of respondents (raw answers, NaN = missing)."""
    rows = np.asarray(answers).shape[0] if np.ndim(answers) == 2 else 0
    return score_groups(answers, instrument, np.zeros(rows, dtype=np.intp), 1)[0]


def score_groups(
    answers: np.ndarray, instrument: Instrument, labels: np.ndarray, n_groups: int
) -> list[GroupScore]:
    """Score ``n_groups`` disjoint groups at once; ``labels[r]`` is respondent r's group.

    Returns one GroupScore per label 0..n_groups-1 (an empty group gets n=0
    and no figures). All heavy work is array arithmetic over all groups; the
    only per-group loop builds the result objects.

    Definitions beyond DESIGN.md section 5: the index's favorable share is
    over every answered item of the core dimensions; the index's alpha treats
    each core dimension score as one part; Feldt's n is the number of the
    group's respondents who answered at least one item of the scale.
    """
    tables = score_partition(answers, instrument, labels, n_groups)
    return [tables.group(g) for g in range(n_groups)]


def score_partition(
    answers: np.ndarray, instrument: Instrument, labels: np.ndarray, n_groups: int
) -> GroupTables:
    """What ``score_groups`` computes, as tables: result objects are built only when asked for.

    A close stores every group's results as JSON and compares dimensions
    only, so it reads ``GroupTables.to_dict`` and ``GroupTables.summary``
    and never builds the thousands of item objects.
    """
    return score_partitions(answers, instrument, [(labels, n_groups)])[0]


def score_partitions(
    answers: np.ndarray, instrument: Instrument, labelings: list[tuple[np.ndarray, int]]
) -> list[GroupTables]:
    """``score_partition`` for several ways of grouping the same respondents (a close has four).

    Keying and respondent scores do not depend on the grouping, so they are
    computed once. A label of -1 leaves the respondent out of that grouping
    (a close's team groupings skip people whose team was removed).
    """
    keyed = key_answers(answers, instrument)
    dims = _mean_of_at_least_half(keyed, _membership(instrument))
    index = respondent_index(dims, instrument)[:, None]
    tables = []
    for labels, n_groups in labelings:
        labels = np.asarray(labels)
        if labels.shape != (keyed.shape[0],):
            raise ValueError("labels must hold one group per respondent")
        counted = labels != -1
        part = partition(labels[counted], n_groups)
        rows = np.flatnonzero(counted)[part.order]
        tables.append(_score_sorted(part, keyed[rows], dims[rows], index[rows], instrument))
    return tables


def _score_sorted(
    part: Partition, keyed: np.ndarray, dims: np.ndarray, index: np.ndarray, instrument: Instrument
) -> GroupTables:
    """Every group's tables from respondent rows already sorted by ``part``."""
    member = _membership(instrument)
    core = _core_columns(instrument)
    items = summarize(part, keyed)
    dim_summary = summarize(part, dims)
    index_summary = summarize(part, index)

    favorable = group_sum(part, (keyed >= instrument.favorable_from).astype(float))
    dim_favorable = favorable @ member
    dim_responses = items.n @ member
    core_member = member[:, core].sum(axis=1, keepdims=True)
    index_favorable = favorable @ core_member
    index_responses = items.n @ core_member

    alphas = [
        group_alpha(part, keyed[:, columns], items.mean[:, columns])
        for columns in (member[:, j] > 0 for j in range(member.shape[1]))
    ]
    index_alpha = group_alpha(part, dims[:, core], dim_summary.mean[:, core])

    scale = (instrument.scale_min, instrument.scale_max)
    return GroupTables(
        instrument,
        part.counts.tolist(),
        _Table(items, favorable, items.n, None, scale),
        _Table(dim_summary, dim_favorable, dim_responses, alphas, scale),
        _Table(index_summary, index_favorable, index_responses, [index_alpha], scale),
    )


class GroupTables:
    """Every group's results of one ``score_partition`` call, built per group on demand."""

    def __init__(self, instrument: Instrument, counts: list[int], items: _Table, dims: _Table, index: _Table) -> None:
        self.instrument, self.counts = instrument, counts
        self._items, self._dims, self._index = items, dims, index
        self._dim_objects = dims.dimensions(instrument.dimensions)
        self._index_objects = index.dimensions((INDEX,))

    def summary(self, g: int) -> GroupScore:
        """Group g's index and dimensions, without item results (what changes and gaps read)."""
        n_dims = len(self.instrument.dimensions)
        return GroupScore(
            n=self.counts[g],
            index=self._index_objects[g],
            dimensions=dict(zip(self.instrument.dimensions, self._dim_objects[g * n_dims:(g + 1) * n_dims])),
        )

    def group(self, g: int) -> GroupScore:
        n_items = len(self.instrument.item_ids)
        items = self._items.items(self.instrument.item_ids, range(g * n_items, (g + 1) * n_items))
        summary = self.summary(g)
        return GroupScore(n=summary.n, index=summary.index, dimensions=summary.dimensions,
                          items=dict(zip(self.instrument.item_ids, items)))

    def to_dict(self, g: int) -> dict[str, Any]:
        """``self.group(g).to_dict()``, built from the tables without the result objects."""
        summary = self.summary(g)
        n_items = len(self.instrument.item_ids)
        return {
            "n": summary.n,
            "index": plain_score(summary.index),
            "dimensions": {k: plain_score(v) for k, v in summary.dimensions.items()},
            "items": self._items.item_dicts(self.instrument.item_ids, g * n_items),
        }


def _plain(array: np.ndarray) -> list[float | None]:
    """Flatten to Python floats, NaN/inf -> None: the one place NaN is turned away."""
    finite = np.where(np.isfinite(array), array, np.nan)
    return [None if v != v else v for v in finite.ravel().tolist()]


def _intervals(low: np.ndarray, high: np.ndarray) -> list[Interval | None]:
    return [
        None if lo is None or hi is None else Interval(low=lo, high=hi)
        for lo, hi in zip(_plain(low), _plain(high))
    ]


class _Table:
    """All figures of one kind (items, dimensions or index) for all groups, flattened.

    Entry ``g * columns + j`` belongs to group g, column j. Whole arrays are
    converted to Python lists up front so that building the result objects
    is one cheap comprehension per kind rather than work per group.
    """

    def __init__(
        self,
        summary: Summary,
        favorable: np.ndarray,
        responses: np.ndarray,
        alphas: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None,
        scale: tuple[int, int],
    ) -> None:
        fav_low, fav_high = wilson_bounds(favorable, responses)
        share = np.divide(
            favorable, responses, out=np.full(responses.shape, np.nan), where=responses > 0
        )
        self.summary, self.scale, self.alphas = summary, scale, alphas
        self.n = summary.n.astype(int).ravel().tolist()
        self.mean = _plain(summary.mean)
        self.score = _plain(np.clip(to_score(summary.mean, *scale), 0, 100))
        self.sd = _plain(summary.sd)
        self.favorable = _plain(share * 100)
        self.favorable_ci = _intervals(fav_low * 100, fav_high * 100)
        self.favorable_count = np.rint(favorable).astype(int).ravel().tolist()
        self.responses = responses.astype(int).ravel().tolist()
        self.width = summary.n.shape[1]

    def dimensions(self, names: tuple[str, ...]) -> list[DimensionScore]:
        """Dimension (or index) results, with the t and Feldt intervals items do not carry."""
        low, high = t_bounds(self.summary.mean, self.summary.sd, self.summary.n)
        ci = _intervals(
            np.clip(to_score(low, *self.scale), 0, 100),
            np.clip(to_score(high, *self.scale), 0, 100),
        )
        alphas = self.alphas or []
        alpha = _plain(np.stack([a[0] for a in alphas], axis=1))
        alpha_ci = _intervals(
            np.stack([a[1] for a in alphas], axis=1), np.stack([a[2] for a in alphas], axis=1)
        )
        return [
            DimensionScore(
                dimension=names[k % self.width],
                n=self.n[k],
                mean=self.mean[k],
                score=self.score[k],
                sd=self.sd[k],
                ci=ci[k],
                favorable=self.favorable[k],
                favorable_ci=self.favorable_ci[k],
                alpha=alpha[k],
                alpha_ci=alpha_ci[k],
                favorable_count=self.favorable_count[k],
                responses=self.responses[k],
            )
            for k in range(len(self.n))
        ]

    def items(self, names: tuple[str, ...], entries: range) -> list[ItemScore]:
        return [
            ItemScore(
                item=names[k % self.width],
                n=self.n[k],
                mean=self.mean[k],
                score=self.score[k],
                sd=self.sd[k],
                favorable=self.favorable[k],
                favorable_ci=self.favorable_ci[k],
                favorable_count=self.favorable_count[k],
            )
            for k in entries
        ]

    def item_dicts(self, names: tuple[str, ...], first: int) -> dict[str, dict[str, Any]]:
        """Item results of one group as ``plain_score`` gives them, from the lists directly."""
        return {
            name: {
                "item": name,
                "n": self.n[k],
                "mean": self.mean[k],
                "score": self.score[k],
                "sd": self.sd[k],
                "favorable": self.favorable[k],
                "favorable_ci": None if (ci := self.favorable_ci[k]) is None else {"low": ci.low, "high": ci.high},
                "favorable_count": self.favorable_count[k],
            }
            for k, name in enumerate(names, start=first)
        }
