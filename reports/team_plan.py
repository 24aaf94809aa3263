"""The team action plan as a view-model: pure data in, frozen data out.

Every sentence with a number is composed here or in ``reports.priorities``,
not in the template, so the wording can be tested without rendering a PDF and
the same plan can be shown on a web page. A group below the minimum size gets
a plan with no numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from reports.action_review import ReviewedAction, review_actions, taken_on
from reports.dont_know import UnsureStatement, unsure_note, unsure_statements
from reports.funnel import FunnelTable
from reports.gap_sides import gap_withheld_note
from reports.inputs import (
    Benchmark, Branding, Commitment, PerceptionGap, QuestionComments, TeamPlanInput, widest_first,
)
from reports.playbook import CORE_DIMENSIONS, Playbook
from reports.priorities import (
    DimensionRow, Priority, change_phrase, choose_priorities, notable_gap, ordered_by_benchmark, organization_reasons,
    pick_practices,
)
from reports.ranking import count_word, ends, first_with_ties, names, ordinal
from reports.versions import version_note
from scoring.results import DimensionScore, GroupScore

__all__ = ["DimensionRow", "Priority", "TeamPlan", "build_team_plan", "ordinal"]


@dataclass(frozen=True)
class TeamPlan:
    organization: str
    team: str
    function: str
    period: str
    questionnaire_title: str
    questionnaire_ref: str
    synthetic: bool
    branding: Branding
    min_group_size: int
    suppressed: bool
    headline: str
    nobody_answered: bool = False            # suppressed because nobody in the team answered: no "your answers"
    scale_labels: tuple[str, ...] = ()       # lowest first, for "how to read"
    favorable_labels: tuple[str, ...] = ()   # the points counted as favorable
    # ... and for a statement worded the other way, whose scale is reversed; empty when the questionnaire has none
    reversed_favorable_labels: tuple[str, ...] = ()
    dont_know: str | None = None             # the scale's "don't know" choice, left out of every figure
    n: int | None = None
    index: DimensionRow | None = None
    rows: tuple[DimensionRow, ...] = ()
    lowest: tuple[DimensionRow, ...] = ()
    strengths: tuple[DimensionRow, ...] = ()
    priorities: tuple[Priority, ...] = ()
    guidance: tuple[Priority, ...] = ()     # suppressed plans: one practice per core dimension, no team figure
    guidance_basis: str = ""                 # what the guidance's order follows; empty when the playbook's
    comments: tuple[QuestionComments, ...] = ()   # each open question's, in the questionnaire's order
    benchmark: Benchmark | None = None
    previous_period: str | None = None
    trend: tuple[tuple[str, float | None], ...] = ()
    drivers: tuple[tuple[str, float], ...] = ()  # (dimension name, share of R^2)
    outcome: str = ""                        # the outcome item the drivers explain, without its full stop
    organization_gaps: tuple[tuple[str, PerceptionGap], ...] = ()  # (dimension name, gap)
    organization_gap_note: str | None = None  # why there are no organization_gaps: a function withheld
    slug: str = ""
    actions_period: str | None = None        # the earlier cycle whose actions are reviewed
    reviewed_actions: tuple[ReviewedAction, ...] = ()
    taken_on: tuple[tuple[str, str], ...] = ()  # (practice title, "taken on after the ... survey (done)")
    commitments: tuple[Commitment, ...] = ()  # every action the team took on for this cycle, in order
    funnel: FunnelTable | None = None        # the team's own CRM figures; no index when suppressed
    unsure: tuple[UnsureStatement, ...] = ()  # statements many could not judge ("Don't know"), largest share first
    version_note: str | None = None          # the changes compare two versions of the questionnaire

    def taken_on_note(self, practice_title: str) -> str | None:
        """Beside a suggested practice the team already took on last time, what became of it."""
        return dict(self.taken_on).get(practice_title)

    @property
    def has_changes(self) -> bool:
        return any(row.change is not None for row in self.rows)

    @property
    def changes_tested(self) -> bool:
        return any(row.meaningful is not None for row in self.rows)

    @property
    def gap_rows(self) -> tuple[DimensionRow, ...]:
        """The dimensions with a sales-marketing gap, widest first as printed, as every other list of gaps."""
        return tuple(sorted((row for row in self.rows if row.gap), key=lambda row: widest_first(row.gap)))  # type: ignore[arg-type]

    @property
    def unsure_note(self) -> str:
        return unsure_note(self.dont_know or "")


def build_team_plan(inp: TeamPlanInput, playbook: Playbook) -> TeamPlan:
    """Turn one team's scored results into the plan a consultant hands over."""
    scale = inp.questionnaire.scale
    suppressed = TeamPlan(
        organization=inp.organization, team=inp.team, function=inp.function,
        period=inp.period, questionnaire_title=inp.questionnaire.title,
        questionnaire_ref=inp.questionnaire.ref, synthetic=inp.synthetic,
        branding=inp.branding, min_group_size=inp.min_group_size,
        suppressed=True, headline=suppressed_headline(inp), scale_labels=scale.labels,
        nobody_answered=inp.withheld_reason == "nobody_answered",
        favorable_labels=scale.favorable_labels, dont_know=scale.dont_know,
        # "agree or strongly agree" alone misdescribed the share where statements are worded the other way
        reversed_favorable_labels=scale.reversed_favorable_labels if inp.questionnaire.has_reversed_items else (),
        slug=inp.slug,
        actions_period=inp.actions_period if inp.previous_actions else None,
        reviewed_actions=review_actions(inp.previous_actions, since=inp.actions_period or "the last cycle",
                                        min_group_size=inp.min_group_size,
                                        dimension_name=lambda d: _name(inp, d)),
        taken_on=tuple(taken_on(inp.previous_actions, since=inp.actions_period or "last").items()),
        commitments=inp.commitments,
        funnel=_without_index(inp.funnel),
    )
    scores = inp.scores
    if _withheld(scores, inp):
        guidance = organization_guidance(inp, playbook)
        return replace(suppressed, guidance=_committed(guidance, inp.commitments),
                       guidance_basis=_guidance_basis(inp, guidance))
    assert scores is not None
    rows = _rows(inp)
    index = _index_row(inp)
    ranked = _ranked(rows)
    lowest, strengths = _short_lists(ranked)
    priorities = _committed(choose_priorities(ranked, inp, playbook, index.score), inp.commitments)
    return replace(
        suppressed, suppressed=False, headline=_headline(inp, index, ranked),
        n=scores.n, index=index, rows=rows, lowest=lowest, strengths=strengths,
        priorities=priorities, comments=inp.comments, benchmark=inp.benchmark,
        previous_period=inp.previous_period if inp.previous else None, trend=inp.trend,
        drivers=tuple((_name(inp, d.dimension), d.share) for d in inp.drivers), outcome=_outcome(inp),
        organization_gaps=tuple((_name(inp, g.dimension), g) for g in inp.organization_gaps),
        organization_gap_note=None if inp.gaps or inp.organization_gaps
        else gap_withheld_note(inp.organization_unshown_functions, inp.min_group_size),
        funnel=inp.funnel, unsure=unsure_statements(scores, inp.questionnaire, inp.function),
        version_note=version_note(inp.questionnaire, inp.earlier_questionnaire, inp.previous_period)
        if inp.previous else None,
    )


