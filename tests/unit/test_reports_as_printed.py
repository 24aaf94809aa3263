"""Words that agree with the numbers printed beside them: places, ties, gaps, answers without invitations.

Read back from the PDF through pdftotext, or from the HTML the renderer
produces where only the wording is at stake.
"""
from __future__ import annotations

from html import unescape
import re
from pathlib import Path

import pytest

from reports.funnel import Funnel, FunnelTable
from reports.inputs import Driver, PerceptionGap, QuestionComments
from reports.organization import build_diagnostic
from reports.organization_inputs import ResponseCount
from reports.playbook import CORE_DIMENSIONS, default_playbook
from reports.render import render_team_plan, team_plan_html
from reports.render_org import (diagnostic_html, executive_summary_html, render_diagnostic,
                               render_executive_summary)
from reports.team_plan import build_team_plan
from tests.unit.test_reports_organization import organization_input
from tests.unit.test_reports_render import flat, pdf_pages
from tests.unit.test_reports_team_plan import group, make_input, questionnaire

SIX = (*CORE_DIMENSIONS, "lead_handoff", "content")
# Printed: content 50, information sharing 51, culture 54, shared goals 54, lead hand-off 55, metrics 58.
SCORES = dict(content=50.0, information_sharing=51.0, culture=53.6, shared_goals=54.4,
              lead_handoff=55.4, metrics_accountability=58.0)
GAP = PerceptionGap("content", sales=62.4, marketing=34.6, q_value=0.01)   # prints 62 and 35: 27 apart


def _text(pdf: bytes, folder: Path) -> str:
    return flat(" ".join(pdf_pages(pdf, folder)[0]))


def _html_text(html: str) -> str:
    return flat(re.sub(r"<[^>]+>", " ", html).replace("\u2060", ""))   # word joiners keep "56–57" on one line


@pytest.fixture(scope="module")
def plan_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Shared goals and lead hand-off fell since 2026-Q3, so both are priorities whatever their place."""
    inp = make_input(questionnaire=questionnaire(*SIX), scores=group(**SCORES), gaps=(GAP,),
                     previous=group(**{**SCORES, "shared_goals": 70.0, "lead_handoff": 70.0}),
                     previous_period="2026-Q3")
    return _text(render_team_plan(build_team_plan(inp, default_playbook())), tmp_path_factory.mktemp("plan"))


def test_a_place_is_counted_from_the_nearer_end_and_printed_equals_share_it(plan_text: str) -> None:
    assert "Lead hand-off scores 55/100, the second highest of your six dimensions, but" in plan_text
    assert "Shared goals and strategy scores 54/100, tied for the third lowest of your six dimensions;" in plan_text
    assert "Content scores 50/100, the lowest of your six dimensions;" in plan_text
    assert "Information sharing and communication scores 51/100, the second lowest of your six" in plan_text
    assert "fifth lowest" not in plan_text and "fourth lowest" not in plan_text


def test_a_dimension_that_fell_is_listed_among_the_highest_scores_not_as_a_strength(plan_text: str) -> None:
    """Lead hand-off fell 15 points and is a priority: 'Strengths to build on' above it contradicted the plan."""
    assert "Highest scores Lowest scores Metrics and accountability 58/100" in plan_text   # two columns, read across
    assert "Lead hand-off 55/100" in plan_text and "Lead hand-off scores 55/100" in plan_text
    assert "Strengths to build on" not in plan_text


def test_a_team_gap_is_the_difference_of_the_two_scores_printed_beside_it(plan_text: str) -> None:
    assert "SALES MARKETING DIFFERENCE 62 35 +27" in plan_text
    assert "marketing rates it 27 points lower than sales" in plan_text
    assert "+28" not in plan_text and "28 points" not in plan_text


def _headline(**scores: float) -> str:
    inp = make_input(scores=group(**scores))
    return _html_text(team_plan_html(build_team_plan(inp, default_playbook())))


def test_dimensions_that_print_alike_are_not_called_strongest_and_lowest() -> None:
    text = _headline(shared_goals=56.6, information_sharing=57.4, metrics_accountability=57.2, culture=56.8)
    assert "All four dimensions score about 57." in text
    assert "strongest dimension" not in text and "the lowest is" not in text
    assert "scores 57/100, level with your other three dimensions" in text


def test_dimensions_a_point_apart_are_said_to_be_so() -> None:
    text = _headline(shared_goals=56.4, information_sharing=57.4, metrics_accountability=57.2, culture=56.8)
    assert "All four dimensions score within a point of each other (56–57)." in text
    assert "strongest dimension" not in text


def test_ties_at_the_top_or_the_bottom_name_every_dimension_that_prints_that_score() -> None:
    text = _headline(shared_goals=66.2, culture=65.8, information_sharing=48.4, metrics_accountability=47.6)
    assert ("The strongest dimensions are Shared goals and strategy and Culture and mutual respect (66); "
            "the lowest are Metrics and accountability and Information sharing and communication (48).") in text
    assert "tied for the lowest of your four dimensions" in text


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Answers imported from a file: nobody invited through the service; the widest gap prints 62 and 35."""
    inp = organization_input(
        total_invited=0, total_completed=35,
        responses={"channel-sales": ResponseCount(0, 19), "key-accounts": ResponseCount(0, 10),
                   "brand-content": ResponseCount(0, None)},
        gaps=(PerceptionGap("metrics_accountability", sales=62.4, marketing=34.6, q_value=0.001),))
    diagnostic = build_diagnostic(inp, default_playbook())
    return (_text(render_executive_summary(diagnostic), tmp_path_factory.mktemp("summary")),
            _text(render_diagnostic(diagnostic), tmp_path_factory.mktemp("diagnostic")))


