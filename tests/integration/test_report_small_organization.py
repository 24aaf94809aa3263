"""The executive summary of a small organization points to what its diagnostic holds, and to nothing else: it
promised "perception gaps, drivers" of an organization of eleven, whose diagnostic has no drivers (they need 30
responses), nor a gap where the gate withholds sales; and "trends" of a first survey, whose Trends table had one
column repeating the heatmap's first."""
from __future__ import annotations

from flask import Flask

from assessment.documents import CycleDocuments
from reports.organization import build_diagnostic
from reports.playbook import default_playbook
from reports.render_org import render_diagnostic, render_executive_summary
from tests.integration.privacy_org import Person, build_cycle
from tests.integration.test_report_pages import pages


def _documents(slug: str, people: list[Person]) -> tuple[str, str]:
    """The summary's closing note and the diagnostic's text, of one small cycle."""
    diagnostic = build_diagnostic(CycleDocuments(build_cycle(slug, people)).organization_input(), default_playbook())
    summary = " ".join(pages(render_executive_summary(diagnostic)))
    return summary[summary.index("The organization diagnostic holds"):], " ".join(pages(render_diagnostic(diagnostic)))


def test_eleven_responses_the_summary_promises_the_gap_and_no_drivers(app: Flask) -> None:
    note, diagnostic = _documents("elevenco", [Person("field", "sales", answer=4)] * 6
                                  + [Person("brand", "marketing", answer=2)] * 5)
    assert note.startswith("The organization diagnostic holds the detail: every team's scores, perception "
                           "gaps, responses by team, reliability and each team's action plan.")
    assert "How sales and marketing see it" in diagnostic
    # No drivers table: where it would be, the reason (``test_report_withheld_comparisons``).
    assert "SHARE OF EXPLAINED DIFFERENCE" not in diagnostic.upper()
    assert "at least 30 responses, so that what it finds is more than chance; Elevenco has 11." in diagnostic
    assert "Trends" not in diagnostic and "Teams by dimension" in diagnostic


def test_with_sales_withheld_it_promises_no_gap_either(app: Flask) -> None:
    note, diagnostic = _documents("fewsalesco", [Person("field", "sales", answer=4)] * 3
                                  + [Person("brand", "marketing", answer=2)] * 8)
    assert "perception gaps" not in note and "drivers" not in note
    assert "every team's scores" not in note   # both teams are withheld: the diagnostic shows neither's
    # No gap table and no drivers table; where they would be, why not (``test_report_withheld_comparisons``).
    assert "HEDGES' G" not in diagnostic.upper() and "SHARE OF EXPLAINED DIFFERENCE" not in diagnostic.upper()
    assert "set side by side only where the scores of both are shown. Sales had fewer than 5 responses" in diagnostic
