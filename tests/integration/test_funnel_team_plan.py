"""A team's action plan sets its own CRM funnel beside its survey index: no other team's, and nothing when it has none."""
from __future__ import annotations

import subprocess
from pathlib import Path

from flask import Flask

from assessment.batch import team_document
from assessment.documents import CycleDocuments
from assessment.extensions import db
from assessment.gate import group_result
from assessment.lookup import cycle_by_name
from assessment.models import Cycle, FunnelMetrics, Team
from assessment.rendering import team_plan_pdf
from reports.funnel import FIGURE_LABELS, Funnel, format_figure

CYCLE = "northwind/2026-Q3"        # compared with 2026-Q2
PERIODS = ("2026-Q2", "2026-Q3")
HEADING = "Perception and what happened"


def team(cycle: Cycle, slug: str) -> Team:
    return next(t for t in cycle.organization.teams if t.slug == slug)


def plan_text(cycle: Cycle, slug: str, folder: Path) -> str:
    path = folder / f"{slug}.pdf"
    path.write_bytes(team_plan_pdf(cycle, team(cycle, slug)))
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())


def stored(cycle: Cycle, slug: str) -> dict[str, Funnel]:
    rows = db.session.execute(db.select(FunnelMetrics).filter_by(team_id=team(cycle, slug).id)).scalars()
    return {row.period: Funnel.of(row.period, row.figures()) for row in rows if row.period in PERIODS}


def figures_line(funnels: dict[str, Funnel], period: str) -> str:
    """The figures of one period as the plan's line prints them: those the team reported in either period."""
    names = [name for name, _ in FIGURE_LABELS if any(f.as_dict()[name] is not None for f in funnels.values())]
    return " ".join(format_figure(funnels[period].as_dict()[name], name) for name in names)


def index_of(cycle: Cycle, slug: str) -> str | None:
    result = group_result(cycle, "team", slug)
    scores = result.scores if result is not None else None
    return f"{scores.index.score:.0f}" if scores is not None and scores.index.score is not None else None


def test_a_sales_plan_shows_its_own_funnel_beside_its_index_and_no_other_teams(app: Flask, tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    previous = cycle_by_name("northwind/2026-Q2")
    text = plan_text(cycle, "channel-sales", tmp_path)
    own = stored(cycle, "channel-sales")
    assert set(own) == set(PERIODS) and own["2026-Q3"].won is not None
    assert HEADING in text and "How to read it" in text
    for period, shown in (("2026-Q2", index_of(previous, "channel-sales")), ("2026-Q3", index_of(cycle, "channel-sales"))):
        assert shown is not None
        assert f"{period} {shown} {figures_line(own, period)}" in text
    assert "Not reported for this team: Inquiries, MQL." in text
    assert "SAL: sales-accepted leads. SQL: sales-qualified leads (opportunities)." in text
    for other in ("inside-sales", "key-accounts", "mid-market-sales", "brand-content", "product-marketing"):
        theirs = stored(cycle, other)
        for period in theirs:
            assert figures_line(theirs, period) not in text, (other, period)


def test_a_withheld_marketing_team_keeps_its_funnel_but_no_score(app: Flask, tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    inputs = CycleDocuments(cycle).team_input(team(cycle, "brand-content"))
    assert inputs.scores is None and inputs.funnel is not None
    text = plan_text(cycle, "brand-content", tmp_path)
    own = stored(cycle, "brand-content")
    assert "No scores for this team this period" in text and HEADING in text
    for period in PERIODS:       # a line per period: the period, then the figures, with no index between
        assert f"{period} {figures_line(own, period)}" in text
    assert "Alignment index" not in text.split(HEADING)[1]
    theirs = stored(cycle, "product-marketing")
    assert all(figures_line(theirs, period) not in text for period in theirs)


def test_a_team_that_reported_nothing_gets_no_funnel_section(app: Flask, tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    assert stored(cycle, "revenue-operations") == {}
    assert CycleDocuments(cycle).team_input(team(cycle, "revenue-operations")).funnel is None
    text = plan_text(cycle, "revenue-operations", tmp_path)
    assert "Revenue Operations scores" in text
    assert HEADING not in text and "How to read it" not in text and "Not reported for this team" not in text


def digests(cycle: Cycle) -> dict[str, str]:
    return {inputs.slug: team_document(cycle, inputs).digest for inputs in CycleDocuments(cycle).team_inputs()}


def test_a_changed_figure_changes_that_teams_plan_digest_only(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    before = digests(cycle)
    row = db.session.execute(db.select(FunnelMetrics).filter_by(
        team_id=team(cycle, "channel-sales").id, period="2026-Q3")).scalar_one()
    row.won = (row.won or 0) + 1
    db.session.flush()
    after = digests(cycle)
    assert after["channel-sales"] != before["channel-sales"]
    assert {slug: d for slug, d in after.items() if slug != "channel-sales"} == {
        slug: d for slug, d in before.items() if slug != "channel-sales"}


def test_the_note_explains_only_the_figures_the_team_reported(app: Flask, tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    rows = db.session.execute(db.select(FunnelMetrics).filter_by(team_id=team(cycle, "channel-sales").id)).scalars()
    for row in rows:
        row.sla_attainment = None  # this CRM reports speed to lead but no SLA
    db.session.flush()
    text = plan_text(cycle, "channel-sales", tmp_path)
    note = text[text.index("CRM figures as the client reported them"):]
    note = note[:note.index("Not reported for this team")]
    assert "Speed to lead is the team's median in hours." in note and "SLA" not in note