def _withheld(scores: GroupScore | None, inp: TeamPlanInput) -> bool:
    """The gate upstream decides; checking again costs nothing and fails safe."""
    return scores is None or scores.n < inp.min_group_size or not _shown(scores.index, inp)


def _rows(inp: TeamPlanInput) -> tuple[DimensionRow, ...]:
    assert inp.scores is not None
    return tuple(_row(inp, dimension.id) for dimension in inp.questionnaire.dimensions
                 if dimension.id in inp.scores.dimensions)


def _ranked(rows: tuple[DimensionRow, ...]) -> list[DimensionRow]:
    """The shown rows, lowest score first."""
    return sorted((row for row in rows if row.shown), key=lambda row: (row.score, row.id))


def _outcome(inp: TeamPlanInput) -> str:
    item = inp.questionnaire.outcome_item
    return item.text.strip().rstrip(".") if item is not None else ""


def _short_lists(ranked: list[DimensionRow]) -> tuple[tuple[DimensionRow, ...], tuple[DimensionRow, ...]]:
    """(lowest scores, strengths to build on), as printed: a list takes in what prints level with its
    last entry, and neither lists a score the other end prints (all level: neither lists any)."""
    def printed(row: DimensionRow) -> float:
        return row.score or 0.0

    if not ranked:
        return (), ()
    bottom, top = round(printed(ranked[0])), round(printed(ranked[-1]))
    lowest = tuple(row for row in first_with_ties(ranked, 2 if len(ranked) <= 4 else 3, printed)
                   if round(printed(row)) != top)
    strengths = tuple(row for row in first_with_ties(ranked[::-1], 2, printed)
                      if row not in lowest and round(printed(row)) != bottom)
    return lowest, strengths


