"""The organization diagnostic and the executive summary as view-models.

The organization as a whole is read like one big team: ``build_team_plan``
gives its headline, rows, chart data and priorities, so the wording and the
rules stay the same at every level. On top come what only an organization
has: the teams-by-dimensions heatmap, response rates, reliability, and every
team's own plan. Findings are composed here as sentences, so they can be
tested without rendering and read the same on a web page.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from reports.dont_know import unsure_statements
from reports.funnel import FunnelTable
from reports.inputs import Branding, PerceptionGap, QuestionComments, TeamPlanInput, widest_first
from reports.organization_inputs import OrganizationInput, ResponseCount, rate_percent
from reports.periods import trend_periods
from reports.playbook import Playbook
from reports.priorities import points
from reports.gap_sides import gap_withheld_note
from reports.ranking import count_word, ends, names
from reports.team_plan import DimensionRow, TeamPlan, build_team_plan
from scoring.drivers import MIN_DRIVER_N

ALPHA_FLAG = 0.70       # below this, a dimension's items may not measure one thing
#: The most teams whose action plans the diagnostic binds in. A client of 150 teams got a diagnostic of 1,035 pages,
#: rendered in 4 min 40 s with 1.4 GB of memory; past this, each plan is its own PDF (the ZIP of plans, `report batch`).
MAX_BOUND_PLANS = 20


@dataclass(frozen=True)
class TeamLine:
    """One team across the heatmap, the trend table and the response-rate table."""

    name: str
    slug: str
    function: str
    shown: bool
    n: int | None
    values: tuple[float | None, ...]      # index, then each dimension; None = not shown
    responses: ResponseCount
    trend: tuple[tuple[str, float | None], ...]

    def score_in(self, period: str) -> float | None:
        """The team's index in an earlier period, None when not shown then."""
        return next((score for p, score in self.trend if p == period), None)


@dataclass(frozen=True)
class ReliabilityLine:
    name: str
    alpha: float | None
    low: float | None
    high: float | None

    @property
    def flagged(self) -> bool:
        return self.alpha is not None and self.alpha < ALPHA_FLAG


@dataclass(frozen=True)
class Diagnostic:
    organization: str
    period: str
    branding: Branding
    synthetic: bool
    min_group_size: int
    overall: TeamPlan                       # the organization read as one team
    findings: tuple[str, ...]
    columns: tuple[str, ...]                # heatmap columns: index, then dimensions
    teams: tuple[TeamLine, ...]
    periods: tuple[str, ...]                # trend table columns, oldest first, periods without a survey included
    reliability: tuple[ReliabilityLine, ...]
    plans: tuple[TeamPlan, ...]
    response_line: str
    total_invited: int
    total_completed: int | None
    funnel: FunnelTable | None = None
    skipped: frozenset[str] = frozenset()   # trend table columns in which no cycle ran
    # The organization's own comments, question by question. Not in ``overall``: a plan with withheld scores
    # prints no comments section, while the organization's page says even then why none are shown.
    comments: tuple[QuestionComments, ...] = ()
    # The gap table's rows: the organization's dimensions and its alignment index, widest first as printed.
    gap_rows: tuple[DimensionRow, ...] = ()
    # Why there is no comparison of sales and marketing (a function withheld), as the results page says it.
    gap_note: str | None = None
    # Why there are no drivers though the organization's scores are shown, as the results page says it.
    drivers_note: str | None = None
    # The teams whose plans are not bound in (more than ``MAX_BOUND_PLANS``): the diagnostic says where they are.
    plans_apart: int = 0

    @property
    def suppressed(self) -> bool:
        return self.overall.suppressed

    @property
    def has_trends(self) -> bool:
        """Whether surveys ran in two periods or more: a first survey's "trend" was a one-column table that
        repeated the heatmap's first column, and the summary promised trends it did not have."""
        return bool(self.teams) and len(set(self.periods) - self.skipped) >= 2

    @property
    def detail(self) -> tuple[str, ...]:
        """What the diagnostic holds beyond the summary, as the summary names it: only the parts it prints
        (``diagnostic.html``), so the summary promises no drivers or gaps that a small organization has none of."""
        held = (
            ("every team's scores", any(team.shown for team in self.teams)),
            ("trends", self.has_trends),
            ("perception gaps", bool(self.overall.gap_rows)),
            ("drivers", bool(self.overall.drivers)),
            ("response rates" if self.total_invited else "responses by team", bool(self.teams)),
            ("reliability", bool(self.reliability)),
            ("funnel figures", self.funnel is not None),
            ("comments", any(group.comments for group in self.comments)),
            ("each team's action plan", bool(self.plans)),
        )
        return tuple(part for part, printed in held if printed)

    @property
    def teams_without_crm_figures(self) -> tuple[str, ...]:
        """Teams the CRM table has no line for: named, so a reader does not look for them in vain."""
        listed = {name for name, _, _ in self.funnel.teams} if self.funnel else set()
        return tuple(team.name for team in self.teams if team.name not in listed)


