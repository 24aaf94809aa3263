"""The organizations a consultant manages, and one organization's cycles at a glance."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from assessment.extensions import db
from assessment.manage.blueprint import bp, managed_organization
from assessment.models import Cycle
from assessment.tenancy import visible_organizations


@bp.route("/")
def organizations() -> str:
    return render_template("web/manage/organizations.html", organizations=visible_organizations(current_user))


@bp.route("/<org>")
def organization(org: str) -> str:
    organization = managed_organization(org)
    cycles = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == organization.id).order_by(Cycle.period.desc())
    ).scalars().all()
    return render_template("web/manage/organization.html", organization=organization, cycles=cycles)
