"""The demo's oldest quarter (northwind/2025-Q4, no survey before it), read page by page as an executive does."""
from __future__ import annotations

import re
import subprocess

from flask import Flask

from assessment.lookup import cycle_by_name
from assessment.rendering import diagnostic_pdf, team_plan_pdf

CYCLE = "northwind/2025-Q4"


def pages(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [re.sub(r"\s+", " ", page) for page in text.split("\f")[:-1]]


def test_the_diagnostic_keeps_its_funnel_heading_with_the_table_and_names_only_rules_that_apply(app: Flask) -> None:
    """The heading "Perception and what happened" and half its note sat at the foot of page 2, the table on page 3;
    About promised priorities "meaningfully down since the last survey" of a quarter that has none."""
    text = pages(diagnostic_pdf(cycle_by_name(CYCLE)))

    heading = next(page for page in text if "Perception and what happened" in page)
    assert "Alignment index (0-100)" in heading and "SQL → won" in heading
    everything = " ".join(text)
    assert "since the last survey" not in everything
    assert ("Hatched cells with a dash are not shown: fewer than 5 responses, or held back so that a smaller group "
            "cannot be worked out from the others.") in everything


def test_a_withheld_plan_says_its_guidance_covers_the_core_dimensions_only(app: Flask) -> None:
    """Content and campaigns stands furthest below the benchmark across Northwind, yet a withheld team's guidance
    (one practice per core dimension) starts at Metrics and accountability: the plan says why."""
    cycle = cycle_by_name(CYCLE)
    team = next(t for t in cycle.organization.teams if t.slug == "brand-content")
    text = " ".join(pages(team_plan_pdf(cycle, team)))
    assert "comes first. One practice for each core part of working together, those of the " \
           "alignment index;" in text
