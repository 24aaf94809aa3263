"""What the gate lets a report say beside a group's scores: change, gaps, drivers.

These come from the snapshot written at close, and each is released only
when every group it was computed from is shown too: a change needs last
cycle's group, a gap needs both the sales and the marketing cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assessment.extensions import db
from assessment.gate.results import DRIVER_MIN_RESPONDENTS, GroupResult, group_result
from assessment.models import Cycle, ScoreSnapshot
from scoring.change import Change
from scoring.drivers import Drivers
from scoring.gaps import Gap
from reports.differences import shown_change, widest
from scoring.results import DimensionScore, GroupScore


@dataclass(frozen=True)
class GroupAnalysis:
    previous_period: str | None = None
    changes: dict[str, Change] = field(default_factory=dict)   # by dimension id and "index"
    previous_scores: dict[str, float | None] = field(default_factory=dict)  # what the changes start from, shown
    gap_q: dict[str, float | None] = field(default_factory=dict)
    gaps: tuple[Gap, ...] = ()                                 # widest first, as printed
    gap_scores: dict[str, tuple[float, float]] = field(default_factory=dict)  # (sales, marketing) it is the gap of
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
        changes = _shown_changes(extras.get("changes", {}), result.scores, previous)
        previous_scores = {"index": previous.index.score} | {d: s.score for d, s in previous.dimensions.items()}
    gaps = tuple(Gap(**{k: v for k, v in g.items() if k != "q"}) for g in extras.get("gaps", []))
    functions = _function_scores(cycle, result) if gaps else None
    if functions is None:
        gaps = ()
    drivers = extras.get("drivers")
    gap_scores = _gap_scores(*functions) if functions is not None else {}
    # A gap beside a blanked function score would give it back (the shown side minus the gap, or the two
    # with the parent's score): only dimensions both functions show.
    gaps = tuple(gap for gap in gaps if gap.dimension in gap_scores)
    return GroupAnalysis(
        previous_period=previous_period if changes else None,
        changes=changes,
        previous_scores=previous_scores,
        gap_q={g["dimension"]: g.get("q") for g in extras.get("gaps", []) if g["dimension"] in gap_scores},
        gaps=widest_as_printed(gaps, gap_scores),
        gap_scores=gap_scores,
        drivers=Drivers(**drivers) if drivers and result.scores.n >= DRIVER_MIN_RESPONDENTS
        and _all_shown(result.scores, drivers) else None,
    )


def _figures(scores: GroupScore) -> dict[str, DimensionScore]:
    return {"index": scores.index, **scores.dimensions}


def _shown_changes(stored: dict[str, Any], current: GroupScore, previous: GroupScore) -> dict[str, Change]:
    """The stored changes, less what the gate blanks in either cycle.

    A change is computed at the close from unmasked scores; beside the other cycle's shown figure it would
    give a blanked one back (last quarter's score plus the change). So a change is given only where both
    scores are shown, and its favorable part only where both favorable shares are.
    """
    now, before = _figures(current), _figures(previous)
    changes = {}
    for key, change in stored.items():
        a, b = now.get(key), before.get(key)
        if a is None or b is None or a.score is None or b.score is None:
            continue
        found = Change(**change)
        if a.favorable is None or b.favorable is None:
            found = replace(found, favorable_diff=None, favorable_p=None, favorable_q=None,
                            favorable_meaningful=False)
        changes[key] = found
    return changes


def _all_shown(scores: GroupScore, drivers: dict[str, Any]) -> bool:
    """Drivers only where every dimension they weigh is shown in the group, as ``results.group_drivers`` asks."""
    figures = _figures(scores)
    return all(key in figures and figures[key].score is not None for key in drivers.get("relative", {}))


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


def _function_scores(cycle: Cycle, result: GroupResult) -> tuple[GroupScore, GroupScore] | None:
    """The group's sales and its marketing scores, or None unless the gate shows both."""
    if result.kind == "organization":
        cells = [("function", "sales"), ("function", "marketing")]
    else:
        cells = [("team_function", f"{result.key}/sales"), ("team_function", f"{result.key}/marketing")]
    found = [group_result(cycle, kind, key) for kind, key in cells]
    sales, marketing = (f.scores if f is not None else None for f in found)
    return (sales, marketing) if sales is not None and marketing is not None else None


def _gap_scores(sales: GroupScore, marketing: GroupScore) -> dict[str, tuple[float, float]]:
    """What a page prints a gap beside, so it can show their difference as printed."""
    pairs = {"index": (sales.index.score, marketing.index.score)} | {
        d: (s.score, marketing.dimensions[d].score) for d, s in sales.dimensions.items()
        if d in marketing.dimensions}
    return {d: (s, m) for d, (s, m) in pairs.items() if s is not None and m is not None}


def widest_as_printed(gaps: tuple[Gap, ...], gap_scores: dict[str, tuple[float, float]]) -> tuple[Gap, ...]:
    """The gaps widest first by the difference a page prints, of the two rounded scores beside it
    (``reports.differences.widest``); where a function's scores are withheld, the exact one rounded."""
    def printed(gap: Gap) -> tuple[bool, float, float]:
        pair = gap_scores.get(gap.dimension)
        shown = shown_change(*pair) if pair else (None if gap.diff is None else float(round(gap.diff)))
        return widest(shown, gap.diff)
    return tuple(sorted(gaps, key=printed))
