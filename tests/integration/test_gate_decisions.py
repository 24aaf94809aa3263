"""The gate's decisions are stored at close and used only while the data they came from is unchanged."""
from __future__ import annotations

import pytest
from flask import Flask

from assessment.extensions import db
from assessment.gate import decisions
from assessment.gate.decisions import decide, stored_decisions
from assessment.gate.family import candidates, released_scores
from assessment.gate.reading import read_respondents
from assessment.gate.results import CycleView, score_threshold
from assessment.instrument import instrument_for
from assessment.lookup import cycle_by_name
from assessment.models import Response, ScoreSnapshot
from assessment.operations.snapshots import write_snapshots

CYCLE = "northwind/2026-Q3"


def _refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("the audit ran although the close stored its decisions")


def _fresh(cycle):  # type: ignore[no-untyped-def]
    return decide(read_respondents(cycle), instrument_for(cycle.questionnaire.parsed()), score_threshold(cycle))


def test_a_closed_cycle_is_shown_from_its_stored_decisions(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = cycle_by_name(CYCLE)
    assert stored_decisions(cycle) is not None
    fresh = _fresh(cycle)
    monkeypatch.setattr(decisions, "released_scores", _refuse)
    monkeypatch.setattr(decisions, "released_figure", _refuse)
    view = CycleView(cycle)
    assert view.shown == fresh.shown and view.allowed == fresh.allowed


def test_the_stored_row_is_no_group(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    groups = write_snapshots(cycle)
    kinds = db.session.execute(db.select(ScoreSnapshot.kind).filter_by(cycle_id=cycle.id)).scalars().all()
    assert kinds.count(decisions.KIND) == 1 and len(kinds) == groups + 1


def test_decisions_stored_for_other_inputs_are_not_used(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    respondents = read_respondents(cycle)
    instrument = instrument_for(cycle.questionnaire.parsed())
    min_size = score_threshold(cycle)
    stored = stored_decisions(cycle)
    assert stored is not None
    everything = [sorted([k, v] for k, v in g) for g in candidates(respondents.atoms)]
    expected = released_scores(respondents.atoms, min_size)
    assert everything and len(everything) > len(expected)
    for tampered in (
        {**stored, "shown": everything, "min_size": min_size - 1},
        {**stored, "shown": everything, "sizes": [s + 1 for s in stored["sizes"]]},
        {**stored, "shown": everything, "atoms": stored["atoms"][1:]},
    ):
        assert decide(respondents, instrument, min_size, tampered).shown == expected


def test_a_figure_whose_contributors_changed_is_decided_again(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    respondents = read_respondents(cycle)
    instrument = instrument_for(cycle.questionnaire.parsed())
    stored = stored_decisions(cycle)
    assert stored is not None
    fresh = _fresh(cycle)
    figures = {
        name: {"contributors": [c + 1 for c in entry["contributors"]], "shown": []}
        for name, entry in stored["figures"].items()
    }
    assert decide(respondents, instrument, score_threshold(cycle), {**stored, "figures": figures}).allowed \
        == fresh.allowed


def test_a_response_erased_after_close_is_decided_afresh(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    gone = db.session.execute(db.select(Response.id).filter_by(cycle_id=cycle.id).limit(3)).scalars().all()
    db.session.execute(db.delete(Response).where(Response.id.in_(gone)))
    db.session.flush()
    view = CycleView(cycle)
    assert view.shown == released_scores(read_respondents(cycle).atoms, score_threshold(cycle))
