"""The rendered PDF: pages with content, the key sentences and numbers, labels on every page.

Reads the PDF the way a person would, through poppler's pdftotext and
pdftoppm, rather than trusting the HTML that produced it.
"""
from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from questionnaires.model import Dimension, Questionnaire, Scale
from reports.funnel import Funnel, FunnelTable
from reports.inputs import Benchmark, BenchmarkPosition, Branding, QuestionComments, TeamPlanInput
from reports.playbook import CORE_DIMENSIONS, default_playbook
from reports.render import html_to_pdf, render_team_plan, team_plan_html
from reports.team_plan import build_team_plan
from scoring.results import DimensionScore, GroupScore, Interval

NAMES = ("Shared goals and strategy", "Information sharing and communication",
         "Metrics and accountability", "Culture and mutual respect")
SCALE = Scale(points=5, labels=("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"))
QUESTIONNAIRE = Questionnaire(
    key="alignment-core", version=1, title="Alignment survey", scale=SCALE, items=(),
    dimensions=tuple(Dimension(i, n, "") for i, n in zip(CORE_DIMENSIONS, NAMES)))
ONE_THING = "What is the one thing that would most help sales and marketing work better together?"
SCORES = {"shared_goals": (78, 81.0), "information_sharing": (48, 39.0),
          "metrics_accountability": (57, 50.0), "culture": (66, 64.0)}


def dim(key: str, score: float, favorable: float) -> DimensionScore:
    return DimensionScore(key, n=14, score=score, ci=Interval(score - 7, score + 7),
                          favorable=favorable)


def plan_input(**overrides: object) -> TeamPlanInput:
    scores = GroupScore(n=14, index=dim("index", 62, 58.0),
                        dimensions={k: dim(k, s, f) for k, (s, f) in SCORES.items()})
    values: dict[str, object] = dict(
        organization="Northwind Traders", team="EMEA Field Sales", function="sales",
        period="2026-Q4", questionnaire=QUESTIONNAIRE, scores=scores, min_group_size=5,
        synthetic=True, branding=Branding("#7a3b69", consultancy_name="Brightline Advisory"),
        comments=(QuestionComments(ONE_THING, ("We never hear back about the campaign.",)),),
        trend=(("2026-Q2", 55.0), ("2026-Q3", 59.0), ("2026-Q4", 62.0)),
        benchmark=Benchmark("B2B software 2026", "Panel", "2026-06", 48, {
            "information_sharing": BenchmarkPosition(18, -12, "bottom quartile", 60)}))
    return TeamPlanInput(**{**values, **overrides})  # type: ignore[arg-type]


def pdf_pages(pdf: bytes, folder: Path) -> tuple[list[str], list[np.ndarray]]:
    """Text and a grey image of every page."""
    path = folder / "plan.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", "40", str(path), str(folder / "page")],
                   check=True)
    images = [imread(p) for p in sorted(folder.glob("page-*.png"))]
    texts = [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(path), "-"],
                            check=True, capture_output=True, text=True).stdout
             for i in range(1, len(images) + 1)]
    return texts, images


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_no_blank_page(images: list[np.ndarray]) -> None:
    for number, image in enumerate(images, start=1):
        height = image.shape[0]
        body = image[int(height * 0.09): int(height * 0.92)]   # inside the page margins
        assert body.std() > 0.02, f"page {number} is (nearly) blank"


def test_the_blank_page_check_catches_a_blank_page(tmp_path: Path) -> None:
    html = ('<link rel="stylesheet" href="bundle:report.css">'
            '<div class="running-header">Header</div><p>Text</p><p style="break-before: page"></p>')
    _, images = pdf_pages(html_to_pdf(html), tmp_path)
    assert len(images) == 2
    with pytest.raises(AssertionError, match="page 1 is"):
        assert_no_blank_page(images)


@pytest.fixture(scope="module")
def full_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[np.ndarray]]:
    plan = build_team_plan(plan_input(), default_playbook())
    return pdf_pages(render_team_plan(plan), tmp_path_factory.mktemp("full"))


def test_full_plan_has_a_few_pages_none_blank(full_plan: tuple[list[str], list[np.ndarray]]) -> None:
    texts, images = full_plan
    assert 3 <= len(images) <= 6
    assert_no_blank_page(images)
    for image in images:                      # A4 portrait
        assert image.shape[0] / image.shape[1] == pytest.approx(297 / 210, rel=0.02)


def test_every_page_has_header_footer_and_synthetic_label(
        full_plan: tuple[list[str], list[np.ndarray]]) -> None:
    texts, _ = full_plan
    for number, text in enumerate(texts, start=1):
        assert "Northwind Traders · EMEA Field Sales · 2026-Q4" in text
        assert "Synthetic demo data" in text
        assert f"Page {number} of {len(texts)}" in text


