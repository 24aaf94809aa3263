"""What the caller hands to a team action plan: scored data, never raw answers.

The app (or a batch job) asks the anonymity gate first and passes
``scores=None`` for a group below the minimum size; the plan then shows no
numbers at all. Everything past the required fields is optional so later work
(benchmarks, perception gaps, drivers, trends) can fill it in without
changing callers that do not have it yet.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from questionnaires.model import Questionnaire
from reports.differences import shown_change, widest
from reports.funnel import FunnelTable
from reports.ranking import ordinal
from scoring.benchmarks import shown_percentile, table_end_passed
from scoring.results import GroupScore

if TYPE_CHECKING:  # only for the adapters' signatures; keeps SciPy out of rendering
    from scoring.benchmarks import BenchmarkComparison
    from scoring.change import Change
    from scoring.drivers import Drivers
    from scoring.gaps import Gap

_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_ACCENT = "#1f5f8b"
# What every document is about, in the words of the built-in questionnaire's title: the running
# header of an unbranded report, every cover and the branding page's preview say it alike.
SURVEY_NAME = "Sales and marketing alignment"


@dataclass(frozen=True)
class Branding:
    """How a consultancy dresses its reports.

    The accent colour ends up in CSS, where HTML escaping does not help, so
    only a plain ``#rrggbb`` value is accepted.
    """

    accent_color: str = DEFAULT_ACCENT
    consultancy_name: str = ""
    logo: bytes | None = None          # PNG, JPEG or SVG bytes

    def __post_init__(self) -> None:
        if not _HEX_COLOR.match(self.accent_color):
            raise ValueError(f"accent_color must look like #1f5f8b, got {self.accent_color!r}")


@dataclass(frozen=True)
class BenchmarkPosition:
    """Where the group stands on one dimension within a benchmark."""

    percentile: float | None = None    # 0-100 rank among benchmark groups
    diff_to_median: float | None = None  # points on 0-100, group minus median
    quartile: str = ""                 # e.g. "top quartile", "bottom quartile"
    median: float | None = None        # benchmark median on 0-100, for chart markers
    beyond: int | None = None          # outside a published table: the end percentile it lies past (10, 90)

    @classmethod
    def from_comparison(cls, comparison: BenchmarkComparison, median: float | None = None,
                        published: Collection[int] = ()) -> BenchmarkPosition:
        """From ``scoring.benchmarks.compare_to_benchmark``; the median is the distribution's.

        ``published`` are the percentiles of a table-only benchmark: past its ends the
        rank is a guess, so the position keeps which end it lies past instead.
        """
        beyond = table_end_passed(comparison, published)
        return cls(percentile=comparison.percentile, diff_to_median=comparison.diff_to_median,
                   quartile=comparison.label, median=median, beyond=beyond)

    def shown_to_median(self, score: float | None) -> float | None:
        """The distance to the median as the printed score and the median read, each rounded (``reports.differences``):
        from the exact one, 62 read "2 above" and 58 "3 below" one median of 60.7. Which dimension is below the median
        is still decided on the exact distance; without a median or a score, it is the exact one."""
        shown = shown_change(score, self.median)
        return self.diff_to_median if shown is None else shown

    @property
    def rank(self) -> str:
        """"62nd", or "below the 10th" where only a published table's end is known; "percentile" follows."""
        if self.beyond is not None:
            return f"{'below' if self.beyond < 50 else 'above'} the {ordinal(self.beyond)}"
        return ordinal(shown_percentile(self.percentile)) if self.percentile is not None else ""

    @property
    def rank_phrase(self) -> str:
        """The rank in a sentence: "the 62nd percentile", "below the 10th percentile"."""
        return f"{'' if self.beyond is not None else 'the '}{self.rank} percentile"


@dataclass(frozen=True)
class Benchmark:
    """A benchmark set's provenance plus the group's position per dimension."""

    name: str
    source: str = ""
    as_of: str = ""                    # as a reader reads a date, e.g. "26 November 2026"
    size: int | None = None            # number of organizations
    positions: Mapping[str, BenchmarkPosition] = field(default_factory=dict)


@dataclass(frozen=True)
class PerceptionGap:
    """Sales minus marketing on one dimension (0-100 points)."""

    dimension: str
    sales: float
    marketing: float
    q_value: float | None = None       # Benjamini-Hochberg adjusted
    hedges_g: float | None = None

    @property
    def difference(self) -> float:
        """Unrounded: whether a gap is large enough to name is decided on it."""
        return self.sales - self.marketing

    @property
    def shown_difference(self) -> float:
        """Sales minus marketing as the two printed scores show it (see ``reports.differences``)."""
        shown = shown_change(self.sales, self.marketing)
        assert shown is not None
        return shown

    @classmethod
    def from_gap(cls, gap: Gap, *, sales: float, marketing: float,
                 q_value: float | None = None) -> PerceptionGap:
        """From ``scoring.gaps.perception_gap`` plus the two functions' 0-100 scores."""
        return cls(dimension=gap.dimension, sales=sales, marketing=marketing,
                   q_value=q_value, hedges_g=gap.hedges_g)


def widest_first(gap: PerceptionGap) -> tuple[bool, float, float]:
    """A sort key: the widest gap first as printed (``reports.differences.widest``)."""
    return widest(gap.shown_difference, gap.difference)


