"""The organization diagnostic sets the CRM funnel beside the survey's index, as the results pages do."""
from __future__ import annotations

import subprocess
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from assessment.documents import CycleDocuments
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import FunnelMetrics
from assessment.rendering import diagnostic_pdf, executive_summary_pdf
from reports.funnel import FunnelTable, format_figure


def test_the_diagnostic_has_the_funnel_of_both_periods_and_every_reporting_team(app: Flask, tmp_path: Path) -> None:
    cycle = cycle_by_name("northwind/2026-Q3")
    table = CycleDocuments(cycle).funnel
    assert table is not None and table.periods == ("2026-Q2", "2026-Q3")
    rows = db.session.execute(select(FunnelMetrics).filter_by(organization_id=cycle.organization_id,
                                                              period="2026-Q3")).scalars().all()
    assert table.funnels[1] is not None and table.funnels[1].won == sum(r.won or 0 for r in rows)
    assert sorted(name for name, _, _ in table.teams) == sorted(r.team.name for r in rows)
    path = tmp_path / "diagnostic.pdf"
    path.write_bytes(diagnostic_pdf(cycle))
    assert_funnel_totals(pdf_text(path), table)


def test_an_organization_without_figures_gets_no_funnel_table(app: Flask) -> None:
    cycle = cycle_by_name("northwind/2026-Q3")
    db.session.execute(FunnelMetrics.__table__.delete().where(FunnelMetrics.organization_id == cycle.organization_id))
    assert CycleDocuments(cycle).funnel is None


def test_the_executive_summary_sets_the_organization_funnel_beside_the_index_in_two_pages(
    app: Flask, tmp_path: Path
) -> None:
    cycle = cycle_by_name("northwind/2026-Q3")
    table = CycleDocuments(cycle).funnel
    assert table is not None and table.teams
    path = tmp_path / "summary.pdf"
    path.write_bytes(executive_summary_pdf(cycle))
    text = pdf_text(path)
    assert_funnel_totals(text, table)
    assert "A dash: not reported by the CRM" not in text  # the per-team lines stay in the diagnostic
    assert ("MQL: marketing-qualified leads. SAL: sales-accepted leads. SQL: sales-qualified leads "
            "(opportunities).") in text, "an executive outside revenue operations reads the shorthand in words"
    pages = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:"))) <= 2


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, whitespace runs made single spaces."""
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())


def assert_funnel_totals(text: str, table: FunnelTable) -> None:
    """The funnel section is there, with the organization's won deals of both periods side by side."""
    assert "Perception and what happened" in text
    assert f"Won {format_figure(table.funnels[0].won, 'won')} {format_figure(table.funnels[1].won, 'won')}" in text  # type: ignore[union-attr]
