"""Scores of any group of a cycle, as the gate allows them: pages, exports, API, CLI and PDFs.

Snapshot groups (organization, functions, teams, team x function) keep
their materialized scores; any other filter is scored on the fly from one
bulk read. Either way the decision comes from the same released family.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from assessment.extensions import db
from assessment.gate.family import Filter, as_filter, describe, snapshot_filter
from assessment.gate.figures import dont_knows_withheld, masked
from assessment.gate.view import CycleView, cycle_view, score_threshold
from assessment.models import Cycle, ScoreSnapshot
from scoring.drivers import MIN_DRIVER_N, Drivers, outcome_drivers
from scoring.groups import score_group
from scoring.results import GroupScore

DRIVER_MIN_RESPONDENTS = MIN_DRIVER_N  # 30: a regression on fewer says nothing worth a person's privacy


@dataclass(frozen=True)
class GroupResult:
    """What may be said of one group: its scores, or only that it is withheld.

    ``reason`` says why when withheld: ``too_small`` (fewer than ``min_size``
    respondents) or ``protects_others`` (showing it would let a smaller group
    be worked out from the figures that are shown).
    """

    kind: str
    key: str
    scores: GroupScore | None
    min_size: int
    reason: str | None = None
    # Whether "Don't know" was counted (offered, and the scores stored since it is counted), even where every
    # count is withheld for being below ``min_size``.
    dont_know_counted: bool = False

    @property
    def suppressed(self) -> bool:
        return self.scores is None


def _result(view: CycleView, kind: str, key: str, group: Filter, scores: GroupScore | None) -> GroupResult:
    if group not in view.shown or scores is None:
        size = int(view.respondents.rows(group).sum())
        reason = "too_small" if size < view.min_size else "protects_others"
        return GroupResult(kind, key, None, view.min_size, reason)
    shown = masked(scores, group, view.allowed, view.instrument)
    counted = any(item.dont_know is not None for item in shown.items.values())
    return GroupResult(kind, key, dont_knows_withheld(shown, partial(view.dont_knows_of, group)), view.min_size,
                       dont_know_counted=counted)


def _scored(view: CycleView, group: Filter) -> GroupScore | None:
    respondents = view.respondents
    rows = respondents.rows(group)
    if not rows.any():
        return None
    dont_know = None if respondents.dont_know is None else respondents.dont_know[rows]
    return score_group(respondents.matrix[rows], view.instrument, dont_know)


def group_results(cycle: Cycle, kind: str, within: str | None = None) -> list[GroupResult]:
    """Every group of one snapshot partition of a closed cycle, withheld where it must be.

    ``within`` narrows ``team_function`` cells to one team's.
    """
    if not cycle.has_results:
        return []
    query = db.select(ScoreSnapshot).filter_by(cycle_id=cycle.id, kind=kind).order_by(ScoreSnapshot.key)
    if within is not None:
        query = query.where(ScoreSnapshot.key.startswith(f"{within}/", autoescape=True))
    snapshots = db.session.execute(query).scalars().all()
    if not snapshots:
        return []
    view = cycle_view(cycle)
    return [
        _result(view, kind, s.key, snapshot_filter(kind, s.key), GroupScore.from_dict(s.scores) if s.n else None)
        for s in snapshots
    ]


def group_result(cycle: Cycle, kind: str, key: str) -> GroupResult | None:
    """One snapshot group; ``None`` when it has no responses at all."""
    if not cycle.has_results:
        return None
    snapshot = db.session.execute(
        db.select(ScoreSnapshot).filter_by(cycle_id=cycle.id, kind=kind, key=key)
    ).scalar_one_or_none()
    if snapshot is None:
        return None
    scores = GroupScore.from_dict(snapshot.scores) if snapshot.n else None
    return _result(cycle_view(cycle), kind, key, snapshot_filter(kind, key), scores)


def filtered_result(cycle: Cycle, filters: Mapping[str, str]) -> GroupResult:
    """Any combination of team, function and attributes, scored now if the gate allows it.

    Raises ``FilterError`` for a dimension the gate does not know.
    """
    group = as_filter(filters)
    if not cycle.has_results:
        return GroupResult("filter", describe(group), None, score_threshold(cycle), "too_small")
    view = cycle_view(cycle)
    scores = _scored(view, group) if group in view.shown else None
    return _result(view, "filter", describe(group), group, scores)


def drivers_allowed(result: GroupResult | None) -> bool:
    """Driver analysis only for a shown group of at least 30 respondents."""
    return result is not None and result.scores is not None and result.scores.n >= DRIVER_MIN_RESPONDENTS


def group_drivers(cycle: Cycle, filters: Mapping[str, str]) -> Drivers | None:
    """Drivers of the outcome item for a group the gate shows, with 30 or more complete answers.

    Computed here, so respondent-level rows never leave the gate, and by
    ``outcome_drivers``, as the snapshot's are, so a group reads the same
    whether explored or read from its snapshot.
    """
    group = as_filter(filters)
    if not cycle.has_results:
        return None
    view = cycle_view(cycle)
    instrument = view.instrument
    if group not in view.shown or instrument.outcome_item is None:
        return None
    needed = {*instrument.core_dimensions, instrument.outcome_item}
    if any(group not in view.allowed.get(figure, frozenset({group})) for figure in needed):
        return None
    rows = view.respondents.rows(group)
    if rows.sum() < DRIVER_MIN_RESPONDENTS:
        return None
    return outcome_drivers(view.respondents.matrix, instrument, [rows])[0]