def suppressed_headline(inp: TeamPlanInput) -> str:
    if inp.withheld_reason == "protects_others":
        # "The scores of": a possessive makes "Key Accounts's" of most team names.
        return (f"The scores of {inp.team} are withheld in {inp.period}: shown beside the other "
                f"figures of {inp.organization}, they would let a group of fewer than "
                f"{inp.min_group_size} responses be worked out, and its people recognized.")
    if inp.withheld_reason == "nobody_answered":
        return f"Nobody in {inp.team} answered the survey in {inp.period}, so this plan shows no scores."
    return (f"{inp.team} had fewer than {inp.min_group_size} responses in {inp.period}, "
            "so this plan shows no scores: with so few answers, individual people "
            "could be recognized.")


def organization_guidance(inp: TeamPlanInput, playbook: Playbook) -> tuple[Priority, ...]:
    """One easy practice per core dimension, for a team whose scores cannot be shown.

    Where the organization is weakest comes first, each with the organization's figure
    that puts it there, ordered as its own priorities would be; when the organization is
    withheld too, the playbook's order, with no reason.
    """
    reasons = {row.id: reason for row, reason in _organization_reasons(inp) if row.id in CORE_DIMENSIONS}
    guidance: list[Priority] = []
    used: set[str] = set()
    for dimension in [*reasons, *(d for d in CORE_DIMENSIONS if d not in reasons)]:
        practices = pick_practices(playbook.serving(dimension, easiest_first=True), used)[:1]
        if practices:
            used.add(practices[0].id)
            guidance.append(Priority(rank=len(guidance) + 1, dimension=dimension,
                                     dimension_name=_name(inp, dimension), reason=reasons.get(dimension, ""),
                                     practices=practices))
    return tuple(guidance)


def _organization_reasons(inp: TeamPlanInput) -> tuple[tuple[DimensionRow, str], ...]:
    """The organization's shown dimensions, weakest first, each with its reason; none when it is withheld."""
    whole = _organization_as_team(inp)
    return () if whole is None else organization_reasons(_ranked(_rows(whole)), whole)


def _organization_as_team(inp: TeamPlanInput) -> TeamPlanInput | None:
    """The organization read as one team, as the diagnostic reads it: its scores, benchmark positions and
    sales/marketing gaps, nothing of the team's own (its earlier scores included). None when withheld."""
    if _withheld(inp.organization_scores, inp):
        return None
    return replace(inp, team=inp.organization, scores=inp.organization_scores,
                   benchmark=inp.organization_benchmark, gaps=inp.organization_gaps, organization_gaps=(),
                   previous=None, previous_period=None, changes={}, drivers=())


def _guidance_basis(inp: TeamPlanInput, guidance: tuple[Priority, ...]) -> str:
    """Said plainly beside guidance ordered by the organization's results, which are not the team's."""
    if not any(priority.reason for priority in guidance):
        return ""
    gaps = {gap.dimension: gap for gap in inp.organization_gaps}
    weakest = _weakest_words(inp)
    order = (f"where its sales and marketing see things most differently comes first, then {weakest}"
             if notable_gap(gaps.get(guidance[0].dimension)) else f"{weakest} comes first")
    return (f"The scores of {inp.team} are withheld, so these practices follow the results of "
            f"{inp.organization} as a whole: {order}.")


def _weakest_words(inp: TeamPlanInput) -> str:
    """How the guidance is ordered after the gaps: by the benchmark, the lowest score can come second,
    so "where it is weakest" would contradict the reasons printed below it."""
    whole = _organization_as_team(inp)
    if whole is not None and whole.benchmark is not None and ordered_by_benchmark(_ranked(_rows(whole))):
        return f"where it stands lowest against the median of the {whole.benchmark.name} benchmark"
    return "where it is weakest"


def _without_index(funnel: FunnelTable | None) -> FunnelTable | None:
    """A suppressed plan keeps the team's CRM figures (business figures, not answers) but shows no score of any period."""
    return None if funnel is None else replace(funnel, index=tuple(None for _ in funnel.index))


