"""The team plan view-model: which dimensions lead, why, and what to do; no numbers when suppressed."""
from __future__ import annotations

import dataclasses

import pytest

from questionnaires.model import Dimension, Questionnaire, Scale
from reports.funnel import Funnel, FunnelTable
from reports.inputs import (Benchmark, BenchmarkPosition, Branding, Driver, PerceptionGap,
                            QuestionComments, TeamPlanInput)
from reports.playbook import CORE_DIMENSIONS, default_playbook
from reports.team_plan import build_team_plan
from scoring.benchmarks import QUARTILE_LABELS, BenchmarkComparison
from scoring.change import Change
from scoring.drivers import Drivers
from scoring.gaps import Gap
from scoring.results import DimensionScore, GroupScore, Interval

NAMES = {
    "shared_goals": "Shared goals and strategy",
    "information_sharing": "Information sharing and communication",
    "metrics_accountability": "Metrics and accountability",
    "culture": "Culture and mutual respect",
    "lead_handoff": "Lead hand-off",
}
SCALE = Scale(points=5, labels=("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"))


def questionnaire(*ids: str) -> Questionnaire:
    dims = tuple(Dimension(i, NAMES.get(i, i.capitalize()), "", core=i in CORE_DIMENSIONS)
                 for i in ids)
    return Questionnaire(key="alignment-core", version=1, title="Alignment survey",
                         scale=SCALE, dimensions=dims, items=())


def dim(key: str, score: float, n: int = 14, favorable: float = 50.0) -> DimensionScore:
    return DimensionScore(key, n=n, score=score, ci=Interval(score - 8, score + 8),
                          favorable=favorable)


def group(n: int = 14, index: float = 62, **scores: float) -> GroupScore:
    return GroupScore(n=n, index=dim("index", index, n),
                      dimensions={k: dim(k, v, n) for k, v in scores.items()})


CORE = dict(shared_goals=78, information_sharing=48, metrics_accountability=57, culture=66)


def make_input(**overrides: object) -> TeamPlanInput:
    values: dict[str, object] = dict(
        organization="Northwind Traders", team="EMEA Field Sales", function="sales",
        period="2026-Q4", questionnaire=questionnaire(*CORE_DIMENSIONS),
        scores=group(**CORE), min_group_size=5, synthetic=True)
    return TeamPlanInput(**{**values, **overrides})  # type: ignore[arg-type]


def test_headline_and_rows_carry_the_scores() -> None:
    plan = build_team_plan(make_input(), default_playbook())
    assert not plan.suppressed and plan.n == 14
    assert plan.headline == (
        "EMEA Field Sales scores 62 out of 100 on the alignment index (95% CI 54–70), "
        "based on 14 responses. The strongest dimension is Shared goals and strategy (78); "
        "the lowest is Information sharing and communication (48).")
    assert [row.id for row in plan.rows] == list(CORE_DIMENSIONS)
    assert plan.index is not None and plan.index.score == 62


def test_lowest_strengths_and_three_priorities_in_score_order() -> None:
    plan = build_team_plan(make_input(), default_playbook())
    assert [row.id for row in plan.lowest] == ["information_sharing", "metrics_accountability"]
    assert [row.id for row in plan.strengths] == ["shared_goals", "culture"]
    assert [p.dimension for p in plan.priorities] == [
        "information_sharing", "metrics_accountability", "culture"]
    assert plan.priorities[0].reason == (
        "Information sharing and communication scores 48/100, "
        "the lowest of your four dimensions.")
    assert plan.priorities[1].reason.startswith(
        "Metrics and accountability scores 57/100, the second lowest")


def test_priorities_recommend_distinct_practices_serving_their_dimension() -> None:
    plan = build_team_plan(make_input(), default_playbook())
    seen: list[str] = []
    for priority in plan.priorities:
        assert len(priority.practices) == 2
        assert all(p.serves(priority.dimension) for p in priority.practices)
        assert priority.owner == "" and priority.due == ""
        seen += [p.id for p in priority.practices]
    assert len(seen) == len(set(seen))


def test_flagged_dimensions_join_up_to_five_priorities() -> None:
    dims = (*CORE_DIMENSIONS, "lead_handoff")
    scores = group(**{**CORE, "lead_handoff": 70})
    previous = group(**{**CORE, "shared_goals": 86, "lead_handoff": 71})
    inp = make_input(questionnaire=questionnaire(*dims), scores=scores,
                     previous=previous, previous_period="2026-Q3")
    plan = build_team_plan(inp, default_playbook())
    assert [p.dimension for p in plan.priorities] == [
        "information_sharing", "metrics_accountability", "culture", "shared_goals"]
    assert plan.priorities[3].reason == (
        "Shared goals and strategy scores 78/100, the highest of your five dimensions, but "
        "it fell 8 points since 2026-Q3.")


