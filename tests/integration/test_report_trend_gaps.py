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
from reports.organization import build_diagnostic
from reports.playbook import default_playbook
from reports.render_org import diagnostic_html, executive_summary_html
from tests.integration.skipped_quarter import skip_a_quarter

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


def test_a_quarter_without_a_survey_keeps_its_place_on_a_team_plans_trend(app: Flask) -> None:
    cycle, before = skip_a_quarter("northwind", "2026-Q2", "2026-Q3")
    assert before.period == "2026-Q1"
    team = db.session.execute(db.select(Team).filter_by(organization_id=cycle.organization_id,
                                                        slug="inside-sales")).scalar_one()
    page = next(p for p in _pages(team_plan_pdf(cycle, team)) if "Alignment index over time" in p)
    chart = page[page.index("Alignment index over time"):]
    labels = re.findall(r"\d{4}-Q\d", chart.split("No survey:")[0])
    assert labels == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"], chart
    assert chart.count("no survey") == 1 and "not shown" not in chart.split("No survey:")[0], chart
    assert "No survey: Northwind Traders ran none in 2026-Q2." in chart
    # The plan's changes stay against the last cycle that ran, and the note says it spans the gap.
    assert "Changes in this plan are against 2026-Q1, the last survey before 2026-Q3." in chart


def test_the_diagnostics_trends_table_gives_a_skipped_quarter_its_column(app: Flask) -> None:
    cycle, _ = skip_a_quarter("northwind", "2026-Q2", "2026-Q3")
    diagnostic = build_diagnostic(CycleDocuments(cycle).organization_input(), default_playbook())
    section = diagnostic_html(diagnostic).split("<h2>Trends</h2>")[1].split("</section>")[0]
    table = section[section.index("<table"):]
    header = re.findall(r'<th class="num">(.*?)</th>', table.split("</thead>")[0])
    assert [re.sub(r"<[^>]+>|\u2060", "", h) for h in header] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    rows = re.findall(r"<tr><td class=\"name\">.*?</tr>", table)
    assert rows and all(re.findall(r'<td class="num">(.*?)</td>', row)[2] == "no survey" for row in rows)
    chart = section.split("</svg>")[0]
    assert "no survey" in chart and "2026-Q2" in chart
    # The note under the table no longer gives 'no survey' as a reason for a dash: the column says it.
    assert _note(section) == ("A dash: no result for the team that period (fewer than 5 responses, or held back so "
                              "that a smaller group cannot be worked out). No survey: Northwind Traders ran none in 2026-Q2.")


def test_the_diagnostics_trends_note_names_no_skipped_quarter_when_every_one_ran(app: Flask) -> None:
    diagnostic = build_diagnostic(CycleDocuments(cycle_by_name(CYCLE)).organization_input(), default_playbook())
    section = diagnostic_html(diagnostic).split("<h2>Trends</h2>")[1].split("</section>")[0]
    assert not diagnostic.skipped and "no survey" not in _note(section).lower()
    assert _note(section).startswith("A dash: no result for the team that period (fewer than")


def test_the_summary_promises_trends_once_surveys_ran_in_two_quarters(app: Flask) -> None:
    """Fabrikam surveyed every quarter: its summary names the trends its diagnostic prints (a first survey's does
    not, ``test_report_small_organization``)."""
    diagnostic = build_diagnostic(CycleDocuments(cycle_by_name(CYCLE)).organization_input(), default_playbook())
    note = executive_summary_html(diagnostic).split("The organization diagnostic holds the detail:")[1]
    assert "trends" in note.split(".")[0]
    assert "<h2>Trends</h2>" in diagnostic_html(diagnostic)


def _note(section: str) -> str:
    """The words of the note under the trends table."""
    note = section.split("</table>")[1].split('<p class="note">')[1].split("</p>")[0]
    return " ".join(re.sub(r"<[^>]+>|\u2060", "", note).split())
