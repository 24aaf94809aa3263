"""The diagnostic view-model: findings with their numbers, withheld teams without any, reliability flags."""
from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import pytest

from reports.inputs import Benchmark, BenchmarkPosition, Driver, PerceptionGap
from reports.organization import build_diagnostic
from reports.organization_inputs import OrganizationInput, ResponseCount, rate_percent
from reports.playbook import CORE_DIMENSIONS, default_playbook
from reports.team_plan import build_team_plan
from scoring.change import Change
from scoring.results import Interval
from tests.unit.test_reports_dont_know import V2, scores_with
from tests.unit.test_reports_team_plan import CORE, group, make_input, questionnaire


def change(diff: float, meaningful: bool) -> Change:
    return Change(diff=diff, t=None, p=0.01, favorable_diff=None, favorable_p=None,
                  q=0.01 if meaningful else 0.5, meaningful=meaningful)


def organization_input(**overrides: object) -> OrganizationInput:
    shown = make_input(team="Channel Sales", slug="channel-sales", scores=group(index=63, **CORE),
                       trend=(("2026-Q2", 55.0), ("2026-Q3", 58.0), ("2026-Q4", 63.0)))
    low = make_input(team="Key Accounts", slug="key-accounts",
                     scores=group(index=51, **{**CORE, "culture": 40}))
    withheld = make_input(team="Brand & Content", slug="brand-content", function="marketing",
                          scores=None, withheld_reason="protects_others")
    overall = group(n=90, index=54, **CORE)
    overall = dataclasses.replace(overall, dimensions={
        **overall.dimensions,
        "culture": dataclasses.replace(overall.dimensions["culture"], alpha=0.62, alpha_ci=Interval(0.5, 0.7)),
        "shared_goals": dataclasses.replace(overall.dimensions["shared_goals"], alpha=0.85,
                                            alpha_ci=Interval(0.8, 0.9))})
    values: dict[str, object] = dict(
        organization="Northwind Traders", period="2026-Q4", questionnaire=questionnaire(*CORE_DIMENSIONS),
        overall=overall, teams=(shown, low, withheld), synthetic=True,
        trend=(("2026-Q2", 52.0), ("2026-Q3", 53.0), ("2026-Q4", 54.0)),
        previous_period="2026-Q3", previous=group(n=80, index=53, **{**CORE, "culture": 58}),
        changes={"index": change(1, False), "culture": change(8, True)},
        benchmark=Benchmark("Demo pool", positions={"index": BenchmarkPosition(26, -4, "third quartile", 58)}),
        gaps=(PerceptionGap("metrics_accountability", sales=62, marketing=34, q_value=0.001),),
        drivers=(Driver("metrics_accountability", 0.37), Driver("culture", 0.2)),
        responses={"channel-sales": ResponseCount(25, 19), "key-accounts": ResponseCount(15, 10),
                   "brand-content": ResponseCount(12, None)},
        total_invited=52, total_completed=35,
    )
    return OrganizationInput(**{**values, **overrides})  # type: ignore[arg-type]


def test_findings_carry_the_numbers_an_executive_reads_first() -> None:
    diagnostic = build_diagnostic(organization_input(), default_playbook())
    assert diagnostic.findings[0].startswith("Northwind Traders scores 54 out of 100 on the alignment index")
    assert "That is the 26th percentile of the Demo pool benchmark (third quartile)." in diagnostic.findings[0]
    assert diagnostic.findings[1:] == (
        "Meaningful changes since 2026-Q3: Culture and mutual respect rose 8 points.",
        "The widest gap between sales and marketing is on Metrics and accountability: sales 62, "
        "marketing 34 (28 points apart).",
        "Metrics and accountability goes most with people feeling that sales and marketing work as one "
        "team (37% of what the dimensions explain).",
        "2 of 3 teams could be shown; the highest index is Channel Sales (63), "
        "the lowest Key Accounts (51). The other one had fewer than 5 responses, or was held back so that a "
        "smaller group cannot be worked out from the others.",
    )
    assert diagnostic.response_line == "35 of 52 invited people answered (67%)."


