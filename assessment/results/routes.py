"""Organization and team results of one cycle, and the team's action plan PDF."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from assessment.documents import team_plan_pdf
from assessment.extensions import db
from assessment.gate import group_result, group_results
from assessment.lookup import NotFound, cycle_by_name, team_by_slug
from assessment.models import Cycle, Team

bp = Blueprint("results", __name__, url_prefix="/results")


@bp.route("/<org>/<period>")
def organization(org: str, period: str) -> str:
    cycle = _closed_cycle(org, period)
    questionnaire = cycle.questionnaire.parsed()
    teams = {t.slug: t for t in cycle.organization.teams}
    return render_template(
        "web/results/organization.html",
        cycle=cycle,
        questionnaire=questionnaire,
        overall=group_result(cycle, "organization", "all"),
        functions=group_results(cycle, "function"),
        teams=[(teams.get(r.key), r) for r in group_results(cycle, "team")],
        cycles=_cycles_of(cycle),
    )


@bp.route("/<org>/<period>/teams/<team_slug>")
def team(org: str, period: str, team_slug: str) -> str:
    cycle = _closed_cycle(org, period)
    team = _team(cycle, team_slug)
    return render_template(
        "web/results/team.html",
        cycle=cycle,
        team=team,
        questionnaire=cycle.questionnaire.parsed(),
        result=group_result(cycle, "team", team.slug),
        overall=group_result(cycle, "organization", "all"),
    )


@bp.route("/<org>/<period>/teams/<team_slug>/action-plan.pdf")
def team_plan(org: str, period: str, team_slug: str) -> Response:
    cycle = _closed_cycle(org, period)
    team = _team(cycle, team_slug)
    pdf = team_plan_pdf(cycle, team)
    filename = f"{cycle.organization.slug}-{cycle.period}-{team.slug}-action-plan.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _closed_cycle(org: str, period: str) -> Cycle:
    try:
        cycle = cycle_by_name(f"{org}/{period}")
    except NotFound:
        abort(404)
    if not cycle.has_results:
        abort(404, description=f"{cycle.name} is still {cycle.status.value}: results appear when it closes.")
    return cycle


def _team(cycle: Cycle, slug: str) -> Team:
    try:
        return team_by_slug(cycle.organization, slug)
    except NotFound:
        abort(404)


def _cycles_of(cycle: Cycle) -> list[Cycle]:
    return list(db.session.execute(
        db.select(Cycle).filter_by(organization_id=cycle.organization_id).order_by(Cycle.period)
    ).scalars())
