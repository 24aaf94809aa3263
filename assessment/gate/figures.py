"""Item- and dimension-level figures: the same rule, applied to the people behind each figure.

A group of twelve can be shown while one item in it was answered by two:
that item's mean is then two people's answers. Every figure (item,
dimension, index) has its own population, the respondents who contribute to
it; where that is not everyone, the audit runs again over that population and
the figure is blanked in the groups where it would expose someone.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace

import numpy as np

from assessment.gate.family import ORGANIZATION, Filter
from assessment.gate.reading import CycleRespondents
from scoring.groups import INDEX, respondents_with_scores
from scoring.instrument import Instrument
from scoring.results import DimensionScore, GroupScore, ItemScore


def contributors(matrix: np.ndarray, instrument: Instrument) -> dict[str, np.ndarray]:
    """Per figure, which respondents it is computed from.

    Who has an item, a dimension or the index depends only on which answers are missing
    (``respondents_with_scores``), so nothing is keyed or averaged here: this runs at every close and whenever
    a page takes a cycle's decisions. Each figure's column is laid out whole, not read across every row.
    """
    dimensions, index = respondents_with_scores(matrix, instrument)
    found = dict(zip(instrument.item_ids, (~np.isnan(matrix)).T.copy()))
    found |= dict(zip(instrument.dimensions, dimensions.T.copy()))
    found[INDEX] = index
    return found


def masked(
    scores: GroupScore, group: Filter, allowed: dict[str, frozenset[Filter]], instrument: Instrument,
) -> GroupScore:
    """The group's scores with every figure it may not show blanked (n=0, no values)."""
    hidden = {figure for figure, groups in allowed.items() if group not in groups}
    if not hidden:
        return scores
    items = {k: ItemScore(item=k, n=0) if k in hidden else v for k, v in scores.items.items()}
    dimensions = {
        k: _dimension(v, hidden, [instrument.item_ids[c] for c in instrument.columns_of(k)])
        for k, v in scores.dimensions.items()
    }
    core_items = [i for i, d in zip(instrument.item_ids, instrument.item_dimensions) if d in instrument.core_dimensions]
    return replace(scores, items=items, dimensions=dimensions, index=_dimension(scores.index, hidden, core_items))


def _dimension(score: DimensionScore, hidden: set[str], items: list[str]) -> DimensionScore:
    """Blank the score if its own population is too thin; blank the favorable share if any item is.

    The favorable count of a dimension is the sum of its items' counts, so a
    hidden item would be the dimension's count minus the shown items'.
    """
    if score.dimension in hidden:
        return DimensionScore(dimension=score.dimension, n=0)
    if hidden.intersection(items):
        return replace(score, favorable=None, favorable_ci=None, favorable_count=0, responses=0,
                       alpha=None, alpha_ci=None)
    return score


def dont_knows_withheld(scores: GroupScore, released: Callable[[], frozenset[str]]) -> GroupScore:
    """The group's "Don't know" counts of the ``released`` statements only (``released_dont_knows``).

    ``released`` is asked only when an item result is first read: most pages (the home page's headlines, the
    trends) read the index and dimensions alone, and the release is worked out over the whole cycle.
    """
    if all(item.dont_know is None for item in scores.items.values()):
        return scores
    # A read-only mapping where ``GroupScore`` declares a dict: nothing writes into a group's item results.
    return replace(scores, items=DontKnowsReleased(scores.items, released))  # type: ignore[arg-type]


class DontKnowsReleased(Mapping[str, ItemScore]):
    """A group's item results, each "Don't know" count not ``released`` withheld (``None``) when first read.

    The same statements in the same order as the results it wraps; an item is only ever handed out with its
    count decided, so nothing reads a count the gate would withhold.
    """

    def __init__(self, items: Mapping[str, ItemScore], released: Callable[[], frozenset[str]]) -> None:
        self._items = items
        self._released: Callable[[], frozenset[str]] | None = released
        self._decided: dict[str, ItemScore] | None = None

    def _withheld(self) -> dict[str, ItemScore]:
        if self._decided is None:
            assert self._released is not None
            released = self._released()
            self._decided = {k: replace(v, dont_know=None) if v.dont_know is not None and k not in released else v
                             for k, v in self._items.items()}
            self._released = None  # the view it came from is no longer needed
        return self._decided

    def __getitem__(self, item: str) -> ItemScore:
        return self._withheld()[item]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._withheld()!r})"