def build_diagnostic(inp: OrganizationInput, playbook: Playbook) -> Diagnostic:
    """Everything the consultant's diagnostic shows, every team's plan included up to ``MAX_BOUND_PLANS`` teams."""
    overall = build_team_plan(_as_team(inp), playbook)
    if overall.suppressed:
        overall = replace(overall, headline=withheld_headline(inp))
    dimensions = [d for d in inp.questionnaire.dimensions]
    teams = tuple(_team_line(team, inp, [d.id for d in dimensions]) for team in inp.teams)
    ran = {period for team in teams for period, _ in team.trend} | {p for p, _ in inp.trend}
    periods = trend_periods(ran)
    completed = inp.total_completed if inp.overall is not None else None
    bound = len(inp.teams) <= MAX_BOUND_PLANS
    return Diagnostic(
        organization=inp.organization, period=inp.period, branding=inp.branding,
        synthetic=inp.synthetic, min_group_size=inp.min_group_size, overall=overall,
        findings=findings(inp, overall, teams), columns=("Alignment index", *(d.name for d in dimensions)),
        teams=teams, periods=tuple(periods[-5:]), reliability=_reliability(inp),
        plans=tuple(build_team_plan(team, playbook) for team in inp.teams) if bound else (),
        plans_apart=0 if bound else len(inp.teams),
        response_line=_response_line(inp.total_invited, completed),
        total_invited=inp.total_invited, total_completed=completed, funnel=inp.funnel,
        skipped=frozenset(periods[-5:]) - ran, comments=inp.comments, gap_rows=_gap_rows(overall, inp.index_gap),
        gap_note=_gap_note(inp, overall), drivers_note=_drivers_note(inp, overall),
    )


def _gap_note(inp: OrganizationInput, overall: TeamPlan) -> str | None:
    if overall.suppressed or inp.gaps:
        return None
    return gap_withheld_note(inp.unshown_functions, inp.min_group_size)


def _drivers_note(inp: OrganizationInput, overall: TeamPlan) -> str | None:
    """Drivers need ``MIN_DRIVER_N`` responses: a smaller organization's diagnostic says so where they would be."""
    if overall.suppressed or overall.drivers or overall.n is None or overall.n >= MIN_DRIVER_N:
        return None
    return ("Which dimensions go most with people feeling that sales and marketing work as one team is worked out only "
            f"for a group of at least {MIN_DRIVER_N} responses, so that what it finds is more than chance; "
            f"{inp.organization} has {overall.n}.")


def _gap_rows(overall: TeamPlan, index_gap: PerceptionGap | None) -> tuple[DimensionRow, ...]:
    """The dimensions' gaps and the index's among them, widest first as printed: the results page and
    ``alignment scores`` list the index's gap too, and its q-value was adjusted together with theirs, so
    without its row the PDF's table and its asterisks did not match theirs."""
    if overall.index is None or index_gap is None or not overall.gap_rows:
        return overall.gap_rows
    rows = (replace(overall.index, gap=index_gap), *overall.gap_rows)
    return tuple(sorted(rows, key=lambda row: widest_first(row.gap)))  # type: ignore[arg-type]


def withheld_headline(inp: OrganizationInput) -> str:
    """Why the organization has no scores, in words true of the diagnostic and the summary alike.

    The plan's own sentence said "so this plan shows no scores" in documents that are no plan.
    """
    return (f"{inp.organization} had fewer than {inp.min_group_size} responses in {inp.period}, so no scores "
            "are shown: with so few answers, individual people could be recognized.")


def findings(inp: OrganizationInput, overall: TeamPlan, teams: tuple[TeamLine, ...]) -> tuple[str, ...]:
    """The few sentences an executive reads first, each with its numbers."""
    if overall.suppressed:
        return (overall.headline,)
    found = [overall.headline]
    moved = [r for r in overall.rows if r.meaningful and r.change is not None]
    if moved:
        found.append("Meaningful changes since " + f"{overall.previous_period}: " + "; ".join(
            f"{r.name} {'rose' if r.change > 0 else 'fell'} {abs(r.change):.0f} points"  # type: ignore[operator]
            for r in moved) + ".")
    elif overall.changes_tested:
        found.append(f"No dimension moved meaningfully since {overall.previous_period}.")
    unshown = gap_withheld_note(inp.unshown_functions, inp.min_group_size,
                                lead=f"Sales and marketing cannot be compared in {inp.period}.")
    if not inp.gaps and unshown:
        found.append(unshown)
    if inp.gaps:
        widest = min(inp.gaps, key=widest_first)
        name = next((r.name for r in overall.rows if r.id == widest.dimension), widest.dimension)
        found.append(f"The widest gap between sales and marketing is on {name}: sales "
                     f"{widest.sales:.0f}, marketing {widest.marketing:.0f} "
                     f"({points(abs(widest.shown_difference))} apart).")
    if overall.drivers:
        name, share = overall.drivers[0]
        found.append(f"{name} goes most with people feeling that sales and marketing work as one "
                     f"team ({share * 100:.0f}% of what the dimensions explain).")
    unsure = _most_unsure(inp)
    if unsure:
        found.append(unsure)
    teams_shown = _teams_shown(teams, inp.min_group_size)
    if teams_shown:
        found.append(teams_shown)
    return tuple(found)


