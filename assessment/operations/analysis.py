"""What a close adds to each group's scores: change, perception gaps and drivers.

Orchestration only; every statistic comes from ``scoring``. Changes and gaps
are computed from group results (mean, SD, n, favorable counts), so the
previous cycle's answers are never read again.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from reports.differences import widest
from scoring.change import benjamini_hochberg
from scoring.comparisons import change_fields, gap_between
from scoring.drivers import Drivers, outcome_drivers
from scoring.gaps import Gap
from scoring.groups import RespondentScores
from scoring.instrument import Instrument

GroupKey = tuple[str, str]
Plain = dict[str, Any]  # a group as a snapshot stores it: n, index, dimensions (and items)


def changes(
    current: dict[GroupKey, Plain], previous: dict[GroupKey, Plain], instrument: Instrument
) -> dict[GroupKey, dict[str, dict[str, Any]]]:
    """Each group's change per dimension (and ``index``), q-values across the whole cycle.

    Groups are their stored form (``n``, ``index``, ``dimensions`` as plain
    dicts), so the previous cycle is compared as read from its snapshots.
    """
    labels: list[tuple[GroupKey, str]] = []
    pairs = []
    for key, score in current.items():
        before = previous.get(key)
        if before is None:
            continue
        then = before["dimensions"]
        for dimension, now, earlier in [("index", score["index"], before["index"])] + [
            (d, s, then[d]) for d, s in score["dimensions"].items() if d in then
        ]:
            labels.append((key, dimension))
            pairs.append((now, earlier))
    found = change_fields(pairs, scale_min=instrument.scale_min, scale_max=instrument.scale_max, report=True)
    result: dict[GroupKey, dict[str, dict[str, Any]]] = {}
    for (key, dimension), change in zip(labels, found):
        result.setdefault(key, {})[dimension] = change
    return result


def gaps(sales: Plain, marketing: Plain, instrument: Instrument) -> list[dict[str, Any]]:
    """Sales minus marketing per dimension and index, largest first, with BH q-values."""
    others = marketing["dimensions"]
    pairs = [("index", sales["index"], marketing["index"])] + [
        (d, s, others[d]) for d, s in sales["dimensions"].items() if d in others
    ]
    found = [gap_between(d, s, m, scale_min=instrument.scale_min, scale_max=instrument.scale_max) for d, s, m in pairs]
    present = [i for i, gap in enumerate(found) if gap.p is not None]
    q = benjamini_hochberg(np.array([found[i].p for i in present], dtype=float)) if present else []
    qs = dict(zip(present, np.asarray(q).tolist()))
    ranked = sorted(range(len(found)), key=lambda i: widest(found[i].diff))
    return [{**_plain(found[i]), "q": qs.get(i)} for i in ranked]


def drivers(answers: np.ndarray, instrument: Instrument) -> dict[str, Any] | None:
    """Shapley shares of the outcome item's R^2 across the core dimensions; None below 30."""
    return group_drivers(answers, instrument, [np.ones(len(answers), dtype=bool)])[0]


def group_drivers(answers: np.ndarray, instrument: Instrument, groups: list[np.ndarray],
                  respondents: RespondentScores | None = None) -> list[dict[str, Any] | None]:
    """``drivers`` of many groups (boolean row masks over ``answers``), solved together; ``respondents`` are
    the answers already keyed and scored (``scoring.groups.respondent_scores``), if the caller has them."""
    found = outcome_drivers(answers, instrument, groups, respondents)
    return [_plain(result) if result is not None else None for result in found]


def _plain(result: Gap | Drivers) -> dict[str, Any]:
    """``dataclasses.asdict`` for these flat results, without its recursive deep copy (thousands per close)."""
    return {name: dict(value) if isinstance(value, dict) else value for name, value in vars(result).items()}