def test_without_invitations_the_documents_give_answers_and_no_rate(imported) -> None:  # type: ignore[no-untyped-def]
    summary, diagnostic = imported
    for text in (summary, diagnostic):
        assert "35 people answered." in text
        assert "invited people answered" not in text and "of 0" not in text
    assert "Responses by team TEAM FUNCTION ANSWERED Channel Sales Sales 19" in diagnostic
    assert "Response rates by team" not in diagnostic and "RATE" not in diagnostic
    assert "Nobody was invited through the service for this cycle, so there is no response rate" in diagnostic


def test_the_organization_gap_is_the_difference_of_the_two_scores_printed(imported) -> None:  # type: ignore[no-untyped-def]
    summary, diagnostic = imported
    assert "sales 62, marketing 35 (27 points apart)" in summary
    assert "SALES MARKETING DIFFERENCE HEDGES' G 62 35 +27*" in diagnostic


def test_more_answers_than_invitations_give_no_rate() -> None:
    inp = organization_input(total_invited=20, total_completed=35,
                             responses={"channel-sales": ResponseCount(10, 19)})
    text = _html_text(executive_summary_html(build_diagnostic(inp, default_playbook())))
    assert "35 people answered; 20 were invited by email and further answers were imported" in text
    assert "answered (" not in text


@pytest.mark.parametrize(("function", "said"), [
    ("joint", "Revenue Operations is a joint team, working for both sides, so the comparison is the whole "
              "organization's"),
    ("sales", "Revenue Operations is a sales team, so the comparison is the whole organization's"),
])
def test_the_organization_wide_comparison_says_what_kind_of_team_this_is(function: str, said: str) -> None:
    """A joint team's members answer as neither side: it was told it 'holds one function'."""
    inp = make_input(team="Revenue Operations", function=function, organization_gaps=(GAP,))
    text = _html_text(team_plan_html(build_team_plan(inp, default_playbook())))
    assert "How sales and marketing see it across Northwind Traders" in text
    assert said in text and "holds one function" not in text


def _short_lists(**scores: float) -> tuple[list[str], list[str]]:
    plan = build_team_plan(make_input(questionnaire=questionnaire(*SIX), scores=group(**scores)), default_playbook())
    return [row.id for row in plan.strengths], [row.id for row in plan.lowest]


def test_the_short_lists_take_in_every_dimension_that_prints_level_with_their_last() -> None:
    """Culture and mutual respect printed 61 beside a listed 61 and was left out of 'Lowest scores'."""
    strengths, lowest = _short_lists(information_sharing=59.0, content=60.0, lead_handoff=60.8, culture=61.2,
                                     metrics_accountability=64.0, shared_goals=66.0)
    assert lowest == ["information_sharing", "content", "lead_handoff", "culture"]
    assert strengths == ["shared_goals", "metrics_accountability"]
    # Three strongest print 62: all three are strengths, none of them a lowest score.
    strengths, lowest = _short_lists(information_sharing=45.0, content=49.0, lead_handoff=53.0, culture=61.6,
                                     metrics_accountability=62.0, shared_goals=62.4)
    assert strengths == ["shared_goals", "metrics_accountability", "culture"]
    assert lowest == ["information_sharing", "content", "lead_handoff"]


def test_a_score_the_top_prints_is_never_a_lowest_score_and_all_level_lists_neither() -> None:
    strengths, lowest = _short_lists(information_sharing=45.0, content=53.0, lead_handoff=62.0, culture=62.0,
                                     metrics_accountability=62.0, shared_goals=62.0)
    assert lowest == ["information_sharing", "content"] and len(strengths) == 4
    inp = make_input(scores=group(shared_goals=56.6, information_sharing=57.4, metrics_accountability=57.2,
                                  culture=56.8))
    text = _html_text(team_plan_html(build_team_plan(inp, default_playbook())))
    assert "All four dimensions score about 57." in text
    assert "Highest scores" not in text and "Lowest scores" not in text


