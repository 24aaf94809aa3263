"""Group scores: respondent scores per dimension, the alignment index, and the
per-group figures every page, export and PDF shows.

``score_groups`` computes any number of groups in one vectorized pass (rows
sorted by group, sums over contiguous runs); ``score_group`` is simply its
one-group case, so a team page and a batch recompute can never disagree.
Overlapping groupings (organization, functions, teams, team x function) are
scored together by ``score_partitions``: the rows are summed once per cell
(one combination of labels), and each grouping adds up its cells
(``scoring.cells``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from scoring.aggregate import Partition, Summary, group_sum, partition
from scoring.cells import cells_of, combine, combine_pairs, moments, regroup
from scoring.instrument import Instrument
from scoring.intervals import per_person, t_bounds, to_score, wilson_bounds
from scoring.keying import key_answers
from scoring.reliability import PairMoments, alpha_and_bounds, pair_moments
from scoring.results import DimensionScore, GroupScore, Interval, ItemScore, item_from_dict

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


def _at_least_half(answered: np.ndarray, member: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, how many columns of each set were answered, and whether that is at least half the set."""
    count = answered.astype(float) @ member
    return count, (count > 0) & (2 * count >= member.sum(axis=0))


def _mean_of_at_least_half(values: np.ndarray, member: np.ndarray) -> np.ndarray:
    """Per row, the mean of the answered columns in each set; NaN when fewer than half answered."""
    answered = ~np.isnan(values)
    count, enough = _at_least_half(answered, member)
    total = np.where(answered, values, 0.0) @ member
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


@dataclass(frozen=True)
class RespondentScores:
    """Each respondent's keyed answers, dimension scores and alignment index (raw scale, NaN = missing).

    What every grouping of a cycle and its driver analysis start from: a close works them out once
    (``respondent_scores``) and hands them to ``score_partitions`` and ``drivers.outcome_drivers``.
    """

    keyed: np.ndarray        # respondents x items
    dimensions: np.ndarray   # respondents x dimensions
    index: np.ndarray        # respondents


def respondents_with_scores(answers: np.ndarray, instrument: Instrument) -> tuple[np.ndarray, np.ndarray]:
    """Who has a score: respondents x dimensions, and per respondent the index (both boolean).

    Exactly where ``respondent_dimension_scores`` and ``respondent_index`` are
    not NaN, by the same rule (half the items, half the core dimensions), from
    which answers are missing alone: the gate asks who stands behind each
    figure, and needs no keying and no means for that.
    """
    answered = ~np.isnan(np.asarray(answers, dtype=float))
    dimensions = _at_least_half(answered, _membership(instrument))[1]
    core = dimensions[:, _core_columns(instrument)]
    if core.shape[1] == 0:
        return dimensions, np.zeros(core.shape[0], dtype=bool)
    return dimensions, _at_least_half(core, np.ones((core.shape[1], 1)))[1][:, 0]


def respondent_scores(answers: np.ndarray, instrument: Instrument) -> RespondentScores:
    """Key ``answers`` (raw, NaN = missing; refused off the scale) and score every respondent."""
    keyed = key_answers(answers, instrument)
    dimensions = _mean_of_at_least_half(keyed, _membership(instrument))
    return RespondentScores(keyed, dimensions, respondent_index(dimensions, instrument))


def score_group(answers: np.ndarray, instrument: Instrument, dont_know: np.ndarray | None = None) -> GroupScore:
    """Score one group of respondents (raw answers, NaN = missing; ``dont_know`` as in ``score_partitions``)."""
    rows = np.asarray(answers).shape[0] if np.ndim(answers) == 2 else 0
    return score_groups(answers, instrument, np.zeros(rows, dtype=np.intp), 1, dont_know)[0]