def test_many_dimensions_and_ones_the_playbook_does_not_know() -> None:
    extra = {f"custom{i}": 80.0 + i for i in range(1, 9)}     # twelve dimensions in all
    benchmark = Benchmark("Panel", positions={"custom7": BenchmarkPosition(10, -20, "bottom quartile")})
    inp = make_input(questionnaire=questionnaire(*CORE_DIMENSIONS, *extra),
                     scores=group(**CORE, **extra), benchmark=benchmark)
    plan = build_team_plan(inp, default_playbook())
    assert [p.dimension for p in plan.priorities][-1] == "custom7"
    assert plan.priorities[-1].reason.startswith(
        "Custom7 scores 87/100, the second highest of your twelve dimensions, but it sits in the "
        "bottom quartile of the Panel benchmark (10th percentile)")
    assert plan.priorities[-1].practices == ()
    single = build_team_plan(make_input(questionnaire=questionnaire("culture"),
                                        scores=group(culture=66)), default_playbook())
    assert single.priorities[0].reason == (
        "Culture and mutual respect scores 66/100, the only dimension with enough responses to show.")


def test_the_widest_perception_gap_leads_the_plan_even_on_a_dimension_that_scores_well() -> None:
    gaps = (PerceptionGap("culture", sales=58, marketing=76, q_value=0.01),
            PerceptionGap("shared_goals", sales=84, marketing=72, q_value=0.03),
            PerceptionGap("metrics_accountability", sales=52, marketing=63, q_value=0.20))   # could be chance
    plan = build_team_plan(make_input(gaps=gaps), default_playbook())
    assert [p.dimension for p in plan.priorities] == [
        "culture", "shared_goals", "information_sharing", "metrics_accountability"]
    assert plan.priorities[0].reason == (
        "Culture and mutual respect scores 66/100, the second highest of your four dimensions, "
        "but sales rates it 18 points lower than marketing.")
    assert plan.priorities[1].reason == (
        "Shared goals and strategy scores 78/100, the highest of your four dimensions, "
        "but marketing rates it 12 points lower than sales.")


def test_gaps_lead_the_plan_widest_first_as_their_sentences_print_them() -> None:
    """Culture is 10.8 apart exactly but printed 60 - 50 = 10; shared goals 10.2 exactly, printed 61 - 50 = 11."""
    gaps = (PerceptionGap("culture", sales=60.4, marketing=49.6, q_value=0.01),
            PerceptionGap("shared_goals", sales=60.6, marketing=50.4, q_value=0.01))
    plan = build_team_plan(make_input(gaps=gaps), default_playbook())
    assert [p.dimension for p in plan.priorities[:2]] == ["shared_goals", "culture"]
    assert "11 points lower" in plan.priorities[0].reason
    assert "10 points lower" in plan.priorities[1].reason


@pytest.mark.parametrize(("percentile", "quartile", "printed"), [
    (24.6, 1, "24th"), (25.0, 2, "25th"), (74.9, 3, "74th"), (75.0, 4, "75th"), (0.4, 1, "0th")])
def test_a_percentile_prints_rounded_down_so_it_never_reads_as_the_next_quartile(
    percentile: float, quartile: int, printed: str
) -> None:
    comparison = BenchmarkComparison(percentile=percentile, diff_to_median=-3.0, quartile=quartile,
                                     label=QUARTILE_LABELS[quartile])
    assert BenchmarkPosition.from_comparison(comparison).rank == printed


def test_reasons_name_a_large_gap_first_then_the_benchmark() -> None:
    benchmark = Benchmark("B2B software 2026", positions={
        "information_sharing": BenchmarkPosition(18, -12, "bottom quartile", 60),
        "metrics_accountability": BenchmarkPosition(30, -6, "second quartile", 63)})
    gaps = (PerceptionGap("information_sharing", sales=40, marketing=58),)
    plan = build_team_plan(make_input(benchmark=benchmark, gaps=gaps), default_playbook())
    assert plan.priorities[0].reason.endswith(
        "the lowest of your four dimensions; sales rates it 18 points lower than marketing and it sits in the "
        "bottom quartile of the B2B software 2026 benchmark (18th percentile).")
    assert plan.priorities[1].reason.endswith(
        "; it is 6 points below the median of the B2B software 2026 benchmark.")


