"""A past cycle's reports name the teams that took part in it, never teams the roster gained since.

A team took part when someone in it was invited to the cycle or answered
it; until a cycle closes, every team of the roster does, so its rates can be
watched from the first day.
"""
from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.batch import PLANS, cycle_documents
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Invitation, Participant
from assessment.operations.cycles import close_cycle
from assessment.operations.organizations import ensure_team
from assessment.rendering import prepare_document
from assessment.tokens import new_token

PAST, OPEN = "northwind/2026-Q3", "northwind/2026-Q4"
NEW_TEAMS = """email,team,function,team_name
ana.emea@northwind.example,emea-sales,sales,Emea Sales
bo.emea@northwind.example,emea-sales,sales,Emea Sales
cy.mkt@northwind.example,new-mkt,marketing,New Mkt
"""


@pytest.fixture()
def teams_then(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> list[str]:
    """The names of northwind's teams in 2026-Q3, before a roster import adds Emea Sales and New Mkt."""
    names = sorted(t.name for t in cycle_by_name(PAST).organization.teams)
    roster = tmp_path / "roster.csv"
    roster.write_text(NEW_TEAMS)
    result = runner.invoke(args=["roster", "import", "northwind", str(roster)])
    assert result.exit_code == 0 and "2 teams created: emea-sales, new-mkt" in result.output, result.output
    return names


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())


def test_past_diagnostic_and_summary_count_only_the_teams_of_their_cycle(
        runner: FlaskCliRunner, teams_then: list[str], tmp_path: Path) -> None:
    texts = {}
    for kind in ("org", "exec"):
        result = runner.invoke(args=["report", kind, PAST, "-o", str(tmp_path / f"{kind}.pdf")])
        assert result.exit_code == 0, result.output
        texts[kind] = pdf_text(tmp_path / f"{kind}.pdf")
    count = len(teams_then)
    assert f"{count} teams · minimum group size" in texts["org"]
    for text in texts.values():
        assert f" of {count} teams could be shown" in text
        assert "Emea Sales" not in text and "New Mkt" not in text
    assert all(name in texts["org"] for name in teams_then)  # heatmap and response-rate table


def test_past_plans_batch_and_zip_hold_no_plan_for_a_team_created_since(
        app: Flask, teams_then: list[str]) -> None:
    cycle = cycle_by_name(PAST)
    names = [d.filename for d in cycle_documents(cycle)]
    assert len(names) == len(teams_then) + 2
    assert not [n for n in names if "emea-sales" in n or "new-mkt" in n]
    bundle = Path(app.config["REPORTS_DIR"]) / prepare_document(cycle.id, PLANS, app.config["REPORTS_DIR"])
    members = zipfile.ZipFile(io.BytesIO(bundle.read_bytes())).namelist()
    assert sorted(members) == sorted(n for n in names if n.endswith("-action-plan.pdf"))


def test_results_page_rates_and_console_of_a_past_cycle_leave_new_teams_out(
        client: FlaskClient, login, teams_then: list[str]) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    for page in ("/results/northwind/2026-Q3", "/manage/northwind/2026-Q3"):
        text = client.get(page).get_data(as_text=True)
        assert all(name in text for name in teams_then), page
        assert "Emea Sales" not in text and "New Mkt" not in text, page
    rates = client.get("/api/v1/organizations/northwind/cycles/2026-Q3/response-rates").get_json()
    assert sorted(r["name"] for r in rates["teams"]) == teams_then


def test_an_open_cycle_lists_every_team_of_the_roster_even_before_anyone_answers(
        client: FlaskClient, login, teams_then: list[str]) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    text = " ".join(client.get("/manage/northwind/2026-Q4").get_data(as_text=True).split())
    assert '<th scope="row">Emea Sales</th><td class="num">0</td>' in text
    assert '<th scope="row">New Mkt</th><td class="num">0</td>' in text


def test_a_team_invited_to_a_past_cycle_counts_even_though_nobody_in_it_answered(
        app: Flask, client: FlaskClient, login, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cycle = cycle_by_name(OPEN)
    team = ensure_team(cycle.organization, "field-sales", "sales", "Field Sales")
    for n in range(6):
        person = Participant(organization_id=cycle.organization_id, team=team, email=f"f{n}@northwind.example",
                             function="sales")
        db.session.add(Invitation(cycle_id=cycle.id, participant=person, token_hash=new_token()[1],
                                  sent_on=cycle.opens_on))
    close_cycle(cycle)
    db.session.commit()
    login(client, "consultant")
    page = " ".join(client.get("/results/northwind/2026-Q4").get_data(as_text=True).split())
    row = page[page.index(">Field Sales</a>"):]
    assert row.index("fewer than 5 responses") < row.index("</tr>")
    rates = client.get("/api/v1/organizations/northwind/cycles/2026-Q4/response-rates").get_json()
    assert {"name": "Field Sales", "invited": 6, "answered": 0} in [
        {k: r[k] for k in ("name", "invited", "answered")} for r in rates["teams"]]
    count = len(cycle.organization.teams)
    assert f"{count} teams · minimum group size" in pdf_text(_diagnostic(app, tmp_path, OPEN))


def _diagnostic(app: Flask, folder: Path, cycle: str = PAST) -> Path:
    result = app.test_cli_runner().invoke(args=["report", "org", cycle, "-o", str(folder / "org.pdf")])
    assert result.exit_code == 0, result.output
    return folder / "org.pdf"


def test_a_team_created_since_has_no_page_plan_or_scores_for_the_past_cycle(
        client: FlaskClient, runner: FlaskCliRunner, login, teams_then: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    base = "/results/northwind/2026-Q3/teams/new-mkt"
    for path in (base, f"{base}/action-plan.pdf", "/api/v1/organizations/northwind/cycles/2026-Q3/teams/new-mkt"):
        reply = client.get(path)
        assert reply.status_code == 404, path
    assert "New Mkt took no part in 2026-Q3" in client.get(base).get_data(as_text=True)
    result = runner.invoke(args=["report", "team", PAST, "new-mkt", "-o", str(tmp_path / "plan.pdf")])
    assert result.exit_code == 1 and "took no part in Northwind Traders 2026-Q3" in result.output
    assert not (tmp_path / "plan.pdf").exists()
    assert client.get("/results/northwind/2026-Q3/teams/channel-sales").status_code == 200
