"""The demo's comments in the PDFs, read as a reader reads them: under the open question each answers.

Each document is rendered through the gate and WeasyPrint and read back with pdftotext; what should show
is what the gate releases to the results page (``visible_comments``, one open question at a time), never
the stored answers. A question a group's respondents left blank reads "No comments." as on the page.
"""
from __future__ import annotations

from flask import Flask

from assessment.extensions import db
from assessment.gate.comments import visible_comments
from assessment.lookup import cycle_by_name
from assessment.models import Cycle, Team
from assessment.rendering import diagnostic_pdf, team_plan_pdf
from tests.integration.test_report_pages import flat, pages

CYCLE = "adventureworks/2026-Q3"   # five teams, 57 responses: the smallest diagnostic of the demo
ONE_THING = "What is the one thing that would most help sales and marketing work better together?"
KEEP_DOING = "What works well today that we should keep?"


def withheld(threshold: int) -> str:
    """The results page's words for a group whose comments the gate withholds."""
    return (f"Not shown: comments appear only where at least {threshold} people could have written them, and not "
            "where comparing this group's comments with another group's would narrow that down.")


def reading(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def released(cycle: Cycle, group: dict[str, str]) -> dict[str, list[str] | None]:
    """What the results page shows the group, question by question."""
    return {question: visible_comments(cycle, group, question) for question in ("one_thing", "keep_doing")}


def _team(cycle: Cycle, slug: str) -> Team:
    return next(team for team in cycle.organization.teams if team.slug == slug)


def assert_in_order(text: str, *parts: str) -> int:
    """Each part found after the one before it; where the last one ends."""
    at = 0
    for part in parts:
        found = text.find(flat(part), at)
        assert found >= 0, (part, text[at:at + 400])
        at = found + len(flat(part))
    return at


def assert_grouped(text: str, shown: dict[str, list[str] | None]) -> None:
    """The section's heading, the first question and every one of its comments, then the second question and
    its comments (or "No comments."): each comment under its own question, in the order the document printed."""
    start = text.index("In their own words")
    section = text[start:]

    def printed(question: str) -> list[str]:
        comments = shown[question] or []
        assert all(flat(c) in section for c in comments), question
        return sorted(comments, key=lambda c: section.index(flat(c)))

    keep = printed("keep_doing") or ["No comments."]
    assert_in_order(section, "In their own words", ONE_THING, *printed("one_thing"), KEEP_DOING, *keep)


def test_a_team_plan_prints_each_questions_comments_under_it(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    team = _team(cycle, "inside-sales")
    shown = released(cycle, {"team": team.slug})
    assert shown["one_thing"] and shown["keep_doing"] is not None
    text = reading(team_plan_pdf(cycle, team))
    start = text.index("In their own words")
    assert_grouped(text[start:text.index("About this report", start)], shown)
    assert text.count("In their own words") == 1


def test_the_diagnostic_prints_the_organizations_comments_before_the_first_team(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    shown = released(cycle, {})
    assert shown["one_thing"] and shown["keep_doing"], "the demo's organizations answer both questions"
    text = reading(diagnostic_pdf(cycle))
    assert_grouped(text[text.index("Where the organization should act"):text.index("Appendix: reliability")], shown)
    # Each team's plan follows, its own comments grouped the same way.
    first_team = text.index("Adventure Works Cycles · Brand and Content · 2026-Q3")
    assert text.index("Appendix: reliability") < first_team
    brand = released(cycle, {"team": "brand-content"})
    assert brand["one_thing"]
    own = text.index("In their own words", first_team)
    following = text.find("In their own words", own + 1)   # the next team's
    assert_grouped(text[own:following if following > 0 else None], brand)


def test_a_team_below_the_comment_minimum_shows_none_and_says_why(app: Flask) -> None:
    """With comments kept to groups of ten, Sales Enablement (six answered) keeps its scores and loses its
    comments, in the diagnostic as on its page; the organization's still show."""
    cycle = cycle_by_name(CYCLE)
    cycle.min_comment_group_size = 10
    db.session.flush()
    assert released(cycle, {"team": "sales-enablement"}) == {"one_thing": None, "keep_doing": None}
    organization_comments = released(cycle, {})["one_thing"]
    assert organization_comments
    text = reading(diagnostic_pdf(cycle))
    organization = text[text.index("Where the organization should act"):text.index("Appendix: reliability")]
    assert all(flat(c) in organization for c in organization_comments)
    enablement = text[text.index("Adventure Works Cycles · Sales Enablement · 2026-Q3"):]
    section = enablement[enablement.index("In their own words"):]
    assert section.startswith(f"In their own words {ONE_THING} {withheld(10)} {KEEP_DOING} {withheld(10)}")
    assert not any(flat(c) in enablement for c in organization_comments)


def test_an_organization_below_the_comment_minimum_shows_no_comment_anywhere(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    written = released(cycle, {})["one_thing"]      # what shows at the demo's own minimum
    assert written
    cycle.min_comment_group_size = 60                 # 57 answered
    db.session.flush()
    assert released(cycle, {}) == {"one_thing": None, "keep_doing": None}
    text = reading(diagnostic_pdf(cycle))
    organization = text[text.index("Where the organization should act"):text.index("Appendix: reliability")]
    assert f"In their own words {ONE_THING} {withheld(60)} {KEEP_DOING} {withheld(60)}" in organization
    assert not any(flat(c) in text for c in written)
