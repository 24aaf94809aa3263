"""A file of another kind (a responses export given to the roster import, a roster to the funnel's...) is
named as such in one problem, with the columns the import needs, not as thirty unknown columns."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from assessment.operations import funnel_csv, roster_csv


@pytest.fixture()
def files(runner: FlaskCliRunner, tmp_path: Path) -> dict[str, Path]:
    """One file of each kind, as the product writes them."""
    export = tmp_path / "responses.csv"
    assert runner.invoke(args=["responses", "export", "northwind/2026-Q3", "-o", str(export)]).exit_code == 0
    roster, funnel = tmp_path / "roster.csv", tmp_path / "funnel.csv"
    roster.write_text(roster_csv.template_csv())
    funnel.write_text(funnel_csv.template_csv())
    return {"responses": export, "roster": roster, "funnel": funnel}


def refused(runner: FlaskCliRunner, *args: str) -> list[str]:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 1
    return result.output.splitlines()


ROSTER = ("line 1: this does not look like a roster: it has no email column. A roster's columns are email, team, "
          "function, and optionally team_name, parent, role_level, tenure_band, region; this file's are ")
FUNNEL = ("line 1: this does not look like funnel figures: it has none of the columns inquiries, mql, sal, sql, won, "
          "speed_to_lead_hours, sla_attainment. Funnel figures' columns are team, period, then any of those; ")
RESPONSES = ("line 1: this does not look like responses to alignment-core@2: it has none of its item columns. A "
             "responses file's columns are team, function, then one per item: sg_same_targets, ")


@pytest.mark.parametrize(("command", "kind", "expected"), [
    (["roster", "import", "northwind"], "responses", ROSTER),
    (["roster", "import", "northwind"], "funnel", ROSTER),
    (["funnel", "import", "northwind"], "responses", FUNNEL),
    (["funnel", "import", "northwind"], "roster", FUNNEL),
    (["responses", "import", "northwind/2026-Q4"], "roster", RESPONSES),
    (["responses", "import", "northwind/2026-Q4"], "funnel", RESPONSES),
])
def test_a_file_of_another_kind_is_named_in_one_line(runner: FlaskCliRunner, files: dict[str, Path],
                                                      command: list[str], kind: str, expected: str) -> None:
    lines = refused(runner, *command, str(files[kind]))
    assert lines[0].startswith(expected) and "this file's are " in lines[0]
    assert lines[1:] == ["Error: nothing imported: 1 problem in the file"]


def test_a_roster_with_a_misspelt_column_still_names_that_column(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """Only a file without the kind's own column is another kind: a typo in a roster is told as before, the
    missing column first."""
    path = tmp_path / "typo.csv"
    path.write_text("email,teem,function\nana@x.example,emea,sales\n")
    lines = refused(runner, "roster", "import", "northwind", str(path))
    assert lines[:2] == ["line 1: missing column team",
                         "line 1, column teem: not a roster column: delete it, or rename it to one of email, team, "
                         "function, team_name, parent, role_level, tenure_band, region (attributes travel onto "
                         "anonymous responses, so nothing personal is kept)"]
