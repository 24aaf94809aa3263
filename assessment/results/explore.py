"""Scores of any combination of function, team and attributes, as far as the gate allows."""
from __future__ import annotations

from flask import abort, render_template, request

from assessment.gate import (
    DRIVER_MIN_RESPONDENTS, FilterError, filter_choices, filtered_result, group_drivers, group_result,
)
from assessment.gate.analysis import group_analysis
from assessment.gate.family import LABELS
from assessment.models import Cycle, Role
from assessment.results.dont_know import unsure_view
from assessment.results.routes import bp
from assessment.tenancy import closed_cycle_in_scope, role_required


@bp.route("/<org>/<period>/explore")
@role_required(Role.admin, Role.consultant, Role.executive)
def explore(org: str, period: str) -> str:
    """Filters cross teams, so team leads, who see only their own team, don't get this page."""
    cycle = closed_cycle_in_scope(org, period)
    choices = filter_choices(cycle)
    chosen, refused = _accepted_filters(choices)
    try:
        result = filtered_result(cycle, chosen) if chosen else group_result(cycle, "organization", "all")
    except FilterError as error:
        abort(400, description=str(error))
    team_names = {t.slug: t.name for t in cycle.organization.teams}
    questionnaire = cycle.questionnaire.parsed()
    drivers = group_drivers(cycle, chosen) if result is not None and not result.suppressed else None
    return render_template(
        "web/results/explore.html",
        cycle=cycle,
        questionnaire=questionnaire,
        choices=choices,
        chosen=chosen,
        refused=refused,
        labels=LABELS,
        team_names=team_names,
        result=result,
        drivers=drivers,
        driver_minimum=DRIVER_MIN_RESPONDENTS,
        organization_drivers=bool(chosen) and drivers is None and _organization_has_drivers(cycle),
        # A mirrored statement in the wording the chosen function read; the neutral one across functions.
        unsure=unsure_view(questionnaire, [("", result, chosen.get("function", "joint"))]),
    )


def _organization_has_drivers(cycle: Cycle) -> bool:
    """Whether a chosen group without drivers of its own can point to the organization's (as a team's page does)."""
    return group_analysis(cycle, group_result(cycle, "organization", "all")).drivers is not None


def _accepted_filters(choices: dict[str, list[str]]) -> tuple[dict[str, str], list[str]]:
    """The filters of the address that the drop-downs offer, and the dimensions whose value they do not.

    A value typed into the address is never echoed back: whether it does not
    exist or is held by too few people must look the same, or the page would
    say that a small group exists.
    """
    chosen: dict[str, str] = {}
    refused: list[str] = []
    for dimension in LABELS:
        value = request.args.get(dimension, "")
        if not value:
            continue
        if value in choices.get(dimension, ()):
            chosen[dimension] = value
        else:
            refused.append(dimension)
    return chosen, refused
