"""Results pages name the statements many could not judge, with the share who said "Don't know"; only where notable."""
from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Response
from questionnaires.builtin import load_builtin
from tests.integration.test_dont_know import links_of_a_new_client
from tests.integration.test_scores_cli import write_csv

V2 = load_builtin("alignment-core", 2)
COLUMN = [item.id for item in V2.items].index("ma_contribution")
STATEMENT = "How marketing and sales each contribute to revenue is measured in a way both teams trust."
HEADING = "Statements many could not judge"


def by_hand(cycle_name: str, function: str) -> tuple[int, int]:
    """"Don't know"s (the byte -1) on ma_contribution, and people who chose a point or it, in one function."""
    answers = db.session.execute(db.select(Response.answers).where(
        Response.cycle_id == cycle_by_name(cycle_name).id, Response.function == function)).scalars().all()
    said = sum(blob[COLUMN] == 0xFF for blob in answers)
    return said, sum(blob[COLUMN] != 0 for blob in answers)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_organization_page_names_what_a_third_of_sales_could_not_judge(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    html = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    section = text_of(html[html.index(HEADING):html.index("By team</h2>")])
    said, of = by_hand("northwind/2026-Q3", "sales")
    assert said / of >= 0.1
    sales = section[section.index(" Sales "):]
    assert f"“{STATEMENT}” {100 * said / of:.0f}% said Don’t know ({said} of {of})" in sales
    assert "10% of those who answered these statements chose “Don’t know”, which counts in no score" in section


def test_a_quarter_where_nobody_said_dont_know_has_no_such_section(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    assert by_hand("northwind/2026-Q2", "sales")[0] == 0
    assert HEADING not in client.get("/results/northwind/2026-Q2").get_data(as_text=True)
    assert HEADING not in client.get("/results/northwind/2026-Q2/teams/mid-market-sales").get_data(as_text=True)


def test_a_team_page_shows_its_own_share(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    cycle = cycle_by_name("northwind/2026-Q3")
    team = next(t for t in cycle.organization.teams if t.slug == "mid-market-sales")
    answers = db.session.execute(db.select(Response.answers).where(
        Response.cycle_id == cycle.id, Response.team_id == team.id)).scalars().all()
    said, of = sum(b[COLUMN] == 0xFF for b in answers), sum(b[COLUMN] != 0 for b in answers)
    html = client.get("/results/northwind/2026-Q3/teams/mid-market-sales").get_data(as_text=True)
    assert f"“{STATEMENT}” {100 * said / of:.0f}% said Don’t know ({said} of {of})" in text_of(html)


def test_a_version_1_cycle_shows_nothing_of_dont_know(  # type: ignore[no-untyped-def]
    client: FlaskClient, runner: FlaskCliRunner, login, tmp_path: Path
) -> None:
    links_of_a_new_client(runner, 0, questionnaire="alignment-core@1")
    rows = [["field-sales", "sales", *(["4"] * len(V2.items))] for _ in range(4)]
    items = [item.id for item in V2.items]
    assert runner.invoke(args=["responses", "import", "quiet/2026-Q4",
                               str(write_csv(tmp_path / "paper.csv", ["team", "function", *items], rows))]).exit_code == 0
    assert runner.invoke(args=["cycle", "close", "quiet/2026-Q4"]).exit_code == 0
    login(client, "admin")
    for page in ("/results/quiet/2026-Q4", "/results/quiet/2026-Q4/teams/field-sales"):
        html = client.get(page).get_data(as_text=True)
        assert "Alignment index" in html and HEADING not in html and "said Don" not in html


def test_explore_names_it_for_the_group_chosen(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    said, of = by_hand("northwind/2026-Q3", "sales")
    html = client.get("/results/northwind/2026-Q3/explore?function=sales").get_data(as_text=True)
    assert f"“{STATEMENT}” {100 * said / of:.0f}% said Don’t know ({said} of {of})" in text_of(html)


def test_no_page_gives_a_count_below_the_minimum_group(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A review found one manager's "Don't know" from two figures an executive reads: the function's zero beside
    "1 of 8" in a combination of filters where that manager was the only person of their function."""
    login(client, "executive")
    minimum = cycle_by_name("northwind/2026-Q3").min_group_size
    pages = ["/results/northwind/2026-Q3", "/results/northwind/2026-Q3/explore?role_level=manager&tenure_band=1-3+years",
             *(f"/results/northwind/2026-Q3/explore?{dimension}={value}"
               for dimension, value in (("role_level", "manager"), ("role_level", "individual"), ("function", "marketing"),
                                        ("tenure_band", "1-3 years"), ("region", "North America")))]
    counts = [int(said) for page in pages
              for said in re.findall(r"said Don’t know \((\d+) of \d+\)", text_of(client.get(page).get_data(as_text=True)))]
    assert counts, "the demo has statements many could not judge"
    assert min(counts) >= minimum
    document = client.get("/api/v1/organizations/northwind/cycles/2026-Q3/scores").get_json()
    given = [c["count"] for g in document["groups"] if not g["suppressed"] for c in g["dont_know"].values() if c]
    assert given and min(given) >= minimum
