"""What the gate lets a report say beside a group's scores: change, gaps, drivers.

These come from the snapshot written at close, and each is released only
when every group it was computed from is shown too: a change needs last
cycle's group, a gap needs both the sales and the marketing cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessment.extensions import db
from assessment.gate.results import DRIVER_MIN_RESPONDENTS, GroupResult, group_result
from assessment.models import Cycle, ScoreSnapshot
from scoring.change import Change
from scoring.drivers import Drivers
from scoring.gaps import Gap
from scoring.results import GroupScore


@dataclass(frozen=True)
class GroupAnalysis:
    previous_period: str | None = None
    changes: dict[str, Change] = field(default_factory=dict)   # by dimension id and "index"
    previous_scores: dict[str, float | None] = field(default_factory=dict)  # what the changes start from, shown
    gap_q: dict[str, float | None] = field(default_factory=dict)
    gaps: tuple[Gap, ...] = ()                                 # largest first
    drivers: Drivers | None = None


def group_analysis(cycle: Cycle, result: GroupResult | None) -> GroupAnalysis:
    if result is None or result.scores is None:
        return GroupAnalysis()
    extras = _extras(cycle, result.kind, result.key)
    changes: dict[str, Change] = {}
    previous_scores: dict[str, float | None] = {}
    previous_period = extras.get("previous_period")
    previous = _previous_scores(cycle.organization_id, previous_period, result.kind, result.key)
    if previous is not None:
        changes = {d: Change(**c) for d, c in extras.get("changes", {}).items()}
        previous_scores = {"index": previous.index.score} | {d: s.score for d, s in previous.dimensions.items()}
    gaps = tuple(Gap(**{k: v for k, v in g.items() if k != "q"}) for g in extras.get("gaps", []))
    if gaps and not _both_functions_shown(cycle, result):
        gaps = ()
    drivers = extras.get("drivers")
    return GroupAnalysis(
        previous_period=previous_period if changes else None,
        changes=changes,
        previous_scores=previous_scores,
        gap_q={g["dimension"]: g.get("q") for g in extras.get("gaps", [])} if gaps else {},
        gaps=gaps,
        drivers=Drivers(**drivers) if drivers and result.scores.n >= DRIVER_MIN_RESPONDENTS else None,
    )


def _extras(cycle: Cycle, kind: str, key: str) -> dict[str, Any]:
    scores = db.session.execute(
        db.select(ScoreSnapshot.scores).filter_by(cycle_id=cycle.id, kind=kind, key=key)
    ).scalar_one_or_none()
    return scores or {}


def _previous_scores(organization_id: int, period: str | None, kind: str, key: str) -> GroupScore | None:
    """The group's scores of the earlier cycle, if the gate shows them there."""
    if not period:
        return None
    previous = db.session.execute(
        db.select(Cycle).filter_by(organization_id=organization_id, period=period)
    ).scalar_one_or_none()
    found = group_result(previous, kind, key) if previous is not None else None
    return found.scores if found is not None else None


def _both_functions_shown(cycle: Cycle, result: GroupResult) -> bool:
    if result.kind == "organization":
        cells = [("function", "sales"), ("function", "marketing")]
    else:
        cells = [("team_function", f"{result.key}/sales"), ("team_function", f"{result.key}/marketing")]
    return all((found := group_result(cycle, kind, key)) is not None and found.scores is not None
               for kind, key in cells)
