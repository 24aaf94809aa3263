"""The standalone team plan flows from page to page as the diagnostic does, its practice cards each whole.

Practices once went on over a page break to fill the pages under the priorities; a user review found cards split
in two (Key Accounts, pages 5-7: first steps on one page, why it works on the next), so a card is kept whole again
and a page of practices may end up to a card's height short. Read from WeasyPrint's laid-out pages with the
diagnostic's measures, not from pixel positions.
"""
from __future__ import annotations

import pytest
from weasyprint.formatting_structure.boxes import PageBox

from reports.playbook import CORE_DIMENSIONS, default_playbook
from reports.render import Images, team_plan_html
from reports.team_plan import TeamPlan, build_team_plan
from tests.unit.test_reports_diagnostic_flow import alone_at_foot, classes_on, half_empty, laid_out_pages
from tests.unit.test_reports_team_plan import CORE, group, make_input, questionnaire


@pytest.fixture(scope="module")
def four_priorities() -> TeamPlan:
    """Four priorities of two practices each, the most a Northwind team's plan carries."""
    dims = (*CORE_DIMENSIONS, "lead_handoff")
    inp = make_input(questionnaire=questionnaire(*dims), scores=group(**{**CORE, "lead_handoff": 70}),
                     previous=group(**{**CORE, "shared_goals": 86, "lead_handoff": 71}), previous_period="2026-Q3")
    plan = build_team_plan(inp, default_playbook())
    assert sum(len(priority.practices) for priority in plan.priorities) == 8
    return plan


@pytest.fixture(scope="module")
def pages(four_priorities: TeamPlan) -> list[PageBox]:
    images: Images = {}
    return laid_out_pages(team_plan_html(four_priorities, images=images), images)


def test_every_practice_card_is_on_one_page(pages: list[PageBox]) -> None:
    with_practices = [number for number, page in enumerate(pages, start=1) if "practice" in classes_on(page)]
    assert len(with_practices) >= 3
    seen: dict[object, list[int]] = {}
    for number, page in enumerate(pages, start=1):
        for card in {box.element for box in page.children[0].descendants()
                     if getattr(box, "element", None) is not None and "practice" in (box.element.get("class") or "").split()}:
            seen.setdefault(card, []).append(number)
    assert len(seen) == 8
    assert [numbers for numbers in seen.values() if len(numbers) > 1] == []


def test_no_page_of_the_plan_is_half_empty_nor_ends_in_a_heading_or_a_single_line(pages: list[PageBox]) -> None:
    assert half_empty(pages) == []
    assert alone_at_foot(pages) == []
