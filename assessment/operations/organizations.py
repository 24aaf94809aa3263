"""Creating organizations and their teams."""
from __future__ import annotations

import re

from assessment.extensions import db
from assessment.models import Organization, Team
from assessment.models.organization import FUNCTIONS

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class OrganizationError(ValueError):
    """A name or slug that can't be used; the message says why."""


def create_organization(name: str, slug: str, *, synthetic: bool = False) -> Organization:
    if not name.strip():
        raise OrganizationError("an organization needs a name")
    check_slug(slug)
    if db.session.execute(db.select(Organization.id).filter_by(slug=slug)).first():
        raise OrganizationError(f"an organization with slug {slug!r} exists already")
    org = Organization(name=name.strip(), slug=slug, synthetic=synthetic)
    db.session.add(org)
    db.session.flush()
    return org


def ensure_team(org: Organization, slug: str, function: str, name: str | None = None) -> Team:
    """The team of that slug, created when missing."""
    check_slug(slug)
    if function not in FUNCTIONS:
        raise OrganizationError(f"function must be one of {', '.join(FUNCTIONS)}, not {function!r}")
    team = org.team(slug)
    if team is None:
        team = Team(slug=slug, name=name or slug.replace("-", " ").title(), function=function)
        org.teams.append(team)
        db.session.flush()
    return team


def check_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise OrganizationError(f"{slug!r} is not a valid slug: use lowercase letters, digits and dashes")
