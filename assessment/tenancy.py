"""The one place that decides which organizations, cycles and teams a staff user may see.

Every view that reads organization data goes through ``scoped_organizations``
(directly or through the ``*_in_scope`` helpers), so tenancy is enforced by one
query shape instead of a check remembered in each view. Something outside the
user's scope answers 404, exactly like something that does not exist: a guessed
slug or id of another client tells the guesser nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import AnonymousUserMixin, current_user
from sqlalchemy import Select, false, select

from assessment.dates import written
from assessment.extensions import db, login_manager
from assessment.models import Cycle, CycleStatus, Organization, Role, Team, User
from assessment.models.cycle import PERIOD_FORMS, PERIOD_PATTERN
from assessment.models.user import consultant_organization
from assessment.participation import took_part

P = ParamSpec("P")
R = TypeVar("R")
Viewer = User | AnonymousUserMixin

#: Roles that manage an organization's rosters, cycles, reports and branding.
MANAGING_ROLES = (Role.admin, Role.consultant)


def _signed_in(user: Viewer) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def scoped_organizations(user: Viewer) -> Select[tuple[Organization]]:
    """``SELECT organization`` narrowed to what ``user`` may see; nothing for anonymous visitors."""
    query = select(Organization).order_by(Organization.name)
    staff = _signed_in(user)
    if staff is None:
        return query.where(false())
    if staff.role == Role.admin:
        return query
    if staff.role == Role.consultant:
        assigned = select(consultant_organization.c.organization_id).where(
            consultant_organization.c.user_id == staff.id
        )
        return query.where(Organization.id.in_(assigned))
    if staff.organization_id is None:
        return query.where(false())
    return query.where(Organization.id == staff.organization_id)


def visible_organizations(user: Viewer) -> list[Organization]:
    return list(db.session.execute(scoped_organizations(user)).scalars())


def can_see_team(user: Viewer, team: Team) -> bool:
    """Team results: a team lead sees their own team only; other roles every team of a visible org."""
    staff = _signed_in(user)
    if staff is None:
        return False
    if staff.role == Role.team_lead:
        return staff.team_id == team.id
    visible = scoped_organizations(staff).where(Organization.id == team.organization_id)
    return db.session.execute(visible.with_only_columns(Organization.id)).first() is not None


def reads_every_groups_comments(user: Viewer) -> bool:
    """Comments of the whole organization, a function or any team: every role but a team lead, who reads
    their own team's only, on the pages as in the API (docs/api.md, "Who sees what")."""
    staff = _signed_in(user)
    return staff is not None and staff.role != Role.team_lead


def can_manage(user: Viewer, org: Organization) -> bool:
    """Write access to an organization: its consultants and admins. Executives only read."""
    staff = _signed_in(user)
    if staff is None or staff.role not in MANAGING_ROLES:
        return False
    visible = scoped_organizations(staff).where(Organization.id == org.id)
    return db.session.execute(visible.with_only_columns(Organization.id)).first() is not None


def can_own_actions(user: Viewer, team: Team) -> bool:
    """Write access to a team's actions: the organization's managers, and the lead of that very team.

    Executives and the leads of other teams read at most; an executive sees them, another lead
    does not even see the team.
    """
    staff = _signed_in(user)
    if staff is None:
        return False
    if staff.role == Role.team_lead:
        return staff.team_id == team.id
    return can_manage(staff, team.organization)


def organization_in_scope(slug: str) -> Organization:
    """The current user's organization of that slug, or 404."""
    org = db.session.execute(scoped_organizations(current_user).where(Organization.slug == slug)).scalar_one_or_none()
    if org is None:  # the same words whether it does not exist or is someone else's
        abort(404, description=f"There is no organization {slug!r} among those you can see.")
    return org


def cycle_in_scope(org_slug: str, period: str) -> Cycle:
    org = organization_in_scope(org_slug)
    cycle = db.session.execute(
        select(Cycle).where(Cycle.organization_id == org.id, Cycle.period == period)
    ).scalar_one_or_none()
    if cycle is None:
        abort(404, description=f"{org.name} has no cycle {period!r}." if re.match(PERIOD_PATTERN, period) else
              f"{period!r} is not a period: a period is {PERIOD_FORMS}.")
    return cycle


def can_read_results(user: Viewer, cycle: Cycle) -> bool:
    """A cycle's results, for a user who may see its organization: its managers from the close on (to
    review them), its executives and team leads once they are published."""
    if not cycle.has_results:
        return False
    return cycle.is_published or can_manage(user, cycle.organization)


def closed_cycle_in_scope(org_slug: str, period: str) -> Cycle:
    """A cycle in scope whose results the user may read; 404 (saying why) while it is open or unpublished."""
    cycle = cycle_in_scope(org_slug, period)
    # In the reader's words: "fjord-robotics/2026-Q4" is how the command line names a cycle, not how a client does.
    survey = f"The {cycle.period} survey of {cycle.organization.name}"
    if cycle.scheduled:
        abort(404, description=f"{survey} is scheduled: it opens on {written(cycle.opens_on)}, and its results "
                               "appear when it closes.")
    if not cycle.has_results:
        state = "still being prepared" if cycle.status == CycleStatus.draft else "still open"
        abort(404, description=f"{survey} is {state}: results appear when it closes.")
    if not can_read_results(current_user, cycle):
        abort(404, description=f"The {cycle.period} results of {cycle.organization.name} are being reviewed: they "
                               "appear here once your consultant publishes them.")
    return cycle


def team_in_scope(org: Organization, slug: str) -> Team:
    """A team of an organization already in scope, or 404 when the user may not see that team."""
    team = org.team(slug)
    if team is None or not can_see_team(current_user, team):
        abort(404, description=f"There is no team {slug!r} of {org.name} among those you can see.")
    return team


def cycle_team_in_scope(cycle: Cycle, slug: str) -> Team:
    """``team_in_scope``, and a 404 as well for a team that took no part in the cycle (one created since)."""
    team = team_in_scope(cycle.organization, slug)
    if not took_part(cycle, team):
        abort(404, description=f"{team.name} took no part in {cycle.period}, so it has no results for it.")
    return team


def role_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Signed in (else off to the sign-in page) and holding one of ``roles`` (else 403)."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            staff = _signed_in(current_user)
            if staff is None:
                return login_manager.unauthorized()  # type: ignore[no-any-return]
            if roles and staff.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


#: Any signed-in staff member; what they see is then narrowed by the scope helpers.
staff_required = role_required()
