"""What the caller hands to the organization diagnostic and the executive summary.

Like ``TeamPlanInput``: scored data the anonymity gate has already released,
never raw answers. A team the gate withholds arrives with ``scores=None`` in
its ``TeamPlanInput`` and with no completed count, so no figure about it can
be printed by mistake.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from questionnaires.model import Questionnaire
from reports.funnel import FunnelTable
from reports.gap_sides import checked_sides
from reports.inputs import Benchmark, Branding, Driver, PerceptionGap, QuestionComments, TeamPlanInput
from scoring.results import GroupScore

if TYPE_CHECKING:
    from scoring.change import Change


def rate_percent(percent: float | None) -> str:
    """A response rate as people work it out by hand: a whole percent, a half rounded up ("5 of 8: 63%").

    Python's "%.0f" rounds a half to even, so 5 of 8 answered printed 62%. Scores keep that rule: their
    differences are worked out from the rounded scores (``reports.differences``), and a score is seldom a half.
    """
    if percent is None:
        return "–"
    return f"{Decimal(f'{percent:.9f}').to_integral_value(ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class ResponseCount:
    """Invitations sent and completed for one team; ``completed`` None when withheld."""

    invited: int
    completed: int | None

    @property
    def rate(self) -> float | None:
        share = response_rate(self.completed, self.invited)
        return None if share is None else 100.0 * share


def response_rate(answered: int | None, invited: int) -> float | None:
    """The share of the invited who answered, 0 to 1, wherever a rate is shown.

    None when the count is withheld, nobody was invited, or more answered than
    were invited: answers imported beside the invitations make a share that
    is no response rate (it could read 300%).
    """
    if answered is None or not invited or answered > invited:
        return None
    return answered / invited


@dataclass(frozen=True)
class OrganizationInput:
    """Everything the diagnostic and the executive summary are built from."""

    organization: str
    period: str
    questionnaire: Questionnaire
    overall: GroupScore | None               # None: the organization itself is withheld
    teams: tuple[TeamPlanInput, ...]         # every team, withheld ones included
    min_group_size: int = 5
    synthetic: bool = False
    branding: Branding = field(default_factory=Branding)
    functions: Mapping[str, GroupScore | None] = field(default_factory=dict)  # sales, marketing, joint
    previous_period: str | None = None
    previous: GroupScore | None = None
    changes: Mapping[str, Change] = field(default_factory=dict)
    earlier_questionnaire: Questionnaire | None = None  # what previous_period was asked with
    benchmark: Benchmark | None = None
    gaps: tuple[PerceptionGap, ...] = ()     # sales minus marketing, whole organization
    # Sales or marketing with no scores shown, and the gate's reason (``reports.gap_sides``): why ``gaps`` is empty.
    unshown_functions: tuple[tuple[str, str], ...] = ()
    index_gap: PerceptionGap | None = None   # the same on the alignment index: a row of the diagnostic's gap table
    drivers: tuple[Driver, ...] = ()
    trend: tuple[tuple[str, float | None], ...] = ()  # organization index by period (None: not shown), oldest first
    responses: Mapping[str, ResponseCount] = field(default_factory=dict)  # by team slug
    total_invited: int = 0
    total_completed: int = 0
    funnel: FunnelTable | None = None        # the CRM's figures beside the survey, when the client reports any
    # The whole organization's comments, each open question's as its results page shows them.
    comments: tuple[QuestionComments, ...] = ()

    def __post_init__(self) -> None:
        if self.min_group_size < 3:
            raise ValueError("min_group_size is never below 3")
        for name in ("teams", "gaps", "drivers", "trend", "comments"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "unshown_functions", checked_sides(self.unshown_functions))
