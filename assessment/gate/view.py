"""The gate's view of one cycle, read and decided once per request, command or job.

A results page asks the gate about a dozen groups of its cycle, and about
the same groups in earlier cycles for the change and the trend; each ask read
and decoded every response again (21 times for one team page, half its
time). ``cycle_view`` keeps each cycle's view in ``flask.g``, which belongs
to one app context: one request, one CLI command, one job. Nothing in it
reaches another request, so no other tenant, and within one it is keyed by
the cycle's id and what the view is decided with.

A view lasts no longer than the data it was read from: any statement that
may write (an insert, update or delete: closing or recomputing a cycle,
importing or erasing responses, renaming a team, publishing), and any commit
or rollback, drops every view of the app context, so a page that writes and
then shows results reads them afresh.
"""
from __future__ import annotations

from functools import cached_property
from typing import Any

import sqlalchemy as sa
from flask import g, has_app_context

from assessment.extensions import db
from assessment.gate.decisions import Decisions, decide, shown_groups, stored_decisions, stored_holds
from assessment.gate.family import Filter, released_comments, released_partitions
from assessment.gate.figures import released_dont_knows
from assessment.gate.reading import CycleRespondents, read_respondents
from assessment.instrument import instrument_for
from assessment.models import Cycle
from assessment.models.cycle import LOWEST_MIN_GROUP
from scoring.instrument import Instrument

_VIEWS = "gate_cycle_views"


def score_threshold(cycle: Cycle) -> int:
    """The cycle's minimum group size, and never below the floor, whatever the database says."""
    return max(cycle.min_group_size, LOWEST_MIN_GROUP)


class CycleView:
    """Everything the gate decided for one cycle, from one read of its responses (comments included).

    The group decisions are taken when first asked: a response-rate count
    needs only which groups are shown, not every figure's decision.
    """

    def __init__(self, cycle: Cycle) -> None:
        self.min_size = score_threshold(cycle)
        self.instrument: Instrument = instrument_for(cycle.questionnaire.parsed())
        self.respondents: CycleRespondents = read_respondents(cycle, with_comments=True)
        self._stored: dict[str, Any] | None = stored_decisions(cycle)
        self._comment_groups: dict[int, frozenset[Filter]] = {}

    @cached_property
    def shown(self) -> frozenset[Filter]:
        return shown_groups(self.respondents.atoms, self.min_size, self._stored)

    @cached_property
    def shown_partitions(self) -> frozenset[Filter]:
        """Which organization, function, team and function x team groups are shown, as ``shown`` says: read from
        it when at hand, else decided without the thousands of filtered groups that follow them (the console's
        page of an open cycle of 150 teams with roster attributes waited four minutes for those)."""
        if "shown" in self.__dict__ or stored_holds(self._stored, self.respondents.atoms, self.min_size):
            return self.shown
        return released_partitions(self.respondents.atoms, self.min_size)

    @cached_property
    def decisions(self) -> Decisions:
        return decide(self.respondents, self.instrument, self.min_size, self._stored, shown=self.shown)

    @property
    def allowed(self) -> dict[str, frozenset[Filter]]:
        return self.decisions.allowed

    @cached_property
    def dont_knows(self) -> dict[Filter, frozenset[str]]:
        """Per snapshot group, the statements whose "Don't know" count may be given (``released_dont_knows``).

        Worked out over every group of the cycle, and only when a page first reads an item's result
        (``figures.DontKnowsReleased``): the home page's headlines and the trends read none.
        """
        return released_dont_knows(self.respondents, self.instrument, self.min_size, self.shown, self.allowed)

    def dont_knows_of(self, group: Filter) -> frozenset[str]:
        """The statements whose "Don't know" count ``group`` may give: none outside the snapshot groups."""
        return self.dont_knows.get(group, frozenset())

    def comment_groups(self, threshold: int) -> frozenset[Filter]:
        """The groups whose comments may be read at ``threshold``; one search per page, not one per question."""
        if threshold not in self._comment_groups:
            self._comment_groups[threshold] = released_comments(self.respondents.atoms, threshold)
        return self._comment_groups[threshold]


def cycle_view(cycle: Cycle) -> CycleView:
    """The gate's view of ``cycle`` for this app context, read now if it has none that still holds."""
    if db.session.autoflush:
        db.session.flush()  # a change still pending is written, as a query would, and so drops the views
    key = (cycle.id, cycle.questionnaire_id, score_threshold(cycle))
    views: dict[tuple[int, int, int], CycleView] = g.setdefault(_VIEWS, {}) if has_app_context() else {}
    if key not in views:
        views[key] = CycleView(cycle)
    return views[key]


def forget_views() -> None:
    if has_app_context():
        g.pop(_VIEWS, None)


@sa.event.listens_for(sa.Engine, "before_cursor_execute")
def _on_statement(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
    # Anything but a plain read may change what a view was read from; reading again is the cheap side.
    if not statement.lstrip()[:6].upper() == "SELECT":
        forget_views()


@sa.event.listens_for(sa.Engine, "commit")
@sa.event.listens_for(sa.Engine, "rollback")
@sa.event.listens_for(sa.Engine, "rollback_savepoint")
def _on_transaction_end(conn, *_: object) -> None:  # type: ignore[no-untyped-def]
    forget_views()
