"""How a plan chooses its priorities and words them: explicit rules, one sentence each.

Rules, so a consultant can explain every priority:
1. the three lowest dimensions: lowest against the benchmark median when the
   benchmark covers every shown dimension, otherwise lowest score;
2. then any other dimension that is flagged: below 50, a meaningful decline
   since the last cycle, the benchmark's bottom quartile, a sales-marketing
   gap of 10 points or more that is not chance, or one of the two strongest
   drivers of "one team" while scoring below the team's index;
3. the perception gaps lead (DESIGN section 5): those of rule 2's gaps come
   first, the widest first, their sentence naming the gap before anything else;
4. at most five, each with a sentence naming up to two of those facts.

A team whose own scores are withheld gets the organization's dimensions in
the order of rules 1 and 3, each sentence naming the organization's figures.
"""
from __future__ import annotations

from dataclasses import dataclass

from reports.differences import shown_change
from reports.inputs import BenchmarkPosition, PerceptionGap, TeamPlanInput, widest_first
from reports.playbook import Playbook, Practice
from reports.ranking import count_word, standing
from scoring.results import Interval

MIN_PRIORITIES, MAX_PRIORITIES = 3, 5
PRACTICES_PER_PRIORITY = 2
NOTABLE_POINTS = 5.0        # a change or benchmark distance worth a mention
NOTABLE_GAP = 10.0          # a sales/marketing gap worth a mention
LOW_SCORE = 50.0            # below this, a dimension joins the priorities anyway
STRONG_DRIVER = 0.25        # share of explained variance that makes a driver worth naming
REASON_FACTS = 2            # facts named per priority: more makes the sentence unreadable


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
        """The change as printed beside the two rounded scores (see ``reports.differences``)."""
        return shown_change(self.score, self.previous_score)

    @property
    def score_change(self) -> float | None:
        """The unrounded change, which decides whether a move is worth naming."""
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
    chosen: str = ""                   # the practice (or own action) the team committed to


def points(value: float) -> str:
    """"1 point", "8 points": the number as rounded, with the noun that fits it."""
    return f"{value:.0f} point{'' if round(abs(value)) == 1 else 's'}"


def _signed_change(change: float) -> str:
    if round(change) == 0:
        return "unchanged"
    return f"{'up' if change > 0 else 'down'} {points(abs(change))}"


def change_phrase(row: DimensionRow, period: str) -> str:
    """The change in words; once tested, only a meaningful one is called a move."""
    assert row.change is not None
    if row.meaningful is False and round(row.change) != 0:
        if abs(row.change) < NOTABLE_POINTS:
            sign = "+" if row.change > 0 else "-"
            return f"about the same as in {period} ({sign}{points(abs(row.change))}, within normal variation)"
        # A move this large, called "about the same", reads as hiding it: say it, then why it is not called meaningful.
        # Not "with so few responses": it happens to a whole organization too.
        return f"{_signed_change(row.change)} since {period}, though a move that size could still be chance"
    phrase = f"{_signed_change(row.change)} since {period}"
    return phrase + (", a meaningful change" if row.meaningful else "")


def _notable_change(row: DimensionRow) -> bool:
    """Worth naming: meaningful when tested, else a move of 5 points or more."""
    if row.score_change is None:
        return False
    if row.meaningful is not None:
        return row.meaningful
    return abs(row.score_change) >= NOTABLE_POINTS


def _below_benchmark(row: DimensionRow) -> bool:
    bench = row.benchmark
    return bench is not None and (
        (bench.percentile is not None and bench.percentile < 25)
        or (bench.diff_to_median is not None and bench.diff_to_median <= -NOTABLE_POINTS))


def _declined(row: DimensionRow) -> bool:
    return _notable_change(row) and row.score_change is not None and row.score_change < 0


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
            or notable_gap(row.gap) or _strong_driver(row, index_score))


def notable_gap(gap: PerceptionGap | None) -> bool:
    """Large enough to name, and not chance when it was tested."""
    return (gap is not None and abs(gap.difference) >= NOTABLE_GAP
            and (gap.q_value is None or gap.q_value < 0.05))


def ordered_by_benchmark(ranked: list[DimensionRow]) -> bool:
    """Whether the priorities follow the distance to the benchmark's median (rule 1), not the score."""
    return _against_benchmark(ranked) is not ranked


def _against_benchmark(ranked: list[DimensionRow]) -> list[DimensionRow]:
    """Lowest against the benchmark median when it covers every dimension, else lowest score."""
    if ranked and all(r.benchmark is not None and r.benchmark.diff_to_median is not None for r in ranked):
        return sorted(ranked, key=lambda r: (r.benchmark.diff_to_median, r.score, r.id))  # type: ignore[union-attr]
    return ranked


def _gaps_first(rows: list[DimensionRow]) -> list[DimensionRow]:
    """The rows with a gap worth naming, widest first as their sentences print them, then the others in their order.

    Sales and marketing seeing the same thing differently is what alignment is
    about: a team that closes that gap has something concrete to talk over.
    """
    gaps = sorted((r for r in rows if notable_gap(r.gap)), key=lambda r: (*widest_first(r.gap), r.id))  # type: ignore[arg-type]
    return gaps + [r for r in rows if r not in gaps]


