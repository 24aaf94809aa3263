"""Report inputs from gated results: one path for the web, the CLI, the pool and Celery.

The gate re-reads a cycle on every call, so ``CycleDocuments`` asks it once
per cycle and partition (``group_results(cycle, "team")`` and so on) and
builds every team's ``TeamPlanInput`` and the ``OrganizationInput`` from
those answers in one pass. Nothing here bypasses the gate: scores, changes,
gaps and drivers all come from ``assessment.gate``, and comments and response
counts from ``assessment.gate.comments``, which withholds them by the same
rules as the scores.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace
from functools import cached_property

from assessment.action_review import commitments, previous_actions
from assessment.dates import written
from assessment.documents_parts import benchmark_of, branding_of, index_gap, perception_gaps, score_of
from assessment.extensions import db
from assessment.funnel_figures import funnel_periods, organization_funnel, team_funnels
from assessment.gate import GroupResult, group_result, group_results
from assessment.gate.analysis import GroupAnalysis, group_analysis
from assessment.gate.comments import comment_threshold, response_rates, visible_comments
from assessment.models import BenchmarkSet, Cycle, Team
from assessment.operations.benchmarks import benchmark_for_cycle
from assessment.participation import participating_teams
from questionnaires.model import Questionnaire
from reports.funnel import Funnel, FunnelTable
from reports.inputs import Benchmark, Branding, Driver, PerceptionGap, QuestionComments, TeamPlanInput
from reports.organization_inputs import OrganizationInput, ResponseCount
from scoring.results import GroupScore


def earlier_cycles(cycle: Cycle) -> list[Cycle]:
    """The organization's cycles with results before this one that may show beside it, oldest first."""
    cycles = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == cycle.organization_id, Cycle.period < cycle.period)
        .order_by(Cycle.period)
    ).scalars()
    return [c for c in cycles if cycle.may_show_beside(c)]


