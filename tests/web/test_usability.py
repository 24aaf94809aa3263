"""What a user reads on the pages: honest promises, controls that say what they act on, errors tied to their field."""
from __future__ import annotations

import html as htmllib
import re

from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Action, Cycle, Organization
from assessment.operations.accounts import find_user
from questionnaires.builtin import load_builtin
from tests.conftest import csrf_token

QUESTIONNAIRE = load_builtin()
PERIOD = "2026-Q3"


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


# --- The employee's survey ------------------------------------------------------


# --- Forms of the console and the actions -----------------------------------------


def _lead_page(client: FlaskClient, login) -> tuple[str, list[Action]]:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    cycle = db.session.execute(db.select(Cycle).join(Organization).where(
        Organization.slug == "northwind", Cycle.period == PERIOD)).scalar_one()
    actions = list(db.session.execute(db.select(Action).filter_by(team_id=lead.team.id, cycle_id=cycle.id)).scalars())
    return client.get(f"/results/northwind/{PERIOD}/teams/{lead.team.slug}").get_data(as_text=True), actions


# --- Figures as the PDFs print them ------------------------------------------------


# --- Where to go next -----------------------------------------------------------------


def test_an_open_cycle_on_the_home_page_says_when_results_come_and_leads_a_consultant_to_it(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    html = client.get("/").get_data(as_text=True)
    item = re.search(r'<li>\s*<a href="/manage/northwind/2026-Q4">2026-Q4</a>(.*?)</li>', html, re.S)
    assert item and "results when it closes" in _text(item.group(1))


def test_an_executive_sees_the_open_cycle_without_a_console_link(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    html = client.get("/").get_data(as_text=True)
    assert "/manage/" not in html
    assert "2026-Q4" in html and "results when it closes" in html


def test_the_next_step_of_each_client_is_a_link(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = client.get("/manage/").get_data(as_text=True)
    row = re.search(r"Northwind Traders</a>.*?</tr>", page, re.S)
    assert row
    last_cell = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)[-1]
    assert re.search(r'<a href="/manage/northwind/2026-Q4">(Send \d+ invitations|Remind, then close by)', last_cell)


def test_the_demo_accounts_carry_their_column_names_for_a_phone(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    table = re.search(r'<table class="credentials">.*?</table>', html, re.S)
    assert table
    for label in ("Role", "Email", "Password", "Sees"):
        assert table.group(0).count(f'data-label="{label}"') == 4
