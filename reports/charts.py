"""Charts as inline SVG markup, shared by PDF reports and web pages.

Built on ``matplotlib.figure.Figure`` without pyplot, so no global figure
state leaks between requests. Text stays real text (``svg.fonttype: none``)
so it is searchable in the PDF and readable by screen readers, and every
series differs by shape or hatching, not colour alone, so a black-and-white
print still reads.
"""
from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from reports.periods import NO_SURVEY, trend_periods
from reports.svg_markup import compact_svg
from scoring.results import Interval

INK = "#222222"
GRID = "#d0d0d0"
_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "alignment-health",   # stable ids: same data, same markup
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "hatch.linewidth": 0.8,
}


@dataclass(frozen=True)
class ChartBar:
    """One horizontal bar; ``score`` None draws a 'not shown' note instead."""

    label: str
    score: float | None
    ci: Interval | None = None
    benchmark: float | None = None     # benchmark median, 0-100
    previous: float | None = None      # previous period, 0-100
    emphasis: bool = False             # e.g. the alignment index: hatched, bold


def score_axis(ax: Axes, rows: int) -> None:
    """The shared 0-100 axis of horizontal score charts: ticks, grid, no frame but the baseline."""
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, rows - 0.4)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_yticks([])
    ax.tick_params(axis="x", colors=INK, labelsize=8, length=0)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)


def score_bar_chart(
    bars: Sequence[ChartBar],
    *,
    accent: str = "#1f5f8b",
    benchmark_label: str = "Benchmark median",
    previous_label: str = "Previous period",
    missing_note: str = "not shown",
    width: float = 6.6,
    narrow: bool = False,
    compact: bool = False,
    description: str = "Scores on a 0 to 100 scale with 95% confidence intervals",
) -> str:
    """Horizontal bars of 0-100 scores with CI whiskers and value labels.

    ``narrow`` draws it for a phone's width: each name above its bar rather than beside it, so the bars keep
    the whole width and the text its size, where the wide chart scaled to a phone would shrink it unreadably.
    ``compact`` sets the wide chart's bars closer together, its text the same size: short enough to sit under
    the executive summary's findings on its first page.
    """
    layout = _NARROW if narrow else _COMPACT if compact else _WIDE
    height = layout.base_height + layout.row_height * len(bars)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(layout.width or width, height))
        fig.subplots_adjust(left=layout.left, right=layout.right, top=1 - 0.12 / height,
                            bottom=layout.bottom / height)
        ax = fig.add_subplot()
        positions = list(range(len(bars)))[::-1]       # first bar on top
        for y, bar in zip(positions, bars):
            _label_bar(ax, y, bar, missing_note, above=narrow)
        _draw_bars(ax, list(zip(positions, bars)), accent, layout.bar_height)
        score_axis(ax, len(bars))
        if narrow:
            ax.set_ylim(-0.5, len(bars) - 0.05)       # room above the top bar for its name
        ax.set_xlabel(layout.axis_label, fontsize=8, color=INK, labelpad=4)
        handles = _legend_handles(bars, accent, benchmark_label, previous_label)
        if handles:
            fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0),
                       ncol=min(len(handles), layout.legend_columns), frameon=False, fontsize=8, handlelength=1.6)
        return _to_svg(fig, description)


@dataclass(frozen=True)
class _Layout:
    """Where a score chart puts its parts, in inches and fractions of the figure."""

    width: float | None      # None: the caller's
    base_height: float
    row_height: float
    left: float
    right: float
    bottom: float
    bar_height: float
    legend_columns: int
    axis_label: str


_WIDE = _Layout(width=None, base_height=0.95, row_height=0.42, left=0.30, right=0.91, bottom=0.62, bar_height=0.58,
                legend_columns=4, axis_label="Score (0-100); whiskers show the 95% confidence interval")
# A name of two lines ("Information sharing and / communication", 9 pt) still fits in a compact row.
_COMPACT = replace(_WIDE, row_height=0.34)
_NARROW = _Layout(width=3.6, base_height=1.15, row_height=0.56, left=0.04, right=0.88, bottom=0.82, bar_height=0.42,
                  legend_columns=2, axis_label="Score (0-100); whiskers: 95% interval")


#: How many labels fit side by side per inch of a trend chart's width: periods ("2026-Q4", at 8 pt), and the
#: scores over the points (two digits).
PERIOD_LABELS_PER_INCH = 1.75
SCORE_LABELS_PER_INCH = 4.0
#: A trend chart's left margin, which holds its scale, as a share of its width.
_TREND_LEFT = 0.11