class CycleDocuments:
    """Everything the gate releases for one cycle's documents, each gate call made once."""

    def __init__(self, cycle: Cycle, branding: Branding | None = None) -> None:
        self.cycle = cycle
        self.organization = cycle.organization
        self.branding = branding or branding_of(self.organization)
        self._team_results: dict[int, dict[str, GroupResult]] = {}

    @cached_property
    def questionnaire(self) -> Questionnaire:
        return self.cycle.questionnaire.parsed()

    @cached_property
    def history(self) -> list[Cycle]:
        return earlier_cycles(self.cycle)

    @cached_property
    def benchmark(self) -> Benchmark | None:
        return None if self.benchmark_set is None else Benchmark(
            name=self.benchmark_set.name, source=self.benchmark_set.source,
            as_of=written(self.benchmark_set.as_of), size=self.benchmark_set.organizations)

    @cached_property
    def benchmark_set(self) -> BenchmarkSet | None:
        return benchmark_for_cycle(self.cycle)

    @cached_property
    def overall(self) -> GroupResult | None:
        return group_result(self.cycle, "organization", "all")

    @cached_property
    def overall_benchmark(self) -> Benchmark | None:
        """Where the organization's shown figures stand in the cycle's benchmark."""
        return benchmark_of(self.benchmark, self.benchmark_set, score_of(self.overall))

    @cached_property
    def overall_analysis(self) -> GroupAnalysis:
        return group_analysis(self.cycle, self.overall)

    @cached_property
    def functions(self) -> dict[str, GroupResult]:
        return {r.key: r for r in group_results(self.cycle, "function")}

    @cached_property
    def team_functions(self) -> dict[str, GroupResult]:
        return {r.key: r for r in group_results(self.cycle, "team_function")}

    @cached_property
    def organization_gaps(self) -> tuple[PerceptionGap, ...]:
        analysis = self.overall_analysis
        sales, marketing = self.functions.get("sales"), self.functions.get("marketing")
        return perception_gaps(analysis, score_of(sales), score_of(marketing), self.questionnaire)

    @cached_property
    def unshown_functions(self) -> tuple[tuple[str, str], ...]:
        """Sales or marketing with no scores shown, and why: what the documents say in place of the gaps."""
        unshown = []
        for function in ("sales", "marketing"):
            result = self.functions.get(function)
            if result is None:
                unshown.append((function, "nobody_answered"))
            elif result.scores is None:
                unshown.append((function, result.reason or "too_small"))
        return tuple(unshown)

    @cached_property
    def drivers(self) -> tuple[Driver, ...]:
        return Driver.all_from(self.overall_analysis.drivers)

    @cached_property
    def shown_periods(self) -> tuple[str, ...]:
        """The previous period (when there is one) and the cycle's: what every funnel table shows."""
        previous, current = funnel_periods(self.cycle, self.history)
        return (previous, current) if previous else (current,)

    @cached_property
    def funnels_by_team(self) -> dict[str, dict[str, Funnel]]:
        """Every team's CRM figures for those periods, read once for the diagnostic and all the plans."""
        return team_funnels(self.organization.teams, self.shown_periods)

    @cached_property
    def funnel(self) -> FunnelTable | None:
        """The CRM's figures of every team, beside the gated index, for this period and the one before."""
        periods, by_team, current = self.shown_periods, self.funnels_by_team, self.cycle.period
        if not by_team:
            return None
        cycles = {c.period: c for c in self.history} | {current: self.cycle}
        index = tuple(_index(group_result(cycles[p], "organization", "all")) if p in cycles else None
                      for p in periods)
        teams = tuple((t.name, _index(self.teams_of(self.cycle).get(t.slug)), by_team[t.slug][current])
                      for t in self.organization.teams if current in by_team.get(t.slug, {}))
        return FunnelTable(periods, index, tuple(organization_funnel(by_team, p) for p in periods), teams)

    def team_funnel(self, team: Team, trend: list[tuple[str, float | None]]) -> FunnelTable | None:
        """The team's own CRM figures beside its index as the gate showed it (``trend``); None when it reported none."""
        own = self.funnels_by_team.get(team.slug)
        if not own:
            return None
        index = dict(trend)
        return FunnelTable(self.shown_periods, tuple(index.get(p) for p in self.shown_periods),
                           tuple(own.get(p) for p in self.shown_periods), added_up=False)

    def teams_of(self, cycle: Cycle) -> dict[str, GroupResult]:
        """One ``group_results`` call per cycle, kept for every team that asks."""
        if cycle.id not in self._team_results:
            self._team_results[cycle.id] = {r.key: r for r in group_results(cycle, "team")}
        return self._team_results[cycle.id]

    def team_input(self, team: Team, *, complete: bool = True) -> TeamPlanInput:
        """The team's plan input; ``complete=False`` leaves out what only the PDF shows (the trend
        before the last cycle, comments, the CRM funnel), so a results page asks the gate about two cycles only."""
        result = self.teams_of(self.cycle).get(team.slug)
        scores = score_of(result)
        analysis = group_analysis(self.cycle, result) if scores is not None else GroupAnalysis()
        history = self.history if complete else self.history[-1:]
        earlier = [(c.period, score_of(self.teams_of(c).get(team.slug))) for c in history]
        shown = [(period, s) for period, s in earlier if s is not None]
        previous = next((s for period, s in shown if period == analysis.previous_period), None)
        if previous is None and earlier and earlier[-1][1] is not None and not analysis.changes:
            # A snapshot without tested changes: plain differences, marked untested on the page.
            analysis = replace(analysis, previous_period=earlier[-1][0])
            previous = earlier[-1][1]
        trend = index_trend([*earlier, (self.cycle.period, scores)])
        sales = score_of(self.team_functions.get(f"{team.slug}/sales"))
        marketing = score_of(self.team_functions.get(f"{team.slug}/marketing"))
        since = self.history[-1] if self.history else None
        reviewed = () if since is None else previous_actions(
            team, since, self.cycle, lambda c: self.teams_of(c).get(team.slug), self.questionnaire,
            analysis.changes if analysis.previous_period == since.period else None)
        return TeamPlanInput(
            organization=self.organization.name, team=team.name, function=team.function,
            period=self.cycle.period, questionnaire=self.questionnaire, scores=scores,
            min_group_size=self.cycle.min_group_size, synthetic=self.organization.synthetic,
            previous_period=analysis.previous_period if previous is not None else None,
            previous=previous, changes=analysis.changes,
            earlier_questionnaire=self.questionnaire_of(analysis.previous_period),
            benchmark=benchmark_of(self.benchmark, self.benchmark_set, scores),
            gaps=perception_gaps(analysis, sales, marketing, self.questionnaire),
            organization_gaps=self.organization_gaps, organization_unshown_functions=self.unshown_functions,
            drivers=self.drivers if scores is not None else (),
            # What every lead reads on the organization's page: a withheld team's guidance follows it.
            organization_scores=score_of(self.overall) if scores is None else None,
            organization_benchmark=self.overall_benchmark if scores is None else None,
            comments=self.comments({"team": team.slug}) if scores is not None and complete else (),
            branding=self.branding, trend=trend,
            withheld_reason=self._withheld_reason(team, result), slug=team.slug,
            actions_period=since.period if since is not None else None, previous_actions=reviewed,
            commitments=commitments(team, self.cycle),
            funnel=self.team_funnel(team, trend) if complete else None,
        )

    def questionnaire_of(self, period: str | None) -> Questionnaire | None:
        """The questionnaire an earlier cycle of the history ran: changes since it may compare two versions."""
        earlier = next((c for c in self.history if c.period == period), None)
        return earlier.questionnaire.parsed() if earlier is not None else None

    def comments(self, group: Mapping[str, str]) -> tuple[QuestionComments, ...]:
        """The group's comments question by question, as its results page shows them (``group_comments``).

        The same gate call per open question as the page, so a PDF shows exactly what the page shows:
        a question's comments, none, or a withheld group's notice.
        """
        threshold = comment_threshold(self.cycle)
        return tuple(
            QuestionComments(question.text, _fixed_order(visible_comments(self.cycle, group, question.id)), threshold)
            for question in self.questionnaire.open_questions)

    @cached_property
    def nobody_answered(self) -> frozenset[str]:
        """The teams the gate may say nobody answered (``response_rates``): their plan says so, where "fewer than
        5 responses ... your answers still count" addressed people none of whom had answered."""
        return frozenset(rate.team for rate in response_rates(self.cycle)[1] if rate.answered == 0)

    def _withheld_reason(self, team: Team, result: GroupResult | None) -> str | None:
        """The gate's reason; for a team it has no group for, whether nobody answered may be said. Asked only
        then, so a results page (every team shown) reads no response rates."""
        if result is not None:
            return result.reason
        return "nobody_answered" if team.slug in self.nobody_answered else "too_small"

    def team_inputs(self) -> list[TeamPlanInput]:
        """A plan for each team that took part in the cycle, not for teams created since."""
        return [self.team_input(team) for team in participating_teams(self.cycle)]

    def organization_input(self) -> OrganizationInput:
        overall = score_of(self.overall)
        analysis = self.overall_analysis
        earlier = [(c, score_of(group_result(c, "organization", "all"))) for c in self.history]
        previous = next((s for c, s in earlier if c.period == analysis.previous_period), None)
        trend = index_trend([*((c.period, s) for c, s in earlier), (self.cycle.period, overall)])
        teams = self.team_inputs()
        answered, rates = response_rates(self.cycle)
        responses = {rate.team: ResponseCount(rate.invited, rate.answered) for rate in rates}
        return OrganizationInput(
            organization=self.organization.name, period=self.cycle.period, questionnaire=self.questionnaire,
            overall=overall, teams=tuple(teams), min_group_size=self.cycle.min_group_size,
            synthetic=self.organization.synthetic, branding=self.branding,
            functions={key: score_of(r) for key, r in self.functions.items()},
            previous_period=analysis.previous_period if previous is not None else None,
            previous=previous, changes=analysis.changes,
            earlier_questionnaire=self.questionnaire_of(analysis.previous_period),
            benchmark=self.overall_benchmark,
            gaps=self.organization_gaps, unshown_functions=self.unshown_functions, drivers=self.drivers,
            trend=tuple(trend), responses=responses,
            index_gap=index_gap(analysis, *(score_of(self.functions.get(f)) for f in ("sales", "marketing"))),
            total_invited=sum(rate.invited for rate in rates),
            total_completed=answered if answered is not None and overall is not None else 0,
            funnel=self.funnel, comments=self.comments({}),
        )


