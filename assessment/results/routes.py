"""Organization and team results of one cycle, and the team's action plan PDF."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from assessment.actions.context import actions_context
from assessment.batch import PLANS, team_plan_filename
from assessment.extensions import db
from assessment.exports import benchmark_position, scores_csv, scores_for
from assessment.gate import DRIVER_MIN_RESPONDENTS, GroupResult, group_result, group_results
from assessment.gate.analysis import group_analysis
from assessment.gate.results import score_threshold
from assessment.models import BenchmarkSet, Cycle, Role, Team
from assessment.operations.actions import ActionTally, action_tallies, takes_new_actions
from assessment.operations.benchmarks import benchmark_for_cycle
from assessment.participation import participating_teams, took_part
from assessment.results.context import group_comments, group_trend, group_view, provenance, unshown_gap_sides
from assessment.results.dont_know import unsure_view
from assessment.results.downloads import organization_download
from assessment.results.funnel import organization_panel, team_panel
from assessment.tenancy import (
    can_see_team, closed_cycle_in_scope, cycle_team_in_scope, reads_every_groups_comments, role_required, staff_required,
)

bp = Blueprint("results", __name__, url_prefix="/results")


@bp.before_request
@staff_required
def _staff_only() -> None:
    """Results are for signed-in staff; which organization and team is checked per page through tenancy."""


@bp.route("/<org>/<period>")
def organization(org: str, period: str) -> str:
    cycle = closed_cycle_in_scope(org, period)
    questionnaire = cycle.questionnaire.parsed()
    overall = group_result(cycle, "organization", "all")
    benchmark = benchmark_for_cycle(cycle)
    functions = group_results(cycle, "function")
    teams = [(team, r, _index_benchmark(r, benchmark)) for team, r in _team_rows(cycle) if _shown(team)]
    return render_template(
        "web/results/organization.html",
        cycle=cycle,
        questionnaire=questionnaire,
        overall=overall,
        overall_view=group_view(cycle, overall, questionnaire, benchmark),
        benchmark=provenance(benchmark, cycle),
        functions=functions,
        unsure=unsure_view(questionnaire, [("Whole organization", overall, "joint"),
                                           *((f.key.capitalize(), f, f.key) for f in functions)]),
        teams=teams,
        action_rows=_action_rows(cycle, [team for team, _, _ in teams if team is not None]),
        actions_open=takes_new_actions(cycle),
        cycles=_cycles_of(cycle),
        comments=group_comments(cycle, questionnaire, {}) if reads_every_groups_comments(current_user) else [],
        trend=group_trend(cycle, "organization", "all", questionnaire),
        funnel=organization_panel(cycle, questionnaire),
        driver_minimum=DRIVER_MIN_RESPONDENTS,
        unshown_gap_sides=unshown_gap_sides(functions),
    )


@bp.route("/<org>/<period>/teams/<team_slug>")
def team(org: str, period: str, team_slug: str) -> str:
    cycle = closed_cycle_in_scope(org, period)
    team = _team(cycle, team_slug)
    questionnaire = cycle.questionnaire.parsed()
    result = group_result(cycle, "team", team.slug)
    benchmark = benchmark_for_cycle(cycle)
    overall = group_result(cycle, "organization", "all")
    view = group_view(cycle, result, questionnaire, benchmark)
    without_drivers = view is not None and not view.analysis.drivers
    return render_template(
        "web/results/team.html",
        cycle=cycle,
        team=team,
        questionnaire=questionnaire,
        result=result,
        view=view,
        benchmark=provenance(benchmark, cycle),
        overall=overall,
        driver_minimum=DRIVER_MIN_RESPONDENTS,
        # Read only where the page points to the organization's drivers instead of the team's own.
        organization_drivers=without_drivers and group_analysis(cycle, overall).drivers is not None,
        comments=group_comments(cycle, questionnaire, {"team": team.slug}),
        trend=group_trend(cycle, "team", team.slug, questionnaire),
        funnel=team_panel(cycle, team, questionnaire),
        unsure=unsure_view(questionnaire, [(team.name, result, team.function)]),
        cycles=[c for c in _cycles_of(cycle) if c.has_results and took_part(c, team)],
        **actions_context(cycle, team),
    )


@bp.route("/<org>/<period>/teams/<team_slug>/action-plan.pdf")
def team_plan(org: str, period: str, team_slug: str) -> Response:
    # The renderer (WeasyPrint, matplotlib) is imported by the first plan a process renders, not when the app starts.
    from assessment.rendering import team_plan_pdf

    cycle = closed_cycle_in_scope(org, period)
    team = _team(cycle, team_slug)
    pdf = team_plan_pdf(cycle, team)
    filename = team_plan_filename(cycle, team.slug)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<org>/<period>/diagnostic.pdf", defaults={"kind": "org"}, endpoint="diagnostic")
@bp.route("/<org>/<period>/executive-summary.pdf", defaults={"kind": "exec"}, endpoint="executive_summary")
@bp.route("/<org>/<period>/action-plans.zip", defaults={"kind": PLANS}, endpoint="team_plans")
@role_required(Role.admin, Role.consultant, Role.executive)
def organization_document(org: str, period: str, kind: str) -> Response | tuple[str, int, dict[str, str]]:
    """Whole-organization documents (and every team's plan at once) name every team: not for a team lead.

    Prepared by a background job into the reports folder (a current copy is
    served at once); meanwhile the answer is a page that checks back.
    """
    cycle = closed_cycle_in_scope(org, period)
    return organization_download(cycle, kind, request.endpoint or "")


@bp.route("/<org>/<period>/scores.csv")
def scores_table(org: str, period: str) -> Response:
    """The scores as a spreadsheet: one row per group and dimension (and statement, for "Don't know"), the groups
    the API gives this user.

    The same document as ``alignment scores --format csv``. The byte-order mark
    makes Excel read it as UTF-8, as it writes "CSV UTF-8" itself.
    """
    cycle = closed_cycle_in_scope(org, period)
    filename = f"{cycle.organization.slug}-{cycle.period}-scores.csv"
    return Response("\ufeff" + scores_csv(scores_for(cycle, current_user)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


def _team(cycle: Cycle, slug: str) -> Team:
    return cycle_team_in_scope(cycle, slug)


def _index_benchmark(result: GroupResult, benchmark: BenchmarkSet | None) -> dict[str, Any] | None:
    """Where a shown team's alignment index stands in the benchmark; nothing for a withheld team."""
    return None if result.scores is None else benchmark_position("index", result.scores.index, benchmark)


def _team_rows(cycle: Cycle) -> list[tuple[Team | None, GroupResult]]:
    """Each team that took part in the cycle with what the gate says of it (withheld when it had
    too few or no responses), then the results of teams since removed from the roster."""
    results = {r.key: r for r in group_results(cycle, "team")}
    threshold = score_threshold(cycle)
    rows: list[tuple[Team | None, GroupResult]] = [
        (t, results.pop(t.slug, None) or GroupResult("team", t.slug, None, threshold, "too_small"))
        for t in participating_teams(cycle)]
    return rows + [(None, r) for r in results.values()]


def _action_rows(cycle: Cycle, teams: list[Team]) -> list[tuple[Team, ActionTally]]:
    """Each team's actions for the cycle, for those who read every team: a team lead has theirs on its own page."""
    if current_user.role == Role.team_lead:
        return []
    tallies = action_tallies(cycle, [team.id for team in teams])
    return [(team, tallies[team.id]) for team in teams]


def _shown(team: Team | None) -> bool:
    """A team lead's organization page lists only their own team beside the organization's figures."""
    if team is None:  # a team since removed from the roster
        return current_user.role != Role.team_lead
    return can_see_team(current_user, team)


def _cycles_of(cycle: Cycle) -> list[Cycle]:
    return list(db.session.execute(
        db.select(Cycle).filter_by(organization_id=cycle.organization_id).order_by(Cycle.period)
    ).scalars())
