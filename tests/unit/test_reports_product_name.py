"""Every PDF names what it is about in the same words, on every page.

The running header said "Sales & marketing alignment" while the executive
summary's cover said "Sales and marketing alignment", and the About section
names the questionnaire "Sales and marketing alignment" too.
"""
from __future__ import annotations

import dataclasses
import subprocess

import pytest

from reports.inputs import Branding
from reports.organization import build_diagnostic
from reports.playbook import default_playbook
from reports.render import render_team_plan
from reports.render_org import render_diagnostic, render_executive_summary
from reports.team_plan import build_team_plan
from tests.unit.test_reports_organization import organization_input
from tests.unit.test_reports_render import flat, plan_input

NAME = "Sales and marketing alignment"
UNBRANDED = Branding("#7a3b69")


def _pages(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [flat(page) for page in text.split("\f")[:-1]]


def _documents(branding: Branding) -> dict[str, list[str]]:
    diagnostic = build_diagnostic(dataclasses.replace(organization_input(), branding=branding), default_playbook())
    plan = build_team_plan(plan_input(branding=branding), default_playbook())
    return {"team plan": _pages(render_team_plan(plan)), "diagnostic": _pages(render_diagnostic(diagnostic)),
            "executive summary": _pages(render_executive_summary(diagnostic))}


@pytest.fixture(scope="module")
def documents() -> dict[str, list[str]]:
    return _documents(UNBRANDED)


def test_every_page_of_every_document_names_the_survey_the_same_way(documents: dict[str, list[str]]) -> None:
    for kind, pages in documents.items():
        for number, page in enumerate(pages, start=1):
            assert NAME in page, (kind, number)
            assert "Sales & marketing" not in page and "sales & marketing" not in page, (kind, number)


def test_a_branded_document_still_says_what_it_measures_on_its_cover() -> None:
    """With a consultancy's name in the header, only the executive summary's cover named the survey."""
    for kind, pages in _documents(Branding("#7a3b69", consultancy_name="Brightline Advisory")).items():
        assert NAME in pages[0], kind
