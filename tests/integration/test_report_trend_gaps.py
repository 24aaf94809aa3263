"""A trend in a PDF shows the periods a group had no result, so no reader takes two points for neighbours.

The demo's Fabrikam Robotics ran a survey every quarter, but its Channel Sales team was withheld in some of
them; which ones is read from the gate, not from the code under test.
"""
from __future__ import annotations

import re
import subprocess

from flask import Flask

from assessment.documents import CycleDocuments, earlier_cycles, team_plan_input
from assessment.extensions import db
from assessment.gate import group_result
from assessment.lookup import cycle_by_name
from assessment.models import Team
from assessment.rendering import team_plan_pdf

CYCLE = "fabrikam/2026-Q3"


def _pages(pdf: bytes) -> list[str]:
    raw = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [re.sub(r"\s+", " ", page) for page in raw.split("\f")]


def test_a_team_withheld_in_the_quarters_between_shows_them_empty_on_its_trend(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    team = db.session.execute(db.select(Team).filter_by(organization_id=cycle.organization_id,
                                                        slug="channel-sales")).scalar_one()
    periods = [c.period for c in [*earlier_cycles(cycle), cycle]]
    shown = {c.period: group_result(c, "team", team.slug).scores for c in [*earlier_cycles(cycle), cycle]}
    missing = [p for p, scores in shown.items() if scores is None]
    assert missing and shown[periods[0]] is not None, "the demo withholds the team between two shown quarters"

    trend = team_plan_input(cycle, team).trend
    assert [p for p, _ in trend] == periods
    assert [p for p, score in trend if score is None] == missing

    page = next(p for p in _pages(team_plan_pdf(cycle, team)) if "Alignment index over time" in p)
    chart = page[page.index("Alignment index over time"):]
    assert all(period in chart for period in periods), chart
    assert chart.count("not shown") == len(missing), chart
    # ... and says why, as the diagnostic's trends table does for its dashes.
    assert f"Not shown: no result for {team.name} that period (fewer than {cycle.min_group_size} responses" in chart


def test_the_diagnostic_reads_the_same_gaps_for_the_team_as_its_plan(app: Flask) -> None:
    """The diagnostic draws each team's plan, trend included, and its trends table from the same inputs."""
    cycle = cycle_by_name(CYCLE)
    inputs = CycleDocuments(cycle).organization_input()
    team = next(t for t in inputs.teams if t.slug == "channel-sales")
    missing = [c.period for c in earlier_cycles(cycle) if group_result(c, "team", team.slug).scores is None]
    assert missing and [p for p, score in team.trend if score is None] == missing
    assert [p for p, _ in inputs.trend] == [c.period for c in [*earlier_cycles(cycle), cycle]]
