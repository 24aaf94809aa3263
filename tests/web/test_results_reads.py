"""How often a page reads a cycle's answers: once per cycle it shows, however many groups it asks about.

Every ask of the gate used to read and decode all of a cycle's responses
again: 21 times for one team page, half the page's time. These tests count
the reads themselves, at the database, so the saving cannot quietly go.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.api.tokens import api_token
from assessment.extensions import db
from assessment.gate import group_result
from assessment.lookup import cycle_by_name
from assessment.models import Team
from assessment.operations.accounts import find_user

CYCLE = "northwind/2026-Q3"


@contextmanager
def answer_reads() -> Iterator[Counter[tuple[object, ...]]]:
    """Counts the statements that read the answers column, per cycle (their parameters)."""
    reads: Counter[tuple[object, ...]] = Counter()

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and "response.answers" in statement:
            values = parameters.values() if isinstance(parameters, dict) else parameters
            reads[tuple(values)] += 1

    sa.event.listen(sa.Engine, "before_cursor_execute", count)
    try:
        yield reads
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", count)


def a_shown_team() -> Team:
    cycle = cycle_by_name(CYCLE)
    return next(t for t in cycle.organization.teams if (r := group_result(cycle, "team", t.slug)) and r.scores)


@pytest.fixture()
def staff(client: FlaskClient, login) -> FlaskClient:  # type: ignore[no-untyped-def]
    return login(client, "admin")


@pytest.mark.parametrize("path", [
    "/results/northwind/2026-Q3",
    "/results/northwind/2026-Q3/teams/{team}",
    "/results/northwind/2026-Q3/explore?function=sales",
    "/results/northwind/2026-Q3/scores.csv",
])
def test_a_page_reads_each_cycle_it_shows_once(staff: FlaskClient, path: str) -> None:
    team = a_shown_team().slug
    with answer_reads() as reads:
        page = staff.get(path.format(team=team))
    assert page.status_code == 200
    assert reads, "the page read no answers at all: the count no longer sees the gate's read"
    assert max(reads.values()) == 1, f"a cycle's answers were read {max(reads.values())} times for one page"


def test_an_api_answer_reads_its_cycle_once(client: FlaskClient, fresh_limits: None) -> None:
    team = a_shown_team().slug
    user = find_user("admin@demo.example")
    assert user is not None
    headers = {"Authorization": f"Bearer {api_token(user, 7)}"}
    with answer_reads() as reads:
        reply = client.get(f"/api/v1/organizations/northwind/cycles/2026-Q3/teams/{team}", headers=headers)
    assert reply.status_code == 200
    assert reads and max(reads.values()) == 1


def test_the_next_request_reads_afresh(staff: FlaskClient) -> None:
    """Nothing is kept between requests: each page reads its cycle itself."""
    with answer_reads() as reads:
        staff.get("/results/northwind/2026-Q3")
        staff.get("/results/northwind/2026-Q3")
    cycle = cycle_by_name(CYCLE)
    assert [n for key, n in reads.items() if cycle.id in key] == [2]


def test_a_team_plan_reads_each_cycle_once(app: Flask) -> None:
    from assessment.documents import team_plan_input

    cycle, team = cycle_by_name(CYCLE), a_shown_team()
    with answer_reads() as reads:
        plan = team_plan_input(cycle, team)
    assert plan is not None and reads and max(reads.values()) == 1


def test_a_page_parses_its_questionnaire_once(staff: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored questionnaire never changes: the team page used to parse it 48 times."""
    from assessment.models import questionnaire

    parses: Counter[str] = Counter()
    real = questionnaire.parse_questionnaire

    def counted(document, *, source):  # type: ignore[no-untyped-def]
        parses[source] += 1
        return real(document, source=source)

    team = a_shown_team().slug
    db.session.expire_all()  # as a request starts: nothing loaded yet, whatever this test read before
    monkeypatch.setattr(questionnaire, "parse_questionnaire", counted)
    page = staff.get(f"/results/northwind/2026-Q3/teams/{team}")
    assert page.status_code == 200 and parses
    assert max(parses.values()) == 1, parses