def test_a_dimension_below_the_minimum_is_not_shown_nor_ranked() -> None:
    scores = dataclasses.replace(group(**CORE), dimensions={
        **group(**CORE).dimensions, "information_sharing": dim("information_sharing", 48, n=4)})
    plan = build_team_plan(make_input(scores=scores), default_playbook())
    row = next(r for r in plan.rows if r.id == "information_sharing")
    assert not row.shown and row.score is None and row.n is None
    assert "information_sharing" not in [p.dimension for p in plan.priorities]
    assert "three dimensions" in plan.priorities[0].reason


@pytest.mark.parametrize("scores", [None, group(n=4, **CORE)])
def test_a_small_group_gets_guidance_and_no_numbers(scores: GroupScore | None) -> None:
    plan = build_team_plan(make_input(scores=scores, comments=(QuestionComments("Why?", ("too few to show",)),)),
                           default_playbook())
    assert plan.suppressed
    assert "fewer than 5 responses" in plan.headline
    assert plan.n is None and plan.index is None and not plan.rows and not plan.priorities
    assert not plan.comments
    assert [g.dimension for g in plan.guidance] == list(CORE_DIMENSIONS)
    assert all(len(g.practices) == 1 and g.reason == "" for g in plan.guidance)
    assert len({g.practices[0].id for g in plan.guidance}) == 4


def test_minimum_group_size_is_never_below_three() -> None:
    with pytest.raises(ValueError):
        make_input(min_group_size=2)


def test_accent_colour_must_be_a_plain_hex_colour() -> None:
    assert Branding("#aa3300").accent_color == "#aa3300"
    with pytest.raises(ValueError):
        Branding("red; } body { background: url(http://x) }")


def test_lists_become_tuples_so_the_input_stays_frozen() -> None:
    inp = make_input(comments=[QuestionComments("Why?", ["a", "b"])], trend=[("2026-Q3", 59.0)])
    assert inp.comments == (QuestionComments("Why?", ("a", "b")),) and isinstance(inp.trend, tuple)


def change(diff: float, meaningful: bool) -> Change:
    return Change(diff=diff, t=None, p=0.01 if meaningful else 0.4, favorable_diff=None,
                  favorable_p=None, q=0.02 if meaningful else 0.5, meaningful=meaningful)


def test_tested_changes_decide_what_counts_as_a_move() -> None:
    previous = group(index=59, **{**CORE, "shared_goals": 86})
    tested = make_input(previous=previous, previous_period="2026-Q3", changes={
        "index": change(3, False), "shared_goals": change(-8, True)})
    plan = build_team_plan(tested, default_playbook())
    assert "about the same as in 2026-Q3 (+3 points, within normal variation)" in plan.headline
    assert plan.priorities[-1].reason.endswith(", but it fell 8 points since 2026-Q3, a meaningful change.")
    assert plan.changes_tested

    noise = make_input(previous=previous, previous_period="2026-Q3",
                       changes={"shared_goals": change(-8, False)})
    plan = build_team_plan(noise, default_playbook())
    assert "shared_goals" not in [p.dimension for p in plan.priorities]


def test_adapters_take_the_scoring_results_as_they_come() -> None:
    comparison = BenchmarkComparison(percentile=18.0, diff_to_median=-12.0, quartile=1,
                                     label="bottom quartile")
    assert BenchmarkPosition.from_comparison(comparison, median=60.0) == BenchmarkPosition(
        18.0, -12.0, "bottom quartile", 60.0)
    gap = Gap("culture", diff=-18.0, t=-2.5, p=0.02, hedges_g=-0.9, n_sales=8, n_marketing=7)
    converted = PerceptionGap.from_gap(gap, sales=40.0, marketing=58.0, q_value=0.04)
    assert converted.difference == -18.0 and converted.hedges_g == -0.9
    drivers = Drivers(n=40, r2=0.5, weights={"culture": 0.1, "shared_goals": 0.4},
                      relative={"culture": 0.2, "shared_goals": 0.8})
    assert Driver.all_from(drivers) == (Driver("shared_goals", 0.8), Driver("culture", 0.2))
    assert Driver.all_from(None) == ()