def choose_priorities(ranked: list[DimensionRow], inp: TeamPlanInput, playbook: Playbook,
                index_score: float | None) -> tuple[Priority, ...]:
    ordered = _against_benchmark(ranked)
    by_benchmark = ordered_by_benchmark(ranked)
    chosen = ordered[:MIN_PRIORITIES]
    chosen += [row for row in ranked if row not in chosen and _flagged(row, index_score)]
    chosen = _gaps_first(chosen)[:MAX_PRIORITIES]
    used: set[str] = set()
    priorities = []
    for rank, row in enumerate(chosen, start=1):
        practices = pick_practices(playbook.serving(row.id), used)
        used.update(p.id for p in practices)
        facts = _facts(row, inp, index_score, by_benchmark)[:REASON_FACTS]
        priorities.append(Priority(rank=rank, dimension=row.id, dimension_name=row.name,
                                   reason=_reason(row, ranked, facts),
                                   practices=practices))
    return tuple(priorities)


def pick_practices(candidates: tuple[Practice, ...], used: set[str]) -> tuple[Practice, ...]:
    """Prefer practices not yet recommended, so each priority adds something new."""
    fresh = [p for p in candidates if p.id not in used]
    reused = [p for p in candidates if p.id in used]
    return tuple((fresh + reused)[:PRACTICES_PER_PRIORITY])


def _gap_words(gap: PerceptionGap) -> str:
    lower, higher = ("sales", "marketing") if gap.difference < 0 else ("marketing", "sales")
    return f"{lower} rates it {points(abs(gap.shown_difference))} lower than {higher}"


def _facts(row: DimensionRow, inp: TeamPlanInput, index_score: float | None, by_benchmark: bool) -> list[str]:
    """Why this dimension, strongest reasons first, each a phrase with its numbers.

    When the priorities are ordered by the benchmark, each names its distance
    to the median, small or not: otherwise "the lowest" followed by "the third
    lowest", then "the second lowest", reads as a slip.
    """
    facts: list[str] = []
    if notable_gap(row.gap) and row.gap is not None:  # it leads the plan for its gap (rule 3): named first
        facts.append(_gap_words(row.gap))
    if _declined(row) and row.change is not None and inp.previous_period:
        facts.append(f"it fell {points(abs(row.change))} since {inp.previous_period}"
                     + (", a meaningful change" if row.meaningful else ""))
    bench = row.benchmark
    distance = bench.shown_to_median(row.score) if bench is not None else None  # as printed; chosen on the exact one
    if bench is not None and _below_benchmark(row) and inp.benchmark is not None:
        if bench.quartile == "bottom quartile" or (bench.percentile is not None and bench.percentile < 25):
            facts.append(f"it sits in the bottom quartile of the {inp.benchmark.name} benchmark"
                         + (f" ({bench.rank} percentile)" if bench.percentile is not None else ""))
        elif distance is not None:
            facts.append(_against_median(distance, inp.benchmark.name))
    elif by_benchmark and distance is not None and inp.benchmark is not None:
        facts.append(_against_median(distance, inp.benchmark.name))
    if _strong_driver(row, index_score) and row.driver_share is not None:
        which = "strongest" if row.driver_rank == 1 else "second strongest"
        facts.append(f"it is the {which} driver of working as one team across {inp.organization} "
                     f"({row.driver_share * 100:.0f}% of what the dimensions explain)")
    if row.context_gap is not None and notable_gap(row.context_gap):
        facts.append(f"across {inp.organization}, {_gap_words(row.context_gap)}")
    return facts


def _against_median(difference: float, benchmark: str) -> str:
    """``difference`` as printed: the rounded score minus the rounded median (``BenchmarkPosition.shown_to_median``)."""
    if round(difference) == 0:
        return f"it is level with the median of the {benchmark} benchmark"
    return (f"it is {points(abs(difference))} {'below' if difference < 0 else 'above'} the median of the "
            f"{benchmark} benchmark")


def organization_reasons(ranked: list[DimensionRow], whole: TeamPlanInput) -> tuple[tuple[DimensionRow, str], ...]:
    """The organization's dimensions in the order its priorities would take, each with the reason it comes there.

    For a team whose own scores are withheld: ``whole`` is the organization read as one team
    (its scores, benchmark positions and sales/marketing gaps), and each sentence says it is
    the organization's figure, not the team's.
    """
    by_benchmark = ordered_by_benchmark(ranked)
    ordered = _gaps_first(_against_benchmark(ranked))
    return tuple((row, _reason(row, ranked, _facts(row, whole, None, by_benchmark)[:REASON_FACTS],
                               across=whole.organization)) for row in ordered)


def _reason(row: DimensionRow, ranked: list[DimensionRow], facts: list[str], across: str | None = None) -> str:
    """One plain sentence with the numbers behind this priority, its place as the scores print.

    ``across`` names the organization when the figures are its, not the reader's team's.
    """
    assert row.score is not None
    place = standing(row.score, [r.score for r in ranked if r.score is not None])
    others = place.count - 1
    whose = "your" if across is None else "its"
    if place.count == 1:
        where = "the only dimension with enough responses to show"
    elif place.level_with_all:
        where = (f"level with {whose} other {count_word(others)} dimensions" if others > 1
                 else f"level with {whose} other dimension")
    else:
        where = f"{place.words()} of {whose} {count_word(place.count)} dimensions"
    text = f"{row.name} scores {row.score:.0f}/100{'' if across is None else f' across {across}'}, {where}"
    if facts:
        # A high place chosen for what follows (the benchmark, a fall, a gap) says so, or it reads as a slip;
        # a high place that is also above the benchmark's median is no contrast: "the highest, but 10 points
        # above the median" reads wrongly.
        if not place.nearer_the_top:
            text += "; "
        else:
            text += ", and " if all(_to_its_credit(fact) for fact in facts) else ", but "
        text += " and ".join(facts)
    return text + "."


def _to_its_credit(fact: str) -> bool:
    """A fact that says the dimension does well: above the benchmark's median, in _against_median's words."""
    return fact.startswith("it is ") and " above the median of the " in fact
