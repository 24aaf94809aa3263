"""The anonymity gate: the one way any figure leaves the database (DESIGN section 6).

Pages, exports, the API, the CLI and PDFs all ask here. A group is shown only
with at least ``cycle.min_group_size`` respondents, and within a partition
(the teams of an organization, the functions of a team, ...) further cells are
hidden until no hidden cell can be recovered by subtraction from the parent.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessment.extensions import db
from assessment.models import Cycle, ScoreSnapshot
from scoring.results import GroupScore


@dataclass(frozen=True)
class GroupResult:
    """What may be said of one group: its scores, or only that it is too small."""

    kind: str
    key: str
    scores: GroupScore | None
    min_size: int

    @property
    def suppressed(self) -> bool:
        return self.scores is None


def cells_to_hide(sizes: Mapping[str, int], min_size: int) -> set[str]:
    """Primary plus complementary suppression within one partition.

    Hidden cells must never be a lone cell, nor add up to fewer than
    ``min_size`` respondents: otherwise parent minus the shown cells would
    reveal a group that is too small. The smallest shown cells go first.
    """
    hidden = {key for key, n in sizes.items() if n < min_size}
    shown = sorted((n, key) for key, n in sizes.items() if key not in hidden)
    while hidden and shown and (len(hidden) == 1 or sum(sizes[k] for k in hidden) < min_size):
        hidden.add(shown.pop(0)[1])
    return hidden


def group_results(cycle: Cycle, kind: str, within: str | None = None) -> list[GroupResult]:
    """Every group of one partition of a closed cycle, suppressed where it must be.

    ``within`` narrows ``team_function`` cells to one team's partition.
    """
    if not cycle.has_results:
        return []
    query = db.select(ScoreSnapshot).filter_by(cycle_id=cycle.id, kind=kind).order_by(ScoreSnapshot.key)
    if within is not None:
        query = query.where(ScoreSnapshot.key.startswith(f"{within}/", autoescape=True))
    snapshots = db.session.execute(query).scalars().all()
    return _gated(cycle, kind, snapshots)


def group_result(cycle: Cycle, kind: str, key: str) -> GroupResult | None:
    """One group, judged inside its partition (hiding it may hide a sibling too)."""
    within = key.split("/")[0] if kind == "team_function" else None
    return next((r for r in group_results(cycle, kind, within) if r.key == key), None)


def _gated(cycle: Cycle, kind: str, snapshots: list[ScoreSnapshot]) -> list[GroupResult]:
    min_size = cycle.min_group_size
    if kind == "team_function":
        hidden: set[str] = set()
        for team in {s.key.split("/")[0] for s in snapshots}:
            hidden |= cells_to_hide({s.key: s.n for s in snapshots if s.key.startswith(team + "/")}, min_size)
    elif kind == "organization":
        hidden = {s.key for s in snapshots if s.n < min_size}
    else:
        hidden = cells_to_hide({s.key: s.n for s in snapshots}, min_size)
    return [
        GroupResult(kind, s.key, None if s.key in hidden else GroupScore.from_dict(s.scores), min_size)
        for s in snapshots
    ]
