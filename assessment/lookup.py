"""Finding things by the names people type: ``ORG``, ``ORG/PERIOD``, a team slug.

In any case: slugs are stored lowercase and periods uppercase (``2026-Q3``), as the
imports read them, so ``Northwind/2026-q3`` can only mean ``northwind/2026-Q3``.
"""
from __future__ import annotations

from assessment.extensions import db
from assessment.models import Cycle, Organization, Team
from assessment.participation import took_part


class NotFound(LookupError):
    """Nothing by that name; the message says what was looked for."""


def organization_by_slug(slug: str) -> Organization:
    slug = slug.strip().lower()
    org = db.session.execute(db.select(Organization).filter_by(slug=slug)).scalar_one_or_none()
    if org is None:
        raise NotFound(f"no organization {slug!r} (see `alignment org list`)")
    return org


def cycle_by_name(name: str) -> Cycle:
    """``northwind/2026-Q3`` -> that cycle."""
    slug, sep, period = name.partition("/")
    period = period.strip().upper()
    if not sep or not period:
        raise NotFound(f"name a cycle as ORG/PERIOD, for example northwind/2026-Q3, not {name!r}")
    org = organization_by_slug(slug)
    cycle = db.session.execute(
        db.select(Cycle).filter_by(organization_id=org.id, period=period)
    ).scalar_one_or_none()
    if cycle is None:
        raise NotFound(f"{org.slug} has no cycle {period!r} (see `alignment cycle list {org.slug}`)")
    return cycle


def cycle_team_by_slug(cycle: Cycle, slug: str) -> Team:
    """A team of the cycle's organization that took part in the cycle."""
    team = team_by_slug(cycle.organization, slug)
    if not took_part(cycle, team):
        raise NotFound(f"{slug!r} took no part in {cycle.title}, so it has no results for it")
    return team


def team_by_slug(org: Organization, slug: str) -> Team:
    team = org.team(slug.strip().lower())
    if team is None:
        known = ", ".join(t.slug for t in org.teams) or "none"
        raise NotFound(f"{org.slug} has no team {slug!r} (teams: {known})")
    return team