def released_dont_knows(
    respondents: CycleRespondents, instrument: Instrument, min_size: int,
    shown: frozenset[Filter], allowed: dict[str, frozenset[Filter]],
) -> dict[Filter, frozenset[str]]:
    """Per group of the snapshot partitions, the statements whose "Don't know" count may be given.

    The audit bounds the people behind a figure, not what a count says about every one of them: a count of
    zero, the usual one, tells that nobody in the group chose "Don't know", and beside a small count in a
    group crossing it, named the one person who did. So a count is given only from ``min_size`` on, and only
    where what the counts withheld in each partition (organization into functions or teams, a function or a
    team into its team x function cells) add up to ``min_size`` or more, or to nothing that could be worked
    out: a zero or a few cannot be had by subtraction either. Combinations of filters, which cross the roster's
    attributes in too many ways to check, get none.
    """
    if respondents.dont_know is None:
        return {}
    partitions, counts, members = _partitions_counted(respondents)
    span = _Span(members)
    released: dict[Filter, set[str]] = {}
    for column, item in enumerate(instrument.item_ids):
        count = {group: int(per_item[column]) for group, per_item in counts.items()}
        figure_shown = allowed.get(item)
        given = {group for group in counts if group in shown and count[group] >= min_size
                 and (figure_shown is None or group in figure_shown)}
        for group in _without_small_remainders(given, partitions, count, min_size, span):
            released.setdefault(group, set()).add(item)
    return {group: frozenset(items) for group, items in released.items()}


Partition = tuple[Filter, list[Filter]]


def _partitions_counted(
    respondents: CycleRespondents,
) -> tuple[list[Partition], dict[Filter, np.ndarray], dict[Filter, np.ndarray]]:
    """(parent, children holding anyone) for each way the snapshot groups split one another, each group's
    "Don't know" count per item, summed once per team x function cell (a big cycle has hundreds of groups),
    and each group as the cells it adds up (0/1 over the cells holding anyone), to tell what the others give."""
    assert respondents.dont_know is not None
    functions, function_of = np.unique([d[0] for d in respondents.descriptors], return_inverse=True)
    teams, team_of = np.unique([d[1] for d in respondents.descriptors], return_inverse=True)  # "" for no team
    cells = np.zeros((len(teams), len(functions), respondents.dont_know.shape[1]), dtype=np.int64)
    np.add.at(cells, (team_of, function_of), respondents.dont_know)
    people = np.zeros((len(teams), len(functions)), dtype=np.int64)
    np.add.at(people, (team_of, function_of), 1)
    function = [frozenset({("function", str(f))}) for f in functions]
    team = {i: frozenset({("team", str(t))}) for i, t in enumerate(teams) if t}
    pair = {(i, j): team[i] | function[j] for i in team for j in range(len(functions)) if people[i, j]}
    counts: dict[Filter, np.ndarray] = {ORGANIZATION: cells.sum(axis=(0, 1))}
    counts |= {group: cells[:, j].sum(axis=0) for j, group in enumerate(function)}
    counts |= {group: cells[i].sum(axis=0) for i, group in team.items()}
    counts |= {group: cells[i, j] for (i, j), group in pair.items()}
    partitions: list[Partition] = [(ORGANIZATION, function), (ORGANIZATION, list(team.values()))]
    partitions += [(group, [p for (_, pj), p in pair.items() if pj == j]) for j, group in enumerate(function)]
    partitions += [(group, [p for (pi, _), p in pair.items() if pi == i]) for i, group in team.items()]
    held = people > 0
    cell_team, cell_function = np.nonzero(held)
    members = {ORGANIZATION: np.ones(len(cell_team))}
    members |= {group: (cell_function == j).astype(float) for j, group in enumerate(function)}
    members |= {group: (cell_team == i).astype(float) for i, group in team.items()}
    members |= {group: ((cell_team == i) & (cell_function == j)).astype(float) for (i, j), group in pair.items()}
    return partitions, counts, members