def test_the_widest_gap_named_is_the_widest_as_printed() -> None:
    """Culture is 10.8 apart exactly but printed 60 - 50 = 10; shared goals 10.2 exactly, printed 61 - 50 = 11."""
    gaps = (PerceptionGap("culture", sales=60.4, marketing=49.6, q_value=0.01),
            PerceptionGap("shared_goals", sales=60.6, marketing=50.4, q_value=0.01))
    findings = build_diagnostic(organization_input(gaps=gaps), default_playbook()).findings
    assert ("The widest gap between sales and marketing is on Shared goals and strategy: sales 61, marketing 50 "
            "(11 points apart).") in findings


def test_a_withheld_team_carries_no_figure_anywhere() -> None:
    diagnostic = build_diagnostic(organization_input(), default_playbook())
    withheld = next(t for t in diagnostic.teams if t.slug == "brand-content")
    assert not withheld.shown and withheld.n is None and set(withheld.values) == {None}
    assert withheld.responses.completed is None and withheld.responses.rate is None
    plan = next(p for p in diagnostic.plans if p.team == "Brand & Content")
    assert plan.suppressed and "would let a group of fewer than 5 responses be worked out" in plan.headline
    shown = next(t for t in diagnostic.teams if t.slug == "channel-sales")
    assert shown.values[:2] == (63, 78) and shown.responses.rate == 76


def test_reliability_is_flagged_below_070() -> None:
    lines = {line.name: line for line in build_diagnostic(organization_input(), default_playbook()).reliability}
    assert lines["Culture and mutual respect"].flagged
    assert not lines["Shared goals and strategy"].flagged


def test_a_withheld_organization_shows_only_why() -> None:
    diagnostic = build_diagnostic(organization_input(overall=None, total_completed=0), default_playbook())
    assert diagnostic.suppressed and diagnostic.findings == (diagnostic.overall.headline,)
    assert "too few answered" in diagnostic.response_line and diagnostic.reliability == ()


def test_a_strong_driver_below_the_index_becomes_a_priority_with_its_share() -> None:
    scores = group(index=62, **{**CORE, "shared_goals": 60})   # lowest three: 48, 57, 60
    plan = build_team_plan(make_input(scores=scores, drivers=(Driver("culture", 0.2), Driver("shared_goals", 0.41))),
                           default_playbook())
    assert [p.dimension for p in plan.priorities] == ["information_sharing", "metrics_accountability", "shared_goals"]
    inp = make_input(scores=group(index=70, **{**CORE, "culture": 66}), drivers=(Driver("culture", 0.4),))
    plan = build_team_plan(inp, default_playbook())
    assert plan.priorities[-1].dimension == "culture"
    assert plan.priorities[-1].reason.endswith(
        ", but it is the strongest driver of working as one team across Northwind Traders "
        "(40% of what the dimensions explain).")


def test_an_organization_gap_gives_a_one_function_team_context() -> None:
    inp = make_input(organization_gaps=(PerceptionGap("information_sharing", sales=40, marketing=58, q_value=0.01),))
    plan = build_team_plan(inp, default_playbook())
    assert plan.priorities[0].reason.endswith(
        "; across Northwind Traders, sales rates it 18 points lower than marketing.")
    assert plan.organization_gaps[0][0] == "Information sharing and communication"


def test_priorities_rank_against_the_benchmark_when_it_covers_every_dimension() -> None:
    positions = {"shared_goals": BenchmarkPosition(10, -15, "bottom quartile", 93),
                 "information_sharing": BenchmarkPosition(60, 4, "second quartile", 44),
                 "metrics_accountability": BenchmarkPosition(40, -2, "third quartile", 59),
                 "culture": BenchmarkPosition(30, -5, "third quartile", 71)}
    plan = build_team_plan(make_input(benchmark=Benchmark("Panel", positions=positions)), default_playbook())
    assert [p.dimension for p in plan.priorities][:3] == ["shared_goals", "culture", "metrics_accountability"]


def test_priorities_ordered_by_the_benchmark_each_say_how_far_from_its_median() -> None:
    """Ranked by the benchmark, a priority placed 'third lowest' before a 'second lowest' says why."""
    positions = {"shared_goals": BenchmarkPosition(10, -15, "bottom quartile", 93),
                 "information_sharing": BenchmarkPosition(48, -0.3, "lower-middle quartile", 48.3),
                 "metrics_accountability": BenchmarkPosition(70, 3, "upper-middle quartile", 54),
                 "culture": BenchmarkPosition(45, -1.2, "lower-middle quartile", 67.2)}
    plan = build_team_plan(make_input(benchmark=Benchmark("Panel", positions=positions)), default_playbook())
    reasons = {p.dimension: p.reason for p in plan.priorities}
    assert [p.dimension for p in plan.priorities][:3] == ["shared_goals", "culture", "information_sharing"]
    assert "bottom quartile of the Panel benchmark" in reasons["shared_goals"]
    assert "it is 1 point below the median of the Panel benchmark" in reasons["culture"]
    assert "it is level with the median of the Panel benchmark" in reasons["information_sharing"]


