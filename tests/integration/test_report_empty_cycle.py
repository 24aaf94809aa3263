"""The diagnostic and the summary of a cycle nobody answered: worded for the document, with no section left empty."""
from __future__ import annotations

import pytest
from flask.testing import FlaskCliRunner

from assessment.documents import CycleDocuments
from assessment.lookup import cycle_by_name
from reports.organization import Diagnostic, build_diagnostic
from reports.playbook import default_playbook
from reports.render_org import render_diagnostic, render_executive_summary
from tests.integration.test_report_pages import pages

WITHHELD = ("Acme had fewer than 5 responses in 2026-Q3, so no scores are shown: with so few answers, individual "
            "people could be recognized.")


@pytest.fixture()
def unanswered(runner: FlaskCliRunner) -> Diagnostic:
    """A new client's first cycle, opened and closed with nobody having answered."""
    for args in (["org", "create", "Acme", "--slug", "acme"], ["cycle", "open", "acme", "--period", "2026-Q3"],
                 ["cycle", "close", "acme/2026-Q3"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return build_diagnostic(CycleDocuments(cycle_by_name("acme/2026-Q3")).organization_input(), default_playbook())


def test_the_diagnostic_of_a_cycle_nobody_answered_says_why_and_shows_no_empty_section(unanswered: Diagnostic) -> None:
    """It said "so this plan shows no scores", and showed a table of responses by team with no row and an
    "Appendix" heading with nothing under it before About this report."""
    text = " ".join(pages(render_diagnostic(unanswered)))
    assert WITHHELD in text
    assert "plan" not in text.lower()
    assert "by team" not in text and "TEAM FUNCTION" not in text
    assert "Appendix" not in text and "reliability" not in text
    assert "About this report" in text and "Anonymity:" in text
    assert "Sources of the practices" not in text     # no practice is shown, so none is cited
    assert "Acme Sales and marketing alignment · no teams · minimum group size 5" in text


def test_the_summary_of_a_cycle_nobody_answered_is_worded_for_a_summary(unanswered: Diagnostic) -> None:
    text = " ".join(pages(render_executive_summary(unanswered)))
    assert WITHHELD in text and "this plan" not in text
    assert "diagnostic holds the detail" not in text   # of teams it has none of
