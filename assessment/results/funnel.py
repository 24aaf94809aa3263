"""The results pages' "perception and what happened": survey scores beside the CRM funnel, two periods.

Survey figures come through the gate like the rest of the page. Funnel
figures are a team's business figures, not anyone's answers, so the gate does
not withhold them; who sees which team's is tenancy's call alone: a team's
page is reached only by those who may see the team, and the organization page
lists the teams ``can_see_team`` allows. A team lead gets no organization
total: with few teams, the total minus their own would be the other teams'.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from assessment.documents import earlier_cycles
from assessment.funnel_figures import funnel_periods, organization_funnel, team_funnels
from assessment.gate import GroupResult, group_result
from assessment.models import Cycle, Role, Team
from assessment.tenancy import can_see_team
from questionnaires.model import Questionnaire
from reports.funnel import Funnel, figure_rows, unreported


@dataclass(frozen=True)
class SurveyRow:
    label: str
    scores: tuple[float | None, ...]  # one per period; None where withheld or not asked
    strong: bool = False


@dataclass(frozen=True)
class TeamFunnelRow:
    team: Team
    index: GroupResult | None
    funnel: Funnel | None


@dataclass(frozen=True)
class FunnelPanel:
    """What the partial shows; ``funnels`` is None where the group's total is not for this viewer."""

    periods: tuple[str, ...]  # oldest first: the previous period (when there is one) and the cycle's
    survey: tuple[SurveyRow, ...]
    funnels: tuple[Funnel | None, ...] | None
    teams: tuple[TeamFunnelRow, ...] = ()
    subject: str = "team"
    unsurveyed: frozenset[str] = frozenset()  # periods without a survey, as the trend's "no survey": not withheld

    def figure_rows(self) -> list[tuple[str, str, tuple[float | int | None, ...]]]:
        return figure_rows(self.funnels, total=self.subject == "organization") if self.funnels else []

    def unreported(self) -> list[str]:
        return unreported(self.funnels) if self.funnels else []


def team_panel(cycle: Cycle, team: Team, questionnaire: Questionnaire) -> FunnelPanel | None:
    """The team's survey scores and funnel for both periods; None when the CRM reported nothing for either."""
    cycles, periods = _cycles_and_periods(cycle)
    funnels = team_funnels([team], periods).get(team.slug, {})
    if not funnels:
        return None
    return FunnelPanel(periods, _survey(cycles, periods, "team", team.slug, questionnaire),
                       tuple(funnels.get(p) for p in periods), unsurveyed=_unsurveyed(cycles, periods))


def organization_panel(cycle: Cycle, questionnaire: Questionnaire) -> FunnelPanel | None:
    """The organization's total and each visible team's figures; None when no visible team has any."""
    cycles, periods = _cycles_and_periods(cycle)
    visible = [t for t in cycle.organization.teams if can_see_team(current_user, t)]
    by_team = team_funnels(visible, periods)
    if not by_team:
        return None
    lead = current_user.role == Role.team_lead
    totals = None if lead else tuple(organization_funnel(by_team, p) for p in periods)
    rows = tuple(TeamFunnelRow(t, group_result(cycle, "team", t.slug), by_team[t.slug].get(cycle.period))
                 for t in visible if t.slug in by_team)
    return FunnelPanel(periods, _survey(cycles, periods, "organization", "all", questionnaire), totals, rows,
                       subject="organization", unsurveyed=_unsurveyed(cycles, periods))


def _cycles_and_periods(cycle: Cycle) -> tuple[dict[str, Cycle], tuple[str, ...]]:
    earlier = earlier_cycles(cycle)
    previous, current = funnel_periods(cycle, earlier)
    cycles = {c.period: c for c in earlier} | {cycle.period: cycle}
    return cycles, ((previous, current) if previous else (current,))


def _unsurveyed(cycles: dict[str, Cycle], periods: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p for p in periods if p not in cycles)


def _survey(cycles: dict[str, Cycle], periods: tuple[str, ...], kind: str, key: str,
            questionnaire: Questionnaire) -> tuple[SurveyRow, ...]:
    """The index and each dimension of this cycle's questionnaire, per period, as the gate releases them."""
    results = [group_result(cycles[p], kind, key) if p in cycles else None for p in periods]
    scores = [r.scores if r is not None else None for r in results]
    rows = [SurveyRow("Alignment index", tuple(s.index.score if s else None for s in scores), strong=True)]
    for dimension in questionnaire.dimensions:
        found = [s.dimensions.get(dimension.id) if s else None for s in scores]
        rows.append(SurveyRow(dimension.name, tuple(d.score if d else None for d in found)))
    return tuple(rows)
