"""The diagnostic and the executive summary on paper: pages, branding on each, numbers that match the input.

Rendered once per module (a diagnostic holds every team's plan, so it is the
slowest document), read back through pdftotext and pdftoppm.
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import numpy as np
import pytest

from reports.inputs import Branding
from reports.organization import ReliabilityLine, build_diagnostic
from reports.playbook import default_playbook
from reports.render_org import render_diagnostic, render_executive_summary
from tests.unit.test_reports_organization import organization_input
from tests.unit.test_reports_render import assert_no_blank_page, flat, pdf_pages

Pages = tuple[list[str], list[np.ndarray]]
BRANDING = Branding("#7a3b69", consultancy_name="Brightline Advisory",
                    logo=b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="40" height="10"/></svg>')


@pytest.fixture(scope="module")
def diagnostic():  # type: ignore[no-untyped-def]
    return build_diagnostic(dataclasses.replace(organization_input(), branding=BRANDING), default_playbook())


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


WARNINGS = Recorder()


@pytest.fixture(scope="module")
def diagnostic_pages(diagnostic, tmp_path_factory: pytest.TempPathFactory) -> Pages:  # type: ignore[no-untyped-def]
    """Rendered once; whatever WeasyPrint or the fetcher logs meanwhile is kept for a test."""
    root = logging.getLogger()
    root.addHandler(WARNINGS)
    try:
        pdf = render_diagnostic(diagnostic)
    finally:
        root.removeHandler(WARNINGS)
    return pdf_pages(pdf, tmp_path_factory.mktemp("diagnostic"))


@pytest.fixture(scope="module")
def summary_pages(diagnostic, tmp_path_factory: pytest.TempPathFactory) -> Pages:  # type: ignore[no-untyped-def]
    return pdf_pages(render_executive_summary(diagnostic), tmp_path_factory.mktemp("summary"))


def test_executive_summary_is_one_or_two_pages_with_the_findings(summary_pages: Pages, diagnostic) -> None:  # type: ignore[no-untyped-def]
    texts, images = summary_pages
    assert 1 <= len(images) <= 2
    assert_no_blank_page(images)
    everything = flat(" ".join(texts))
    for finding in diagnostic.findings:
        assert flat(finding) in everything, finding
    assert "35 of 52 invited people answered (67%)." in everything
    assert "Where to act first" in everything


def test_every_page_of_every_document_is_branded(summary_pages: Pages, diagnostic_pages: Pages) -> None:
    for texts, _ in (summary_pages, diagnostic_pages):
        for number, text in enumerate(texts, start=1):
            assert "Brightline Advisory" in text and "Synthetic demo data" in text
            assert f"Page {number} of {len(texts)}" in text


def test_diagnostic_sections_then_each_team_under_its_own_header(diagnostic_pages: Pages) -> None:
    texts, images = diagnostic_pages
    assert_no_blank_page(images)
    everything = flat(" ".join(texts))
    order = ["Executive summary", "Where the organization stands", "Results by dimension", "Teams by dimension", "Trends",
             "What moves “one team”", "How sales and marketing see it", "Response rates by team",
             "Where the organization should act", "Appendix: reliability and method"]
    positions = [everything.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "BELOW 0.70" in everything                       # culture's alpha is flagged (tag in capitals)
    team_pages = {name: [i for i, t in enumerate(texts) if f"Northwind Traders · {name} · 2026-Q4" in t]
                  for name in ("Channel Sales", "Key Accounts", "Brand & Content")}
    appendix = next(i for i, t in enumerate(texts) if "Appendix: reliability and method" in t)
    assert all(pages and pages[0] > appendix for pages in team_pages.values())
    assert "2026-Q2 2026-Q3 2026-Q4 Channel Sales 55 58 63 Key Accounts – – – Brand & Content – – –" in everything
    assert "would let a group of fewer than 5 responses be worked out" in everything


def test_the_appendix_follows_the_priorities_on_their_page_when_it_fits(tmp_path: Path) -> None:
    """The appendix took a page of its own: a last priority spilling over stood alone on a page nearly empty."""
    shorter = build_diagnostic(dataclasses.replace(organization_input(), trend=()), default_playbook())
    texts, _ = pdf_pages(render_diagnostic(shorter), tmp_path)
    appendix = next(flat(t) for t in texts if "Appendix: reliability and method" in t)
    last = shorter.overall.priorities[-1]
    assert flat(last.reason) in appendix and appendix.index(flat(last.reason)) < appendix.index("Appendix")


def test_a_negative_reliability_reads_as_a_range_with_minus_signs(tmp_path: Path) -> None:
    """A first survey of fifteen gave alphas below zero, printed "-8.10–-0.65": one garbled number to the reader."""
    odd = dataclasses.replace(build_diagnostic(organization_input(), default_playbook()),
                              reliability=(ReliabilityLine("Information sharing", -3.31, -8.1, -0.65),
                                           ReliabilityLine("Culture and mutual respect", 0.33, -0.38, 0.74)))
    texts, _ = pdf_pages(render_diagnostic(odd), tmp_path)
    appendix = next(flat(t) for t in texts if "Appendix: reliability and method" in t)
    assert "−3.31 −8.10 to −0.65" in appendix and "0.33 −0.38 to 0.74" in appendix
    assert "–-" not in appendix


def test_rendering_the_diagnostic_logs_no_warnings(diagnostic_pages: Pages) -> None:
    """Many charts in one document: every id must stay unique, or WeasyPrint complains."""
    assert WARNINGS.messages == []


def test_a_withheld_team_shows_no_count_and_no_score(diagnostic_pages: Pages) -> None:
    texts, _ = diagnostic_pages
    response_page = next(flat(t) for t in texts if "Response rates by team" in t)
    assert "Brand & Content Marketing 12 withheld" in response_page
    assert "Channel Sales Sales 25 19 76%" in response_page
    withheld_plan = flat(" ".join(t for t in texts if "Northwind Traders · Brand & Content · 2026-Q4" in t))
    for figure in ("/100", "95% CI", "favorable"):
        assert figure not in withheld_plan


def test_the_gap_table_says_how_to_read_hedges_g(diagnostic_pages: Pages) -> None:
    """A column headed "Hedges' g" with no word on what it measures or which values are large."""
    everything = flat(" ".join(diagnostic_pages[0]))
    section = everything[everything.index("How sales and marketing see it"):]
    assert ("Hedges' g sets the gap against how much opinions vary within each function: "
            "about 0.2 is small, 0.5 medium, 0.8 or more large.") in section.replace("’", "'")