def test_the_plan_carries_the_teams_funnel_and_a_withheld_plan_keeps_it_without_its_index() -> None:
    funnel = FunnelTable(("2026-Q3", "2026-Q4"), (58.0, 62.0),
                         (Funnel("2026-Q3", sal=120, sql=60, won=12, speed_to_lead_hours=4.5), None), added_up=False)
    assert [name for name, _ in funnel.columns()] == ["sal", "sql", "won", "sql_to_won", "speed_to_lead_hours"]
    assert funnel.by_period()[1] == ("2026-Q4", 62.0, Funnel("2026-Q4"))
    assert funnel.unreported() == ["Inquiries", "MQL"]
    assert build_team_plan(make_input(funnel=funnel), default_playbook()).funnel == funnel
    withheld = build_team_plan(make_input(scores=None, funnel=funnel), default_playbook()).funnel
    assert withheld is not None and withheld.funnels == funnel.funnels
    assert withheld.index == (None, None) and not withheld.index_shown
    assert build_team_plan(make_input(), default_playbook()).funnel is None


def test_a_large_move_that_could_be_chance_is_named_at_any_size_of_group() -> None:
    """"About the same" hid a 13-point fall; "so few responses" would misread a whole organization's move."""
    previous = group(index=69, **CORE)                      # 62 now: down 7 points
    inp = make_input(previous=previous, previous_period="2026-Q3", changes={"index": change(-7, False)})
    headline = build_team_plan(inp, default_playbook()).headline
    assert "about the same" not in headline
    assert "down 7 points since 2026-Q3, though a move that size could still be chance." in headline
    assert "few responses" not in headline


def test_a_rank_past_the_ends_of_a_published_table_says_so_instead_of_a_guess() -> None:
    published = (10, 25, 50, 75, 90)
    low = BenchmarkComparison(percentile=8.6, diff_to_median=-15.0, quartile=1, label="bottom quartile",
                              extrapolated=True)
    high = dataclasses.replace(low, percentile=96.0, diff_to_median=12.0, quartile=4, label="top quartile")
    inside = dataclasses.replace(low, percentile=61.8, extrapolated=False)
    assert BenchmarkPosition.from_comparison(low, published=published).rank_phrase == "below the 10th percentile"
    assert BenchmarkPosition.from_comparison(high, published=published).rank == "above the 90th"
    assert BenchmarkPosition.from_comparison(inside, published=published).rank_phrase == "the 61st percentile"
    assert BenchmarkPosition.from_comparison(low).rank == "8th"    # no published table given: the rank as computed


def test_a_team_withheld_to_protect_another_is_named_without_a_clumsy_possessive() -> None:
    inp = make_input(team="Key Accounts", scores=None, withheld_reason="protects_others")
    headline = build_team_plan(inp, default_playbook()).headline
    assert headline.startswith("The scores of Key Accounts are withheld in 2026-Q4: shown beside the other figures")
    assert "Accounts's" not in headline


WHOLE = dict(shared_goals=61, information_sharing=54, metrics_accountability=58, culture=70, lead_handoff=52)
WHOLE_BENCHMARK = Benchmark("B2B software 2026", positions={
    "shared_goals": BenchmarkPosition(22, -11, "bottom quartile", 72),
    "information_sharing": BenchmarkPosition(45, -2, "second quartile", 56),
    "metrics_accountability": BenchmarkPosition(30, -7, "second quartile", 65),
    "culture": BenchmarkPosition(60, 3, "third quartile", 67),
    "lead_handoff": BenchmarkPosition(48, -1, "second quartile", 53)})


def withheld_team(**overrides: object) -> TeamPlanInput:
    """A team the gate withholds, in an organization whose own results are shown (the team's earlier ones too)."""
    values: dict[str, object] = dict(
        scores=None, questionnaire=questionnaire(*CORE_DIMENSIONS, "lead_handoff"),
        organization_scores=group(n=90, index=59, **WHOLE), organization_benchmark=WHOLE_BENCHMARK,
        organization_gaps=(PerceptionGap("metrics_accountability", sales=66, marketing=50, q_value=0.01),),
        previous=group(**CORE), previous_period="2026-Q3")
    return make_input(**{**values, **overrides})


