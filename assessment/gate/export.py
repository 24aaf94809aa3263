"""Respondent-level export, only in a k-anonymous form.

Each row is one person's answers, so the descriptors next to it are what
could point to them. Whole columns are withheld (full-domain generalization)
until every combination of the columns kept holds at least ``min_size``
rows; the submission date is replaced by the cycle's period; comments and
ids never appear; rows are shuffled. With fewer than ``min_size`` responses
in all, there is no export.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from assessment.gate.family import DIMENSIONS
from assessment.gate.view import cycle_view, score_threshold
from assessment.models import Cycle

WITHHELD = "*"
_shuffler = random.SystemRandom()


def kept_columns(descriptors: Sequence[Sequence[str]], min_size: int) -> tuple[str, ...] | None:
    """The most informative set of descriptor columns under which every combination has ``min_size`` rows.

    More columns beat fewer; among equals, earlier DIMENSIONS (function,
    team) beat later ones. ``None`` when even no columns at all is too few.
    """
    if len(descriptors) < min_size:
        return None
    for size in range(len(DIMENSIONS), 0, -1):
        for kept in combinations(range(len(DIMENSIONS)), size):
            classes = Counter(tuple(d[i] for i in kept) for d in descriptors)
            if min(classes.values()) >= min_size:
                return tuple(DIMENSIONS[i] for i in kept)
    return ()


def coarsened(descriptors: Sequence[Sequence[str]], kept: Sequence[str]) -> list[dict[str, str]]:
    positions = {name: DIMENSIONS.index(name) for name in kept}
    return [{name: (d[positions[name]] if name in positions else WITHHELD) for name in DIMENSIONS} for d in descriptors]


@dataclass(frozen=True)
class RespondentExport:
    columns: tuple[str, ...]          # descriptor columns, then "period", then item ids
    kept: tuple[str, ...]             # the descriptor columns not withheld
    rows: tuple[dict[str, object], ...]


def respondent_export(cycle: Cycle) -> RespondentExport | None:
    """The cycle's responses as k-anonymous rows, or ``None`` while that is impossible."""
    if not cycle.has_results:
        return None
    respondents = cycle_view(cycle).respondents
    kept = kept_columns(respondents.descriptors, score_threshold(cycle))
    if kept is None:
        return None
    item_ids = [item.id for item in cycle.questionnaire.parsed().items]
    rows: list[dict[str, object]] = [
        {**labels, "period": cycle.period, **{i: _answer(v) for i, v in zip(item_ids, answers)}}
        for labels, answers in zip(coarsened(respondents.descriptors, kept), respondents.matrix)
    ]
    _shuffler.shuffle(rows)
    return RespondentExport((*DIMENSIONS, "period", *item_ids), kept, tuple(rows))


def _answer(value: float) -> int | None:
    return None if np.isnan(value) else int(value)
