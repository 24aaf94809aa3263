"""A withheld team's plan orders its practices by the organization's own results, the figures every lead may read."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from flask import Flask

from assessment.gate import group_result
from assessment.lookup import cycle_by_name
from assessment.operations.benchmarks import benchmark_for_cycle
from assessment.rendering import team_plan_pdf

CYCLE = "northwind/2026-Q3"
WITHHELD = "brand-content"          # too few answers in the demo's 2026-Q3


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "plan.pdf"
    path.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())


def test_a_withheld_teams_plan_starts_at_the_organizations_widest_gap_then_furthest_below_the_benchmark(
        app: Flask, tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    team = next(t for t in cycle.organization.teams if t.slug == WITHHELD)
    result, overall = group_result(cycle, "team", WITHHELD), group_result(cycle, "organization", "all")
    assert result is not None and result.scores is None
    assert overall is not None and overall.scores is not None
    benchmark = benchmark_for_cycle(cycle)
    assert benchmark is not None
    whole = overall.scores.dimensions
    core = [d for d in cycle.questionnaire.parsed().dimensions if d.core]

    text = pdf_text(team_plan_pdf(cycle, team), tmp_path)

    assert ("The scores of Brand and Content are withheld, so these practices follow the results of "
            "Northwind Traders as a whole: where its sales and marketing see things most differently comes first, "
            "then where it stands lowest against the median of the "
            "Synthetic demo pool benchmark.") in text
    figures = {d.id: f"{d.name} scores {whole[d.id].score:.0f}/100 across Northwind Traders," for d in core}
    assert all(figure in text for figure in figures.values())

    def below_median(dimension: str) -> float:
        distribution = benchmark.distribution(dimension)
        assert distribution is not None and whole[dimension].score is not None
        return whole[dimension].score - distribution.median

    def sales_minus_marketing(dimension: str) -> float:
        sales, marketing = (group_result(cycle, "function", side) for side in ("sales", "marketing"))
        assert sales is not None and sales.scores is not None and marketing is not None and marketing.scores is not None
        return sales.scores.dimensions[dimension].score - marketing.scores.dimensions[dimension].score

    # The widest perception gaps lead (Northwind: marketing far below sales on metrics), then the benchmark's order.
    widest_gaps_first = sorted((d for d in figures if abs(sales_minus_marketing(d)) >= 10),
                               key=lambda d: -abs(sales_minus_marketing(d)))
    assert widest_gaps_first, "the demo's Northwind has a perception gap worth naming"
    expected = widest_gaps_first + [d for d in sorted(figures, key=below_median) if d not in widest_gaps_first]
    assert sorted(figures, key=lambda d: text.index(figures[d])) == expected
    # Every score the plan prints is one of the organization's: nothing of the withheld team, nor of another.
    assert {int(n) for n in re.findall(r"\b(\d+)/100", text)} <= {round(s.score) for s in whole.values() if s.score}
