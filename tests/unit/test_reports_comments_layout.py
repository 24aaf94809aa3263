"""Where the comments land on paper: never a stray few alone on a page, nor a question's heading without its answers.

In the diagnostic each team's section ends with its comments and the next team
starts a new page, so a list that spilled over left two or three comments alone
on an otherwise empty page (seen on the demo's Northwind diagnostic). The real
``_extras.html`` and report CSS are rendered after a varying amount of text, so
the list's start lands all over a page, then read back page by page.
"""
from __future__ import annotations

import subprocess

import pytest

from reports.inputs import Driver, QuestionComments
from reports.playbook import default_playbook
from reports.render import _environment, html_to_pdf
from reports.team_plan import build_team_plan
from tests.unit.test_reports_render import flat, plan_input

FEWEST_ALONE = 5       # a page holding nothing but comments holds at least this many
ACCENT = "<style>:root { --accent: #7a3b69; --accent-text: #7a3b69; --on-accent: #fff; }</style>"


ONE_THING = "What is the one thing that would most help sales and marketing work better together?"
KEEP_DOING = "What works well today that we should keep?"


def _comments(count: int, sentences: int = 1) -> tuple[str, ...]:
    return tuple(f"Comment {number:02d}: " + " ".join(["the leads that came in this month were not followed up."]
                                                      * sentences) for number in range(count))


def _asked(comments: tuple[str, ...], questions: int) -> tuple[QuestionComments, ...]:
    """The comments as answers to one open question, or shared out between two (the first gets the odd one)."""
    if questions == 1:
        return (QuestionComments(ONE_THING, comments),)
    half = (len(comments) + 1) // 2
    return QuestionComments(ONE_THING, comments[:half]), QuestionComments(KEEP_DOING, comments[half:])


def _pages(filler_lines: int, groups: tuple[QuestionComments, ...]) -> list[str]:
    """The text of each page: a team's section in the diagnostic (filler, then its closing sections), then
    the next team's first page."""
    plan = build_team_plan(plan_input(comments=groups, drivers=(Driver("culture", 0.4),)), default_playbook())
    extras = _environment().get_template("_extras.html").render(plan=plan, gap_chart=None)
    filler = "".join(f"<p>Filler line {number}.</p>" for number in range(filler_lines))
    html = ('<link rel="stylesheet" href="bundle:report.css">' + ACCENT + '<section class="team-section">'
            + filler + extras + '</section><section class="team-section"><h2>Next team</h2></section>')
    text = subprocess.run(["pdftotext", "-", "-"], input=html_to_pdf(html), capture_output=True,
                          check=True).stdout.decode()
    return [flat(page) for page in text.split("\f")[:-1]]


def _headings_alone(pages: list[str]) -> list[int]:
    """Pages on which a question's heading (or the section's) is the last thing printed: its answers overleaf."""
    alone = []
    for number, page in enumerate(pages, start=1):
        body = page.rsplit("Synthetic demo data", 1)[0].rstrip()   # the running footer aside
        if body.endswith((ONE_THING, KEEP_DOING, "In their own words")):
            alone.append(number)
    return alone


def _lone_comment_pages(pages: list[str]) -> list[tuple[int, int]]:
    """(page, comments on it) for each page whose only content is comments (their heading aside)."""
    lone = []
    for number, page in enumerate(pages, start=1):
        count = page.count("Comment ")
        if count and "Filler" not in page and "What moves" not in page and "Culture and mutual" not in page:
            lone.append((number, count))
    return lone


@pytest.mark.parametrize("questions", [1, 2])
@pytest.mark.parametrize("count", [3, 8, 12])
def test_a_short_comment_list_never_stands_alone_on_a_page(count: int, questions: int) -> None:
    """A list that fits on part of a page goes over whole, together with the section before it, not by itself
    (nine split four and five, the five alone, in the demo's Wide World Importers diagnostic)."""
    for filler_lines in range(18, 58, 6):      # the list's start moves from mid-page to the page's foot
        pages = _pages(filler_lines, _asked(_comments(count), questions))
        assert sum(page.count("Comment ") for page in pages) == count
        assert _lone_comment_pages(pages) == [], (filler_lines, pages)
        assert _headings_alone(pages) == [], (filler_lines, pages)


@pytest.mark.parametrize("questions", [1, 2])
@pytest.mark.parametrize("count, sentences", [(34, 1), (12, 4)])
def test_a_long_comment_list_leaves_no_stray_few_on_its_last_page(count: int, sentences: int, questions: int) -> None:
    """A list too long to keep whole breaks; a page it carries alone holds several comments, and no question's
    heading ends a page with its answers overleaf."""
    for filler_lines in range(2, 60, 6):
        pages = _pages(filler_lines, _asked(_comments(count, sentences), questions))
        lone = _lone_comment_pages(pages)
        assert sum(page.count("Comment ") for page in pages) == count
        assert all(count >= FEWEST_ALONE for _, count in lone), (filler_lines, lone)
        assert _headings_alone(pages) == [], (filler_lines, pages)


def test_a_question_nobody_answered_keeps_its_heading_with_no_comments() -> None:
    """The second question's heading and its "No comments." stay together wherever the first one's list ends."""
    for filler_lines in range(2, 60, 4):
        groups = (QuestionComments(ONE_THING, _comments(9)), QuestionComments(KEEP_DOING, ()))
        pages = _pages(filler_lines, groups)
        assert [page for page in pages if KEEP_DOING in page][0].split(KEEP_DOING)[1].startswith(" No comments.")
        assert _headings_alone(pages) == [], (filler_lines, pages)
