"""An executive tries to learn one person's answers from what the app shows. Every attempt fails.

Each test builds a small organization in which one person (the victim) sits
in a spot that a naive gate would give away, plays the attack through the
gate's public functions, and checks with linear algebra that no
combination of the figures obtained pins down fewer than N people.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.documents import team_plan_input
from assessment.extensions import db
from assessment.gate import filtered_result, group_result, group_results
from assessment.gate.comments import response_rates, visible_comments
from assessment.gate.family import as_filter, combinations_of, snapshot_filter
from assessment.models import Cycle
from tests.integration.privacy_org import Attacker, Person, build_cycle, member

ITEM = "sg_same_targets"


def observe(attacker: Attacker, people: list[Person], cycle: Cycle, filters: dict[str, str]) -> bool:
    result = filtered_result(cycle, filters)
    if result.scores is None:
        return False
    item = result.scores.items[ITEM]
    if item.mean is not None:
        attacker.observe(member(people, as_filter(filters)), item.mean * item.n)
    return True


def every_filter(people: list[Person]) -> list[dict[str, str]]:
    values = {
        "team": sorted({p.team for p in people}), "function": sorted({p.function for p in people}),
        "tenure_band": sorted({p.tenure_band for p in people}), "region": sorted({p.region for p in people}),
    }
    return [dict(group) for group in combinations_of(values)]


def test_every_filter_combination_on_a_small_organization(app: Flask) -> None:
    victim = Person("east", "marketing", tenure_band="under 1 year", region="south", answer=1)
    people = [victim] + [Person("east", "sales", answer=4)] * 3 + [Person("west", "sales", answer=5)] * 6 \
        + [Person("west", "marketing", region="south", answer=2)] * 4
    cycle = build_cycle("tinyco", people)
    attacker = Attacker(people)
    shown = [f for f in every_filter(people) if observe(attacker, people, cycle, f)]
    assert {} in shown                                   # the whole organization is reported
    assert attacker.isolated(5) == []
    assert attacker.solve_for(0) is None


def test_parent_minus_shown_children(app: Flask) -> None:
    """Org total minus the big teams would be the small team: the gate hides one big team too."""
    people = [Person("tiny", answer=1), Person("tiny", answer=1)] \
        + [Person("alpha", answer=4)] * 9 + [Person("beta", answer=5)] * 7
    cycle = build_cycle("parentco", people)
    attacker = Attacker(people)
    for result in [group_result(cycle, "organization", "all"), *group_results(cycle, "team")]:
        assert result is not None
        if result.scores is not None:
            item = result.scores.items[ITEM]
            attacker.observe(member(people, snapshot_filter(result.kind, result.key)), item.mean * item.n)
    hidden = {r.key for r in group_results(cycle, "team") if r.suppressed}
    assert hidden == {"tiny", "beta"}
    assert attacker.isolated(5) == [] and attacker.solve_for(0) is None


def test_a_hidden_team_cannot_be_rebuilt_from_its_functions(app: Flask) -> None:
    """Team hidden to protect a small team, but its sales and marketing cells shown: no longer."""
    people = [Person("small", "sales", answer=1)] * 3 \
        + [Person("big", "sales", answer=4)] * 6 + [Person("big", "marketing", answer=2)] * 6
    cycle = build_cycle("cellco", people)
    attacker = Attacker(people)
    for kind in ("organization", "team", "team_function"):
        for result in group_results(cycle, kind):
            if result.scores is not None:
                item = result.scores.items[ITEM]
                attacker.observe(member(people, snapshot_filter(kind, result.key)), item.mean * item.n)
    assert attacker.isolated(5) == []


def test_two_overlapping_filters_and_the_newest_member(app: Flask) -> None:
    """{team} and {team, tenure over a year} differ by the one newcomer: one of them is withheld."""
    newcomer = Person("north", tenure_band="under 1 year", answer=1)
    people = [newcomer] + [Person("north", tenure_band="over 3 years", answer=5)] * 8 \
        + [Person("south", tenure_band="over 3 years", answer=3)] * 7
    cycle = build_cycle("overlapco", people)
    team = filtered_result(cycle, {"team": "north"})
    veterans = filtered_result(cycle, {"team": "north", "tenure_band": "over 3 years"})
    assert team.suppressed or veterans.suppressed
    attacker = Attacker(people)
    for filters in every_filter(people):
        observe(attacker, people, cycle, filters)
    assert attacker.solve_for(0) is None and attacker.isolated(5) == []


def test_response_rate_counts_add_nothing_to_the_scores(app: Flask) -> None:
    people = [Person("tiny", answer=1)] * 2 + [Person("alpha", answer=4)] * 9 + [Person("beta", answer=5)] * 7
    cycle = build_cycle("rateco", people)
    total, rates = response_rates(cycle)
    scores = {r.key: r for r in group_results(cycle, "team")}
    for rate in rates:
        if rate.team in scores and scores[rate.team].suppressed:
            assert rate.answered is None and rate.rate is None
    hidden_sum = (total or 0) - sum(r.answered or 0 for r in rates)
    assert hidden_sum == 0 or hidden_sum >= cycle.min_group_size


def test_the_pdf_and_the_machine_readable_scores_agree_on_what_is_hidden(app: Flask) -> None:
    from assessment.exports import scores_document

    people = [Person("tiny", answer=1)] * 2 + [Person("alpha", answer=4)] * 9 + [Person("beta", answer=5)] * 7
    cycle = build_cycle("pdfco", people)
    document = scores_document(cycle)
    attacker = Attacker(people)
    for team in cycle.organization.teams:
        plan = team_plan_input(cycle, team)
        api = next(g for g in document["groups"] if g["kind"] == "team" and g["key"] == team.slug)
        assert (plan.scores is None) == api["suppressed"]
        if plan.scores is not None:
            item = plan.scores.items[ITEM]
            attacker.observe(member(people, snapshot_filter("team", team.slug)), item.mean * item.n)
    for group in document["groups"]:
        if not group["suppressed"]:
            who = member(people, snapshot_filter(group["kind"], group["key"]))
            attacker.observe(who, group["index"]["mean"] * group["n"])
    assert attacker.isolated(5) == []


def test_an_item_two_people_answered_is_not_shown_anywhere_it_could_be_subtracted(app: Flask) -> None:
    people = [Person("alpha", answer=2, skips=(ITEM,))] * 3 + [Person("alpha", answer=4)] * 2 \
        + [Person("beta", answer=5)] * 6
    cycle = build_cycle("itemco", people)
    answered = [ITEM not in p.skips for p in people]
    attacker = Attacker(people)
    for filters in every_filter(people):
        result = filtered_result(cycle, filters)
        if result.scores is not None and result.scores.items[ITEM].mean is not None:
            item = result.scores.items[ITEM]
            attacker.observe(member(people, as_filter(filters)) & answered, item.mean * item.n)
    assert attacker.isolated(5, among=np.array(answered)) == []


def test_comments_cannot_be_differenced_or_intersected(app: Flask) -> None:
    """Comment lists are sets: any two can be subtracted or intersected, so every class of
    people that the shown lists tell apart must itself hold the comment threshold."""
    people = [Person("tiny", comment="my manager ignores our leads"), Person("tiny")] \
        + [Person("alpha", region="south" if i < 3 else "north", comment=f"alpha {i}") for i in range(9)] \
        + [Person("beta", comment=f"beta {i}") for i in range(7)]
    cycle = build_cycle("commentco", people)
    shown = [f for f in every_filter(people) if visible_comments(cycle, f) is not None]
    assert {} in shown and {"team": "tiny"} not in shown
    signatures = Counter(tuple(bool(member(people, as_filter(f))[i]) for f in shown) for i in range(len(people)))
    assert min(signatures.values()) >= cycle.min_comment_group_size


def test_comments_come_shuffled_and_without_dates(app: Flask) -> None:
    people = [Person("alpha", comment=f"comment {i:02d}") for i in range(12)]
    cycle = build_cycle("orderco", people)
    orders = {tuple(visible_comments(cycle) or []) for _ in range(8)}
    assert len(orders) > 1
    assert all("2026" not in text for order in orders for text in order)


def test_results_of_an_open_cycle_are_not_shown(app: Flask) -> None:
    people = [Person("alpha", answer=4)] * 8
    cycle = build_cycle("openco", people, close=False)
    assert filtered_result(cycle, {}).suppressed
    assert visible_comments(cycle) is None
    db.session.rollback()


def test_nothing_in_a_response_joins_it_to_a_person(app: Flask) -> None:
    """No time of day, no sequential id, no link to the invitation; the threshold floor holds."""
    import sqlalchemy as sa

    from assessment.models import Invitation, Response
    from assessment.operations.cycles import CycleError, open_cycle
    from assessment.operations.organizations import create_organization
    from assessment.operations.questionnaires import find_questionnaire

    columns = {c.name: c for c in Response.__table__.columns}
    assert not any(isinstance(c.type, sa.DateTime | sa.Time) for c in columns.values())
    assert isinstance(columns["id"].type, sa.Uuid)
    assert not any(fk.column.table.name in {"invitation", "participant"} for c in columns.values()
                   for fk in c.foreign_keys)
    assert "response_id" not in {c.name for c in Invitation.__table__.columns}
    org = create_organization("Floor", "floorco")
    stored = find_questionnaire("alignment-core", 1)
    assert stored is not None
    try:
        open_cycle(org, "2026-Q1", stored, min_group_size=2)
    except CycleError as error:
        assert "below 3" in str(error)
    else:
        raise AssertionError("a minimum group size of 2 was accepted")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=1, max_value=7), min_size=2, max_size=4), st.data())
def test_random_organizations_through_the_database(app: Flask, team_sizes: list[int], data: st.DataObject) -> None:
    """Hypothesis draws team sizes and who is where; every reachable filter is asked for."""
    people = [
        Person(f"t{t}", data.draw(st.sampled_from(["sales", "marketing"])),
               region=data.draw(st.sampled_from(["north", "south"])), answer=data.draw(st.integers(1, 5)))
        for t, size in enumerate(team_sizes) for _ in range(size)
    ]
    savepoint = db.session.begin_nested()
    try:
        cycle = build_cycle(f"random{data.draw(st.integers(0, 10**9))}", people)
        attacker = Attacker(people)
        for filters in every_filter(people):
            observe(attacker, people, cycle, filters)
        assert attacker.isolated(5) == []
    finally:
        savepoint.rollback()


def test_an_item_nobody_answered_hides_nothing_else(app: Flask) -> None:
    """Its count is zero in every group, so no dimension total needs hiding to protect it."""
    people = [Person("alpha", answer=4, skips=(ITEM,))] * 6 + [Person("beta", answer=5, skips=(ITEM,))] * 6
    cycle = build_cycle("blankco", people)
    overall = group_result(cycle, "organization", "all").scores
    assert overall is not None and overall.items[ITEM].n == 0
    from assessment.demo.load import DEMO_VERSION
    from questionnaires.builtin import load_builtin

    others = [i for i in load_builtin("alignment-core", DEMO_VERSION).items if i.dimension == "shared_goals" and i.id != ITEM]
    favorable_share = sum(not i.reverse for i in others) / len(others)  # 4 and 5 are favorable, 2 and 1 not
    assert overall.dimensions["shared_goals"].favorable == pytest.approx(100 * favorable_share)
    assert overall.index.favorable is not None