def _committed(priorities: tuple[Priority, ...], commitments: tuple[Commitment, ...]) -> tuple[Priority, ...]:
    """Fill a priority's practice, owner and due date from the action the team took on for one of its practices."""
    filled = []
    for priority in priorities:
        offered = {practice.id for practice in priority.practices}
        taken = next((c for c in commitments if c.practice_id in offered), None)
        filled.append(priority if taken is None else replace(priority, chosen=taken.title, owner=taken.owner,
                                                               due=taken.due))
    return tuple(filled)


def _shown(score: DimensionScore | None, inp: TeamPlanInput) -> bool:
    return score is not None and score.score is not None and score.n >= inp.min_group_size


def _name(inp: TeamPlanInput, dimension_id: str) -> str:
    try:
        return inp.questionnaire.dimension(dimension_id).name
    except StopIteration:
        return dimension_id.replace("_", " ").capitalize()


def _row(inp: TeamPlanInput, dimension_id: str) -> DimensionRow:
    assert inp.scores is not None
    dimension = inp.questionnaire.dimension(dimension_id)
    score = inp.scores.dimensions[dimension_id]
    previous = inp.previous.dimensions.get(dimension_id) if inp.previous else None
    benchmark = inp.benchmark.positions.get(dimension_id) if inp.benchmark else None
    gap = next((g for g in inp.gaps if g.dimension == dimension_id), None)
    context = next((g for g in inp.organization_gaps if g.dimension == dimension_id), None)
    change = inp.changes.get(dimension_id)
    rank = next((i for i, d in enumerate(inp.drivers, start=1) if d.dimension == dimension_id), None)
    if not _shown(score, inp):
        return DimensionRow(dimension.id, dimension.name, dimension.description,
                            dimension.core, score=None)
    return DimensionRow(
        dimension.id, dimension.name, dimension.description, dimension.core,
        score=score.score, ci=score.ci, favorable=score.favorable, n=score.n,
        previous_score=previous.score if previous else None, benchmark=benchmark, gap=gap,
        meaningful=change.meaningful if change is not None and previous else None,
        context_gap=context if gap is None else None, driver_rank=rank,
        driver_share=inp.drivers[rank - 1].share if rank else None,
    )


def _index_row(inp: TeamPlanInput) -> DimensionRow:
    assert inp.scores is not None
    index = inp.scores.index
    previous = inp.previous.index.score if inp.previous else None
    benchmark = inp.benchmark.positions.get("index") if inp.benchmark else None
    change = inp.changes.get("index")
    return DimensionRow("index", "Alignment index", "The mean of the core dimensions.",
                        True, score=index.score, ci=index.ci, favorable=index.favorable,
                        n=index.n, previous_score=previous, benchmark=benchmark,
                        meaningful=change.meaningful if change is not None and previous else None)


def _headline(inp: TeamPlanInput, index: DimensionRow, ranked: list[DimensionRow]) -> str:
    assert index.score is not None and inp.scores is not None
    text = f"{inp.team} scores {index.score:.0f} out of 100 on the alignment index"
    if index.ci is not None:
        text += f" (95% CI {index.ci.low:.0f}–{index.ci.high:.0f})"
    text += f", based on {inp.scores.n} responses"
    if index.change is not None and inp.previous_period:
        text += f", {change_phrase(index, inp.previous_period)}"
    text += "."
    bench = index.benchmark
    if bench is not None and bench.percentile is not None and inp.benchmark is not None:
        text += (f" That is {bench.rank_phrase} of the {inp.benchmark.name} "
                 f"benchmark" + (f" ({bench.quartile})." if bench.quartile else "."))
    if len(ranked) >= 2:
        text += " " + _strongest_and_lowest(ranked)
    return text


def _strongest_and_lowest(ranked: list[DimensionRow]) -> str:
    """The top and bottom as printed: level scores share the place, and all alike is said so."""
    top, bottom = ends(ranked, lambda row: row.score or 0.0)
    high, low = round(top[0].score or 0.0), round(bottom[0].score or 0.0)
    every = f"All {count_word(len(ranked))} dimensions score"
    if high == low:
        return f"{every} about {high}."
    if high - low == 1:
        return f"{every} within a point of each other ({low}–{high})."

    def named(rows: list[DimensionRow]) -> str:
        return f"{'is' if len(rows) == 1 else 'are'} {names([row.name for row in rows])}"

    return (f"The strongest dimension{'' if len(top) == 1 else 's'} {named(top)} ({high}); "
            f"the lowest {named(bottom)} ({low}).")
