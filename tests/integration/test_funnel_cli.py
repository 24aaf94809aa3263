"""``alignment funnel import``: a summary and exit 0, a dry run that writes nothing, every problem and exit 1."""
from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import AuditEntry, FunnelMetrics

HEADER = "team,period,inquiries,mql,sal,sql,won,speed_to_lead_hours,sla_attainment\n"


def write(folder: Path, text: str, name: str = "funnel.csv") -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def count(model: type) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def acme(runner: FlaskCliRunner, folder: Path) -> None:
    assert runner.invoke(args=["org", "create", "Acme", "--slug", "acme"]).exit_code == 0
    roster = "email,team,function\nana@acme.example,emea-sales,sales\nben@acme.example,demand-gen,marketing\n"
    assert runner.invoke(args=["roster", "import", "acme", write(folder, roster, "roster.csv")]).exit_code == 0


def test_import_then_reimport_replaces_and_says_so(runner: FlaskCliRunner, tmp_path: Path) -> None:
    acme(runner, tmp_path)
    first = runner.invoke(args=["funnel", "import", "acme", write(tmp_path, HEADER + "emea-sales,2026-Q3,,,240,150,41,3.2,91.5\n")])
    assert first.exit_code == 0, first.output
    assert "imported the funnel figures of acme:" in first.output and "1 added" in first.output
    # As the console's preview says it: a cycle of the next period shows them too, beside its own.
    assert ("no cycle (yet) for 2026-Q3: the figures are kept, and shown once a cycle of that period, or of the "
            "period after it, has results") in first.output
    again = runner.invoke(args=["funnel", "import", "acme", write(tmp_path, HEADER + "emea-sales,2026-Q3,,,240,150,44,3.2,91.5\n"),
                                "--format", "json"])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.output)
    assert [(c["team"], c["before"]["won"], c["after"]["won"]) for c in summary["replaced"]] == [("emea-sales", 41, 44)]
    assert summary["dry_run"] is False and summary["periods_without_cycle"] == ["2026-Q3"]


def test_a_dry_run_writes_nothing(runner: FlaskCliRunner, tmp_path: Path) -> None:
    acme(runner, tmp_path)
    rows, entries = count(FunnelMetrics), count(AuditEntry)
    result = runner.invoke(args=["funnel", "import", "acme", write(tmp_path, HEADER + "demand-gen,2026-Q3,4200,610,,,,6.5,82\n"),
                                 "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would import" in result.output and "dry run: nothing was written" in result.output
    assert (count(FunnelMetrics), count(AuditEntry)) == (rows, entries)


def test_a_bad_file_exits_1_listing_each_problem_and_imports_nothing(runner: FlaskCliRunner, tmp_path: Path) -> None:
    acme(runner, tmp_path)
    rows = count(FunnelMetrics)
    path = write(tmp_path, HEADER + "demand-gen,2026-Q3,4200,610,,,,6.5,82\nemea-sales,2026-Q3,,,240,250,41,,\n")
    result = runner.invoke(args=["funnel", "import", "acme", path])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "line 3, column sql: 250 SQLs but only 240 SALs (column sal); a stage cannot hold more leads than the one "
        "before it",
        "Error: nothing imported: 1 problem in the file",
    ]
    assert count(FunnelMetrics) == rows
    as_json = runner.invoke(args=["funnel", "import", "acme", path, "--format", "json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["problems"][0].startswith("line 3, column sql:")


def test_an_unknown_organization_exits_1_in_one_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["funnel", "import", "nowhere", write(tmp_path, HEADER)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no organization 'nowhere' (see `alignment org list`)"


def test_a_large_count_is_printed_as_written_not_in_scientific_notation(runner: FlaskCliRunner, tmp_path: Path) -> None:
    acme(runner, tmp_path)
    runner.invoke(args=["funnel", "import", "acme", write(tmp_path, HEADER + "emea-sales,2026-Q3,1234567,,240,150,41,3.2,91.5\n")])
    again = runner.invoke(args=["funnel", "import", "acme",
                                write(tmp_path, HEADER + "emea-sales,2026-Q3,1234568,,240,150,41,3.2,91.5\n")])
    assert again.exit_code == 0, again.output
    assert "inquiries=1234567, sal=240, sql=150, won=41, speed_to_lead_hours=3.2, sla_attainment=91.5 -> " \
           "inquiries=1234568" in again.output
