"""Scoring a cycle once and storing the results, so pages never rescan answers."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assessment.answers import decode_answers
from assessment.extensions import db
from assessment.instrument import instrument_for
from assessment.models import Cycle, Response, ScoreSnapshot, Team
from assessment.models.organization import FUNCTIONS
from assessment.operations import analysis
from assessment.operations.analysis import GroupKey
from scoring.drivers import MIN_DRIVER_N
from scoring.groups import score_groups
from scoring.results import GroupScore


@dataclass(frozen=True)
class CycleAnswers:
    """A cycle's answers in bulk: the matrix plus who-belongs-where per row."""

    matrix: np.ndarray          # respondents x items, NaN = not answered
    team_ids: np.ndarray        # int, -1 where the team was deleted since
    functions: np.ndarray       # index into FUNCTIONS


def read_cycle_answers(cycle: Cycle) -> CycleAnswers:
    questionnaire = cycle.questionnaire.parsed()
    rows = db.session.execute(
        db.select(Response.team_id, Response.function, Response.answers).where(Response.cycle_id == cycle.id)
    ).all()
    matrix = decode_answers((r.answers for r in rows), len(questionnaire.items))
    team_ids = np.array([r.team_id if r.team_id is not None else -1 for r in rows], dtype=np.int64)
    functions = np.array([FUNCTIONS.index(r.function) for r in rows], dtype=np.int64)
    return CycleAnswers(matrix, team_ids, functions)


def write_snapshots(cycle: Cycle) -> int:
    """Replace the cycle's snapshots: organization, functions, teams, team x function.

    Each snapshot holds the group's scores plus what a report needs beside
    them: the change against the previous closed cycle, sales-marketing gaps
    (for groups holding both) and drivers (for groups of 30 or more).
    """
    instrument = instrument_for(cycle.questionnaire.parsed())
    data = read_cycle_answers(cycle)
    teams = db.session.execute(
        db.select(Team.id, Team.slug).where(Team.organization_id == cycle.organization_id).order_by(Team.id)
    ).all()
    team_slugs = {team_id: slug for team_id, slug in teams}

    scores: dict[GroupKey, GroupScore] = {}
    members: dict[GroupKey, np.ndarray] = {}
    for kind, keys, labels in _partitions(data, team_slugs):
        counted = labels >= 0
        for key, score in zip(keys, score_groups(data.matrix[counted], instrument, labels[counted], len(keys))):
            if score.n > 0 or kind == "organization":
                scores[(kind, key)] = score
                members[(kind, key)] = labels == keys.index(key)
    previous = previous_cycle(cycle)
    changes = analysis.changes(scores, _stored_scores(previous), instrument) if previous else {}
    rows = [
        {
            "cycle_id": cycle.id, "kind": kind, "key": key, "n": score.n,
            "scores": {
                **score.to_dict(),
                "previous_period": previous.period if previous and (kind, key) in changes else None,
                "changes": changes.get((kind, key), {}),
                "gaps": _gaps(kind, key, scores, instrument),
                "drivers": analysis.drivers(data.matrix[members[(kind, key)]], instrument)
                if kind != "team_function" and score.n >= MIN_DRIVER_N else None,
            },
        }
        for (kind, key), score in scores.items()
    ]
    db.session.execute(db.delete(ScoreSnapshot).where(ScoreSnapshot.cycle_id == cycle.id))
    if rows:
        db.session.execute(db.insert(ScoreSnapshot), rows)
    return len(rows)


def previous_cycle(cycle: Cycle) -> Cycle | None:
    """The organization's latest closed cycle before this one, run with the same questionnaire key."""
    candidates = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == cycle.organization_id, Cycle.period < cycle.period)
        .order_by(Cycle.period.desc())
    ).scalars()
    return next((c for c in candidates if c.has_results and c.questionnaire.key == cycle.questionnaire.key), None)


def _stored_scores(cycle: Cycle) -> dict[GroupKey, GroupScore]:
    rows = db.session.execute(
        db.select(ScoreSnapshot.kind, ScoreSnapshot.key, ScoreSnapshot.scores).filter_by(cycle_id=cycle.id)
    ).all()
    return {(kind, key): GroupScore.from_dict(data, items=False) for kind, key, data in rows}


def _gaps(kind: str, key: str, scores: dict[GroupKey, GroupScore], instrument) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Gaps for the organization (from its functions) and for a team holding both functions."""
    if kind == "organization":
        sales, marketing = scores.get(("function", "sales")), scores.get(("function", "marketing"))
    elif kind == "team":
        sales, marketing = scores.get(("team_function", f"{key}/sales")), scores.get(("team_function", f"{key}/marketing"))
    else:
        return []
    if sales is None or marketing is None:
        return []
    return analysis.gaps(sales, marketing, instrument)


def _partitions(data: CycleAnswers, team_slugs: dict[int, str]):  # type: ignore[no-untyped-def]
    """(kind, group keys, row labels) for each way of cutting the respondents.

    Rows whose label is -1 (a team deleted since) count for the organization
    and their function only.
    """
    n = len(data.team_ids)
    yield "organization", ["all"], np.zeros(n, dtype=np.int64)
    yield "function", list(FUNCTIONS), data.functions
    team_order = list(team_slugs)
    position = {team_id: i for i, team_id in enumerate(team_order)}
    team_labels = np.array([position.get(t, -1) for t in data.team_ids], dtype=np.int64)
    yield "team", [team_slugs[t] for t in team_order], team_labels
    pair_labels = np.where(team_labels >= 0, team_labels * len(FUNCTIONS) + data.functions, -1)
    pair_keys = [f"{team_slugs[t]}/{f}" for t in team_order for f in FUNCTIONS]
    yield "team_function", pair_keys, pair_labels