def test_the_gap_table_lists_the_index_among_the_dimensions_widest_first() -> None:
    """As the results page lists it: the PDF's table had the dimensions only."""
    index = PerceptionGap("index", sales=60.4, marketing=49.6, q_value=0.02, hedges_g=0.7)
    diagnostic = build_diagnostic(organization_input(index_gap=index), default_playbook())
    assert [(row.name, row.gap.shown_difference) for row in diagnostic.gap_rows] == [  # type: ignore[union-attr]
        ("Metrics and accountability", 28.0), ("Alignment index", 10.0)]
    assert [row.name for row in build_diagnostic(organization_input(), default_playbook()).gap_rows] == [
        "Metrics and accountability"]


def test_each_distance_to_the_median_is_the_printed_score_minus_the_printed_median() -> None:
    """62.4 and 58.0 against one median of 60.67 read "2 points above" and "3 points below" from the exact distances:
    no median printed as a whole number is both. As printed they are 62 - 61 and 58 - 61; which is below the median
    is still decided exactly."""
    median = 60.67
    scores = {**CORE, "culture": 62.4, "information_sharing": 58.0}
    positions = {"shared_goals": BenchmarkPosition(80, 8, "top quartile", 70),
                 "metrics_accountability": BenchmarkPosition(30, -8, "lower-middle quartile", 65),
                 "information_sharing": BenchmarkPosition(40, 58.0 - median, "lower-middle quartile", median),
                 "culture": BenchmarkPosition(60, 62.4 - median, "upper-middle quartile", median)}
    plan = build_team_plan(make_input(scores=group(**scores), benchmark=Benchmark("Panel", positions=positions)),
                           default_playbook())
    reasons = {p.dimension: p.reason for p in plan.priorities}
    assert "it is 3 points below the median of the Panel benchmark" in reasons["information_sharing"]
    assert "it is 1 point above the median of the Panel benchmark" in reasons["culture"]


def test_the_drivers_note_quotes_the_questionnaires_own_outcome_item_in_plain_words() -> None:
    from questionnaires.model import Item
    from reports.render_org import diagnostic_html

    base = organization_input()
    asked = dataclasses.replace(base.questionnaire, items=(
        *base.questionnaire.items, Item("outcome", None, "Our two teams pull as one.", outcome=True)))
    html = " ".join(diagnostic_html(build_diagnostic(dataclasses.replace(base, questionnaire=asked),
                                                     default_playbook())).split())
    assert ("Which dimensions go with people agreeing that “Our two teams pull as one”: the part of the "
            "differences in how people answered it that the core dimensions account for") in html
    assert "not proof that raising the dimension will raise the answer" in html
    assert "Overall, sales and marketing work as one team" not in html  # the instrument's words, not a fixed text


def test_a_team_plan_names_the_outcome_item_its_drivers_explain() -> None:
    from questionnaires.model import Item
    from reports.render import team_plan_html

    base = make_input(drivers=(Driver("culture", 0.6), Driver("shared_goals", 0.4)))
    asked = dataclasses.replace(base.questionnaire, items=(
        *base.questionnaire.items, Item("outcome", None, "Our two teams pull as one.", outcome=True)))
    html = " ".join(team_plan_html(build_team_plan(dataclasses.replace(base, questionnaire=asked),
                                                   default_playbook())).split())
    assert "how much of the difference in how people answered “Our two teams pull as one” goes with each" in html


def test_the_favorable_points_are_named_as_a_reader_lists_them() -> None:
    from questionnaires.model import Scale
    from reports.render import team_plan_html

    base = make_input()
    eleven = Scale(points=11, labels=("0 - Not at all", *map(str, range(1, 10)), "10 - Completely"), minimum=0,
                   favorable_points=3)
    plan = build_team_plan(dataclasses.replace(base, questionnaire=dataclasses.replace(base.questionnaire, scale=eleven)),
                           default_playbook())
    html = " ".join(team_plan_html(plan).split())
    assert "answers of 8, 9 or 10 - completely" in html and " or 9 or " not in html
    five = " ".join(team_plan_html(build_team_plan(base, default_playbook())).split())
    assert "answers of agree or strongly agree" in five


