"""Importing an organization's CRM funnel figures: checked whole, previewed, then written.

``plan_funnel`` checks a file against the organization's teams and says what
would change without writing; ``apply_funnel`` writes that plan. A file with
any problem is refused whole, naming every line and column, so the figures
already stored stay exactly as they were. A team and period in the file gets
the file's figures and only those: re-importing replaces, it never merges.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessment.extensions import db
from assessment.models import AuditEntry, Cycle, FunnelMetrics, Organization
from assessment.models.funnel import FIGURES
from assessment.operations.csv_files import by_line, decode
from assessment.operations.funnel_csv import Figures, FunnelRow, read_funnel
from assessment.operations.imports import ImportRefused
from assessment.operations.privacy import record

#: How many of an organization's team slugs a problem lists before it sends the reader to the roster.
LISTED_TEAMS = 12


@dataclass(frozen=True)
class FunnelChange:
    team: str
    period: str
    before: Figures | None  # None: the team has no figures for the period yet
    after: Figures


@dataclass(frozen=True)
class FunnelPlan:
    """What importing a file would do, computed without writing."""

    organization: str
    rows: tuple[FunnelRow, ...]
    added: tuple[FunnelChange, ...]
    replaced: tuple[FunnelChange, ...]
    unchanged: tuple[FunnelChange, ...]
    #: Periods of the file for which the organization has no cycle (yet): allowed, and worth a look.
    periods_without_cycle: tuple[str, ...]

    def summary(self) -> dict[str, Any]:
        def pairs(changes: tuple[FunnelChange, ...]) -> list[dict[str, Any]]:
            return [{"team": c.team, "period": c.period, "before": c.before, "after": c.after} for c in changes]

        return {"organization": self.organization, "added": pairs(self.added), "replaced": pairs(self.replaced),
                "unchanged": pairs(self.unchanged), "periods_without_cycle": list(self.periods_without_cycle)}


def plan_funnel(org: Organization, data: bytes | str) -> FunnelPlan:
    """Check the file against ``org``; raise ImportRefused listing every problem, or return the plan."""
    try:
        text = decode(data) if isinstance(data, bytes) else data
    except UnicodeError as error:
        raise ImportRefused([str(error)]) from None
    found = read_funnel(text)
    teams = {t.slug: t for t in org.teams}
    problems = list(found.problems) + [_unknown_team(org, line, team) for line, team in found.teams
                                       if team not in teams]
    if problems:
        raise ImportRefused(by_line(problems))
    stored = _stored(org)
    added, replaced, unchanged = [], [], []
    for row in found.rows:
        after = {name: row.figures.get(name) for name in FIGURES}
        before = stored.get((row.team, row.period))
        change = FunnelChange(row.team, row.period, before, after)
        (added if before is None else unchanged if before == after else replaced).append(change)
    cycles = set(db.session.execute(db.select(Cycle.period).where(Cycle.organization_id == org.id)).scalars())
    missing = sorted({row.period for row in found.rows} - cycles)
    return FunnelPlan(org.slug, found.rows, tuple(added), tuple(replaced), tuple(unchanged), tuple(missing))


def apply_funnel(org: Organization, plan: FunnelPlan, *, actor: str) -> AuditEntry:
    """Write a plan made just now for ``org``; flush, never commit. The audit entry holds counts and periods."""
    teams = {t.slug: t for t in org.teams}
    existing = {(m.team_id, m.period): m for m in _rows_of(org)}
    for change in (*plan.added, *plan.replaced):
        team = teams[change.team]
        metrics = existing.get((team.id, change.period))
        if metrics is None:
            metrics = FunnelMetrics(organization_id=org.id, team_id=team.id, period=change.period)
            db.session.add(metrics)
        for name, value in change.after.items():
            setattr(metrics, name, value)
    db.session.flush()
    periods = sorted({row.period for row in plan.rows})
    return record(actor, "funnel.import",
                  f"funnel figures of {org.slug} for {', '.join(periods)}: {len(plan.added)} added, "
                  f"{len(plan.replaced)} replaced, {len(plan.unchanged)} unchanged")


def _stored(org: Organization) -> dict[tuple[str, str], Figures]:
    slugs = {t.id: t.slug for t in org.teams}
    return {(slugs[m.team_id], m.period): m.figures() for m in _rows_of(org)}


def _rows_of(org: Organization) -> list[FunnelMetrics]:
    return list(db.session.execute(
        db.select(FunnelMetrics).where(FunnelMetrics.organization_id == org.id)
    ).scalars())


def _unknown_team(org: Organization, line: int, team: str) -> str:
    slugs = sorted(t.slug for t in org.teams)
    known = f"its teams are {', '.join(slugs)}" if len(slugs) <= LISTED_TEAMS else "see its roster for the slugs"
    return (f"line {line}, column team: {org.slug} has no team {team!r}; {known} "
            "(the roster import creates teams)")