def test_a_dash_for_the_index_beside_crm_figures_gives_every_reason_it_may_be_missing() -> None:
    """Brand and Content answered ten times, held back to protect a smaller team, and a first survey's plan
    shows the CRM's period before it: 'fewer than 5' alone was wrong for both."""
    figures = (Funnel("2026-Q3", inquiries=4420, mql=785), Funnel("2026-Q4", inquiries=2401, mql=327))
    teams = (("Brand and Content", None, figures[1]),)
    diagnostic = build_diagnostic(organization_input(
        funnel=FunnelTable(("2026-Q3", "2026-Q4"), (53.0, 54.0), figures, teams)), default_playbook())
    plan = build_team_plan(make_input(funnel=FunnelTable(("2026-Q3", "2026-Q4"), (None, 62.0), figures,
                                                         added_up=False)), default_playbook())
    for html in (diagnostic_html(diagnostic), team_plan_html(plan)):
        assert ("an index not shown (no survey that period, fewer than 5 responses, or held back so that a "
                "smaller group cannot be worked out)") in _html_text(html)


def test_the_diagnostics_crm_table_names_the_teams_it_has_no_line_for() -> None:
    """Two of eight teams were missing from the table, with nothing to say they reported no figures."""
    figures = (Funnel("2026-Q3", sal=214, sql=109), Funnel("2026-Q4", sal=224, sql=134))
    teams = (("Channel Sales", 63.0, figures[1]),)
    diagnostic = build_diagnostic(organization_input(
        funnel=FunnelTable(("2026-Q3", "2026-Q4"), (53.0, 54.0), figures, teams)), default_playbook())
    assert ("Key Accounts and Brand & Content reported no CRM figures for 2026-Q4, so they have no line here."
            in unescape(_html_text(diagnostic_html(diagnostic))))


def test_the_executive_summarys_crm_table_says_what_a_dash_means() -> None:
    """A first survey's summary shows the period before it: its index printed a dash with no word on why."""
    figures = (Funnel("2026-Q3", sal=214, sql=109), Funnel("2026-Q4", sal=224, sql=134))
    teams = (("Channel Sales", 63.0, figures[1]),)
    diagnostic = build_diagnostic(organization_input(
        funnel=FunnelTable(("2026-Q3", "2026-Q4"), (None, 54.0), figures, teams)), default_playbook())
    assert "A dash: not reported by the CRM, or an index not shown (no survey that period" in _html_text(
        executive_summary_html(diagnostic))


def test_the_note_on_comments_states_the_rule_the_gate_applies() -> None:
    """Comments are released by the size of the group that answered, not by how many wrote: three may show."""
    comments = (QuestionComments("What would help?", ("One dashboard would help.",) * 3),)
    text = _html_text(team_plan_html(build_team_plan(make_input(comments=comments), default_playbook())))
    assert "One dashboard would help." in text
    assert "only for a group in which enough people answered to keep their writers anonymous" in text
    assert "enough people wrote them" not in text


def test_the_diagnostic_gives_the_organizations_comparison_and_drivers_once_not_in_every_team_section() -> None:
    """Each single-function team's section repeated the organization's gap chart and drivers table, pages of them
    in a diagnostic of eight teams; a team section now points to the organization's part instead, and a team
    holding both sides still shows its own comparison."""
    drivers = (Driver("metrics_accountability", 0.37), Driver("culture", 0.2))
    one_side = make_input(team="Channel Sales", slug="channel-sales", organization_gaps=(GAP,), drivers=drivers)
    both_sides = make_input(team="Revenue Operations", slug="revenue-operations", function="joint",
                            gaps=(PerceptionGap("culture", sales=70, marketing=50, q_value=0.01),),
                            organization_gaps=(GAP,), drivers=drivers)
    diagnostic = build_diagnostic(organization_input(teams=(one_side, both_sides), drivers=drivers, gaps=(GAP,)),
                                  default_playbook())
    text = _html_text(diagnostic_html(diagnostic))
    assert text.count("Share of explained difference") == 1       # the organization's drivers table only
    assert "see it across Northwind Traders" not in text
    assert ("Channel Sales is a sales team, so its comparison of sales and marketing is the whole organization's, "
            "shown with what moves “one team” (an organization-wide figure) in the organization's part of this "
            "diagnostic.") in text
    own = text[text.index("Team action plan · 2026-Q4 Revenue Operations"):]
    assert ("How sales and marketing see it Dimension Sales Marketing Difference Culture and mutual respect 70 50 +20"
            in own.replace("0 25 50 75 100 Score (0-100) 50 70 Culture and mutual respect Sales Marketing ", ""))
    assert ("What moves “one team” is an organization-wide figure, shown in the organization's part of this "
            "diagnostic.") in own

    alone = _html_text(team_plan_html(build_team_plan(one_side, default_playbook())))
    assert "How sales and marketing see it across Northwind Traders" in alone
    assert "Share of explained difference" in alone