def _teams_shown(teams: tuple[TeamLine, ...], min_group_size: int) -> str | None:
    """How many teams could be shown, the ends of their index, and why the others are not: "6 of 8 teams could be
    shown" left the executive to guess what became of two, and with one team or none shown the summary said nothing
    of teams at all."""
    shown = [t for t in teams if t.shown and t.values[0] is not None]
    others = len(teams) - len(shown)
    if len(teams) < 2:                       # the organization's own figures are its one team's
        return None
    one = others == 1 or not shown           # "each had ... or was held back"
    why = (f"fewer than {min_group_size} responses, or {'was' if one else 'were'} held back so that a smaller group "
           "cannot be worked out from the others")
    if not shown:
        return (f"None of the {count_word(len(teams))} teams could be shown on its own: each had {why}. Their answers "
                "still count in the organization's figures.")
    if len(shown) == 1:
        only = shown[0]
        found = f"1 of {len(teams)} teams could be shown: {only.name} ({round(only.values[0] or 0.0)})."
    else:
        found = f"{len(shown)} of {len(teams)} teams could be shown; {_highest_and_lowest(shown)}."
    if others:
        found += f" The other {'one' if others == 1 else count_word(others)} had {why}."
    return found


def _most_unsure(inp: OrganizationInput) -> str | None:
    """The statement the largest share of sales or of marketing could not judge, when notable: what one side
    cannot judge about the other is a finding of the perception gap, which the whole organization's share hides."""
    found = [(statement, function) for function in ("sales", "marketing")
             for statement in unsure_statements(inp.functions.get(function), inp.questionnaire, function)]
    if not found:
        return None
    statement, function = max(found, key=lambda pair: pair[0].share)
    return (f"{statement.share:.0f}% of {function} ({statement.count} of {statement.base}) said {statement.label} to "
            f"“{statement.text}” What they cannot judge may not be reaching them.")


def _highest_and_lowest(shown: list[TeamLine]) -> str:
    """The teams at either end of the index as printed; level ones share the place."""
    best, worst = ends(shown, lambda team: team.values[0] or 0.0)
    high, low = round(best[0].values[0] or 0.0), round(worst[0].values[0] or 0.0)
    if high == low:
        return f"every one of them has an index of about {high}"
    return (f"the highest index is {names([t.name for t in best])} ({high}), "
            f"the lowest {names([t.name for t in worst])} ({low})")


def _as_team(inp: OrganizationInput) -> TeamPlanInput:
    return TeamPlanInput(
        organization=inp.organization, team=inp.organization, function="joint", period=inp.period,
        questionnaire=inp.questionnaire, scores=inp.overall, min_group_size=inp.min_group_size,
        synthetic=inp.synthetic, previous_period=inp.previous_period, previous=inp.previous,
        changes=inp.changes, earlier_questionnaire=inp.earlier_questionnaire, benchmark=inp.benchmark, gaps=inp.gaps, drivers=inp.drivers,
        branding=inp.branding, trend=inp.trend,
    )


def _team_line(team: TeamPlanInput, inp: OrganizationInput, dimensions: list[str]) -> TeamLine:
    scores = team.scores
    shown = scores is not None and scores.n >= inp.min_group_size

    def value(key: str) -> float | None:
        if not shown or scores is None:
            return None
        score = scores.index if key == "index" else scores.dimensions.get(key)
        ok = score is not None and score.score is not None and score.n >= inp.min_group_size
        return score.score if ok and score is not None else None

    return TeamLine(
        name=team.team, slug=team.slug, function=team.function, shown=shown,
        n=scores.n if shown and scores is not None else None,
        values=tuple(value(key) for key in ["index", *dimensions]),
        responses=inp.responses.get(team.slug, ResponseCount(0, None)), trend=team.trend,
    )


def _reliability(inp: OrganizationInput) -> tuple[ReliabilityLine, ...]:
    if inp.overall is None:
        return ()
    lines = []
    for dimension in inp.questionnaire.dimensions:
        score = inp.overall.dimensions.get(dimension.id)
        if score is None:
            continue
        ci = score.alpha_ci
        lines.append(ReliabilityLine(dimension.name, score.alpha, ci.low if ci else None,
                                     ci.high if ci else None))
    return tuple(lines)


def _response_line(invited: int, completed: int | None) -> str:
    """Answers against invitations: with none sent (answers imported from a file), or fewer
    than there are answers, there is no rate to give."""
    if completed is None:
        if not invited:
            return "Too few people answered to show results."
        return f"{invited} people were invited; too few answered to show results."
    answered = f"{completed} {'person' if completed == 1 else 'people'} answered"
    if not invited:
        return f"{answered}."
    if completed > invited:
        return (f"{answered}; {invited} were invited by email and further answers were imported, "
                "so there is no rate.")
    return f"{completed} of {invited} invited people answered ({rate_percent(100 * completed / invited)})."