def trend_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    accent: str = "#1f5f8b",
    label: str = "Alignment index",
    width: float = 6.6,
    height: float = 2.1,
    missing_note: str = "not shown",
) -> str:
    """The alignment index over periods: line with square markers and labels.

    A period without a result (None) keeps its place on the axis, carries ``missing_note``, and breaks
    the line: joined across it, two results a year apart read as neighbouring quarters. So does a period
    between two in ``points`` in which no cycle ran (``reports.periods``), marked "no survey".
    """
    scores = dict(points)
    periods = trend_periods(scores)
    with matplotlib.rc_context(_RC):
        fig, ax = _trend_axes(label, width, height)
        xs = list(range(len(periods)))
        ys = [math.nan if scores.get(period) is None else scores[period] for period in periods]
        ax.plot(xs, ys, color=accent, linewidth=2, marker="s", markersize=6,
                markerfacecolor="white", markeredgecolor=INK)
        named = _spread(len(periods), width * PERIOD_LABELS_PER_INCH)
        scored = _spread(len(periods), width * SCORE_LABELS_PER_INCH)
        for x, period in zip(xs, periods):
            score = scores.get(period)
            if score is None:
                if x in named:
                    ax.text(x, 6, missing_note if period in scores else NO_SURVEY, ha="center", va="bottom",
                            fontsize=7.5, color=INK, style="italic", parse_math=False)
            elif x in scored:
                ax.text(x, score + 6, f"{score:.0f}", ha="center", va="bottom", fontsize=8.5,
                        color=INK, fontweight="bold", parse_math=False)
        ax.set_xticks(sorted(named), [periods[x] for x in sorted(named)])
        for tick in ax.get_xticklabels():
            tick.set_parse_math(False)
        ax.set_xlim(-0.4, max(len(periods) - 0.6, 0.4))
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.spines["bottom"].set_color(GRID)
        return _to_svg(fig, f"{label} by period, 0 to 100")


def trend_scale(*, label: str = "Alignment index", width: float = 6.6, height: float = 2.1) -> str:
    """The value axis of ``trend_chart`` alone, on white, where that chart of the same size draws it; the rest is
    left transparent.

    A phone's page scrolls a trend chart sideways, opened at its newest period, which put the scale out of view:
    laid over the chart and kept at its frame's left edge (``app.css``), this copy keeps it in view.
    """
    with matplotlib.rc_context(_RC):
        fig, ax = _trend_axes(label, width, height)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        # Behind the scale, up to the axis line, which marks where the scrolled line passes under it.
        fig.add_artist(Rectangle((0, 0), _TREND_LEFT, 1, transform=fig.transFigure, facecolor="white",
                                 edgecolor="none", zorder=-1))
        return _to_svg(fig, f"{label} (0-100), the scale")


