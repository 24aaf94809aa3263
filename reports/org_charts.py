"""The perception-gap dumbbell and the teams-by-dimensions heatmap, as inline SVG.

Same rules as ``reports.charts``: no pyplot, real text, and nothing told by
colour alone. Sales and marketing differ by marker shape (filled circle,
open square) and every value is printed; heatmap cells carry their number,
and withheld cells a hatch and a dash, so a black-and-white print reads.
"""
from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from reports.charts import _RC, GRID, INK, _to_svg, score_axis


@dataclass(frozen=True)
class GapBar:
    """One dimension: sales' and marketing's score on 0-100."""

    label: str
    sales: float
    marketing: float


def gap_chart(gaps: Sequence[GapBar], *, width: float = 6.6) -> str:
    """Sales (filled circle) and marketing (open square) on one line per dimension.

    Each kind of mark is one artist for all rows: matplotlib's cost is per artist.
    """
    height = 0.9 + 0.38 * len(gaps)
    rows = list(zip(range(len(gaps))[::-1], gaps))
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width, height))
        fig.subplots_adjust(left=0.30, right=0.97, top=1 - 0.1 / height, bottom=0.62 / height)
        ax = fig.add_subplot()
        ax.hlines([y for y, _ in rows], [min(g.sales, g.marketing) for _, g in rows],
                  [max(g.sales, g.marketing) for _, g in rows], color=INK, linewidth=1.2)
        # The open square first, the dot over it: the other way round, a white square hid a sales dot a point
        # or two away, and 59 and 60 read as one mark; a dot in a square's corners reads as both.
        ax.plot([g.marketing for _, g in rows], [y for y, _ in rows], marker="s", markersize=7,
                markerfacecolor="white", markeredgecolor=INK, markeredgewidth=1.2, linestyle="none")
        ax.plot([g.sales for _, g in rows], [y for y, _ in rows], marker="o", markersize=7,
                color=INK, linestyle="none")
        for y, gap in rows:
            _value_labels(ax, y, *sorted((gap.sales, gap.marketing)))
            ax.text(-0.02, y, textwrap.fill(gap.label, 28), transform=ax.get_yaxis_transform(),
                    ha="right", va="center", fontsize=9, color=INK, parse_math=False)
        score_axis(ax, len(gaps))
        ax.set_xlabel("Score (0-100)", fontsize=8, color=INK, labelpad=4)
        handles = [
            Line2D([], [], marker="o", markersize=7, color=INK, linestyle="none", label="Sales"),
            Line2D([], [], marker="s", markersize=7, markerfacecolor="white", markeredgecolor=INK,
                   linestyle="none", label="Marketing"),
        ]
        fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2,
                   frameon=False, fontsize=8)
        return _to_svg(fig, "Sales and marketing scores per dimension, 0 to 100")


END_ROOM = 7.0   # points of the 0-100 axis a value label needs beside its mark, "100" included


def _value_labels(ax: Axes, y: float, left: float, right: float) -> None:
    """Each value beside its mark, outside the pair; above the mark near an end of the axis, where
    beside it "100" ran off the chart and "0" into the dimension's name."""
    for value, side in ((left, -1), (right, 1)):
        if (value < END_ROOM) if side < 0 else (value > 100 - END_ROOM):
            ax.text(value, y + 0.22, f"{value:.0f}", ha="center", va="bottom", fontsize=8, color=INK)
        else:
            ax.text(value + 2.5 * side, y, f"{value:.0f}", ha="left" if side > 0 else "right", va="center",
                    fontsize=8, color=INK)


@lru_cache(maxsize=8)
def shared_gap_chart(gaps: tuple[GapBar, ...]) -> str:
    """``gap_chart`` for gaps many documents show alike (the organization's, in every
    single-function team's plan): drawn once per process, not once per plan."""
    return gap_chart(gaps)


def heatmap_chart(rows: Sequence[tuple[str, Sequence[float | None]]], columns: Sequence[str], *,
                  width: float = 6.8) -> str:
    """Teams (rows) by dimensions (columns): grey by score, the score printed in each cell.

    Withheld cells are hatched and carry a dash; the page says what that means.
    """
    columns = [textwrap.fill(c, 12, break_long_words=False, break_on_hyphens=False) for c in columns]
    height = 1.0 + 0.32 * len(rows)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width, height))
        fig.subplots_adjust(left=0.24, right=0.99, top=1 - 0.75 / height, bottom=0.05 / height)
        ax = fig.add_subplot()
        for r, (_, values) in enumerate(rows):
            for c, value in enumerate(values):
                _cell(ax, r, c, value)
        ax.set_xlim(0, len(columns))
        ax.set_ylim(len(rows), 0)
        ax.set_xticks(np.arange(len(columns)) + 0.5, columns)
        ax.xaxis.tick_top()
        # Two lines before anything is cut: shortened to one line, "Enterprise Sales North America East"
        # and "... West" both read "Enterprise Sales North [...]", and the reader cannot tell the rows apart.
        ax.set_yticks(np.arange(len(rows)) + 0.5,
                      [textwrap.fill(label, 30, max_lines=2, placeholder=" …") for label, _ in rows])
        for tick in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
            tick.set_parse_math(False)
        ax.tick_params(colors=INK, labelsize=7, length=0)
        ax.tick_params(axis="x", labelsize=6.3)
        for side in ax.spines.values():
            side.set_visible(False)
        return _to_svg(fig, "Heatmap of team scores by dimension, 0 to 100")


def _cell(ax: Axes, row: int, column: int, value: float | None) -> None:
    if value is None:
        ax.add_patch(Rectangle((column, row), 1, 1, facecolor="white", edgecolor=GRID,
                               hatch="////", linewidth=0.6))
        ax.text(column + 0.5, row + 0.5, "–", ha="center", va="center", fontsize=8, color=INK)
        return
    # Low scores darker; the grey spans 25 to 75, where nearly all group scores fall.
    shade = 0.3 + 0.65 * min(max((value - 25.0) / 50.0, 0.0), 1.0)
    ax.add_patch(Rectangle((column, row), 1, 1, facecolor=str(round(shade, 3)), edgecolor="white",
                           linewidth=1.0))
    ax.text(column + 0.5, row + 0.5, f"{value:.0f}", ha="center", va="center", fontsize=8,
            color="white" if shade < 0.6 else INK, fontweight="bold")