def score_groups(
    answers: np.ndarray, instrument: Instrument, labels: np.ndarray, n_groups: int,
    dont_know: np.ndarray | None = None,
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
    tables = score_partition(answers, instrument, labels, n_groups, dont_know)
    return [tables.group(g) for g in range(n_groups)]


def score_partition(
    answers: np.ndarray, instrument: Instrument, labels: np.ndarray, n_groups: int,
    dont_know: np.ndarray | None = None,
) -> GroupTables:
    """What ``score_groups`` computes, as tables: result objects are built only when asked for.

    A close stores every group's results as JSON and compares dimensions
    only, so it reads ``GroupTables.to_dict`` and ``GroupTables.summary``
    and never builds the thousands of item objects.
    """
    return score_partitions(answers, instrument, [(labels, n_groups)], dont_know)[0]


def score_partitions(
    answers: np.ndarray, instrument: Instrument, labelings: list[tuple[np.ndarray, int]],
    dont_know: np.ndarray | None = None,
    respondents: RespondentScores | None = None,
) -> list[GroupTables]:
    """``score_partition`` for several ways of grouping the same respondents (a close has four).

    Keying and respondent scores do not depend on the grouping, so they are
    computed once (or given as ``respondents``, ``respondent_scores`` of
    these ``answers``, by a caller that needs them too), and so are the
    sufficient statistics of every cell (one combination of labels): each
    grouping only adds up its cells. A label of -1 leaves the respondent
    out of that grouping (a close's team groupings skip people whose team
    was removed).

    ``dont_know`` marks, respondents x items, the answers that were the
    scale's "Don't know" (NaN in ``answers``, like a skipped item): each
    item result then counts them. Without it (a questionnaire that offers
    no such choice) the count is ``None``, not zero.
    """
    if not labelings:
        return []
    scored = respondents if respondents is not None else respondent_scores(answers, instrument)
    keyed, dims, index = scored.keyed, scored.dimensions, scored.index[:, None]
    if keyed.shape != np.shape(answers):
        raise ValueError("respondents must be the scores of these answers")
    labelings = [(_checked(labels, n_groups, keyed.shape[0]), n_groups) for labels, n_groups in labelings]
    cell, group_of_cell = cells_of(labelings)
    part = partition(cell, len(group_of_cell[0]))
    unsure = None if dont_know is None else _checked_mask(dont_know, answers)[part.order]
    cells = _CellStatistics(part, keyed[part.order], dims[part.order], index[part.order], instrument, unsure)
    return [cells.tables(*regroup(groups, n_groups)) for groups, (_, n_groups) in zip(group_of_cell, labelings)]


def _checked_mask(dont_know: np.ndarray, answers: np.ndarray) -> np.ndarray:
    mask = np.asarray(dont_know, dtype=bool)
    if mask.shape != np.shape(answers):
        raise ValueError("dont_know must mark one answer per respondent and item")
    return mask


def _checked(labels: np.ndarray, n_groups: int, rows: int) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.shape != (rows,):
        raise ValueError("labels must hold one group per respondent")
    if labels.size and not np.issubdtype(labels.dtype, np.integer):
        raise ValueError("labels must be integers")
    if n_groups < 0 or (labels.size and (labels.min() < -1 or labels.max() >= n_groups)):
        raise ValueError(f"labels must lie in [0, {n_groups}) or be -1")
    return labels.astype(np.int64)


class _CellStatistics:
    """Everything a group's figures are built from, per cell, from rows sorted by cell."""

    def __init__(
        self, part: Partition, keyed: np.ndarray, dims: np.ndarray, index: np.ndarray, instrument: Instrument,
        dont_know: np.ndarray | None = None,
    ) -> None:
        member = _membership(instrument)
        self.instrument, self.member, self.core = instrument, member, _core_columns(instrument)
        self.blocks = [np.flatnonzero(member[:, j]) for j in range(member.shape[1])]
        self.sizes = part.counts.astype(float)
        self.items, self.dims, self.index = moments(part, keyed), moments(part, dims), moments(part, index)
        self.favorable = group_sum(part, (keyed >= instrument.favorable_from).astype(float))
        self.dont_know = None if dont_know is None else group_sum(part, dont_know.astype(float))
        self.item_pairs = [pair_moments(part, keyed[:, cols], self.items.mean[:, cols]) for cols in self.blocks]
        self.index_pairs = pair_moments(part, dims[:, self.core], self.dims.mean[:, self.core])

    def tables(self, part: Partition, cells: np.ndarray) -> GroupTables:
        """The figures of the groups ``part`` makes of the ``cells`` (sorted by group)."""
        items, dims, index = (combine(part, m.take(cells)) for m in (self.items, self.dims, self.index))
        favorable = group_sum(part, self.favorable[cells])
        dim_favorable = favorable @ self.member
        dim_responses = items.n @ self.member
        core_member = self.member[:, self.core].sum(axis=1, keepdims=True)
        alphas = [
            self._alpha(part, pairs.take(cells), self.items.mean[cells][:, cols], items.mean[:, cols])
            for pairs, cols in zip(self.item_pairs, self.blocks)
        ]
        index_alpha = self._alpha(
            part, self.index_pairs.take(cells), self.dims.mean[cells][:, self.core], dims.mean[:, self.core]
        )
        scale = (self.instrument.scale_min, self.instrument.scale_max)
        dont_know = None if self.dont_know is None else group_sum(part, self.dont_know[cells])
        return GroupTables(
            self.instrument,
            np.rint(group_sum(part, self.sizes[cells])).astype(int).tolist(),
            _Table(items.summary(), favorable, items.n, None, scale, dont_know),
            _Table(dims.summary(), dim_favorable, dim_responses, alphas, scale),
            _Table(index.summary(), favorable @ core_member, items.n @ core_member, [index_alpha], scale),
        )

    @staticmethod
    def _alpha(
        part: Partition, cells: PairMoments, cell_means: np.ndarray, group_means: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Alpha and its Feldt bounds per group, from the cells' pair statistics."""
        k = cell_means.shape[1]
        if k < 2:
            undefined = np.full(part.n_groups, np.nan)
            return undefined, undefined, undefined
        return alpha_and_bounds(combine_pairs(part, cells, cell_means, group_means), k)


class GroupTables:
    """Every group's results of one ``score_partition`` call, built per group on demand."""

    def __init__(self, instrument: Instrument, counts: list[int], items: _Table, dims: _Table, index: _Table) -> None:
        self.instrument, self.counts = instrument, counts
        self._items, self._dims, self._index = items, dims, index

    def summary(self, g: int) -> GroupScore:
        """Group g's index and dimensions, without item results."""
        names = self.instrument.dimensions
        dimensions = self._dims.dimensions(names, range(g * len(names), (g + 1) * len(names)))
        return GroupScore(
            n=self.counts[g],
            index=self._index.dimensions((INDEX,), range(g, g + 1))[0],
            dimensions=dict(zip(names, dimensions)),
        )

    def group(self, g: int) -> GroupScore:
        n_items = len(self.instrument.item_ids)
        items = self._items.items(self.instrument.item_ids, g * n_items)
        summary = self.summary(g)
        return GroupScore(n=summary.n, index=summary.index, dimensions=summary.dimensions,
                          items=dict(zip(self.instrument.item_ids, items)))

    def to_dict(self, g: int) -> dict[str, Any]:
        """``self.group(g).to_dict()``, built from the tables without the result objects."""
        names, n_items = self.instrument.dimensions, len(self.instrument.item_ids)
        return {
            "n": self.counts[g],
            "index": self._index.dimension_dicts((INDEX,), g)[INDEX],
            "dimensions": self._dims.dimension_dicts(names, g * len(names)),
            "items": self._items.item_dicts(self.instrument.item_ids, g * n_items),
        }


def _plain(array: np.ndarray) -> list[float | None]:
    """Flatten to Python floats, NaN/inf -> None: the one place NaN is turned away."""
    flat = np.asarray(array, dtype=float).ravel()
    plain = flat.astype(object)
    plain[~np.isfinite(flat)] = None
    return plain.tolist()


def _interval(low: float | None, high: float | None) -> Interval | None:
    return None if low is None or high is None else Interval(low=low, high=high)


def _bounds(low: float | None, high: float | None) -> dict[str, float] | None:
    """An interval as ``plain_score`` stores it."""
    return None if low is None or high is None else {"low": low, "high": high}


class _Table:
    """All figures of one kind (items, dimensions or index) for all groups, flattened.

    Entry ``g * columns + j`` belongs to group g, column j. Whole arrays are
    converted to Python lists up front, so a group's results (objects for a
    page, plain dicts for a close) are read out of lists, built only for the
    groups asked for.
    """

    def __init__(
        self,
        summary: Summary,
        favorable: np.ndarray,
        responses: np.ndarray,
        alphas: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None,
        scale: tuple[int, int],
        dont_know: np.ndarray | None = None,
    ) -> None:
        fav_low, fav_high = wilson_bounds(*per_person(favorable, responses, summary.n))
        share = np.divide(
            favorable, responses, out=np.full(responses.shape, np.nan), where=responses > 0
        )
        self.summary, self.scale, self.alphas = summary, scale, alphas
        self.n = summary.n.astype(int).ravel().tolist()
        self.mean = _plain(summary.mean)
        self.score = _plain(np.clip(to_score(summary.mean, *scale), 0, 100))
        self.sd = _plain(summary.sd)
        self.favorable = _plain(share * 100)
        # Bounds stay plain: a close turns them into JSON, and only a page builds Interval objects.
        self.favorable_low, self.favorable_high = _plain(fav_low * 100), _plain(fav_high * 100)
        self.favorable_count = np.rint(favorable).astype(int).ravel().tolist()
        self.responses = responses.astype(int).ravel().tolist()
        counted = None if dont_know is None else np.rint(dont_know).astype(int).ravel().tolist()
        self.dont_know: list[int | None] = [*counted] if counted is not None else [None] * len(self.n)
        self.width = summary.n.shape[1]

    def dimensions(self, names: tuple[str, ...], entries: range) -> list[DimensionScore]:
        """Dimension (or index) results, with the t and Feldt intervals items do not carry."""
        return [DimensionScore(**self._dimension_fields(k, names[k % self.width], _interval)) for k in entries]

    def dimension_dicts(self, names: tuple[str, ...], first: int) -> dict[str, dict[str, Any]]:
        """Dimension (or index) results of one group as ``plain_score`` gives them, from the lists directly."""
        return {name: self._dimension_fields(k, name, _bounds) for k, name in enumerate(names, start=first)}

    def items(self, names: tuple[str, ...], first: int) -> list[ItemScore]:
        """Item results of one group as objects, for a page: ``item_dicts`` read back as a snapshot is."""
        return [item_from_dict(fields) for fields in self.item_dicts(names, first).values()]

    def item_dicts(self, names: tuple[str, ...], first: int) -> dict[str, dict[str, Any]]:
        """Item results of one group as ``plain_score`` gives them, the one place an item's fields are listed.

        One pass over the group's slice of each list, not a call and an index per field: a close builds some
        16,000 of these. Most of their cost is the dicts themselves (two per item), which the stored JSON needs.
        """
        at = slice(first, first + len(names))
        return {
            name: {"item": name, "n": n, "mean": mean, "score": score, "sd": sd, "favorable": favorable,
                   "favorable_ci": None if low is None or high is None else {"low": low, "high": high},
                   "favorable_count": count, "dont_know": dont_know}
            for name, n, mean, score, sd, favorable, low, high, count, dont_know in zip(
                names, self.n[at], self.mean[at], self.score[at], self.sd[at], self.favorable[at],
                self.favorable_low[at], self.favorable_high[at], self.favorable_count[at], self.dont_know[at])
        }

    def _dimension_fields(
        self, k: int, name: str, interval: Callable[[float | None, float | None], Any]
    ) -> dict[str, Any]:
        """Entry k as the fields of a ``DimensionScore``; ``interval`` makes an Interval, or its plain dict."""
        ci_low, ci_high, alpha, alpha_low, alpha_high = self._intervals
        return {
            "dimension": name,
            "n": self.n[k],
            "mean": self.mean[k],
            "score": self.score[k],
            "sd": self.sd[k],
            "ci": interval(ci_low[k], ci_high[k]),
            "favorable": self.favorable[k],
            "favorable_ci": interval(self.favorable_low[k], self.favorable_high[k]),
            "alpha": alpha[k],
            "alpha_ci": interval(alpha_low[k], alpha_high[k]),
            "favorable_count": self.favorable_count[k],
            "responses": self.responses[k],
        }

    @cached_property
    def _intervals(self) -> tuple[list[float | None], ...]:
        """The t interval on 0-100, alpha and its Feldt bounds, for every entry at once (dimension tables only)."""
        low, high = t_bounds(self.summary.mean, self.summary.sd, self.summary.n)
        alphas = self.alphas or []
        return (
            _plain(np.clip(to_score(low, *self.scale), 0, 100)),
            _plain(np.clip(to_score(high, *self.scale), 0, 100)),
            *(_plain(np.stack([a[i] for a in alphas], axis=1)) for i in range(3)),
        )
