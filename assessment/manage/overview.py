"""The organizations a consultant manages, and one organization's cycles at a glance."""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_login import current_user

from assessment.extensions import db
from assessment.gate.comments import response_rates
from assessment.manage.blueprint import bp, managed_organization
from assessment.models import Cycle, Organization
from assessment.operations.invitations import InvitationCounts, invitation_counts
from assessment.tenancy import visible_organizations


@dataclass(frozen=True)
class ClientRow:
    """One client on the consultant's list: where its latest cycle stands."""

    organization: Organization
    latest: Cycle | None
    counts: InvitationCounts | None
    answered: int | None  # as the gate releases it; None when withheld

    @property
    def rate(self) -> float | None:
        if self.answered is None or self.counts is None or not self.counts.invited:
            return None
        return self.answered / self.counts.invited


@bp.route("/")
def organizations() -> str:
    rows = [_client_row(org) for org in visible_organizations(current_user)]
    return render_template("web/manage/organizations.html", rows=rows)


@bp.route("/<org>")
def organization(org: str) -> str:
    organization = managed_organization(org)
    return render_template("web/manage/organization.html", organization=organization,
                           cycles=_cycles(organization))


def _cycles(organization: Organization) -> list[Cycle]:
    return list(db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == organization.id).order_by(Cycle.period.desc())
    ).scalars())


def _client_row(organization: Organization) -> ClientRow:
    latest = next(iter(_cycles(organization)), None)
    if latest is None:
        return ClientRow(organization, None, None, None)
    answered, _ = response_rates(latest)
    return ClientRow(organization, latest, invitation_counts(latest), answered)
