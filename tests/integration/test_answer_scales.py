"""A 0-10 scale, through every way answers arrive: a 0 is an answer, scored like any other."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from flask.testing import FlaskCliRunner, FlaskClient

from assessment.extensions import db
from assessment.gate.reading import read_respondents
from assessment.lookup import cycle_by_name
from questionnaires.builtin import builtin_path
from tests.integration.test_scores_cli import write_csv


def scale_questionnaire(tmp_path: Path, minimum: int, key: str) -> tuple[Path, list[str]]:
    document = yaml.safe_load(builtin_path().read_text())
    labels = [f"{v}" for v in range(minimum, minimum + 11)]
    document.update(key=key, version=1, title="Eleven points")
    document["scale"] = {"points": 11, "minimum": minimum, "labels": labels, "favorable_points": 2}
    path = tmp_path / f"{key}.yaml"
    path.write_text(yaml.safe_dump(document))
    return path, [item["id"] for item in document["items"]]


def open_cycle_with(runner: FlaskCliRunner, questionnaire: Path, key: str) -> str:
    for args in (["questionnaire", "add", str(questionnaire)], ["org", "create", "Zero Corp", "--slug", "zero"],
                 ["cycle", "open", "zero", "--period", "2026-Q4", "--questionnaire", key, "--min-group", "3"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return "zero/2026-Q4"


@pytest.mark.parametrize("minimum", [0, 120])
def test_imported_answers_at_the_scales_lowest_point_are_scored(
    runner: FlaskCliRunner, tmp_path: Path, minimum: int
) -> None:
    path, items = scale_questionnaire(tmp_path, minimum, f"eleven-from-{minimum}")
    cycle = open_cycle_with(runner, path, f"eleven-from-{minimum}")
    answers = np.random.default_rng(5).integers(minimum, minimum + 11, (8, len(items)))
    answers[:4, :] = minimum  # half the respondents give the lowest answer to everything
    rows = [["field-sales", "sales", *row] for row in answers]
    result = runner.invoke(args=["responses", "import", cycle, str(write_csv(tmp_path / "a.csv", ["team", "function", *items], rows))])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["cycle", "close", cycle]).exit_code == 0

    document = json.loads(runner.invoke(args=["scores", cycle, "--format", "json"]).output)
    overall = next(g for g in document["groups"] if g["kind"] == "organization")
    dimension = "culture"
    parsed = yaml.safe_load(path.read_text())
    columns = [i for i, item in enumerate(parsed["items"]) if item.get("dimension") == dimension]
    keyed = answers[:, columns].astype(float)
    for j, column in enumerate(columns):
        if parsed["items"][column].get("reverse"):
            keyed[:, j] = 2 * minimum + 10 - keyed[:, j]
    shown = overall["dimensions"][dimension]
    assert shown["n"] == 8
    assert shown["mean"] == pytest.approx(keyed.mean(axis=1).mean())
    assert shown["score"] == pytest.approx((keyed.mean(axis=1).mean() - minimum) / 10 * 100)


def test_a_zero_given_in_the_survey_is_stored_as_zero(client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path) -> None:
    from assessment.models import Participant
    from assessment.operations.cycles import issue_links
    from assessment.operations.organizations import ensure_team

    path, items = scale_questionnaire(tmp_path, 0, "eleven")
    cycle_name = open_cycle_with(runner, path, "eleven")
    cycle = cycle_by_name(cycle_name)
    team = ensure_team(cycle.organization, "field-sales", "sales")
    db.session.flush()
    db.session.add(Participant(organization_id=cycle.organization_id, team_id=team.id,
                               email="zero@zero.example", function="sales", attributes={}))
    [(_, token)] = issue_links(cycle, cycle.opens_on)
    db.session.commit()

    form = {item: "0" for item in items} | {items[1]: "10", "submit": "1"}
    assert client.post(f"/s/{token}", data=form).status_code == 302
    [stored] = read_respondents(cycle).matrix
    assert stored[0] == 0 and stored[1] == 10 and not np.isnan(stored).any()


def test_the_results_page_reads_its_scale_in_the_questionnaires_own_words(
    client: FlaskClient, runner: FlaskCliRunner, login, tmp_path: Path
) -> None:
    path, items = scale_questionnaire(tmp_path, 0, "eleven")
    cycle = open_cycle_with(runner, path, "eleven")
    rows = [["field-sales", "sales", *([7] * len(items))] for _ in range(6)]
    assert runner.invoke(args=["responses", "import", cycle,
                               str(write_csv(tmp_path / "a.csv", ["team", "function", *items], rows))]).exit_code == 0
    assert runner.invoke(args=["cycle", "close", cycle]).exit_code == 0
    login(client, "admin")
    page = client.get(f"/results/{cycle}").get_data(as_text=True)
    assert "Scores run from 0 (everyone answers “0”) to 100 (everyone answers “10”)" in page
