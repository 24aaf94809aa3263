"""A small organization's documents say why a comparison is missing, as its results page does.

Fabrikam's 2026-Q2 in the demo: marketing had two responses, so the gate shows no sales-marketing gap; one team of
six could be shown; 24 responses are too few for drivers. The diagnostic, the executive summary and a sales team's
plan left all three out without a word, and "No dimension moved" was the summary's last finding about anything
sales and marketing: the reader of an alignment report could not tell a withheld comparison from a forgotten one.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from assessment.documents import CycleDocuments
from assessment.lookup import cycle_by_name
from reports.organization import Diagnostic, build_diagnostic
from reports.playbook import default_playbook
from reports.render import render_team_plan
from reports.render_org import render_diagnostic, render_executive_summary
from reports.team_plan import TeamPlan, build_team_plan
from tests.integration.test_report_pages import pages

CYCLE = "fabrikam/2026-Q2"
MARKETING_WITHHELD = "Marketing had fewer than 5 responses, too few to show."


@pytest.fixture(scope="module")
def documents(session_app: Flask) -> Iterator[tuple[Diagnostic, TeamPlan]]:
    with session_app.app_context():
        cycle = cycle_by_name(CYCLE)
        source = CycleDocuments(cycle)
        inputs = source.organization_input()
        # What the demo holds, so the sentences below are the true ones.
        assert inputs.gaps == () and ("marketing", "too_small") in inputs.unshown_functions
        team = next(t for t in cycle.organization.teams if t.slug == "mid-market-sales")
        plan = build_team_plan(source.team_input(team), default_playbook())
        assert not plan.suppressed and plan.function == "sales"
        yield build_diagnostic(inputs, default_playbook()), plan


def test_the_executive_summary_says_sales_and_marketing_cannot_be_compared_and_why(
        documents: tuple[Diagnostic, TeamPlan]) -> None:
    summary = " ".join(pages(render_executive_summary(documents[0])))
    assert f"Sales and marketing cannot be compared in 2026-Q2. {MARKETING_WITHHELD}" in summary


def test_the_executive_summary_names_the_one_team_shown_and_why_the_others_are_not(
        documents: tuple[Diagnostic, TeamPlan]) -> None:
    summary = " ".join(pages(render_executive_summary(documents[0])))
    assert "1 of 6 teams could be shown: Mid-Market Sales (71). The other five had fewer than 5 responses, or were " \
           "held back so that a smaller group cannot be worked out from the others." in summary


def test_the_diagnostic_keeps_the_comparison_s_heading_with_its_reason(documents: tuple[Diagnostic, TeamPlan]) -> None:
    diagnostic = " ".join(pages(render_diagnostic(documents[0])))
    assert ("How sales and marketing see it Sales and marketing are set side by side only where the scores of "
            f"both are shown. {MARKETING_WITHHELD}") in diagnostic


def test_the_diagnostic_says_why_it_has_no_drivers(documents: tuple[Diagnostic, TeamPlan]) -> None:
    diagnostic = " ".join(pages(render_diagnostic(documents[0])))
    assert ("What moves “one team” Which dimensions go most with people feeling that sales and marketing work as one "
            "team is worked out only for a group of at least 30 responses, so that what it finds is more than chance; "
            "Fabrikam Robotics has 24.") in diagnostic
    assert "Share of explained difference".upper() not in diagnostic.upper()


def test_a_sales_team_s_plan_says_why_it_has_no_comparison(documents: tuple[Diagnostic, TeamPlan]) -> None:
    plan = " ".join(pages(render_team_plan(documents[1])))
    assert ("How sales and marketing see it across Fabrikam Robotics Mid-Market Sales is a sales team, so its "
            "comparison of sales and marketing would be the whole organization's. Sales and marketing are set side by "
            f"side only where the scores of both are shown. {MARKETING_WITHHELD}") in plan
