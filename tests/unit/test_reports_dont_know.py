"""Statements many could not judge: named from 10% "Don't know" on, in the group's own wording, never for version 1."""
from __future__ import annotations

import dataclasses

from questionnaires.builtin import load_builtin
from reports.dont_know import unsure_statements
from reports.playbook import default_playbook
from reports.team_plan import build_team_plan
from scoring.results import DimensionScore, GroupScore, ItemScore
from tests.unit.test_reports_team_plan import make_input

V1, V2 = load_builtin("alignment-core", 1), load_builtin("alignment-core", 2)


def scores_with(counts: dict[str, tuple[int, int | None]], questionnaire=V2) -> GroupScore:  # type: ignore[no-untyped-def]
    """Every item answered by 20; ``counts`` gives some items (answered on the scale, "Don't know")."""
    items = {item.id: ItemScore(item.id, n=20, dont_know=0) for item in questionnaire.items}
    items |= {item: ItemScore(item, n=n, dont_know=unsure) for item, (n, unsure) in counts.items()}
    dimensions = {d.id: DimensionScore(d.id, n=20, score=60.0) for d in questionnaire.dimensions}
    return GroupScore(n=20, index=DimensionScore("index", n=20, score=60.0), dimensions=dimensions, items=items)


def test_from_ten_percent_on_largest_share_first_in_plain_words() -> None:
    scores = scores_with({"ma_contribution": (12, 8), "sg_know_plans": (18, 2), "cu_credit": (19, 2)})
    found = unsure_statements(scores, V2, "sales")
    # cu_credit's 2 of 21 is 9.5%: it would print as "10%" but is below the line, so it is not named.
    assert [(s.item, s.count, s.base) for s in found] == [("ma_contribution", 8, 20), ("sg_know_plans", 2, 20)]
    assert found[0].said == "40% said Don’t know"
    assert found[1].text == "I know what marketing is trying to achieve this quarter."  # as sales read it
    assert unsure_statements(scores, V2, "marketing")[1].text == "I know what sales is trying to achieve this quarter."


def test_nothing_for_version_1_a_withheld_group_or_item_or_a_count_never_made() -> None:
    assert unsure_statements(scores_with({}, V1), V1) == ()
    assert unsure_statements(None, V2) == ()
    withheld = scores_with({"ma_contribution": (0, None)})  # how the gate blanks an item: n 0, no count
    assert unsure_statements(withheld, V2) == ()
    old = scores_with({item.id: (20, None) for item in V2.items})
    assert unsure_statements(old, V2) == ()


def test_the_team_plan_carries_them_and_a_withheld_plan_does_not() -> None:
    scores = scores_with({"ma_contribution": (14, 6)})
    plan = build_team_plan(make_input(questionnaire=V2, scores=scores), default_playbook())
    assert [(s.item, s.said) for s in plan.unsure] == [("ma_contribution", "30% said Don’t know")]
    assert "10% of those who answered" in plan.unsure_note
    withheld = build_team_plan(make_input(questionnaire=V2, scores=dataclasses.replace(scores, n=3)),
                               default_playbook())
    assert withheld.suppressed and withheld.unsure == ()
