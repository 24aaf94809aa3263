"""The team action plan as a view-model: pure data in, frozen data out.

Every sentence with a number is composed here, not in the template, so the
wording can be tested without rendering a PDF and the same plan can be shown
on a web page. A group below the minimum size gets a plan with no numbers.

Priorities follow explicit rules, so a consultant can explain every one:
1. the three lowest dimensions: lowest against the benchmark median when the
   benchmark covers every shown dimension, otherwise lowest score;
2. then any other dimension that is flagged: below 50, a meaningful decline
   since the last cycle, the benchmark's bottom quartile, a sales-marketing
   gap of 10 points or more that is not chance, or one of the two strongest
   drivers of "one team" while scoring below the team's index;
3. at most five, each with a sentence naming up to two of those facts.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from reports.inputs import Benchmark, BenchmarkPosition, Branding, PerceptionGap, TeamPlanInput
from reports.playbook import CORE_DIMENSIONS, Playbook, Practice
from scoring.results import DimensionScore, Interval

MIN_PRIORITIES, MAX_PRIORITIES = 3, 5
PRACTICES_PER_PRIORITY = 2
NOTABLE_POINTS = 5.0        # a change or benchmark distance worth a mention
NOTABLE_GAP = 10.0          # a sales/marketing gap worth a mention
LOW_SCORE = 50.0            # below this, a dimension joins the priorities anyway
STRONG_DRIVER = 0.25        # share of explained variance that makes a driver worth naming
REASON_FACTS = 2            # facts named per priority: more makes the sentence unreadable
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve")
_ORDINALS = ("", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
             "tenth", "eleventh", "twelfth")


@dataclass(frozen=True)
class DimensionRow:
    """One line of the results table; ``score`` None means not shown."""

    id: str
    name: str
    description: str
    core: bool
    score: float | None
    ci: Interval | None = None
    favorable: float | None = None
    n: int | None = None
    previous_score: float | None = None
    benchmark: BenchmarkPosition | None = None
    gap: PerceptionGap | None = None
    meaningful: bool | None = None     # None: the change was not tested
    context_gap: PerceptionGap | None = None  # the organization's, for one-function teams
    driver_share: float | None = None  # share of "one team" explained, organization level
    driver_rank: int | None = None     # 1 = the strongest driver

    @property
    def shown(self) -> bool:
        return self.score is not None

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score


@dataclass(frozen=True)
class Priority:
    """A dimension to work on, why, and what to try; owner and due are for the team."""

    rank: int
    dimension: str
    dimension_name: str
    reason: str
    practices: tuple[Practice, ...]
    owner: str = ""
    due: str = ""


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
    scale_labels: tuple[str, ...] = ()       # lowest first, for "how to read"
    favorable_labels: tuple[str, ...] = ()   # the points counted as favorable
    n: int | None = None
    index: DimensionRow | None = None
    rows: tuple[DimensionRow, ...] = ()
    lowest: tuple[DimensionRow, ...] = ()
    strengths: tuple[DimensionRow, ...] = ()
    priorities: tuple[Priority, ...] = ()
    guidance: tuple[Priority, ...] = ()     # suppressed plans: advice for any team, no numbers
    comments: tuple[str, ...] = ()
    benchmark: Benchmark | None = None
    previous_period: str | None = None
    trend: tuple[tuple[str, float], ...] = ()
    drivers: tuple[tuple[str, float], ...] = ()  # (dimension name, share of R^2)
    organization_gaps: tuple[tuple[str, PerceptionGap], ...] = ()  # (dimension name, gap)
    slug: str = ""

    @property
    def has_changes(self) -> bool:
        return any(row.change is not None for row in self.rows)

    @property
    def changes_tested(self) -> bool:
        return any(row.meaningful is not None for row in self.rows)


def build_team_plan(inp: TeamPlanInput, playbook: Playbook) -> TeamPlan:
    """Turn one team's scored results into the plan a consultant hands over."""
    scale = inp.questionnaire.scale
    suppressed = TeamPlan(
        organization=inp.organization, team=inp.team, function=inp.function,
        period=inp.period, questionnaire_title=inp.questionnaire.title,
        questionnaire_ref=inp.questionnaire.ref, synthetic=inp.synthetic,
        branding=inp.branding, min_group_size=inp.min_group_size,
        suppressed=True, headline=suppressed_headline(inp), scale_labels=scale.labels,
        favorable_labels=scale.labels[len(scale.labels) - scale.favorable_points:], slug=inp.slug,
    )
    scores = inp.scores
    # The gate upstream decides; checking again costs nothing and fails safe.
    if scores is None or scores.n < inp.min_group_size or not _shown(scores.index, inp):
        return replace(suppressed, guidance=organization_guidance(inp, playbook))
    rows = tuple(_row(inp, dimension.id) for dimension in inp.questionnaire.dimensions
                 if dimension.id in scores.dimensions)
    index = _index_row(inp)
    ranked = sorted((row for row in rows if row.shown), key=lambda row: (row.score, row.id))
    lowest = tuple(ranked[: 2 if len(ranked) <= 4 else 3])
    strengths = tuple(row for row in reversed(ranked[-2:]) if row not in lowest)
    priorities = _priorities(ranked, inp, playbook, index.score)
    return replace(
        suppressed, suppressed=False, headline=_headline(inp, index, ranked),
        n=scores.n, index=index, rows=rows, lowest=lowest, strengths=strengths,
        priorities=priorities, comments=inp.comments, benchmark=inp.benchmark,
        previous_period=inp.previous_period if inp.previous else None, trend=inp.trend,
        drivers=tuple((_name(inp, d.dimension), d.share) for d in inp.drivers),
        organization_gaps=tuple((_name(inp, g.dimension), g) for g in inp.organization_gaps),
    )


