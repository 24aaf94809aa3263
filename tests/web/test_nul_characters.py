"""A NUL character in an address or a staff form: a plain refusal that changes nothing, never a server error.

PostgreSQL cannot store one in text, so on CI's second pass each of these was a 500; SQLite stored it as sent.
"""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Organization
from tests.conftest import csrf_token
from tests.web.test_actions import _actions, _lead_team, _page


@pytest.mark.parametrize("address", ["/results/northwind%00/2026-Q3", "/manage/northwind/%00",
                                     "/results/northwind/2026-Q3/teams/x%00y"])
def test_an_address_with_a_nul_is_not_found(client: FlaskClient, login, address: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = client.get(address)
    assert reply.status_code == 404 and "There is nothing here that you can open" in reply.get_data(as_text=True)


def test_the_api_answers_a_nul_in_json(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    reply = client.get("/api/v1/organizations/northwind%00/cycles")
    assert reply.status_code == 404 and reply.is_json
    reply = client.get("/api/v1/organizations/northwind/cycles/2026-Q3/scores?kind=team%00")
    assert reply.status_code == 400 and "cannot be stored" in reply.get_json()["message"]


def test_a_form_with_a_nul_is_refused_and_nothing_is_stored(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _lead_team()
    before = len(_actions(team))
    page = client.get(_page(team.slug)).get_data(as_text=True)
    reply = client.post(f"{_page(team.slug)}/actions/new", data={
        "csrf_token": csrf_token(page), "practice": "", "title": "Pipeline\x00review", "owner": "Dana",
        "due_on": "2026-12-15", "status": "in_progress", "notes": ""})
    assert reply.status_code == 400
    assert "What was sent held a character that cannot be stored" in reply.get_data(as_text=True)
    assert len(_actions(team)) == before


def test_a_new_client_named_with_a_nul_is_refused(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = client.get("/manage/new").get_data(as_text=True)
    reply = client.post("/manage/new", data={"csrf_token": csrf_token(page), "name": "Nul\x00Co", "slug": ""})
    assert reply.status_code == 400
    assert db.session.execute(db.select(Organization).where(Organization.name.startswith("Nul"))).first() is None