def test_key_sentences_and_numbers_appear(full_plan: tuple[list[str], list[np.ndarray]]) -> None:
    everything = flat(" ".join(full_plan[0]))
    for expected in (
        "EMEA Field Sales scores 62 out of 100 on the alignment index (95% CI 55–69), "
        "based on 14 responses.",
        "Information sharing and communication scores 48/100, the lowest of your four "
        "dimensions; it sits in the bottom quartile of the B2B software 2026 benchmark "
        "(18th percentile).",
        "Metrics and accountability scores 57/100, the second lowest of your four dimensions.",
        "Monthly campaign check-in", "Owner", "Due date", "18th", "bottom quartile",
        "We never hear back about the campaign.", "Alignment index over time",
        "Brightline Advisory", "63% of businesses",
    ):
        assert expected in everything, expected
    chart_page = flat(full_plan[0][0])         # the chart's labels are real text
    for value in ("62", "78", "48", "57", "66"):
        assert f" {value} " in chart_page


def test_rendering_logs_no_warnings(caplog: pytest.LogCaptureFixture) -> None:
    """Unknown CSS or a refused asset would show up here before it shows on paper."""
    plan = build_team_plan(plan_input(), default_playbook())
    with caplog.at_level(logging.WARNING):
        render_team_plan(plan)
    assert [record.getMessage() for record in caplog.records] == []


def test_suppressed_plan_says_why_and_shows_no_scores(tmp_path: Path) -> None:
    plan = build_team_plan(plan_input(scores=None), default_playbook())
    texts, images = pdf_pages(render_team_plan(plan), tmp_path)
    assert 1 <= len(images) <= 3
    assert_no_blank_page(images)
    everything = flat(" ".join(texts))
    assert "EMEA Field Sales had fewer than 5 responses in 2026-Q4" in everything
    assert "Where any team can start" in everything
    for number in ("62", "78", "48", "57", "66", "/100", "95% CI", "favorable", "18th"):
        assert number not in everything, number
    assert "We never hear back" not in everything
    assert all("Synthetic demo data" in text for text in texts)


def test_a_withheld_plan_shows_the_teams_crm_figures_and_still_no_score(tmp_path: Path) -> None:
    funnel = FunnelTable(("2026-Q3", "2026-Q4"), (59.0, 62.0), (Funnel("2026-Q3", inquiries=4420, mql=785),
                                                                Funnel("2026-Q4", inquiries=2401, mql=327)), added_up=False)
    plan = build_team_plan(plan_input(scores=None, funnel=funnel), default_playbook())
    texts, _ = pdf_pages(render_team_plan(plan), tmp_path)
    everything = flat(" ".join(texts))
    assert "Perception and what happened" in everything
    assert "2026-Q3 4,420 785" in everything and "2026-Q4 2,401 327" in everything
    for number in ("59", "62", "Index"):
        assert number not in everything.split("Perception and what happened")[1], number


def test_real_data_carries_no_synthetic_label(tmp_path: Path) -> None:
    plan = build_team_plan(plan_input(synthetic=False, trend=(), comments=()), default_playbook())
    texts, _ = pdf_pages(render_team_plan(plan), tmp_path)
    assert not any("Synthetic" in text for text in texts)
    assert all("Confidential: for Northwind Traders" in text for text in texts)


def test_a_change_reads_as_the_difference_of_the_rounded_scores_and_extra_is_explained() -> None:
    """52.4 then 55.6 print as 52 and 56, so the change prints "+4"; 3.2 points still decide if it is a move."""
    extra = Dimension("lead_handoff", "Lead hand-off", "", core=False)
    questionnaire = Questionnaire(key="alignment-core", version=1, title="Alignment survey", scale=SCALE,
                                  items=(), dimensions=QUESTIONNAIRE.dimensions + (extra,))
    now = {**{k: s for k, (s, _) in SCORES.items()}, "metrics_accountability": 55.6, "lead_handoff": 60.0}
    before = {**now, "metrics_accountability": 52.4}

    def group(scores: dict[str, float]) -> GroupScore:
        return GroupScore(n=14, index=dim("index", 62, 58.0), dimensions={k: dim(k, s, 50.0) for k, s in scores.items()})

    plan = build_team_plan(plan_input(questionnaire=questionnaire, scores=group(now), previous=group(before),
                                      previous_period="2026-Q3"), default_playbook())
    row = next(r for r in plan.rows if r.id == "metrics_accountability")
    assert row.change == 4 and row.score_change == pytest.approx(3.2)
    html = team_plan_html(plan)
    cells = re.search(r'<td class="name">Metrics and accountability</td>(.*?)</tr>', html, re.S)
    assert cells
    shown = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells.group(1), re.S)]
    assert shown[0] == "56" and shown[4] == "+4"
    assert '<td class="name">Lead hand-off <span class="tag">extra</span></td>' in html
    assert "Extra: a dimension beyond the core ones; it counts in neither the alignment index nor the drivers." in html