@pytest.mark.parametrize(("invited", "completed"), [(8, 5), (200, 29), (3, 1), (52, 35), (16, 1)])
def test_a_response_rate_reads_as_worked_out_by_hand_a_half_rounded_up(invited: int, completed: int) -> None:
    """5 of 8 printed "62%": Python rounds a half to the even number, and nobody checking by hand does."""
    by_hand = Fraction(100 * completed, invited) + Fraction(1, 2)  # exact: no float in the reference
    expected = f"{completed} of {invited} invited people answered ({math.floor(by_hand)}%)."
    diagnostic = build_diagnostic(organization_input(total_invited=invited, total_completed=completed),
                                  default_playbook())
    assert diagnostic.response_line == expected


def test_every_rate_of_up_to_40_invited_rounds_as_by_hand() -> None:
    """The filter the console and the PDFs print rates with, against exact fractions."""
    for invited in range(1, 41):
        for answered in range(invited + 1):
            by_hand = math.floor(Fraction(100 * answered, invited) + Fraction(1, 2))
            assert rate_percent(100 * answered / invited) == f"{by_hand}%", (answered, invited)
    assert rate_percent(None) == "–"


def test_the_statement_one_function_could_least_judge_is_a_finding() -> None:
    """34% of sales could not judge how revenue contributions are measured: said with the numbers, in sales' words."""
    functions = {"sales": scores_with({"ma_contribution": (37, 19)}), "marketing": scores_with({"ma_leads_tracked": (9, 4)})}
    findings = build_diagnostic(organization_input(questionnaire=V2, functions=functions), default_playbook()).findings
    text = next(item.text_for("sales") for item in V2.items if item.id == "ma_contribution").strip()
    assert f"34% of sales (19 of 56) said Don’t know to “{text}” What they cannot judge may not be reaching them." in findings
    quiet = {"sales": scores_with({}), "marketing": None}
    assert not any("Don’t know" in f for f in build_diagnostic(organization_input(questionnaire=V2, functions=quiet),
                                                                 default_playbook()).findings)


def test_with_marketing_withheld_the_findings_say_sales_and_marketing_cannot_be_compared() -> None:
    findings = build_diagnostic(organization_input(gaps=(), unshown_functions=(("marketing", "too_small"),)),
                                default_playbook()).findings
    assert ("Sales and marketing cannot be compared in 2026-Q4. Marketing had fewer than 5 responses, "
            "too few to show.") in findings
    assert not any(finding.startswith("The widest gap") for finding in findings)


def test_with_every_team_withheld_the_findings_say_so_rather_than_nothing() -> None:
    base = organization_input()
    withheld = tuple(dataclasses.replace(team, scores=None) for team in base.teams)
    findings = build_diagnostic(dataclasses.replace(base, teams=withheld), default_playbook()).findings
    assert findings[-1] == ("None of the three teams could be shown on its own: each had fewer than 5 responses, or "
                            "was held back so that a smaller group cannot be worked out from the others. Their "
                            "answers still count in the organization's figures.")


def test_past_the_bound_a_large_clients_diagnostic_says_where_the_team_plans_are() -> None:
    """A client of 150 teams got a diagnostic of 1,035 pages: past the bound, the plans are PDFs of their own."""
    from reports.organization import MAX_BOUND_PLANS

    base = organization_input()
    many = tuple(dataclasses.replace(base.teams[0], team=f"Team {i}", slug=f"team-{i}")
                 for i in range(MAX_BOUND_PLANS + 1))
    large = build_diagnostic(dataclasses.replace(base, teams=many), default_playbook())
    assert large.plans == () and large.plans_apart == MAX_BOUND_PLANS + 1
    assert "each team's action plan" not in large.detail   # the summary promises no plans it leaves out
    assert len(large.teams) == MAX_BOUND_PLANS + 1           # every team's scores are still in it
    bounded = build_diagnostic(dataclasses.replace(base, teams=many[:MAX_BOUND_PLANS]), default_playbook())
    assert len(bounded.plans) == MAX_BOUND_PLANS and bounded.plans_apart == 0
