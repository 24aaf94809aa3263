"""What a results page shows beside the scores, all of it through the gate.

Change since last cycle, benchmark position and the score chart come from
the same code as the JSON export and the PDFs, so a number reads the same
everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from assessment.exports import benchmark_position, benchmark_provenance
from assessment.documents import earlier_cycles
from assessment.gate import GroupResult, group_result
from assessment.gate.analysis import GroupAnalysis, group_analysis
from assessment.gate.comments import comment_threshold, visible_comments
from assessment.models import BenchmarkSet, Cycle
from questionnaires.model import OpenQuestion, Questionnaire
from reports.charts import ChartBar, score_bar_chart, trend_chart


@dataclass(frozen=True)
class GroupView:
    """One shown group: its result plus change and benchmark per dimension ("index" included)."""

    result: GroupResult
    analysis: GroupAnalysis
    benchmarks: dict[str, dict[str, Any] | None]
    chart: Markup | None


def group_view(cycle: Cycle, result: GroupResult | None, questionnaire: Questionnaire,
               benchmark: BenchmarkSet | None, *, with_chart: bool = True) -> GroupView | None:
    if result is None or result.scores is None:
        return None
    analysis = group_analysis(cycle, result)
    scores = {"index": result.scores.index, **result.scores.dimensions}
    benchmarks = {key: benchmark_position(key, score, benchmark) for key, score in scores.items()}
    chart = _chart(result, analysis, benchmarks, questionnaire, cycle) if with_chart else None
    return GroupView(result, analysis, benchmarks, chart)


@dataclass(frozen=True)
class QuestionComments:
    """One open question's comments for a group, or ``None`` when the gate withholds them."""

    question: OpenQuestion
    comments: list[str] | None
    threshold: int


def group_comments(cycle: Cycle, questionnaire: Questionnaire, group: dict[str, str]) -> list[QuestionComments]:
    threshold = comment_threshold(cycle)
    return [QuestionComments(q, visible_comments(cycle, group, q.id), threshold)
            for q in questionnaire.open_questions]


@dataclass(frozen=True)
class TrendView:
    """A group's scores cycle after cycle: ``None`` where the gate withheld it or the cycle did not ask."""

    periods: list[str]
    rows: list[tuple[str, list[float | None]]]  # (label, one score per period), the index first
    chart: Markup | None


def group_trend(cycle: Cycle, kind: str, key: str, questionnaire: Questionnaire) -> TrendView | None:
    """This cycle and the earlier ones with results, read through the gate like the page's own figures."""
    cycles = [*earlier_cycles(cycle), cycle]
    if len(cycles) < 2:
        return None
    scores = [result.scores if (result := group_result(c, kind, key)) else None for c in cycles]
    rows = [("Alignment index", [s.index.score if s else None for s in scores])]
    for dimension in questionnaire.dimensions:
        found = [s.dimensions.get(dimension.id) if s else None for s in scores]
        rows.append((dimension.name, [d.score if d else None for d in found]))
    if all(value is None for _, values in rows for value in values):
        return None  # withheld every time: a table of dashes says nothing
    points = [(c.period, value) for c, value in zip(cycles, rows[0][1]) if value is not None]
    accent = cycle.organization.accent_color or "#2456a6"
    chart = Markup(trend_chart(points, accent=accent)) if len(points) >= 2 else None
    return TrendView([c.period for c in cycles], rows, chart)


def provenance(benchmark: BenchmarkSet | None) -> dict[str, Any] | None:
    return benchmark_provenance(benchmark)


def _chart(result: GroupResult, analysis: GroupAnalysis, benchmarks: dict[str, dict[str, Any] | None],
           questionnaire: Questionnaire, cycle: Cycle) -> Markup:
    assert result.scores is not None
    bars = [_bar("Alignment index", "index", result.scores.index, analysis, benchmarks, emphasis=True)]
    bars += [_bar(d.name, d.id, result.scores.dimensions[d.id], analysis, benchmarks)
             for d in questionnaire.dimensions if d.id in result.scores.dimensions]
    accent = cycle.organization.accent_color or "#2456a6"
    previous = f"{analysis.previous_period}" if analysis.previous_period else "Previous period"
    # matplotlib escapes the labels it writes into the SVG, dimension names included.
    return Markup(score_bar_chart(bars, accent=accent, previous_label=previous))


def _bar(label: str, key: str, score, analysis: GroupAnalysis, benchmarks, *, emphasis: bool = False) -> ChartBar:  # type: ignore[no-untyped-def]
    change = analysis.changes.get(key)
    position = benchmarks.get(key)
    previous = score.score - change.diff if change and change.diff is not None and score.score is not None else None
    return ChartBar(label=label, score=score.score, ci=score.ci, benchmark=position["median"] if position else None,
                    previous=previous, emphasis=emphasis)
