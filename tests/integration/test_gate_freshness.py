"""The gate reads a cycle once per request or command, and still never answers from before a write.

Each test works in one app context, as a request or a CLI command does: it
asks the gate, writes (a response submitted, a response erased, a cycle
closed, a rollback), then asks again and must see the write.
"""
from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from assessment.extensions import db
from assessment.gate import filtered_result, group_result
from assessment.gate.comments import response_rates
from assessment.lookup import cycle_by_name
from assessment.models import Cycle, CycleStatus, Invitation, Organization, Response
from assessment.operations.cycles import close_cycle
from assessment.operations.responses import submit_response

CLOSED = "northwind/2026-Q3"
AS_OF = dt.date(2026, 11, 25)


def responses_of(cycle: Cycle) -> int:
    return db.session.execute(
        db.select(db.func.count()).select_from(Response).filter_by(cycle_id=cycle.id)).scalar_one()


def everyone(cycle: Cycle) -> int:
    result = filtered_result(cycle, {})
    assert result.scores is not None
    return result.scores.n


def test_a_response_erased_is_gone_from_the_next_answer(app: Flask) -> None:
    cycle = cycle_by_name(CLOSED)
    before = everyone(cycle)
    assert before == responses_of(cycle)
    db.session.delete(db.session.execute(db.select(Response).filter_by(cycle_id=cycle.id).limit(1)).scalar_one())
    assert everyone(cycle) == before - 1
    assert group_result(cycle, "organization", "all").scores is not None  # type: ignore[union-attr]


def test_a_rolled_back_erasure_is_not_remembered(app: Flask) -> None:
    cycle = cycle_by_name(CLOSED)
    before = everyone(cycle)
    db.session.execute(db.delete(Response).where(
        Response.id == db.select(Response.id).filter_by(cycle_id=cycle.id).limit(1).scalar_subquery()))
    assert everyone(cycle) == before - 1
    db.session.rollback()
    assert everyone(cycle) == before


def open_cycle_of_northwind() -> Cycle:
    return db.session.execute(
        db.select(Cycle).join(Organization).where(Organization.slug == "northwind", Cycle.status == CycleStatus.open)
    ).scalar_one()


def test_a_response_submitted_is_counted_in_the_same_request(app: Flask) -> None:
    cycle = open_cycle_of_northwind()
    answered, _ = response_rates(cycle)
    assert answered == responses_of(cycle)
    invitation = db.session.execute(
        db.select(Invitation).filter_by(cycle_id=cycle.id, completed=False).limit(1)).scalar_one()
    questionnaire = cycle.questionnaire.parsed()
    submit_response(invitation, questionnaire, {i.id: 4 for i in questionnaire.items}, {}, AS_OF)
    assert response_rates(cycle)[0] == answered + 1  # type: ignore[operator]


def test_a_cycle_closed_shows_its_results_at_once(app: Flask) -> None:
    cycle = open_cycle_of_northwind()
    answered, _ = response_rates(cycle)
    assert group_result(cycle, "organization", "all") is None
    close_cycle(cycle, AS_OF)
    overall = group_result(cycle, "organization", "all")
    assert overall is not None and overall.scores is not None and overall.scores.n == answered


def test_a_higher_minimum_withholds_at_once(app: Flask) -> None:
    cycle = cycle_by_name(CLOSED)
    shown = [t.slug for t in cycle.organization.teams
             if (r := group_result(cycle, "team", t.slug)) is not None and r.scores is not None]
    assert shown
    cycle.min_group_size = everyone(cycle) + 1
    assert all(group_result(cycle, "team", slug).reason == "too_small" for slug in shown)  # type: ignore[union-attr]


def test_each_organization_reads_its_own_responses(app: Flask) -> None:
    """Two tenants asked in one context: each answer counts that tenant's cycle only."""
    cycles = [cycle_by_name(CLOSED), cycle_by_name("adventureworks/2026-Q3")]
    counts = [everyone(c) for c in cycles] + [everyone(c) for c in reversed(cycles)]
    assert counts == [responses_of(cycles[0]), responses_of(cycles[1]), responses_of(cycles[1]),
                      responses_of(cycles[0])]
    assert counts[0] != counts[1]


def test_a_questionnaire_is_parsed_once_and_again_when_its_document_changes(app: Flask) -> None:
    stored = cycle_by_name(CLOSED).questionnaire
    first = stored.parsed()
    assert stored.parsed() is first
    stored.document = {**stored.document, "title": "Renamed for this test"}
    assert stored.parsed().title == "Renamed for this test"
    db.session.rollback()
    assert stored.parsed().title == first.title


@pytest.mark.parametrize("cycle_name", [CLOSED])
def test_the_csv_export_after_an_erasure_in_the_same_context(app: Flask, cycle_name: str) -> None:
    from assessment.gate.export import respondent_export

    cycle = cycle_by_name(cycle_name)
    rows = respondent_export(cycle)
    assert rows is not None
    db.session.delete(db.session.execute(db.select(Response).filter_by(cycle_id=cycle.id).limit(1)).scalar_one())
    again = respondent_export(cycle)
    assert again is not None and len(again.rows) == len(rows.rows) - 1
