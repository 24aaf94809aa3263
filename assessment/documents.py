"""Assembling report inputs from gated results: one path for the web, the CLI and jobs."""
from __future__ import annotations

from assessment.extensions import db
from assessment.gate import group_result
from assessment.models import Cycle, Team
from reports.inputs import Branding, TeamPlanInput
from reports.playbook import default_playbook
from reports.render import render_team_plan
from reports.team_plan import build_team_plan


def earlier_cycles(cycle: Cycle) -> list[Cycle]:
    """The organization's cycles with results before this one, oldest first."""
    cycles = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == cycle.organization_id, Cycle.period < cycle.period)
        .order_by(Cycle.period)
    ).scalars()
    return [c for c in cycles if c.has_results]


def team_plan_input(cycle: Cycle, team: Team) -> TeamPlanInput:
    result = group_result(cycle, "team", team.slug)
    history = [(c, group_result(c, "team", team.slug)) for c in earlier_cycles(cycle)]
    shown_history = [(c, r.scores) for c, r in history if r is not None and r.scores is not None]
    previous = shown_history[-1] if shown_history else None
    trend = [(c.period, s.index.score) for c, s in shown_history if s.index.score is not None]
    if result is not None and result.scores is not None and result.scores.index.score is not None:
        trend.append((cycle.period, result.scores.index.score))
    org = cycle.organization
    return TeamPlanInput(
        organization=org.name,
        team=team.name,
        function=team.function,
        period=cycle.period,
        questionnaire=cycle.questionnaire.parsed(),
        scores=result.scores if result else None,
        min_group_size=cycle.min_group_size,
        synthetic=org.synthetic,
        previous_period=previous[0].period if previous else None,
        previous=previous[1] if previous else None,
        trend=trend,
        branding=Branding(accent_color=org.accent_color) if org.accent_color else Branding(),
    )


def team_plan_pdf(cycle: Cycle, team: Team) -> bytes:
    return render_team_plan(build_team_plan(team_plan_input(cycle, team), default_playbook()))
