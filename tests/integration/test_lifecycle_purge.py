"""An organization's life at the command line: created and purged, each in the audit log, and a purge deletes the
organization's rendered documents too, and nobody else's.

A download of the diagnostic, the executive summary or every team's plan leaves its file in the reports folder
(``REPORTS_DIR``), with the organization's results and comments in it. A purge that left them there kept the very
data it said it had deleted.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import AuditEntry
from assessment.rendering import prepare_document


def test_a_purge_deletes_the_organizations_rendered_documents_and_no_others(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "reports"
    monkeypatch.setitem(app.config, "REPORTS_DIR", str(folder))
    summary = prepare_document(cycle_by_name("northwind/2026-Q3").id, "exec", str(folder))
    assert (folder / summary).is_file() and (folder / f".{summary}.sha256").is_file()
    # A plan left half-written by a worker that stopped, and another client's documents beside them.
    half_written = folder / ".northwind-2026-Q2-brand-content-action-plan.pdf.0123abcd.part"
    half_written.write_bytes(b"%PDF-")
    others = [folder / "contoso-2026-Q3-executive-summary.pdf", folder / "northwind-west-2026-Q3-diagnostic.pdf"]
    for other in others:
        other.write_bytes(b"%PDF-")

    result = runner.invoke(args=["org", "purge", "northwind", "--yes"])

    assert result.exit_code == 0, result.output
    assert "removed 1 rendered document from the reports folder" in result.output
    assert sorted(path.name for path in folder.iterdir()) == sorted(other.name for other in others)


def test_a_purge_with_nothing_rendered_says_nothing_of_documents(
        app: Flask, runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "REPORTS_DIR", str(tmp_path / "never-made"))

    result = runner.invoke(args=["org", "purge", "fabrikam", "--yes"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("purged organization fabrikam") and "rendered" not in result.output


def test_an_organization_created_and_purged_at_the_command_line_is_in_the_audit_log(runner: FlaskCliRunner) -> None:
    created = runner.invoke(args=["org", "create", "Acme Robotics", "--slug", "acme"])
    purged = runner.invoke(args=["org", "purge", "acme", "--yes"])
    assert created.exit_code == 0 and purged.exit_code == 0, created.output + purged.output

    listed = runner.invoke(args=["audit", "list", "--limit", "2", "--format", "json"])
    entries = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).scalars().all()
    assert [(e.action, e.target) for e in reversed(entries)] == [
        ("organization.create", "acme (Acme Robotics)"),
        ("organization.purge", "organization acme (0 cycles, 0 responses, 0 participants, 0 accounts)"),
    ]
    assert all(e.actor.startswith("cli") for e in entries) and "organization.create" in listed.output
