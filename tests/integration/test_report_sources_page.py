"""The sources of a plan's practices are read as one list, under their heading, never split over a page.

Northwind's Channel Sales plan for 2026-Q3 ended on a page holding one source alone (page 9 of 9), Wide World's
on one holding the last of a two-column list: a page a reader turns to for a line and a half.
"""
from __future__ import annotations

import pytest
from flask import Flask

from assessment.documents import team_plan_input
from assessment.lookup import cycle_by_name
from assessment.models import Team
from reports.playbook import default_playbook
from reports.render import render_team_plan
from reports.team_plan import build_team_plan
from tests.integration.test_report_pages import flat, pages


@pytest.mark.parametrize("cycle_name, slug", [("northwind/2026-Q3", "channel-sales"),
                                              ("wideworld/2026-Q3", "channel-sales")])
def test_every_source_is_on_the_page_of_its_heading(session_app: Flask, cycle_name: str, slug: str) -> None:
    with session_app.app_context():
        cycle = cycle_by_name(cycle_name)
        team = next(t for t in cycle.organization.teams if t.slug == slug)
        assert isinstance(team, Team)
        plan = build_team_plan(team_plan_input(cycle, team), default_playbook())
    sources = {p.source for priority in plan.priorities for p in priority.practices}
    assert len(sources) >= 6                       # a list long enough to have been split
    printed = pages(render_team_plan(plan))
    heading = [number for number, text in enumerate(printed) if "Sources of the practices" in text]
    assert len(heading) == 1
    def bare(text: str) -> str:                    # lines may wrap after "win/": compare without spaces
        return "".join(flat(text).split())

    listed = bare(printed[heading[0]])
    assert all(bare(source) in listed for source in sources), "a source went over to another page"
    assert not any(bare(source)[:40] in bare(page) for page in printed[heading[0] + 1:] for source in sources)