@dataclass(frozen=True)
class Driver:
    """A dimension's share of the outcome item's explained variance."""

    dimension: str
    share: float                       # 0-1 of R^2

    @classmethod
    def all_from(cls, drivers: Drivers | None) -> tuple[Driver, ...]:
        """From ``scoring.drivers.shapley_r2`` (None below n = 30): largest share first."""
        if drivers is None:
            return ()
        ranked = sorted(drivers.relative.items(), key=lambda item: -item[1])
        return tuple(cls(dimension, share) for dimension, share in ranked)


@dataclass(frozen=True)
class Movement:
    """One dimension a reviewed action's practice serves: its score then and now, as the gate showed them.

    A figure the gate withheld is ``None``, with the gate's reason (``too_small``
    or ``protects_others``) and the period it was withheld in; no number of it
    ever reaches a report.
    """

    dimension: str
    before: float | None = None        # 0-100 in the action's cycle
    after: float | None = None         # 0-100 in the plan's cycle
    withheld_in: str | None = None     # the period whose figure is not shown
    withheld_reason: str | None = None
    meaningful: bool | None = None     # the tested change, when there is one


@dataclass(frozen=True)
class PreviousAction:
    """An action the team committed to after an earlier cycle, to be read against this one."""

    title: str
    status: str                        # planned, in_progress, done or dropped
    practice: str | None = None        # the playbook practice's title; None for the team's own
    owner: str = ""
    movements: tuple[Movement, ...] = ()
    note: str = ""                     # the team's own words on it, as typed

    def __post_init__(self) -> None:
        object.__setattr__(self, "movements", tuple(self.movements))


@dataclass(frozen=True)
class Commitment:
    """An action the team took on for this cycle: listed in the plan, and filling in the practice, owner
    and due-date lines of the priority its practice serves."""

    practice_id: str | None
    title: str
    owner: str = ""
    due: str = ""                      # written as people read it ("10 October 2026"), or empty
    status: str = "planned"            # planned, in_progress, done or dropped
    practice: str | None = None        # the playbook practice's title; None for the team's own
    note: str = ""                     # the team's own words on it, as typed
    # Still to do after its due date on the day the plan is made, as the results page marks it. A flag, not the
    # date: the plan's digest changes (and the PDF is made again) only when an action turns overdue.
    overdue: bool = False


@dataclass(frozen=True)
class QuestionComments:
    """One open question's comments for a group, as the gate released them to the results page.

    Grouped by question because an answer means little without the question it answers: "the weekly
    call" could be what to keep or what to change. ``comments`` is None where the gate withholds the
    group's comments, empty where it shows them and nobody wrote one; ``threshold`` is the comment
    minimum the withheld notice names.
    """

    question: str                          # the open question as asked
    comments: tuple[str, ...] | None       # in a fixed order that says nothing of who wrote when
    threshold: int = 5

    def __post_init__(self) -> None:
        if self.comments is not None:
            object.__setattr__(self, "comments", tuple(self.comments))


@dataclass(frozen=True)
class TeamPlanInput:
    """Everything one team's action plan is built from."""

    organization: str
    team: str
    function: str                      # sales, marketing or joint
    period: str                        # e.g. "2026-Q4"
    questionnaire: Questionnaire
    scores: GroupScore | None          # None: below the minimum group size
    min_group_size: int = 5
    synthetic: bool = False            # demo data: labelled on every page
    previous_period: str | None = None
    previous: GroupScore | None = None
    changes: Mapping[str, Change] = field(default_factory=dict)  # tested, by dimension or "index"
    earlier_questionnaire: Questionnaire | None = None  # what previous_period was asked with
    benchmark: Benchmark | None = None
    gaps: tuple[PerceptionGap, ...] = ()
    drivers: tuple[Driver, ...] = ()
    comments: tuple[QuestionComments, ...] = ()  # each open question's, in the questionnaire's order
    branding: Branding = field(default_factory=Branding)
    trend: tuple[tuple[str, float | None], ...] = ()  # (period, index score or None: not shown), oldest first
    # Sales vs marketing across the whole organization: context for a team that holds
    # only one function (its own ``gaps`` exist only when it holds both).
    organization_gaps: tuple[PerceptionGap, ...] = ()
    # Why ``organization_gaps`` is empty: sales or marketing withheld across the organization (``reports.gap_sides``).
    organization_unshown_functions: tuple[tuple[str, str], ...] = ()
    # The organization's own scores and where they stand in the benchmark, as the gate shows them
    # to every lead of it: what a withheld team's guidance is ordered by. None when withheld too.
    organization_scores: GroupScore | None = None
    organization_benchmark: Benchmark | None = None
    withheld_reason: str | None = None  # the gate's "too_small" or "protects_others"; or "nobody_answered"
    slug: str = ""                      # file names and links; defaults to nothing
    # The actions of the team's previous cycle with results, reviewed against this one.
    actions_period: str | None = None
    previous_actions: tuple[PreviousAction, ...] = ()
    commitments: tuple[Commitment, ...] = ()   # this cycle's actions, already chosen
    # The team's own CRM figures beside its index, this period and the one before; None when it reported none.
    funnel: FunnelTable | None = None

    def __post_init__(self) -> None:
        if self.min_group_size < 3:
            raise ValueError("min_group_size is never below 3")
        # Callers often pass lists; keep the value hashable and immutable.
        for name in ("gaps", "drivers", "comments", "trend", "organization_gaps", "previous_actions",
                     "commitments", "organization_unshown_functions"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