def _trend_axes(label: str, width: float, height: float) -> tuple[Figure, Axes]:
    """A trend chart's figure and its value axis, 0-100: shared by the chart and its scale alone, so they line up."""
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=_TREND_LEFT, right=0.97, top=0.88, bottom=0.18)
    ax = fig.add_subplot()
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 50, 100])
    ax.set_ylabel(f"{label} (0-100)", fontsize=8, color=INK, labelpad=6)
    ax.tick_params(colors=INK, labelsize=8, length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(GRID)
    return fig, ax


def _spread(count: int, room: float) -> set[int]:
    """Which of ``count`` points get a label when ``room`` labels fit: all of them, else every k-th counted
    back from the newest, which always has one. Four years of quarters, or two of months, ran the
    period labels into one another."""
    step = max(1, -(-count // max(2, int(room))))
    return {count - 1 - i for i in range(0, count, step)}


def has_trend(points: Sequence[tuple[str, float | None]]) -> bool:
    """Whether a trend chart has something to show: results in at least two periods."""
    return sum(score is not None for _, score in points) >= 2


def _label_bar(ax: Axes, y: float, bar: ChartBar, missing_note: str, above: bool = False) -> None:
    """The bar's name on the left (or above it) and its score on the right, or why it is missing."""
    weight = "bold" if bar.emphasis else "normal"
    if above:
        ax.text(0, y + 0.27, textwrap.shorten(bar.label, 44, placeholder="…"), transform=ax.get_yaxis_transform(),
                ha="left", va="bottom",
                fontsize=9, color=INK, fontweight=weight, parse_math=False)
    else:
        ax.text(-0.02, y, textwrap.fill(bar.label, 26), transform=ax.get_yaxis_transform(),
                ha="right", va="center", fontsize=9, color=INK, fontweight=weight,
                parse_math=False)
    if bar.score is None:
        ax.text(1.5, y, missing_note, ha="left", va="center", fontsize=8, color=INK,
                style="italic", parse_math=False)
        return
    ax.text(1.015, y, f"{bar.score:.0f}", transform=ax.get_yaxis_transform(), ha="left",
            va="center", fontsize=10, color=INK, fontweight="bold", parse_math=False)


def _draw_bars(ax: Axes, placed: list[tuple[float, ChartBar]], accent: str, height: float) -> None:
    """Bars, whiskers and markers, each kind in one call: a chart per plan stays cheap."""
    shown = [(y, b) for y, b in placed if b.score is not None]
    for emphasis in (False, True):
        group = [(y, b) for y, b in shown if b.emphasis == emphasis]
        if group:
            ax.barh([y for y, _ in group], [b.score for _, b in group], height=height,
                    color="white" if emphasis else accent, edgecolor=INK if emphasis else accent,
                    linewidth=0.8, hatch="////" if emphasis else None)
    whiskers = [(y, b.score, b.ci) for y, b in shown if b.ci is not None and b.score is not None]
    if whiskers:
        ax.errorbar([s for _, s, _ in whiskers], [y for y, _, _ in whiskers],
                    xerr=[[s - ci.low for _, s, ci in whiskers], [ci.high - s for _, s, ci in whiskers]],
                    fmt="none", ecolor=INK, elinewidth=1, capsize=3, capthick=1)
    previous = [(y, b.previous) for y, b in shown if b.previous is not None]
    if previous:
        ax.plot([x for _, x in previous], [y for y, _ in previous], marker="o", markersize=6,
                markerfacecolor="white", markeredgecolor=INK, markeredgewidth=1.1, linestyle="none")
    benchmark = [(y, b.benchmark) for y, b in shown if b.benchmark is not None]
    if benchmark:
        ax.plot([x for _, x in benchmark], [y for y, _ in benchmark], marker="D", markersize=6,
                markerfacecolor=INK, markeredgecolor="white", markeredgewidth=0.8, linestyle="none")


def _legend_handles(bars: Sequence[ChartBar], accent: str, benchmark_label: str,
                    previous_label: str) -> list[Patch | Line2D]:
    handles: list[Patch | Line2D] = []
    if any(b.emphasis and b.score is not None for b in bars):
        handles.append(Patch(facecolor="white", edgecolor=INK, hatch="////", label="Index"))
    if any(not b.emphasis and b.score is not None for b in bars):
        handles.append(Patch(facecolor=accent, edgecolor=accent, label="Dimension"))
    if any(b.previous is not None for b in bars):
        handles.append(Line2D([], [], marker="o", markersize=6, markerfacecolor="white",
                              markeredgecolor=INK, linestyle="none", label=previous_label))
    if any(b.benchmark is not None for b in bars):
        handles.append(Line2D([], [], marker="D", markersize=6, markerfacecolor=INK,
                              markeredgecolor="white", linestyle="none", label=benchmark_label))
    return handles


def _to_svg(fig: Figure, description: str) -> str:
    """SVG markup without prolog, metadata, CSS or background, ready to inline in HTML.

    ``reports.svg_markup`` trims it to what draws; the page behind is white in
    a PDF and on the web alike, so the figure and axes backgrounds are left out,
    and nothing is clipped to the axes: WeasyPrint redraws the clip path for
    each element it applies to, and no chart draws outside its axes.
    The ids that remain (clip paths, markers, hatches) are content hashes, so
    identical ids also mean identical definitions.
    """
    fig.patch.set_visible(False)
    for ax in fig.axes:
        ax.patch.set_visible(False)
    for artist in fig.findobj():
        artist.set_clip_on(False)      # every value is on 0-100 (intervals too): inside the axes
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    markup = buffer.getvalue()
    markup = _STYLE_BLOCK.sub("", _METADATA.sub("", markup[markup.index("<svg"):]))
    return compact_svg(markup, {"role": "img", "aria-label": description,
                                "stroke-linejoin": "round", "stroke-linecap": "butt"})


def scoped_ids(markup: str, prefix: str) -> str:
    """The chart with every id (and reference to one) prefixed.

    Ids are content hashes, so two charts in one document may define the same
    marker twice; harmless, but WeasyPrint warns of each. A prefix per chart
    keeps every id in a document unique.
    """
    return _ID_REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", markup)


_ID_REFERENCE = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_STYLE_BLOCK = re.compile(r"\s*<style[^>]*>.*?</style>", re.DOTALL)