def index_trend(shown: list[tuple[str, GroupScore | None]]) -> list[tuple[str, float | None]]:
    """The index at every period from the group's first shown one on, None where the gate showed none.

    The periods the group was withheld stay in, so a chart's axis keeps them and its line breaks there,
    instead of joining two results a year apart as if they were neighbouring quarters.
    """
    values = [(period, None if s is None else s.index.score) for period, s in shown]
    first = next((i for i, (_, value) in enumerate(values) if value is not None), len(values))
    return values[first:]


def _fixed_order(texts: list[str] | None) -> tuple[str, ...] | None:
    """The gate's comments in an order fixed by their text alone; None (withheld) stays None.

    The gate shuffles on every call; a document needs the same order each
    time, or a re-run would never find its inputs unchanged. An order
    drawn from the texts themselves says nothing about who wrote when.
    """
    if texts is None:
        return None
    ordered = sorted(texts)
    random.Random("\n".join(ordered)).shuffle(ordered)
    return tuple(ordered)


def _index(result: GroupResult | None) -> float | None:
    score = score_of(result)
    return score.index.score if score is not None else None


def team_plan_input(cycle: Cycle, team: Team, branding: Branding | None = None) -> TeamPlanInput:
    return CycleDocuments(cycle, branding).team_input(team)
