"""A results page's charts as SVG: a group's scores as bars, and its index quarter after quarter.

``assessment.results.context`` imports this module where a page draws a chart,
not at its top: it brings in matplotlib (``reports.charts``, some 0.3 s on a
first import), which the app, the commands and the workers do not need to start.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup

from assessment.gate import GroupResult
from assessment.gate.analysis import GroupAnalysis
from assessment.models import Cycle
from questionnaires.model import Questionnaire
from reports.charts import ChartBar, score_bar_chart, scoped_ids, trend_chart, trend_scale
from reports.colors import GRAPHIC_CONTRAST, readable_on_white


def scores_chart(result: GroupResult, analysis: GroupAnalysis, benchmarks: dict[str, dict[str, Any] | None],
                 questionnaire: Questionnaire, cycle: Cycle, *, narrow: bool = False) -> Markup:
    """The scores as bars, in the laptop's layout, or with ``narrow`` the phone's (names above the bars).

    The page carries only the laptop's; a phone fetches its own (``charts.js``): drawing both on every
    request cost some 60 ms a page, for a layout that most readers never saw.
    """
    assert result.scores is not None
    bars = [_bar("Alignment index", "index", result.scores.index, analysis, benchmarks, emphasis=True)]
    bars += [_bar(d.name, d.id, result.scores.dimensions[d.id], analysis, benchmarks)
             for d in questionnaire.dimensions if d.id in result.scores.dimensions]
    previous = f"{analysis.previous_period}" if analysis.previous_period else "Previous period"
    return Markup(_drawn(tuple(bars), _accent(cycle), previous, narrow))


@lru_cache(maxsize=128)
def _drawn(bars: tuple[ChartBar, ...], accent: str, previous: str, narrow: bool) -> str:
    """One drawing per set of figures: a page read again, or by a colleague, costs no second drawing.

    Keyed by what is drawn, not by the group, so a recomputed cycle draws afresh.
    matplotlib escapes the labels it writes into the SVG, dimension names included.
    """
    svg = score_bar_chart(bars, accent=accent, previous_label=previous, narrow=narrow)
    # The phone's chart joins a page holding the laptop's: its own ids keep them apart.
    return scoped_ids(svg, "n") if narrow else svg


def index_trend_chart(points: list[tuple[str, float | None]], cycle: Cycle) -> Markup:
    return Markup(_trend_drawn(tuple(points), _accent(cycle)))


@lru_cache(maxsize=128)
def _trend_drawn(points: tuple[tuple[str, float | None], ...], accent: str) -> str:
    """As ``_drawn``: the same line for the same figures is drawn once per process (some 40 ms each time)."""
    return trend_chart(points, accent=accent)


@lru_cache(maxsize=1)
def index_trend_scale() -> Markup:
    """The trend chart's 0-100 scale alone, which a phone keeps in view while the chart scrolls under it: the same
    for every chart of the index, so drawn once per process."""
    return Markup(trend_scale())


def _accent(cycle: Cycle) -> str:
    """The organization's accent, darkened where needed to stand out on white (3:1), as the PDFs draw it:
    a pale brand colour made bars that weak eyes could not tell from the page."""
    return readable_on_white(cycle.organization.accent_color or "#2456a6", GRAPHIC_CONTRAST)


def _bar(label: str, key: str, score, analysis: GroupAnalysis, benchmarks, *, emphasis: bool = False) -> ChartBar:  # type: ignore[no-untyped-def]
    change = analysis.changes.get(key)
    position = benchmarks.get(key)
    previous = score.score - change.diff if change and change.diff is not None and score.score is not None else None
    return ChartBar(label=label, score=score.score, ci=score.ci, benchmark=position["median"] if position else None,
                    previous=previous, emphasis=emphasis)
