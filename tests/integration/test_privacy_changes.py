"""Change since last cycle and the sales-marketing gap may not say what the gate blanks.

A shown group can have a dimension answered by too few of its people (the
rest said "Don't know" or skipped it); the gate then blanks that dimension in
the group (``figures.masked``). The change and the gap were computed at the
close from the unmasked scores and stored beside them: printed next to the
blank, "+12 since last quarter" beside last quarter's shown score, or "sales
minus marketing" beside the shown sales score, gave the blanked score back,
the mean of two people's answers.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from flask import Flask
from flask.testing import FlaskClient

from assessment.answers import encode_answers
from assessment.api.tokens import api_token
from assessment.extensions import db
from assessment.gate import group_result, group_results
from assessment.gate.analysis import group_analysis
from assessment.gate.family import ATTRIBUTES
from assessment.models import Cycle, Organization, Response
from assessment.operations.accounts import find_user
from assessment.operations.cycles import close_cycle, open_cycle
from assessment.operations.organizations import create_organization, ensure_team
from assessment.operations.questionnaires import find_questionnaire
from tests.integration.privacy_org import Person

DIMENSION = "shared_goals"


def run_cycle(org: Organization, period: str, people: Sequence[Person]) -> Cycle:
    """One more closed cycle of ``org`` holding exactly these responses (its change is against the one before)."""
    stored = find_questionnaire("alignment-core", 1)
    assert stored is not None
    cycle = open_cycle(org, period, stored, min_group_size=5)
    item_ids = [item.id for item in stored.parsed().items]
    for person in people:
        team = ensure_team(org, person.team, person.function)
        db.session.add(Response(
            cycle_id=cycle.id, team_id=team.id, function=person.function,
            attributes={a: getattr(person, a) for a in ATTRIBUTES}, submitted_on=dt.date(2026, 2, 1),
            answers=encode_answers({i: (None if i in person.skips else person.answer) for i in item_ids},
                                   stored.parsed()),
            comments={},
        ))
    db.session.flush()
    close_cycle(cycle)
    return cycle


def shared_goals_items() -> tuple[str, ...]:
    stored = find_questionnaire("alignment-core", 1)
    assert stored is not None
    return tuple(i.id for i in stored.parsed().items if i.dimension == DIMENSION)


def two_quarters(slug: str, later: Sequence[Person], earlier: Sequence[Person]) -> tuple[Cycle, Cycle]:
    org = create_organization(slug.title(), slug)
    before = run_cycle(org, "2026-Q1", earlier)
    after = run_cycle(org, "2026-Q2", later)
    db.session.commit()
    return before, after


def test_a_blanked_dimension_is_not_given_back_by_its_change(app: Flask, client: FlaskClient,
                                                             fresh_limits: None) -> None:
    """Alpha: five people, three of whom could not judge shared goals this quarter; last quarter all five did."""
    skipped = shared_goals_items()
    later = [Person("alpha", answer=4, skips=skipped)] * 3 + [Person("alpha", answer=1)] * 2 \
        + [Person("beta", answer=3)] * 6
    earlier = [Person("alpha", answer=3)] * 5 + [Person("beta", answer=3)] * 6
    before, after = two_quarters("changeco", later, earlier)

    alpha = group_result(after, "team", "alpha")
    assert alpha is not None and alpha.scores is not None          # the team is shown...
    assert alpha.scores.dimensions[DIMENSION].score is None          # ...its shared goals, two people's, are not
    last = group_result(before, "team", "alpha")
    assert last is not None and last.scores is not None and last.scores.dimensions[DIMENSION].score is not None

    # The attacker: last quarter's shown score plus this quarter's change.
    analysis = group_analysis(after, alpha)
    change = analysis.changes.get(DIMENSION)
    assert change is None or change.diff is None, "the change gives the two people's shared goals score back"

    # The same through the API, as a script would read it.
    user = find_user("admin@demo.example")
    assert user is not None
    reply = client.get("/api/v1/organizations/changeco/cycles/2026-Q2/teams/alpha",
                       headers={"Authorization": f"Bearer {api_token(user, 1)}"})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    dimension = reply.get_json()["group"]["dimensions"][DIMENSION]
    assert dimension["score"] is None
    assert dimension["change"] is None or dimension["change"]["diff"] is None


def test_a_blanked_function_score_is_not_given_back_by_the_gap(app: Flask) -> None:
    """Marketing: six people, four of whom could not judge shared goals; sales answered it whole.

    The gate blanks marketing's shared goals (two people) and so sales' too (the organization's minus sales'
    would be those two); the gap, sales minus marketing, beside the organization's score gave both back.
    """
    skipped = shared_goals_items()
    people = [Person("north", "sales", answer=4)] * 6 + [Person("south", "sales", answer=4)] * 6 \
        + [Person("west", "marketing", answer=5, skips=skipped)] * 4 + [Person("west", "marketing", answer=1)] * 2
    org = create_organization("Gapco", "gapco")
    cycle = run_cycle(org, "2026-Q1", people)
    db.session.commit()

    overall = group_result(cycle, "organization", "all")
    sales = group_result(cycle, "function", "sales")
    marketing = group_result(cycle, "function", "marketing")
    assert overall is not None and sales is not None and marketing is not None
    assert sales.scores is not None and marketing.scores is not None
    gaps = {gap.dimension: gap for gap in group_analysis(cycle, overall).gaps}
    assert marketing.scores.dimensions[DIMENSION].score is None
    for function in (sales, marketing):
        assert function.scores is not None
        if function.scores.dimensions[DIMENSION].score is None:
            gap = gaps.get(DIMENSION)
            assert gap is None or gap.diff is None, f"the gap gives {function.key}'s blanked score back"



def test_a_withheld_dont_know_count_cannot_be_worked_out_across_splits(app: Flask) -> None:
    """No "Don't know" count below the minimum may be had by adding and subtracting the counts given.

    Each split on its own leaves N or more withheld, yet across two splits t0's joint cell follows: joint's
    count minus t1's joint cell, which is t1's minus t1's marketing cell. Its zero says of every one of the
    twelve that they judged the statement, which is what a zero is withheld for.
    """
    stored = find_questionnaire("alignment-core", 2)
    assert stored is not None
    questionnaire = stored.parsed()
    item = questionnaire.items[0].id
    cells = {("t0", "joint"): (12, 0), ("t0", "sales"): (15, 6), ("t1", "joint"): (5, 5),
             ("t1", "marketing"): (14, 6)}
    org = create_organization("Unsureco", "unsureco")
    cycle = open_cycle(org, "2026-Q1", stored, min_group_size=5)
    for (slug, function), (size, unsure) in cells.items():
        team = ensure_team(org, slug, function)
        for i in range(size):
            answers = {i.id: 3 for i in questionnaire.items} | ({item: "dont_know"} if i < unsure else {})
            db.session.add(Response(
                cycle_id=cycle.id, team_id=team.id, function=function, attributes={},
                submitted_on=dt.date(2026, 2, 1), answers=encode_answers(answers, questionnaire), comments={}))
    db.session.flush()
    close_cycle(cycle)

    keys = sorted(cells)

    def vector(kind: str, key: str) -> list[float]:
        def holds(slug: str, function: str) -> bool:
            return {"organization": True, "function": function == key, "team": slug == key,
                    "team_function": f"{slug}/{function}" == key}[kind]
        return [float(holds(*cell)) for cell in keys]

    given, withheld = [], []
    for kind in ("organization", "function", "team", "team_function"):
        for result in group_results(cycle, kind):
            if result.scores is None:
                continue
            count = result.scores.items[item].dont_know
            (withheld if count is None else given).append((vector(kind, result.key), count, result.key))
    assert given, "some counts are given"
    basis = np.array([v for v, _, _ in given])
    totals = np.array([c for _, c, _ in given], dtype=float)
    rank = np.linalg.matrix_rank(basis)
    for target, _, key in withheld:
        if np.linalg.matrix_rank(np.vstack([basis, target])) == rank:
            coefficients, *_ = np.linalg.lstsq(basis.T, np.array(target), rcond=None)
            worked_out = float(coefficients @ totals)
            assert round(worked_out) >= 5, f"{key}'s withheld count is {worked_out:.0f}, from the counts given"
