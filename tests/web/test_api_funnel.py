"""The API's team answer carries the team's CRM funnel, in the documented shape and to whom may see the team."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from assessment.api.tokens import api_token
from assessment.extensions import db
from assessment.models import FunnelMetrics, Organization, Team
from assessment.operations.accounts import find_user
from tests.web.api_contract import checked

CYCLES = "/api/v1/organizations/{org}/cycles/2026-Q3/teams/{team}"


@pytest.fixture()
def bearer(app: Flask, fresh_limits: None):  # type: ignore[no-untyped-def]
    def make(email: str) -> dict[str, str]:
        user = find_user(email)
        assert user is not None
        return {"Authorization": f"Bearer {api_token(user, 7)}"}

    return make


def teams_of(slug: str) -> list[Team]:
    return list(db.session.execute(select(Organization).filter_by(slug=slug)).scalar_one().teams)


def test_a_sales_teams_answer_holds_both_periods_figures_and_rates(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    team = next(t for t in teams_of("northwind") if t.function == "sales")
    body = checked(client.get(CYCLES.format(org="northwind", team=team.slug), headers=bearer("executive@demo.example")))
    assert [f["period"] for f in body["funnel"]] == ["2026-Q2", "2026-Q3"]
    stored = db.session.execute(select(FunnelMetrics).filter_by(team_id=team.id, period="2026-Q3")).scalar_one()
    now = body["funnel"][1]
    assert (now["sal"], now["sql"], now["won"], now["inquiries"]) == (stored.sal, stored.sql, stored.won, None)
    assert now["sql_to_won"] == pytest.approx(100 * stored.won / stored.sql)
    assert now["mql_to_sql"] is None


def test_a_team_without_figures_has_an_empty_funnel(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    joint = next(t for t in teams_of("northwind") if t.function == "joint")
    body = checked(client.get(CYCLES.format(org="northwind", team=joint.slug), headers=bearer("admin@demo.example")))
    assert body["funnel"] == []


def test_other_teams_and_other_clients_answer_404_without_figures(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    other = next(t for t in teams_of("northwind") if t.id != lead.team_id and t.function == "sales")
    reply = client.get(CYCLES.format(org="northwind", team=other.slug), headers=bearer("lead@demo.example"))
    assert reply.status_code == 404 and "funnel" not in checked(reply)
    contoso = next(t for t in teams_of("contoso") if t.function == "sales")
    reply = client.get(CYCLES.format(org="contoso", team=contoso.slug), headers=bearer("executive@demo.example"))
    assert reply.status_code == 404 and "funnel" not in checked(reply)
    own = checked(client.get(CYCLES.format(org="northwind", team=lead.team.slug), headers=bearer("lead@demo.example")))
    assert own["funnel"]
