"""Home page, and in demo mode a fresh link to answer the open survey as an employee."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import or_
from werkzeug.wrappers import Response

from assessment.demo.accounts import demo_accounts
from assessment.extensions import csrf, db
from assessment.models import Cycle, CycleStatus, Invitation, Organization
from assessment.home.headline import Headline, headline
from assessment.operations.cycles import renew_link
from assessment.tenancy import can_read_results, visible_organizations
from questionnaires.length import minutes_to_answer

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> str:
    """Signed-in staff see their organizations; anonymous visitors see no organization data at all."""
    organizations = visible_organizations(current_user)
    cycles = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id.in_([o.id for o in organizations]))
        .order_by(Cycle.period.desc())
    ).scalars().all()
    by_org: dict[int, list[Cycle]] = {}
    for cycle in cycles:
        by_org.setdefault(cycle.organization_id, []).append(cycle)
    demo = current_app.config["DEMO_MODE"]
    latest = {org.id: next((c for c in by_org.get(org.id, []) if can_read_results(current_user, c)), None)
              for org in organizations}
    demo_cycle = _demo_open_cycle() if demo else None
    return render_template(
        "web/home/index.html",
        organizations=organizations,
        cycles=by_org,
        latest=latest,
        headlines={org.id: _headlines(org, cycle) for org in organizations if (cycle := latest[org.id])},
        demo_survey=demo_cycle is not None,
        demo_minutes=minutes_to_answer(demo_cycle.questionnaire.parsed()) if demo_cycle else None,
        demo_accounts=demo_accounts() if demo and not current_user.is_authenticated else [],
    )


def _headlines(organization: Organization, cycle: Cycle) -> list[Headline]:
    """A team lead's own team first, then the whole organization; each only if it had responses."""
    team = current_user.team
    found = [headline(cycle, "team", team.slug, team.name)] if team and team.organization_id == organization.id else []
    found.append(headline(cycle, "organization", "all", organization.name))
    return [h for h in found if h is not None]


@bp.post("/demo/answer")
@csrf.exempt   # any visitor may press it, signed in or not: a forged press gains nothing, and the survey needs no cookie
def answer_demo_survey() -> Response:
    """Hand the visitor the link of one synthetic employee who has not answered, nor started to.

    One with a saved draft is another visitor's survey in progress: handing it out would
    show them the answers and comments someone else typed. The link handed out longest ago
    goes first, so a visitor still on the first page keeps theirs while others press the button.
    """
    cycle = _demo_open_cycle()
    if not current_app.config["DEMO_MODE"] or cycle is None:
        abort(404)
    invitations = db.session.execute(
        db.select(Invitation).filter_by(cycle_id=cycle.id, completed=False)
        .order_by(Invitation.sent_on.asc().nulls_first(), Invitation.id)
    ).scalars()
    pending = next((i for i in invitations if not i.draft), None)
    if pending is None:
        abort(404, description="Every synthetic employee has answered the demo survey already.")
    token = renew_link(pending, dt.date.today())
    db.session.commit()
    return redirect(url_for("respond.survey", token=token))


def _demo_open_cycle() -> Cycle | None:
    """A synthetic organization's cycle taking answers today: one a consultant scheduled would only say when it opens."""
    return db.session.execute(
        db.select(Cycle).join(Organization)
        .where(Organization.synthetic.is_(True), Cycle.status == CycleStatus.open,
               or_(Cycle.opens_on.is_(None), Cycle.opens_on <= dt.date.today()))
        .order_by(Organization.name, Cycle.period).limit(1)
    ).scalar_one_or_none()
