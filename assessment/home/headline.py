"""The home page's headline: one group's alignment index in the newest results the reader may open.

An executive comes back each quarter for one number and where it is going; the
headline gives it with the change and benchmark position the results page
gives beside it, and the index quarter after quarter, all through the gate.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessment.exports import benchmark_position
from assessment.gate import GroupResult, group_result
from assessment.gate.analysis import group_analysis
from assessment.models import Cycle
from assessment.operations.benchmarks import benchmark_for_cycle
from assessment.results.context import provenance, scores_by_period
from reports.differences import shown_change
from scoring.change import Change

#: Quarters the headline's row of figures goes back; the results page's trend has them all.
PERIODS_SHOWN = 5


@dataclass(frozen=True)
class Headline:
    """``result`` is withheld (``result.suppressed``) when the gate shows no figure for the group."""

    name: str
    cycle: Cycle
    result: GroupResult
    change: Change | None = None
    shown_change: float | None = None     # as the two rounded scores read
    previous_period: str | None = None
    benchmark: dict[str, Any] | None = None          # where the index stands in the organization's set
    benchmark_source: dict[str, Any] | None = None   # the set: name, source, date and size
    by_period: tuple[tuple[str, float | None], ...] = ()   # the index, oldest first, this cycle last


def headline(cycle: Cycle, kind: str, key: str, name: str) -> Headline | None:
    """The group's index in ``cycle``; ``None`` when it had no responses at all."""
    result = group_result(cycle, kind, key)
    if result is None:
        return None
    # The earlier quarters stay when this one is withheld: a lead whose team fell under the threshold once still
    # sees where it stood before, rather than losing its whole history to one quarter.
    by_period = [(period, scores.index.score if scores else None)
                 for period, scores in scores_by_period(cycle, kind, key, newest=PERIODS_SHOWN).items()]
    earlier = tuple(by_period) if len(by_period) > 1 else ()
    if result.scores is None:
        return Headline(name, cycle, result, by_period=earlier if any(v is not None for _, v in earlier) else ())
    index = result.scores.index
    analysis = group_analysis(cycle, result)
    change = analysis.changes.get("index")
    previous = analysis.previous_scores.get("index")
    benchmark = benchmark_for_cycle(cycle)
    return Headline(
        name, cycle, result,
        change=change if change and change.diff is not None else None,
        shown_change=shown_change(index.score, previous) if previous is not None else (change.diff if change else None),
        previous_period=analysis.previous_period,
        benchmark=benchmark_position("index", index, benchmark),
        benchmark_source=provenance(benchmark),
        by_period=earlier,
    )
