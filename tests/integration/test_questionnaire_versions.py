"""A change against a quarter asked with another version of the questionnaire says so, wherever it is printed."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner, FlaskClient

from assessment.lookup import cycle_by_name
from assessment.rendering import diagnostic_pdf
from questionnaires.builtin import load_builtin
from reports.versions import changed_statements
from tests.integration.test_scores_cli import write_csv

V2, V3 = load_builtin("alignment-core", 2), load_builtin("alignment-core", 3)
SAID = "was asked with version 2 of the questionnaire, this survey with version 3"


def answered_quarter(runner: FlaskCliRunner, tmp_path: Path, period: str, version: int, value: int) -> None:
    """A closed quarter of verso, asked with ``version``: six salespeople and six marketers answering ``value``."""
    items = [item.id for item in load_builtin("alignment-core", version).items]
    result = runner.invoke(args=["cycle", "open", "verso", "--period", period, "--min-group", "3",
                                 "--questionnaire", f"alignment-core@{version}"])
    assert result.exit_code == 0, result.output
    rows = [[team, function, *([value] * len(items))]
            for team, function in [("field", "sales"), ("brand", "marketing")] for _ in range(6)]
    path = write_csv(tmp_path / f"{period}.csv", ["team", "function", *items], rows)
    result = runner.invoke(args=["responses", "import", f"verso/{period}", str(path)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["cycle", "close", f"verso/{period}"]).exit_code == 0


@pytest.fixture()
def verso(runner: FlaskCliRunner, tmp_path: Path, client: FlaskClient, login) -> FlaskClient:  # type: ignore[no-untyped-def]
    """verso: 2026-Q2 and 2026-Q3 asked with version 2, 2026-Q4 with version 3; a consultant signed in."""
    assert runner.invoke(args=["org", "create", "Verso", "--slug", "verso"]).exit_code == 0
    for period, version, value in [("2026-Q2", 2, 3), ("2026-Q3", 2, 3), ("2026-Q4", 3, 4)]:
        answered_quarter(runner, tmp_path, period, version, value)
    return login(client, "admin")


def test_the_changed_statements_are_counted_per_dimension_from_the_two_files() -> None:
    changed = changed_statements(V3, V2)
    before = {item.id: item for item in V2.items}
    for dimension in V3.dimensions:
        differing = [item.id for item in V3.items_of(dimension.id)
                     if item.id not in before or any(item.text_for(f) != before[item.id].text_for(f)
                                                      for f in ("sales", "marketing", "joint"))]
        expected = (len(differing), len(V3.items_of(dimension.id))) if differing else None
        assert changed.get(dimension.id) == expected, dimension.id
    assert changed["shared_goals"] == (3, 5)  # sg_target_customers, sg_plan_together, sg_know_goals
    assert changed_statements(V2, load_builtin("alignment-core", 1)) == {}  # version 2 asked version 1's statements


def test_the_results_page_says_which_dimensions_changed_their_questions(verso: FlaskClient) -> None:
    page = verso.get("/results/verso/2026-Q4").get_data(as_text=True)
    assert f"2026-Q3 {SAID}" in page
    assert "Shared goals and strategy: 3 of 5" in page and "and in the alignment index" in page
    assert "Content and campaigns:" not in page.split(SAID)[1].split("</p>")[0]  # asked alike in both
    team = verso.get("/results/verso/2026-Q4/teams/field").get_data(as_text=True)
    assert SAID in team
    earlier = verso.get("/results/verso/2026-Q3").get_data(as_text=True)
    assert "was asked with version" not in earlier  # both quarters asked version 2


def test_the_team_plan_and_the_diagnostic_say_it_beside_their_changes(verso: FlaskClient) -> None:
    plan = verso.get("/results/verso/2026-Q4/teams/field/action-plan.pdf")
    assert plan.status_code == 200
    for name, pdf in [("team plan", plan.data), ("diagnostic", diagnostic_pdf(cycle_by_name("verso/2026-Q4")))]:
        text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                       check=True).stdout.decode().split())
        assert f"2026-Q3 {SAID}" in text, name
        assert "Shared goals and strategy: 3 of 5" in text, name


def test_the_changes_themselves_still_compare_the_dimension_scores(runner: FlaskCliRunner, verso: FlaskClient) -> None:
    """Every answer moved from 3 to 4. Shared goals has four plain statements and one reverse-keyed, in both
    versions, so its score went from 50 to (4 x 75 + 25) / 5 = 65: a change of 15 points across the versions."""
    document = json.loads(runner.invoke(args=["scores", "verso/2026-Q4", "--format", "json"]).output)
    overall = next(g for g in document["groups"] if g["kind"] == "organization")
    assert overall["dimensions"]["shared_goals"]["change"]["diff"] == pytest.approx(15.0)


def test_a_statement_that_offers_no_dont_know_has_no_count(runner: FlaskCliRunner, verso: FlaskClient) -> None:
    document = json.loads(runner.invoke(args=["scores", "verso/2026-Q4", "--format", "json"]).output)
    overall = next(g for g in document["groups"] if g["kind"] == "organization")
    assert overall["dont_know"]["ma_own_targets"] is None   # not "0 of 12": nobody was offered it
    assert overall["dont_know"]["ma_contribution"] is None  # nobody chose it: a count of 0 is never given either