def suppressed_headline(inp: TeamPlanInput) -> str:
    if inp.withheld_reason == "protects_others":
        return (f"{inp.team}'s scores are withheld in {inp.period}: shown beside the other "
                f"figures of {inp.organization}, they would let a group of fewer than "
                f"{inp.min_group_size} responses be worked out, and its people recognised.")
    return (f"{inp.team} had fewer than {inp.min_group_size} responses in {inp.period}, "
            "so this plan shows no scores: with so few answers, individual people "
            "could be recognised.")


def organization_guidance(inp: TeamPlanInput, playbook: Playbook) -> tuple[Priority, ...]:
    """One easy practice per core dimension, for a team whose scores cannot be shown."""
    guidance: list[Priority] = []
    used: set[str] = set()
    for dimension in CORE_DIMENSIONS:
        practices = _pick_practices(playbook.serving(dimension), used)[:1]
        if practices:
            used.add(practices[0].id)
            guidance.append(Priority(rank=len(guidance) + 1, dimension=dimension,
                                     dimension_name=_name(inp, dimension), reason="",
                                     practices=practices))
    return tuple(guidance)


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
        text += f", {_change_phrase(index, inp.previous_period)}"
    text += "."
    bench = index.benchmark
    if bench is not None and bench.percentile is not None and inp.benchmark is not None:
        text += (f" That is the {ordinal(bench.percentile)} percentile of the {inp.benchmark.name} "
                 f"benchmark" + (f" ({bench.quartile})." if bench.quartile else "."))
    if len(ranked) >= 2:
        top, bottom = ranked[-1], ranked[0]
        text += (f" The strongest dimension is {top.name} ({top.score:.0f}); "
                 f"the lowest is {bottom.name} ({bottom.score:.0f}).")
    return text


def _points(value: float) -> str:
    """"1 point", "8 points": the number as rounded, with the noun that fits it."""
    return f"{value:.0f} point{'' if round(abs(value)) == 1 else 's'}"


def _signed_change(change: float) -> str:
    if round(change) == 0:
        return "unchanged"
    return f"{'up' if change > 0 else 'down'} {_points(abs(change))}"


def _change_phrase(row: DimensionRow, period: str) -> str:
    """The change in words; once tested, only a meaningful one is called a move."""
    assert row.change is not None
    if row.meaningful is False and round(row.change) != 0:
        sign = "+" if row.change > 0 else "-"
        return f"about the same as in {period} ({sign}{_points(abs(row.change))}, within normal variation)"
    phrase = f"{_signed_change(row.change)} since {period}"
    return phrase + (", a meaningful change" if row.meaningful else "")


def _notable_change(row: DimensionRow) -> bool:
    """Worth naming: meaningful when tested, else a move of 5 points or more."""
    if row.change is None:
        return False
    if row.meaningful is not None:
        return row.meaningful
    return abs(row.change) >= NOTABLE_POINTS


def _below_benchmark(row: DimensionRow) -> bool:
    bench = row.benchmark
    return bench is not None and (
        (bench.percentile is not None and bench.percentile < 25)
        or (bench.diff_to_median is not None and bench.diff_to_median <= -NOTABLE_POINTS))


def _declined(row: DimensionRow) -> bool:
    return _notable_change(row) and row.change is not None and row.change < 0


def _strong_driver(row: DimensionRow, index_score: float | None) -> bool:
    """Among the two strongest drivers and below the index: raising it moves "one team" most."""
    return (row.driver_rank is not None and row.driver_rank <= 2 and row.driver_share is not None
            and row.driver_share >= STRONG_DRIVER and row.score is not None
            and index_score is not None and row.score < index_score)