def _without_small_remainders(given: set[Filter], partitions: list[Partition], count: dict[Filter, int],
                              min_size: int, span: _Span) -> set[Filter]:
    """``given`` less what must be withheld besides, so that no count below ``min_size``, of a group or of what a
    partition leaves, can be worked out: each pass withholds, for every count that gives one away, the smallest
    count given that it is worked out from (all of them in one pass: one at a time, a cycle of 200 teams took
    seven hundred passes, seconds on its first page)."""
    given = set(given)
    while gaps := _small_remainders(given, partitions, count, min_size, span):
        given -= {min(gap, key=count.__getitem__) for gap in gaps}
    return given


def _small_remainders(given: set[Filter], partitions: list[Partition], count: dict[Filter, int],
                      min_size: int, span: _Span) -> list[list[Filter]]:
    """For each count below ``min_size`` that the counts given let be worked out, the counts given it follows from.

    Known is whatever adds and subtracts from the counts given, across partitions too: t0's joint cell is
    joint's count minus t1's joint cell, which is t1's count minus t1's marketing cell.
    """
    known = span.known(given)
    small = [group for group in known - given if count[group] < min_size]
    if small:
        return span.behind(small, given)
    gaps, behind = [], []
    for parent, children in partitions:
        unknown = [c for c in children if c not in known]
        if parent not in known or not unknown:
            continue
        if count[parent] - sum(count[c] for c in children if c in known) < min_size:
            direct = [c for c in (parent, *children) if c in given]
            if direct:
                gaps.append(direct)
            else:   # a parent known only from other counts: withholding one of those makes it unknown
                behind.append(parent)
    return gaps + (span.behind(behind, given) if behind else [])


class _Span:
    """Which snapshot groups' counts follow, by adding and subtracting, from a set of counts given."""

    def __init__(self, members: dict[Filter, np.ndarray]) -> None:
        self.groups = list(members)
        self.matrix = np.array([members[g] for g in self.groups]).reshape(len(self.groups), -1)
        self.row = {g: i for i, g in enumerate(self.groups)}
        self._known: dict[frozenset[Filter], set[Filter]] = {}   # many statements share one set of counts given

    def _rows(self, given: set[Filter]) -> tuple[list[Filter], np.ndarray]:
        ordered = sorted(given, key=self.row.__getitem__)
        return ordered, self.matrix[[self.row[g] for g in ordered]]

    def known(self, given: set[Filter]) -> set[Filter]:
        key = frozenset(given)
        if key not in self._known:
            self._known[key] = self._span_of(given) | set(given) if given else set()
        return self._known[key]

    def _span_of(self, given: set[Filter]) -> set[Filter]:
        """The groups whose cells add up from the given groups'.

        A given team x function group is one cell, known outright: its column is set aside first, and what is
        left to decompose is only the cells not given one by one (an SVD over every group and cell took two
        seconds a page for a cycle of 200 teams; this takes a few milliseconds). Exact: a group is in the span
        exactly when its part outside the given cells is in the span of the other given groups' parts.
        """
        _, rows = self._rows(given)
        single = (rows != 0).sum(axis=1) == 1
        open_cells = ~np.any(rows[single] != 0, axis=0)
        rest, matrix = rows[~single][:, open_cells], self.matrix[:, open_cells]
        if rest.size and np.any(rest):
            _, values, vt = np.linalg.svd(rest, full_matrices=False)
            basis = vt[values > 1e-9 * max(values.max(), 1.0)]
            matrix = matrix - (matrix @ basis.T) @ basis
        found = np.linalg.norm(matrix, axis=1) < 1e-7
        return {g for g, ok in zip(self.groups, found) if ok}

    def behind(self, groups: list[Filter], given: set[Filter]) -> list[list[Filter]]:
        """For each of ``groups``, the counts given that its count is worked out from (all of them, should none
        stand out); one least-squares solve for them all."""
        ordered, rows = self._rows(given)
        wanted = self.matrix[[self.row[g] for g in groups]].T
        coefficients, *_ = np.linalg.lstsq(rows.T, wanted, rcond=None)
        return [[g for g, c in zip(ordered, column) if abs(c) > 1e-9] or ordered for column in coefficients.T]
