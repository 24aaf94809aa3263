"""Scores of any combination of function, team and attributes, as far as the gate allows."""
from __future__ import annotations

from flask import abort, render_template, request

from assessment.gate import FilterError, filter_choices, filtered_result, group_drivers, group_result
from assessment.models import Role
from assessment.results.routes import bp
from assessment.tenancy import closed_cycle_in_scope, role_required

LABELS = {"function": "Function", "team": "Team", "role_level": "Role level", "tenure_band": "Tenure",
          "region": "Region"}


@bp.route("/<org>/<period>/explore")
@role_required(Role.admin, Role.consultant, Role.executive)
def explore(org: str, period: str) -> str:
    """Filters cross teams, so team leads, who see only their own team, don't get this page."""
    cycle = closed_cycle_in_scope(org, period)
    choices = filter_choices(cycle)
    chosen = {dimension: request.args.get(dimension, "") for dimension in choices}
    chosen = {dimension: value for dimension, value in chosen.items() if value}
    try:
        result = filtered_result(cycle, chosen) if chosen else group_result(cycle, "organization", "all")
    except FilterError as error:
        abort(400, description=str(error))
    team_names = {t.slug: t.name for t in cycle.organization.teams}
    return render_template(
        "web/results/explore.html",
        cycle=cycle,
        questionnaire=cycle.questionnaire.parsed(),
        choices=choices,
        chosen=chosen,
        labels=LABELS,
        team_names=team_names,
        result=result,
        drivers=group_drivers(cycle, chosen) if result is not None and not result.suppressed else None,
    )