def _flagged(row: DimensionRow, index_score: float | None) -> bool:
    """A dimension that needs attention even when it is not among the lowest."""
    assert row.score is not None
    return (row.score < LOW_SCORE or _declined(row)
            or (row.benchmark is not None and row.benchmark.percentile is not None
                and row.benchmark.percentile < 25)
            or _notable_gap(row.gap) or _strong_driver(row, index_score))


def _notable_gap(gap: PerceptionGap | None) -> bool:
    """Large enough to name, and not chance when it was tested."""
    return (gap is not None and abs(gap.difference) >= NOTABLE_GAP
            and (gap.q_value is None or gap.q_value < 0.05))


def _against_benchmark(ranked: list[DimensionRow]) -> list[DimensionRow]:
    """Lowest against the benchmark median when it covers every dimension, else lowest score."""
    if ranked and all(r.benchmark is not None and r.benchmark.diff_to_median is not None for r in ranked):
        return sorted(ranked, key=lambda r: (r.benchmark.diff_to_median, r.score, r.id))  # type: ignore[union-attr]
    return ranked


def _priorities(ranked: list[DimensionRow], inp: TeamPlanInput, playbook: Playbook,
                index_score: float | None) -> tuple[Priority, ...]:
    ordered = _against_benchmark(ranked)
    chosen = ordered[:MIN_PRIORITIES]
    chosen += [row for row in ranked if row not in chosen and _flagged(row, index_score)]
    chosen = chosen[:MAX_PRIORITIES]
    used: set[str] = set()
    priorities = []
    for rank, row in enumerate(chosen, start=1):
        practices = _pick_practices(playbook.serving(row.id), used)
        used.update(p.id for p in practices)
        facts = _facts(row, inp, index_score)[:REASON_FACTS]
        priorities.append(Priority(rank=rank, dimension=row.id, dimension_name=row.name,
                                   reason=_reason(row, ranked.index(row), len(ranked), facts),
                                   practices=practices))
    return tuple(priorities)


def _pick_practices(candidates: tuple[Practice, ...], used: set[str]) -> tuple[Practice, ...]:
    """Prefer practices not yet recommended, so each priority adds something new."""
    fresh = [p for p in candidates if p.id not in used]
    reused = [p for p in candidates if p.id in used]
    return tuple((fresh + reused)[:PRACTICES_PER_PRIORITY])


def ordinal(value: float) -> str:
    """18 -> "18th", 21 -> "21st": percentiles as people say them."""
    number = round(value)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _gap_words(gap: PerceptionGap) -> str:
    lower, higher = ("sales", "marketing") if gap.difference < 0 else ("marketing", "sales")
    return f"{lower} rates it {abs(gap.difference):.0f} points lower than {higher}"


def _facts(row: DimensionRow, inp: TeamPlanInput, index_score: float | None) -> list[str]:
    """Why this dimension, strongest reasons first, each a phrase with its numbers."""
    facts: list[str] = []
    if _declined(row) and row.change is not None and inp.previous_period:
        facts.append(f"it fell {_points(abs(row.change))} since {inp.previous_period}"
                     + (", a meaningful change" if row.meaningful else ""))
    bench = row.benchmark
    if bench is not None and _below_benchmark(row) and inp.benchmark is not None:
        if bench.quartile == "bottom quartile" or (bench.percentile is not None and bench.percentile < 25):
            facts.append(f"it sits in the bottom quartile of the {inp.benchmark.name} benchmark"
                         + (f" ({ordinal(bench.percentile)} percentile)" if bench.percentile is not None else ""))
        elif bench.diff_to_median is not None:
            facts.append(f"it is {abs(bench.diff_to_median):.0f} points below the median of the "
                         f"{inp.benchmark.name} benchmark")
    if _notable_gap(row.gap) and row.gap is not None:
        facts.append(_gap_words(row.gap))
    if _strong_driver(row, index_score) and row.driver_share is not None:
        which = "strongest" if row.driver_rank == 1 else "second strongest"
        facts.append(f"it is the {which} driver of working as one team across {inp.organization} "
                     f"({row.driver_share * 100:.0f}% of what the dimensions explain)")
    if row.context_gap is not None and _notable_gap(row.context_gap):
        facts.append(f"across {inp.organization}, {_gap_words(row.context_gap)}")
    return facts


def _reason(row: DimensionRow, position: int, count: int, facts: list[str]) -> str:
    """One plain sentence with the numbers behind this priority."""
    assert row.score is not None
    count_word = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)
    if count == 1:
        where = "the only dimension with enough responses to show"
    elif position == count - 1:
        where = f"the highest of your {count_word} dimensions"
    else:
        ordinal = _ORDINALS[position] if position < len(_ORDINALS) else f"{position + 1}th"
        where = f"the {ordinal + ' ' if ordinal else ''}lowest of your {count_word} dimensions"
    text = f"{row.name} scores {row.score:.0f}/100, {where}"
    if facts:
        text += "; " + " and ".join(facts)
    return text + "."
