"""One staff account per role for the demo, with fixed passwords everyone may know.

They exist only in databases loaded with ``alignment demo``, and the home page
shows them only in demo mode; a real deployment invites its users instead.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from assessment.extensions import db
from assessment.models import Organization, Participant, Role, Team, User
from assessment.operations.accounts import create_user


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: Role
    sees: str


DEMO_ACCOUNTS = (
    DemoAccount("admin@demo.example", "demo-admin-password", Role.admin, "everything, and the user pages"),
    DemoAccount("consultant@demo.example", "demo-consultant-password", Role.consultant,
                "Northwind Traders and Contoso Analytics"),
    DemoAccount("executive@demo.example", "demo-executive-password", Role.executive,
                "Northwind Traders, read-only"),
    DemoAccount("lead@demo.example", "demo-lead-password", Role.team_lead,
                "their Northwind sales team, and Northwind's overall figures"),
)


def create_demo_accounts() -> list[DemoAccount]:
    """Consultant of northwind and contoso, executive of northwind, lead of northwind's largest sales team."""
    orgs = {o.slug: o for o in db.session.execute(db.select(Organization)).scalars()}
    northwind = orgs["northwind"]
    admin, consultant, executive, lead = DEMO_ACCOUNTS
    create_user(admin.email, admin.role, password=admin.password)
    create_user(consultant.email, consultant.role, password=consultant.password,
                organizations=[orgs[slug] for slug in ("northwind", "contoso") if slug in orgs])
    create_user(executive.email, executive.role, password=executive.password, organization=northwind)
    create_user(lead.email, lead.role, password=lead.password, team=_largest_sales_team(northwind))
    return list(DEMO_ACCOUNTS)


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts still present and active in this database."""
    present = set(db.session.execute(
        db.select(User.email).where(User.email.in_([a.email for a in DEMO_ACCOUNTS]), User.active.is_(True))
    ).scalars())
    return [a for a in DEMO_ACCOUNTS if a.email in present]


def _largest_sales_team(org: Organization) -> Team:
    return db.session.execute(
        db.select(Team).outerjoin(Participant, Participant.team_id == Team.id)
        .where(Team.organization_id == org.id, Team.function == "sales")
        .group_by(Team.id).order_by(func.count(Participant.id).desc(), Team.slug).limit(1)
    ).scalar_one()
