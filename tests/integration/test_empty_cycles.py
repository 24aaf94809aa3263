"""A quarter nobody answered: closed as it happened, without breaking the quarters around it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskCliRunner

from tests.integration.test_responses_import import HEADER, QUESTIONNAIRE

ROWS = [f"{team},{function},{a},{a},{b},{b}," for team, function in (("field-sales", "sales"), ("brand", "marketing"))
        for a, b in ((1, 2), (2, 3), (3, 3), (4, 4), (2, 2), (3, 1))]


def ok(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def with_answers(runner: FlaskCliRunner, tmp_path: Path, period: str, shift: int = 0) -> None:
    """A cycle of acme's that twelve people answered (``shift`` moves every answer up)."""
    ok(runner, "cycle", "open", "acme", "--period", period, "--questionnaire", "import-check@1", "--min-group", "3")
    rows = [",".join(c if not c.isdigit() else str(min(int(c) + shift, 4)) for c in row.split(",")) for row in ROWS]
    path = tmp_path / f"{period}.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    ok(runner, "responses", "import", f"acme/{period}", str(path))
    ok(runner, "cycle", "close", f"acme/{period}")


@pytest.fixture()
def quarters(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """2026-Q3 answered; 2026-Q4 opened, invited nobody who answered, and closed; 2027-Q1 answered again."""
    questionnaire = tmp_path / "check.yaml"
    questionnaire.write_text(yaml.safe_dump(QUESTIONNAIRE))
    ok(runner, "questionnaire", "add", str(questionnaire))
    ok(runner, "org", "create", "Acme Corp", "--slug", "acme")
    with_answers(runner, tmp_path, "2026-Q3")
    ok(runner, "cycle", "open", "acme", "--period", "2026-Q4", "--questionnaire", "import-check@1", "--min-group", "3")
    ok(runner, "cycle", "close", "acme/2026-Q4")
    with_answers(runner, tmp_path, "2027-Q1", shift=1)


def test_the_next_quarter_is_compared_with_the_last_quarter_that_was_answered(
    runner: FlaskCliRunner, quarters: None
) -> None:
    scores = json.loads(ok(runner, "scores", "acme/2027-Q1", "--format", "json"))
    organization = next(g for g in scores["groups"] if g["kind"] == "organization")
    change = organization["index"]["change"]
    assert change is not None and change["since"] == "2026-Q3"
    assert change["diff"] > 0          # every answer moved up a point


def test_a_quarter_nobody_answered_is_not_published(runner: FlaskCliRunner, quarters: None) -> None:
    """Publishing it would mail every executive and team lead a link to a page of dashes."""
    result = runner.invoke(args=["cycle", "publish", "acme/2026-Q4"])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: nobody answered Acme Corp 2026-Q4, so it has no results to publish; "
                                     "it is published with the next cycle that has them, whose trends show its quarter as unanswered")
    assert "2026-Q4  closed" in ok(runner, "cycle", "list", "acme")

    ok(runner, "cycle", "publish", "acme/2027-Q1")
    assert "2026-Q4  published" in ok(runner, "cycle", "list", "acme")
