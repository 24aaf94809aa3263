"""The standalone team plan flows from page to page as the diagnostic does.

Every practice was kept whole: one that did not fit went to the next page, leaving a third of the
page under the priorities blank (Northwind 2026-Q3, Key Accounts: pages 3-7 filled 71-77%). Read from
WeasyPrint's laid-out pages with the diagnostic's measures, not from pixel positions.
"""
from __future__ import annotations

import pytest
from weasyprint.formatting_structure.boxes import PageBox

from reports.playbook import CORE_DIMENSIONS, default_playbook
from reports.render import Images, team_plan_html
from reports.team_plan import TeamPlan, build_team_plan
from tests.unit.test_reports_diagnostic_flow import alone_at_foot, classes_on, filled, half_empty, laid_out_pages
from tests.unit.test_reports_team_plan import CORE, group, make_input, questionnaire

NEARLY_FULL = 0.8      # what a page of practices that go on over the break leaves at its foot: a list of steps at most


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


def test_every_page_of_practices_but_the_plan_s_last_is_nearly_full(pages: list[PageBox]) -> None:
    last = len(pages)
    with_practices = [number for number, page in enumerate(pages, start=1) if "practice" in classes_on(page)]
    assert len(with_practices) >= 3
    assert [(number, round(filled(pages[number - 1]), 2)) for number in with_practices
            if number != last and filled(pages[number - 1]) < NEARLY_FULL] == []


def test_no_page_of_the_plan_is_half_empty_nor_ends_in_a_heading_or_a_single_line(pages: list[PageBox]) -> None:
    assert half_empty(pages) == []
    assert alone_at_foot(pages) == []
