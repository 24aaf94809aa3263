"""Item- and dimension-level figures: the same rule, applied to the people behind each figure.

A group of twelve can be shown while one item in it was answered by two:
that item's mean is then two people's answers. Every figure (item,
dimension, index) has its own population, the respondents who contribute to
it; where that is not everyone, the audit runs again over that population and
the figure is blanked in the groups where it would expose someone.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from assessment.gate.family import Filter
from scoring.groups import INDEX, respondent_dimension_scores, respondent_index
from scoring.instrument import Instrument
from scoring.keying import key_answers
from scoring.results import DimensionScore, GroupScore, ItemScore


def contributors(matrix: np.ndarray, instrument: Instrument) -> dict[str, np.ndarray]:
    """Per figure, which respondents it is computed from."""
    keyed = key_answers(matrix, instrument)
    dims = respondent_dimension_scores(keyed, instrument)
    index = respondent_index(dims, instrument)
    found = {item: ~np.isnan(matrix[:, i]) for i, item in enumerate(instrument.item_ids)}
    found |= {d: ~np.isnan(dims[:, j]) for j, d in enumerate(instrument.dimensions)}
    found[INDEX] = ~np.isnan(index)
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


def few_dont_knows_withheld(scores: GroupScore, min_size: int) -> GroupScore:
    """Each statement's "Don't know" count only where at least ``min_size`` people chose it (else ``None``).

    The audit bounds the people behind a figure, not what a count says about every one of them: a count of
    zero, the usual one, tells that nobody in the group chose "Don't know", and beside a small count in a
    group crossing it, could single out the one person who did. Withholding counts below the minimum group
    makes a zero look like any other few.
    """
    few = {k: replace(v, dont_know=None) for k, v in scores.items.items()
           if v.dont_know is not None and v.dont_know < min_size}
    return replace(scores, items={**scores.items, **few}) if few else scores
