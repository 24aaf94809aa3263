"""Reading the CRM funnel figures that the results pages, the API and the diagnostic show beside a cycle.

A cycle is read with its own period and the one before it: the period of the
organization's previous cycle with results (what the survey's "change since"
compares with), or the period before (quarter, half, month or year) when there is no earlier cycle. The
figures are business figures about a team, not answers of people: the
anonymity gate does not apply, and the callers' tenancy checks decide alone
who sees which team's.
"""
from __future__ import annotations

from collections.abc import Iterable

from assessment.extensions import db
from assessment.models import Cycle, FunnelMetrics, Team
from reports.funnel import Funnel, organization_total
from reports.periods import period_after


def funnel_periods(cycle: Cycle, earlier: list[Cycle]) -> tuple[str | None, str]:
    """(the previous period or None, the cycle's period); ``earlier`` are its cycles with results before it."""
    return (earlier[-1].period if earlier else period_after(cycle.period, -1)), cycle.period


def team_funnels(teams: Iterable[Team], periods: Iterable[str | None]) -> dict[str, dict[str, Funnel]]:
    """Team slug -> period -> its figures, for the teams and periods that have any."""
    teams = list(teams)
    wanted = [p for p in periods if p]
    if not teams or not wanted:
        return {}
    slugs = {t.id: t.slug for t in teams}
    rows = db.session.execute(
        db.select(FunnelMetrics).where(FunnelMetrics.team_id.in_(slugs), FunnelMetrics.period.in_(wanted))
    ).scalars()
    found: dict[str, dict[str, Funnel]] = {}
    for row in rows:
        found.setdefault(slugs[row.team_id], {})[row.period] = Funnel.of(row.period, row.figures())
    return found


def organization_funnel(by_team: dict[str, dict[str, Funnel]], period: str | None) -> Funnel | None:
    """The sum of the teams' counts for one period; None when no team reported anything."""
    if period is None:
        return None
    reported = [funnels[period] for funnels in by_team.values() if period in funnels]
    return organization_total(period, reported) if reported else None

