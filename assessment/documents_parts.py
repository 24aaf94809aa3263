"""Small translations from what the gate and the models hold to what reports/ reads."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assessment.gate import GroupResult
from assessment.gate.analysis import GroupAnalysis
from assessment.models import BenchmarkSet, Cycle, Organization
from assessment.operations.branding import checked_accent, checked_logo
from questionnaires.model import Questionnaire
from reports.inputs import Benchmark, BenchmarkPosition, Branding, PerceptionGap
from scoring.benchmarks import compare_to_benchmark
from scoring.results import GroupScore


def score_of(result: GroupResult | None) -> GroupScore | None:
    """The scores the gate shows, or None for a withheld or absent group."""
    return None if result is None else result.scores


def branding_of(organization: Organization) -> Branding:
    """The organization's stored branding: accent, logo and the consultancy that prepared its reports."""
    return Branding(**({"accent_color": organization.accent_color} if organization.accent_color else {}),
                    consultancy_name=organization.prepared_by or "", logo=organization.logo)


def branding_from(cycle: Cycle, accent: str | None, consultancy: str | None, logo_path: str | None) -> Branding:
    """The organization's stored branding, with whatever the caller gives in its place.

    A given logo and accent pass the same checks as ``alignment org brand`` and the
    branding page (``BrandingError``, a ValueError): only a PNG or JPEG, re-encoded,
    ever reaches a report, never an SVG or a file that is no image at all.
    """
    stored = branding_of(cycle.organization)
    return Branding(accent_color=checked_accent(accent) if accent else stored.accent_color,
                    consultancy_name=stored.consultancy_name if consultancy is None else consultancy,
                    logo=checked_logo(Path(logo_path).read_bytes()).data if logo_path else stored.logo)


def benchmark_of(provenance: Benchmark | None, chosen: BenchmarkSet | None,
                 scores: GroupScore | None) -> Benchmark | None:
    """The set's provenance plus where each shown figure of ``scores`` falls in it."""
    if provenance is None or chosen is None or scores is None:
        return None
    positions = {}
    for key, score in [("index", scores.index), *scores.dimensions.items()]:
        distribution = chosen.distribution(key)
        comparison = compare_to_benchmark(score.score, distribution) if distribution else None
        if comparison is not None and distribution is not None:
            positions[key] = BenchmarkPosition.from_comparison(comparison, median=distribution.median,
                                                               published=distribution.quantiles.keys())
    return replace(provenance, positions=positions)


def index_gap(analysis: GroupAnalysis, sales: GroupScore | None, marketing: GroupScore | None) -> PerceptionGap | None:
    """Sales minus marketing on the alignment index, which ``perception_gaps`` leaves out (priorities are dimensions):
    the diagnostic's gap table gives it a row, as the results page does, so the two list the same gaps."""
    gap = next((g for g in analysis.gaps if g.dimension == "index"), None)
    if gap is None or sales is None or marketing is None or sales.index.score is None or marketing.index.score is None:
        return None
    return PerceptionGap.from_gap(gap, sales=sales.index.score, marketing=marketing.index.score,
                                  q_value=analysis.gap_q.get("index"))


def perception_gaps(analysis: GroupAnalysis, sales: GroupScore | None, marketing: GroupScore | None,
                    questionnaire: Questionnaire) -> tuple[PerceptionGap, ...]:
    """Gaps the gate released, with both functions' shown scores; largest first, index left out."""
    if sales is None or marketing is None:
        return ()
    known = {d.id for d in questionnaire.dimensions}
    found = []
    for gap in analysis.gaps:
        s, m = sales.dimensions.get(gap.dimension), marketing.dimensions.get(gap.dimension)
        if gap.dimension not in known or s is None or m is None or s.score is None or m.score is None:
            continue
        found.append(PerceptionGap.from_gap(gap, sales=s.score, marketing=m.score,
                                            q_value=analysis.gap_q.get(gap.dimension)))
    return tuple(found)
