"""Scoring a cycle once and storing the results, so pages never rescan answers."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assessment.blas import one_blas_thread
from assessment.collector import no_cycle_collection
from assessment.extensions import db
from assessment.gate.decisions import KEY as DECISIONS_KEY
from assessment.gate.decisions import KIND as DECISIONS_KIND
from assessment.gate.decisions import as_snapshot, decide
from assessment.gate.reading import read_respondents
from assessment.gate.results import score_threshold
from assessment.instrument import instrument_for
from assessment.models import Cycle, Response, ScoreSnapshot, Team
from assessment.models.organization import FUNCTIONS
from assessment.models.snapshot import GROUP_KINDS
from assessment.operations import analysis
from assessment.operations.analysis import GroupKey, Plain
from scoring.drivers import MIN_DRIVER_N
from scoring.groups import respondent_scores, score_partitions


def write_snapshots(cycle: Cycle) -> int:
    """Replace the cycle's snapshots: organization, functions, teams, team x function.

    Each snapshot holds the group's scores plus what a report needs beside
    them: the change against the previous closed cycle, sales-marketing gaps
    (for groups holding both) and drivers (for groups of 30 or more).
    """
    with one_blas_thread(), no_cycle_collection():
        return _write_snapshots(cycle)


def _write_snapshots(cycle: Cycle) -> int:
    instrument = instrument_for(cycle.questionnaire.parsed())
    respondents = read_respondents(cycle)
    team_slugs = db.session.execute(
        db.select(Team.slug).where(Team.organization_id == cycle.organization_id).order_by(Team.id)
    ).scalars().all()
    matrix = respondents.matrix

    scores: dict[GroupKey, Plain] = {}          # each group as stored: n, index, dimensions, items
    groups: dict[GroupKey, int] = {}             # the group's label within its partition
    labels_of: dict[str, np.ndarray] = {}        # each partition's row labels, for the drivers' groups
    partitions = list(_partitions(respondents.descriptors, team_slugs))
    each = respondent_scores(matrix, instrument)   # keyed and scored once, for the groups and their drivers
    scored = score_partitions(matrix, instrument, [(labels, len(keys)) for _, keys, labels in partitions],
                              respondents.dont_know, respondents=each)
    for (kind, keys, labels), tables in zip(partitions, scored):
        labels_of[kind] = labels
        for g, key in enumerate(keys):
            if tables.counts[g] > 0 or kind == "organization":
                scores[(kind, key)] = tables.to_dict(g)
                groups[(kind, key)] = g
    previous = previous_cycle(cycle)
    changes = analysis.changes(scores, _stored_scores(previous), instrument) if previous else {}
    with_drivers = [key for key, score in scores.items() if key[0] != "team_function" and score["n"] >= MIN_DRIVER_N]
    rows_by_label = {kind: _rows_by_label(labels) for kind, labels in labels_of.items()}
    rows_of = [rows_by_label[kind][groups[(kind, key)]] for kind, key in with_drivers]
    drivers = dict(zip(with_drivers, analysis.group_drivers(matrix, instrument, rows_of, each)))
    rows = [
        {
            "cycle_id": cycle.id, "kind": kind, "key": key, "n": score["n"],
            "scores": {
                **score,
                "previous_period": previous.period if previous and (kind, key) in changes else None,
                "changes": changes.get((kind, key), {}),
                "gaps": _gaps(kind, key, scores, instrument),
                "drivers": drivers.get((kind, key)),
            },
        }
        for (kind, key), score in scores.items()
    ]
    min_size = score_threshold(cycle)
    decisions = decide(respondents, instrument, min_size)
    gate = {"cycle_id": cycle.id, "kind": DECISIONS_KIND, "key": DECISIONS_KEY, "n": len(matrix),
            "scores": as_snapshot(decisions, respondents.atoms, min_size)}
    db.session.execute(db.delete(ScoreSnapshot).where(ScoreSnapshot.cycle_id == cycle.id))
    db.session.execute(db.insert(ScoreSnapshot), [*rows, gate])
    return len(rows)


def _rows_by_label(labels: np.ndarray) -> dict[int, np.ndarray]:
    """Each label's row indices, ascending: a group's rows without a pass over every respondent per group."""
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return {int(labels[rows[0]]): rows for rows in np.split(order, bounds) if rows.size}


def previous_cycle(cycle: Cycle) -> Cycle | None:
    """The organization's latest closed cycle before this one that anybody answered, run with the same
    questionnaire key: a quarter nobody answered has nothing to compare with, and must not hide the one before."""
    answered = db.select(Response.id).where(Response.cycle_id == Cycle.id).exists()
    candidates = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == cycle.organization_id, Cycle.period < cycle.period, answered)
        .order_by(Cycle.period.desc())
    ).scalars()
    return next((c for c in candidates if cycle.may_show_beside(c) and c.questionnaire.key == cycle.questionnaire.key),
                None)


def _stored_scores(cycle: Cycle) -> dict[GroupKey, Plain]:
    """The previous cycle's group results as far as a change needs them: n, index and dimensions.

    Only the index and dimensions are read out of the stored JSON; the item
    results, the bulk of each snapshot, stay in the database.
    """
    rows = db.session.execute(
        db.select(ScoreSnapshot.kind, ScoreSnapshot.key, ScoreSnapshot.n,
                  ScoreSnapshot.scores["index"], ScoreSnapshot.scores["dimensions"])
        .where(ScoreSnapshot.cycle_id == cycle.id, ScoreSnapshot.kind.in_(GROUP_KINDS))
    ).all()
    return {(kind, key): {"n": n, "index": index, "dimensions": dimensions}
            for kind, key, n, index, dimensions in rows}


def _gaps(kind: str, key: str, scores: dict[GroupKey, Plain], instrument) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
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


def _partitions(descriptors: Sequence[Sequence[str]], team_slugs: Sequence[str]):  # type: ignore[no-untyped-def]
    """(kind, group keys, row labels) for each way of cutting the respondents.

    ``descriptors`` are the gate's (function, team slug, ...) per row; rows
    whose team is gone (label -1) count for the organization and their
    function only.
    """
    n = len(descriptors)
    yield "organization", ["all"], np.zeros(n, dtype=np.int64)
    function_of = {f: i for i, f in enumerate(FUNCTIONS)}
    functions = np.array([function_of[d[0]] for d in descriptors], dtype=np.int64)
    yield "function", list(FUNCTIONS), functions
    position = {slug: i for i, slug in enumerate(team_slugs)}
    team_labels = np.array([position.get(d[1], -1) for d in descriptors], dtype=np.int64)
    yield "team", list(team_slugs), team_labels
    pair_labels = np.where(team_labels >= 0, team_labels * len(FUNCTIONS) + functions, -1)
    pair_keys = [f"{slug}/{f}" for slug in team_slugs for f in FUNCTIONS]
    yield "team_function", pair_keys, pair_labels
