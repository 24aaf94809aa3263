"""Comments in the documents read as on the results pages: under the open question each answers, in the
questionnaire's order, "No comments." under a question nobody answered, and a withheld group's notice.

The layout's own rules (nothing alone at a page's foot) are ``test_reports_comments_layout``; the demo's
documents, read from the PDF, are ``tests/integration/test_report_comments``.
"""
from __future__ import annotations

import re
from html import unescape

from reports.inputs import QuestionComments
from reports.organization import build_diagnostic
from reports.playbook import default_playbook
from reports.render import team_plan_html
from reports.render_org import diagnostic_html, executive_summary_html
from reports.team_plan import build_team_plan
from tests.unit.test_reports_organization import organization_input
from tests.unit.test_reports_render import flat
from tests.unit.test_reports_team_plan import make_input

ONE_THING = "What is the one thing that would most help sales and marketing work better together?"
KEEP_DOING = "What works well today that we should keep?"
WITHHELD = ("Not shown: comments appear only where at least 7 people could have written them, and not where "
            "comparing this group's comments with another group's would narrow that down.")


def _text(html: str) -> str:
    return flat(unescape(re.sub(r"<[^>]+>", " ", html)))


def _comments_of(text: str) -> str:
    """The words from the section's heading on, up to the next section."""
    return text.split("In their own words", 1)[1].split("About this report")[0].split("Appendix")[0]


def test_a_plan_gives_each_questions_comments_under_it_in_the_questionnaires_order() -> None:
    groups = (QuestionComments(ONE_THING, ("One shared lead definition.", "A joint pipeline review.")),
              QuestionComments(KEEP_DOING, ("The Monday stand-up.",)))
    text = _comments_of(_text(team_plan_html(build_team_plan(make_input(comments=groups), default_playbook()))))
    assert text.strip() == (f"{ONE_THING} One shared lead definition. A joint pipeline review. "
                            f"{KEEP_DOING} The Monday stand-up.")


def test_a_question_nobody_answered_says_no_comments_as_the_web_page_does() -> None:
    groups = (QuestionComments(ONE_THING, ("One shared lead definition.",)), QuestionComments(KEEP_DOING, ()))
    text = _comments_of(_text(team_plan_html(build_team_plan(make_input(comments=groups), default_playbook()))))
    assert text.strip() == f"{ONE_THING} One shared lead definition. {KEEP_DOING} No comments."


def test_withheld_comments_say_why_in_the_web_pages_words() -> None:
    groups = tuple(QuestionComments(question, None, threshold=7) for question in (ONE_THING, KEEP_DOING))
    text = _comments_of(_text(team_plan_html(build_team_plan(make_input(comments=groups), default_playbook()))))
    assert text.strip() == f"{ONE_THING} {WITHHELD} {KEEP_DOING} {WITHHELD}"


def test_the_diagnostic_gives_the_organizations_comments_after_its_own_sections_before_any_team() -> None:
    groups = (QuestionComments(ONE_THING, ("Agree what a qualified lead is.",)), QuestionComments(KEEP_DOING, ()))
    text = _text(diagnostic_html(build_diagnostic(organization_input(comments=groups), default_playbook())))
    organization = text.index("In their own words")
    assert text.index("Where the organization should act") < organization < text.index("Appendix")
    assert organization < text.index("Channel Sales · 2026-Q4")     # the first team's running header
    assert _comments_of(text[organization:]).strip() == (f"{ONE_THING} Agree what a qualified lead is. "
                                                         f"{KEEP_DOING} No comments.")


def test_a_withheld_organization_shows_no_comments_and_says_why() -> None:
    groups = tuple(QuestionComments(question, None, threshold=7) for question in (ONE_THING, KEEP_DOING))
    diagnostic = build_diagnostic(organization_input(comments=groups), default_playbook())
    text = _text(diagnostic_html(diagnostic))
    assert _comments_of(text).strip() == f"{ONE_THING} {WITHHELD} {KEEP_DOING} {WITHHELD}"
    assert "comments" not in diagnostic.detail    # the summary promises none


def test_the_summary_names_the_comments_only_where_the_diagnostic_shows_some() -> None:
    shown = (QuestionComments(ONE_THING, ("Agree what a qualified lead is.",)),)
    summary = _text(executive_summary_html(build_diagnostic(organization_input(comments=shown), default_playbook())))
    assert "reliability, comments and each team's action plan." in summary
    none = (QuestionComments(ONE_THING, ()),)
    summary = _text(executive_summary_html(build_diagnostic(organization_input(comments=none), default_playbook())))
    assert "comments" not in summary.split("The organization diagnostic holds the detail:")[1].split(".")[0]