def test_a_withheld_teams_guidance_follows_the_organizations_widest_gap_then_furthest_below_the_benchmark() -> None:
    plan = build_team_plan(withheld_team(), default_playbook())
    assert plan.suppressed and not plan.rows and not plan.priorities
    assert [g.dimension for g in plan.guidance] == [
        "metrics_accountability", "shared_goals", "information_sharing", "culture"]
    assert [g.reason for g in plan.guidance] == [
        "Metrics and accountability scores 58/100 across Northwind Traders, the third lowest of its five "
        "dimensions; marketing rates it 16 points lower than sales "
        "and it is 7 points below the median of the B2B software 2026 benchmark.",
        "Shared goals and strategy scores 61/100 across Northwind Traders, the second highest of its five "
        "dimensions, but it sits in the bottom quartile of the B2B software 2026 benchmark (22nd percentile).",
        "Information sharing and communication scores 54/100 across Northwind Traders, the second lowest of its "
        "five dimensions; it is 2 points below the median of the B2B software 2026 benchmark.",
        "Culture and mutual respect scores 70/100 across Northwind Traders, the highest of its five dimensions, "
        "and it is 3 points above the median of the B2B software 2026 benchmark."]
    assert plan.guidance_basis == (
        "The scores of EMEA Field Sales are withheld, so these practices follow the results of "
        "Northwind Traders as a whole: where its sales and marketing see things most differently comes first, "
        "then where it stands lowest against the median of the B2B software 2026 benchmark.")
    assert all(len(g.practices) == 1 and g.practices[0].serves(g.dimension) for g in plan.guidance)
    assert len({g.practices[0].id for g in plan.guidance}) == 4


def test_a_withheld_teams_guidance_gives_the_easiest_practice_the_team_can_start_alone() -> None:
    """"A safe place to start" for a team without scores is an easy practice, not the dimension's foundation
    (planning strategy together is high effort, owned by department heads): the plan's priorities lead with it."""
    guidance = {g.dimension: g.practices[0] for g in build_team_plan(withheld_team(), default_playbook()).guidance}
    assert guidance["shared_goals"].title == "Marketers help on tricky sales conversations"
    assert all(practice.effort == "low" for dimension, practice in guidance.items()
               if any(p.effort == "low" and p.dimensions[0] == dimension for p in default_playbook().practices))


def test_a_strong_dimension_above_the_benchmark_is_not_set_against_it_with_but() -> None:
    """"The highest of its dimensions, but 10 points above the median" reads as a slip: nothing contrasts."""
    above = {**WHOLE_BENCHMARK.positions, "shared_goals": BenchmarkPosition(80, 10, "top quartile", 51)}
    plan = build_team_plan(withheld_team(organization_benchmark=Benchmark("B2B software 2026", positions=above)),
                           default_playbook())
    shared = next(g.reason for g in plan.guidance if g.dimension == "shared_goals")
    assert shared.endswith("the second highest of its five dimensions, and it is 10 points above the median "
                           "of the B2B software 2026 benchmark.")


def test_a_gap_on_a_dimension_no_guidance_serves_is_not_said_to_lead_it() -> None:
    """Only core dimensions get a practice: a wide gap on lead hand-off orders nothing the team reads."""
    gaps = (PerceptionGap("lead_handoff", sales=70, marketing=50, q_value=0.01),)
    plan = build_team_plan(withheld_team(organization_gaps=gaps), default_playbook())
    assert plan.guidance[0].dimension == "shared_goals"
    assert plan.guidance_basis.endswith(
        "as a whole: where it stands lowest against the median of the B2B software 2026 benchmark comes first.")


def test_without_a_benchmark_the_organizations_lowest_score_comes_first() -> None:
    plan = build_team_plan(withheld_team(organization_benchmark=None, organization_gaps=()), default_playbook())
    assert plan.guidance_basis.endswith("as a whole: where it is weakest comes first.")
    assert [g.dimension for g in plan.guidance] == [
        "information_sharing", "metrics_accountability", "shared_goals", "culture"]
    assert plan.guidance[0].reason == (
        "Information sharing and communication scores 54/100 across Northwind Traders, "
        "the second lowest of its five dimensions.")


@pytest.mark.parametrize("whole", [None, group(n=4, **WHOLE)])
def test_when_the_organization_is_withheld_too_the_guidance_keeps_the_playbooks_order(
        whole: GroupScore | None) -> None:
    plan = build_team_plan(withheld_team(organization_scores=whole), default_playbook())
    assert [g.dimension for g in plan.guidance] == list(CORE_DIMENSIONS)
    assert all(g.reason == "" for g in plan.guidance) and plan.guidance_basis == ""


def test_a_figure_the_gate_blanked_for_the_organization_gives_no_reason_and_comes_last() -> None:
    whole = group(n=90, index=59, **WHOLE)
    blanked = dataclasses.replace(whole, dimensions={
        **whole.dimensions, "shared_goals": DimensionScore("shared_goals", n=0)})
    plan = build_team_plan(withheld_team(organization_scores=blanked), default_playbook())
    assert [g.dimension for g in plan.guidance] == [
        "metrics_accountability", "information_sharing", "culture", "shared_goals"]
    assert plan.guidance[-1].reason == "" and "of its four dimensions" in plan.guidance[0].reason
    assert not any("61/100" in g.reason for g in plan.guidance)
