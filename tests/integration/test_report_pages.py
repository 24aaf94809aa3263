"""How the demo's documents fall onto pages, as a reader turns them: whole practice cards, a summary of two pages,
and no figure left as a bare dash."""
from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask

from assessment.documents import CycleDocuments, team_plan_input
from assessment.lookup import cycle_by_name
from assessment.models import Team
from reports.organization import Diagnostic, build_diagnostic
from reports.playbook import Practice, default_playbook
from reports.render import render_team_plan
from reports.render_org import render_diagnostic, render_executive_summary
from reports.team_plan import TeamPlan, build_team_plan

CYCLE = "northwind/2026-Q3"


def pages(pdf: bytes) -> list[str]:
    """Each page's text, its whitespace and line-end hyphens evened out."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [flat(page) for page in text.split("\f")[:-1]]


def flat(text: str) -> str:
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).replace("\u2060", "")


def split_cards(page_texts: list[str], practices: set[Practice]) -> list[tuple[int, str]]:
    """(page, title) of every card whose first words are on one page and its last ones not after them there."""
    split = []
    for number, page in enumerate(page_texts, start=1):
        for practice in practices:
            first, last = flat(practice.summary), flat(practice.why_it_works)[-60:]
            for start in (m.start() for m in re.finditer(re.escape(first), page)):
                if page.find(last, start) < 0:
                    split.append((number, practice.title))
    return split


def shown_practices(*plans: TeamPlan) -> set[Practice]:
    return {p for plan in plans for priority in plan.priorities + plan.guidance for p in priority.practices}


@pytest.fixture(scope="module")
def diagnostic(session_app: Flask) -> Iterator[Diagnostic]:
    with session_app.app_context():
        yield build_diagnostic(CycleDocuments(cycle_by_name(CYCLE)).organization_input(), default_playbook())


@pytest.fixture(scope="module")
def diagnostic_pages(diagnostic: Diagnostic) -> list[str]:
    return pages(render_diagnostic(diagnostic))


def _plan(slug: str, cycle: str = CYCLE) -> TeamPlan:
    found = cycle_by_name(cycle)
    team = next(t for t in found.organization.teams if t.slug == slug)
    assert isinstance(team, Team)
    return build_team_plan(team_plan_input(found, team), default_playbook())


def test_a_plans_practice_cards_are_each_on_one_page(app: Flask) -> None:
    """Key Accounts' plan split its cards over pages 5 to 7: first steps on one page, why it works on the next."""
    plan = _plan("key-accounts")
    practices = shown_practices(plan)
    assert len(practices) >= 4
    text = pages(render_team_plan(plan))
    assert sum(flat(p.summary) in page for p in practices for page in text) >= len(practices)
    assert split_cards(text, practices) == []


def test_the_diagnostics_practice_cards_are_each_on_one_page(diagnostic: Diagnostic, diagnostic_pages: list[str]) -> None:
    practices = shown_practices(*diagnostic.plans)
    assert len(practices) >= 8
    assert split_cards(diagnostic_pages, practices) == []


def test_a_card_taller_than_a_page_still_goes_over_it(app: Flask) -> None:
    """Kept whole only where it fits: a card longer than a page is split rather than cut off."""
    plan = _plan("key-accounts")
    first = plan.priorities[0]
    tall = replace(first.practices[0], first_steps=tuple(f"Step {n}: agree the next thing to do together."
                                                         for n in range(1, 90)))
    plan = replace(plan, priorities=(replace(first, practices=(tall,)), *plan.priorities[1:]))
    text = " ".join(pages(render_team_plan(plan)))
    assert "Step 1: agree" in text and "Step 89: agree" in text and flat(tall.why_it_works) in text


def test_a_strength_or_low_score_whose_favorable_share_is_withheld_says_so_in_words(
        diagnostic: Diagnostic, diagnostic_pages: list[str]) -> None:
    """"57/100 · – favorable" left the reader to guess what the dash stood for."""
    listed = [row for plan in diagnostic.plans for row in plan.strengths + plan.lowest if row.favorable is None]
    assert listed, "the demo has a short-listed dimension whose favorable share the gate withholds"
    text = " ".join(diagnostic_pages)
    assert "– favorable" not in text
    assert re.search(r"\d+/100 · favorable share not shown", text)
    assert re.search(r"\d+/100 · \d+% favorable", text)   # the others as before
    assert "A dash under Favorable: the share is not shown" in text   # and the results table's dash, under it


@pytest.mark.parametrize("cycle", ["northwind/2026-Q3", "contoso/2026-Q3", "adventureworks/2026-Q3"])
def test_the_executive_summary_is_two_pages_with_the_chart_on_the_first(session_app: Flask, cycle: str) -> None:
    """Contoso's ran to three, its first page half empty: the score chart did not fit under the findings, went
    over with its heading, and pushed the CRM figures onto a third page."""
    with session_app.app_context():
        summary = build_diagnostic(CycleDocuments(cycle_by_name(cycle)).organization_input(), default_playbook())
    text = pages(render_executive_summary(summary))
    assert len(text) <= 2
    assert "Where the organization stands" in text[0]
    assert "Where to act first" in " ".join(text)
