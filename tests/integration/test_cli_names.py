"""Names typed on the command line in another case are the same names: slugs are lowercase and periods
uppercase wherever they are stored, and the imports already read ``EMEA-Sales`` and ``2026-q3`` so."""
from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner


def test_a_cycle_named_in_another_case_is_found(runner: FlaskCliRunner) -> None:
    exact = runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"])
    typed = runner.invoke(args=["scores", "Northwind/2026-q3", "--format", "json"])
    assert typed.exit_code == 0, typed.output
    assert json.loads(typed.output) == json.loads(exact.output)
    assert runner.invoke(args=["cycle", "list", "NORTHWIND"]).exit_code == 0


def test_a_team_named_in_another_case_is_found(runner: FlaskCliRunner, tmp_path: Path) -> None:
    from assessment.lookup import organization_by_slug

    team = max(organization_by_slug("northwind").teams, key=lambda t: len(t.participants))
    output = tmp_path / "plan.pdf"
    result = runner.invoke(args=["report", "team", "northwind/2026-Q3", team.slug.upper(), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")
