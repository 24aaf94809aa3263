"""The scoping helper itself: which organizations and teams each role sees, and who may manage."""
from __future__ import annotations

import pytest
from flask import Flask
from flask_login import AnonymousUserMixin

from assessment.extensions import db
from assessment.models import Organization, User
from assessment.operations.accounts import find_user
from assessment.tenancy import can_manage, can_see_team, visible_organizations


def demo(email: str) -> User:
    user = find_user(email)
    assert user is not None
    return user


def org(slug: str) -> Organization:
    return db.session.execute(db.select(Organization).filter_by(slug=slug)).scalar_one()


@pytest.mark.parametrize(("email", "slugs"), [
    ("admin@demo.example", None),
    ("consultant@demo.example", {"northwind", "contoso"}),
    ("executive@demo.example", {"northwind"}),
    ("lead@demo.example", {"northwind"}),
])
def test_visible_organizations_per_role(app: Flask, email: str, slugs: set[str] | None) -> None:
    visible = {o.slug for o in visible_organizations(demo(email))}
    everything = set(db.session.execute(db.select(Organization.slug)).scalars())
    assert visible == (everything if slugs is None else slugs)


def test_anonymous_and_deactivated_users_see_nothing(app: Flask) -> None:
    assert visible_organizations(AnonymousUserMixin()) == []
    admin = demo("admin@demo.example")
    admin.active = False
    assert visible_organizations(admin) == []
    assert not can_see_team(admin, org("northwind").teams[0])


def test_a_team_lead_sees_their_team_only_others_every_team_in_scope(app: Flask) -> None:
    lead = demo("lead@demo.example")
    northwind = org("northwind")
    for team in northwind.teams:
        assert can_see_team(lead, team) == (team.id == lead.team_id)
        assert can_see_team(demo("executive@demo.example"), team)
    assert not can_see_team(demo("executive@demo.example"), org("contoso").teams[0])
    assert can_see_team(demo("consultant@demo.example"), org("contoso").teams[0])
    assert not can_see_team(demo("consultant@demo.example"), org("fabrikam").teams[0])


def test_consultants_and_admins_manage_executives_and_leads_only_read(app: Flask) -> None:
    northwind, fabrikam = org("northwind"), org("fabrikam")
    assert can_manage(demo("admin@demo.example"), fabrikam)
    assert can_manage(demo("consultant@demo.example"), northwind)
    assert not can_manage(demo("consultant@demo.example"), fabrikam)
    assert not can_manage(demo("executive@demo.example"), northwind)
    assert not can_manage(demo("lead@demo.example"), northwind)
