"""Gap tables list sales-marketing gaps widest first as printed, as the results pages, the CLI and the priorities do.

The gaps are set so that the questionnaire's order, the order of the exact differences and the order
of the printed ones all differ: information sharing is 10.2 apart exactly but printed 61 - 50 = 11,
shared goals 10.8 exactly but printed 60 - 50 = 10.
"""
from __future__ import annotations

import subprocess

from reports.differences import widest
from reports.inputs import PerceptionGap
from reports.organization import build_diagnostic
from reports.playbook import default_playbook
from reports.render import render_team_plan
from reports.render_org import render_diagnostic
from reports.team_plan import build_team_plan
from tests.unit.test_reports_organization import organization_input
from tests.unit.test_reports_render import flat
from tests.unit.test_reports_team_plan import make_input

GAPS = (PerceptionGap("shared_goals", sales=60.4, marketing=49.6, q_value=0.01),
        PerceptionGap("information_sharing", sales=60.6, marketing=50.4, q_value=0.01),
        PerceptionGap("metrics_accountability", sales=70.0, marketing=40.0, q_value=0.001),
        PerceptionGap("culture", sales=50.0, marketing=53.0, q_value=0.4))
WIDEST_FIRST = ("Metrics and accountability", "Information sharing and communication", "Shared goals and strategy",
                "Culture and mutual respect")
TABLE_ROWS = ("Metrics and accountability 70 40 +30", "Information sharing and communication 61 50 +11",
              "Shared goals and strategy 60 50 +10", "Culture and mutual respect 50 53 -3")


def _text(pdf: bytes) -> str:
    return flat(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode())


def _in_order(text: str, parts: tuple[str, ...]) -> bool:
    """Whether every part is in ``text``, each after the one before."""
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


def _chart_and_table(text: str, column_headings: str) -> tuple[str, str]:
    """The gap section's chart (its labels) and its table (name, sales, marketing, difference per row)."""
    section = text[text.index("How sales and marketing see it"):]
    return section[:section.index(column_headings)], section[section.index(column_headings):]


def test_the_diagnostic_lists_its_gaps_widest_first_as_printed() -> None:
    diagnostic = build_diagnostic(organization_input(gaps=GAPS), default_playbook())
    chart, table = _chart_and_table(_text(render_diagnostic(diagnostic)), "DIFFERENCE HEDGES' G")
    assert _in_order(table, TABLE_ROWS), table
    assert _in_order(chart, WIDEST_FIRST), chart


def test_a_team_plan_lists_its_gaps_widest_first_as_printed() -> None:
    plan = build_team_plan(make_input(gaps=GAPS), default_playbook())
    chart, table = _chart_and_table(_text(render_team_plan(plan)), "MARKETING DIFFERENCE")
    assert _in_order(table, TABLE_ROWS), table
    assert _in_order(chart, WIDEST_FIRST), chart


def test_equal_printed_gaps_go_widest_exact_first_and_one_that_cannot_be_printed_last() -> None:
    # (printed, exact): -5 printed from -4.6 is as wide as +5 from 5.4, and narrower than -6 from -5.6
    gaps = [(None, None), (5.0, 4.6), (-6.0, -5.6), (-5.0, -5.4), (0.0, 0.3)]
    assert sorted(gaps, key=lambda gap: widest(*gap)) == [(-6.0, -5.6), (-5.0, -5.4), (5.0, 4.6), (0.0, 0.3),
                                                          (None, None)]
