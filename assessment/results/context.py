"""What a results page shows beside the scores, all of it through the gate.

Change since last cycle, benchmark position and the score chart come from
the same code as the JSON export and the PDFs, so a number reads the same
everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import dropwhile
from typing import Any

from flask import url_for
from markupsafe import Markup

from assessment.dates import written
from assessment.exports import benchmark_position, benchmark_provenance
from assessment.extensions import db
from assessment.documents import earlier_cycles
from assessment.gate import GroupResult, group_result
from assessment.gate.analysis import GroupAnalysis, group_analysis
from assessment.gate.comments import comment_threshold, visible_comments
from assessment.models import BenchmarkSet, Cycle, CycleStatus
from questionnaires.model import OpenQuestion, Questionnaire
from reports.periods import skipped_between, trend_periods
from reports.versions import version_note
from scoring.results import GroupScore


@dataclass(frozen=True)
class GroupView:
    """One shown group: its result plus change and benchmark per dimension ("index" included)."""

    result: GroupResult
    analysis: GroupAnalysis
    benchmarks: dict[str, dict[str, Any] | None]
    chart: Markup
    phone_chart: str  # the address of the same chart laid out for a phone
    version_note: str | None = None  # the changes compare two versions of the questionnaire


def group_view(cycle: Cycle, result: GroupResult | None, questionnaire: Questionnaire,
               benchmark: BenchmarkSet | None, *, narrow: bool = False) -> GroupView | None:
    """The group as its page shows it, its chart in a laptop's layout, or with ``narrow`` a phone's."""
    if result is None or result.scores is None:
        return None
    analysis = group_analysis(cycle, result)
    scores = {"index": result.scores.index, **result.scores.dimensions}
    benchmarks = {key: benchmark_position(key, score, benchmark) for key, score in scores.items()}
    # Here and in ``group_trend``: matplotlib is loaded by the first chart a page draws, not when the app starts.
    from assessment.results.charts import scores_chart

    chart = scores_chart(result, analysis, benchmarks, questionnaire, cycle, narrow=narrow)
    return GroupView(result, analysis, benchmarks, chart, _phone_chart(cycle, result),
                     _version_note(cycle, questionnaire, analysis.previous_period))


def _version_note(cycle: Cycle, questionnaire: Questionnaire, since: str | None) -> str | None:
    earlier = next((c for c in earlier_cycles(cycle) if c.period == since), None) if since else None
    return version_note(questionnaire, earlier.questionnaire.parsed() if earlier else None, since)


def _phone_chart(cycle: Cycle, result: GroupResult) -> str:
    """Where a phone fetches the group's chart: the organization's and a team's are the only ones a page draws."""
    where = {"org": cycle.organization.slug, "period": cycle.period}
    if result.kind == "team":
        return url_for("results.team_phone_chart", **where, team_slug=result.key)
    if result.kind == "organization":
        return url_for("results.organization_phone_chart", **where)
    raise ValueError(f"no page draws the chart of a {result.kind} group")


@dataclass(frozen=True)
class GapSide:
    """A function that a sales-marketing gap needs and the page cannot show: nobody of it answered (``result``
    is None), or the gate withholds it (``result.reason`` says why, as the "By function" table does)."""

    function: str
    result: GroupResult | None


def unshown_gap_sides(functions: list[GroupResult]) -> list[GapSide]:
    """Sales and marketing, those of them without shown scores; none when a gap can be shown.

    Says nothing the page does not already: a withheld function reads so in "By function", where one nobody
    answered has no row.
    """
    by_key = {result.key: result for result in functions}
    return [GapSide(function, by_key.get(function)) for function in ("sales", "marketing")
            if (found := by_key.get(function)) is None or found.suppressed]


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
    """A group's scores cycle after cycle: ``None`` where the gate withheld it, the cycle did not ask, or no
    cycle ran (a period in ``skipped``, kept so that the columns on either side do not read as neighbours)."""

    periods: list[str]
    rows: list[tuple[str, list[float | None]]]  # (label, one score per period), the index first
    chart: Markup | None
    skipped: frozenset[str] = frozenset()
    compared_with: str | None = None  # the period the page's changes start from, when it is across skipped ones
    scale: Markup | None = None  # the chart's 0-100 scale alone, kept in view on a phone (app.css)


def group_trend(cycle: Cycle, kind: str, key: str, questionnaire: Questionnaire) -> TrendView | None:
    """This cycle and the earlier ones with results, read through the gate like the page's own figures."""
    by_period = scores_by_period(cycle, kind, key)
    if len(by_period) < 2:
        return None
    periods = trend_periods(by_period)
    scores = [by_period.get(period) for period in periods]
    rows = [("Alignment index", [s.index.score if s else None for s in scores])]
    for dimension in questionnaire.dimensions:
        found = [s.dimensions.get(dimension.id) if s else None for s in scores]
        rows.append((dimension.name, [d.score if d else None for d in found]))
    if all(value is None for _, values in rows for value in values):
        return None  # withheld every time: a table of dashes says nothing
    # From the group's first result on, every period keeps its place, "not shown" where the gate withheld the
    # group: joined across them, two results a year apart read as neighbouring quarters (as in the PDFs).
    # The chart puts in the periods no cycle ran itself, as every trend chart does.
    points = list(dropwhile(lambda point: point[1] is None,
                            ((period, s.index.score if s else None) for period, s in by_period.items())))
    chart = scale = None
    if sum(value is not None for _, value in points) >= 2:  # reports.charts.has_trend, without importing matplotlib
        from assessment.results.charts import index_trend_chart, index_trend_scale

        chart, scale = index_trend_chart(points, cycle), index_trend_scale()
    skipped = frozenset(periods) - by_period.keys()
    compared_with = _compared_across_skipped(cycle, group_result(cycle, kind, key)) if skipped else None
    return TrendView(periods, rows, chart, skipped, compared_with, scale)


def scores_by_period(cycle: Cycle, kind: str, key: str, newest: int | None = None) -> dict[str, GroupScore | None]:
    """The group's scores in this cycle and each earlier one with results, by period, oldest first: ``None``
    where the gate withheld them or the group had no responses. ``newest`` keeps only that many cycles, this
    one included, and reads no others through the gate: a headline of five surveys should not cost forty."""
    cycles = [*earlier_cycles(cycle), cycle][-newest if newest else None:]
    return {c.period: result.scores if (result := group_result(c, kind, key)) else None for c in cycles}


def _compared_across_skipped(cycle: Cycle, result: GroupResult | None) -> str | None:
    """The period the group's changes start from, when periods without a survey lie between it and this one."""
    previous = group_analysis(cycle, result).previous_period
    return previous if previous and skipped_between(previous, cycle.period) else None


def provenance(benchmark: BenchmarkSet | None, cycle: Cycle | None = None) -> dict[str, Any] | None:
    """The benchmark's source as the exports give it, its date as a person reads one (the exports keep ISO), and
    ``of_a_later_time``: whether the organization closed a later survey before the benchmark was drawn up, so that
    ``cycle``, an earlier quarter, is placed in today's benchmark rather than one of its own time."""
    found = benchmark_provenance(benchmark)
    if found is None or benchmark is None:
        return found
    later = cycle is not None and db.session.execute(
        db.select(Cycle.id).where(Cycle.organization_id == cycle.organization_id, Cycle.period > cycle.period,
                                  Cycle.status != CycleStatus.open, Cycle.closes_on <= benchmark.as_of).limit(1)
    ).first() is not None
    return found | {"as_of": written(benchmark.as_of), "of_a_later_time": later}

