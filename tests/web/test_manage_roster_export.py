"""The roster downloaded from the console as the import's file: imported unchanged, it changes nobody."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import Participant, Team
from assessment.operations.roster_csv import template_csv
from tests.web.test_manage_roster import confirm, northwind, upload

DOWNLOAD = "/manage/northwind/roster/export.csv"
#: A team name a spreadsheet must not split, unquote or mangle, and attribute bands with accents.
TRICKY = (
    "email,team,function,team_name,parent,region,tenure_band\n"
    'zoe.leclerc@northwind.example,ventes-idf,sales,"Ventes ""Île-de-France"", Nord",field-force,Zoë,1-3 years\n'
    "bjorn.ostrom@northwind.example,ventes-idf,sales,,,Åland,1-3 years\n"
)
#: Cells a spreadsheet would take for formulas, all of them values the import accepts.
FORMULAS = (
    "email,team,function,team_name,role_level,tenure_band\n"
    '-ops@northwind.example,formula-team,joint,"=HYPERLINK(""http://evil.example"",""open"")",+manager,-\n'
    "=cmd|calc@northwind.example,formula-team,joint,,=1+1,-\n"
)


def preview_counts(page: str) -> dict[str, int]:
    return {label: int(value) for value, label in
            re.findall(r'<div class="value">(\d+)</div>\s*<div class="label">([^<]+)</div>', page)}


def people() -> int:
    return db.session.execute(
        select(func.count()).select_from(Participant).where(Participant.organization_id == northwind().id)
    ).scalar_one()


def imported(client: FlaskClient, text: str) -> None:
    assert confirm(client, upload(client, text).get_data(as_text=True)).status_code == 302


def test_the_roster_page_offers_the_download_in_the_templates_columns(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert f'href="{DOWNLOAD}">Download the roster (CSV)</a>' in client.get("/manage/northwind/roster").get_data(
        as_text=True)
    reply = client.get(DOWNLOAD)
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert reply.headers["Content-Disposition"] == (
        f'attachment; filename="northwind-roster-{dt.date.today().isoformat()}.csv"')
    assert reply.headers["Cache-Control"] == "no-store"
    text = reply.get_data().decode("utf-8-sig")
    assert text.splitlines()[0] == template_csv().splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == people()
    someone = db.session.execute(select(Participant).where(Participant.organization_id == northwind().id)
                                 .limit(1)).scalar_one()
    row = next(r for r in rows if r["email"] == someone.email)
    assert (row["team"], row["function"]) == (someone.team.slug, someone.function)
    assert {k: v for k, v in row.items() if k in someone.attributes} == someone.attributes


def test_the_download_imported_unchanged_changes_nobody_even_with_erasure_ticked(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    everyone = people()
    page = upload(client, client.get(DOWNLOAD).get_data(), remove_missing=True).get_data(as_text=True)
    assert preview_counts(page) == {"added": 0, "moved or changed": 0, "unchanged": everyone, "erased": 0,
                                    "teams created": 0}
    assert "Teams renamed or moved" not in page
    assert "Nothing would change: the roster already holds everyone in this file" in page


def test_a_team_name_with_a_comma_quotes_and_accents_survives_the_round_trip(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    imported(client, TRICKY)
    data = client.get(DOWNLOAD).get_data()
    assert data.startswith("\ufeff".encode())  # Excel reads the accents as UTF-8
    rows = {r["email"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    # As in the template, on the team's first row only: a row deleted or sorted elsewhere leaves the team as it is.
    assert [(r["team_name"], r["parent"]) for r in rows.values() if r["team"] == "ventes-idf"] == [
        ('Ventes "Île-de-France", Nord', "field-force"), ("", "")]
    assert rows["zoe.leclerc@northwind.example"]["region"] == "Zoë"
    assert rows["bjorn.ostrom@northwind.example"]["region"] == "Åland"
    page = upload(client, data).get_data(as_text=True)
    assert preview_counts(page)["moved or changed"] == 0 and "Teams renamed or moved" not in page
    team = db.session.execute(select(Team).filter_by(organization_id=northwind().id, slug="ventes-idf")).scalar_one()
    assert team.name == 'Ventes "Île-de-France", Nord'


def test_cells_that_start_like_a_formula_are_written_as_text_and_read_back(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    imported(client, FORMULAS)
    text = client.get(DOWNLOAD).get_data().decode("utf-8-sig")
    rows = {r["email"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["'-ops@northwind.example"]["team_name"] == "'=HYPERLINK(\"http://evil.example\",\"open\")"
    assert rows["'-ops@northwind.example"]["role_level"] == "'+manager"
    assert rows["'=cmd|calc@northwind.example"]["role_level"] == "'=1+1"
    assert rows["'=cmd|calc@northwind.example"]["tenure_band"] == "'-"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows.values() for cell in row.values())
    # The apostrophes are no part of the values: nobody is added for "'-ops@...", nor erased for "-ops@...".
    page = upload(client, text, remove_missing=True).get_data(as_text=True)
    assert preview_counts(page) == {"added": 0, "moved or changed": 0, "unchanged": people(), "erased": 0,
                                    "teams created": 0}
    assert "Teams renamed or moved" not in page


def test_only_the_organizations_managers_may_download_its_roster(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert client.get("/manage/fabrikam/roster/export.csv").status_code == 404  # another client's: as if none
    login(client, "executive")
    assert client.get(DOWNLOAD).status_code == 403
    login(client, "admin")
    assert client.get("/manage/fabrikam/roster/export.csv").status_code == 200
