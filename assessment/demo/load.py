"""Writing the synthetic demo into the database."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from assessment.answers import encode_answers
from assessment.demo.accounts import DemoAccount, create_demo_accounts
from assessment.demo.actions import add_demo_actions
from assessment.demo.answers import draw_answers
from assessment.demo.funnel import add_demo_funnel
from assessment.demo.population import DemoOrganization, draw_organizations
from assessment.extensions import db
from assessment.models import Cycle, Invitation, Participant, Response
from assessment.operations.benchmarks import MIN_POOLED_ORGANIZATIONS, build_pooled_benchmark
from assessment.operations.cycles import close_cycle, open_cycle, publish_cycle
from assessment.operations.organizations import create_organization, ensure_team
from assessment.operations.questionnaires import find_questionnaire, register_builtin_questionnaires
from assessment.tokens import new_token
from questionnaires.model import Questionnaire

CLOSED_CYCLES = 4
COMMENTS = {
    "sales": [
        "Tell us sooner which campaigns are going out, so we are not surprised by customers' questions.",
        "Half the leads we get have never heard of us. A shared definition of a qualified lead would help.",
        "The new case studies were great; more of those, please.",
        "A monthly check-in on which leads worked would save both sides a lot of time.",
    ],
    "marketing": [
        "We rarely hear back what happened to the leads we pass on.",
        "Invite us to the win/loss reviews: lost deals teach us the most.",
        "Sales should have a say in the campaign creative before it launches.",
        "Bonuses tied to numbers we can't influence create friction.",
    ],
    "joint": [
        "One dashboard that both teams trust would end most arguments.",
        "The pipeline review with both teams in the room works well; keep it.",
    ],
}


@dataclass(frozen=True)
class DemoSummary:
    organizations: int
    cycles: int
    responses: int
    open_cycles: list[str]
    accounts: tuple[DemoAccount, ...] = ()


def quarter_periods(as_of: dt.date, count: int) -> list[tuple[str, dt.date]]:
    """The last ``count`` quarters up to and including ``as_of``'s, oldest first, with start dates."""
    index = as_of.year * 4 + (as_of.month - 1) // 3
    quarters = [divmod(i, 4) for i in range(index - count + 1, index + 1)]
    return [(f"{year}-Q{q + 1}", dt.date(year, 3 * q + 1, 1)) for year, q in quarters]


def load_demo(seed: int, as_of: dt.date, organizations: int = 8) -> DemoSummary:
    rng = np.random.default_rng(seed)
    register_builtin_questionnaires()
    stored = find_questionnaire("alignment-core", 1)
    assert stored is not None
    questionnaire = stored.parsed()
    periods = quarter_periods(as_of, CLOSED_CYCLES + 1)
    responses, open_cycles = 0, []
    demo_orgs = draw_organizations(rng, organizations)
    for demo_org in demo_orgs:
        participants = _roster(demo_org)
        for wave, (period, start) in enumerate(periods):
            is_open = wave == len(periods) - 1
            opens = as_of - dt.timedelta(days=10) if is_open else start + dt.timedelta(days=35)
            cycle = open_cycle(participants[0].team.organization, period, stored,
                               opens_on=opens, closes_on=opens + dt.timedelta(days=21))
            responses += _answer(rng, cycle, questionnaire, demo_org, participants, wave, is_open, as_of)
            if is_open:
                open_cycles.append(cycle.name)
            else:  # closed and published on its closing day, as a consultant would after a review
                close_cycle(cycle)
                publish_cycle(cycle, cycle.closes_on or as_of, actor="demo")
    if organizations >= MIN_POOLED_ORGANIZATIONS:
        build_pooled_benchmark("Synthetic demo pool", as_of)
    add_demo_actions()
    # The CRM's figures of every closed quarter and of the one before the first, which that cycle compares with.
    add_demo_funnel(seed, demo_orgs, [p for p, _ in quarter_periods(as_of, CLOSED_CYCLES + 2)[:-1]])
    accounts = tuple(create_demo_accounts())
    return DemoSummary(organizations, organizations * len(periods), responses, open_cycles, accounts)


def _roster(demo_org: DemoOrganization) -> list[Participant]:
    org = create_organization(demo_org.name, demo_org.slug, synthetic=True)
    teams = {t.slug: ensure_team(org, t.slug, t.function, t.name) for t in demo_org.teams}
    participants = [
        Participant(organization_id=org.id, team=teams[p.team], email=p.email, function=p.function,
                    attributes=p.attributes)
        for p in demo_org.people
    ]
    db.session.add_all(participants)
    db.session.flush()
    return participants


def _answer(
    rng: np.random.Generator, cycle: Cycle, questionnaire: Questionnaire, demo_org: DemoOrganization,
    participants: list[Participant], wave: int, is_open: bool, as_of: dt.date,
) -> int:
    """Invite everyone; a realistic share answers (fewer so far in the open cycle)."""
    rate = rng.uniform(0.3, 0.5) if is_open else rng.uniform(0.65, 0.92)
    answered = rng.random(len(participants)) < rate
    teams = {t.slug: t for t in demo_org.teams}
    levels = np.array([
        demo_org.level + teams[p.team.slug].base + teams[p.team.slug].trend * wave for p in participants
    ])
    matrix = draw_answers(rng, questionnaire, levels, [p.function for p in participants])
    item_ids = [item.id for item in questionnaire.items]
    assert cycle.opens_on is not None
    last_day = min(as_of, cycle.closes_on) if is_open and cycle.closes_on else cycle.closes_on
    span = max(((last_day or cycle.opens_on) - cycle.opens_on).days, 1)
    for person, did_answer, row in zip(participants, answered, matrix):
        db.session.add(Invitation(cycle_id=cycle.id, participant_id=person.id, completed=bool(did_answer),
                                  token_hash=new_token()[1], sent_on=cycle.opens_on))
        if not did_answer:
            continue
        comments = {}
        if rng.random() < 0.35:
            comments["one_thing"] = str(rng.choice(COMMENTS[person.function]))
        db.session.add(Response(
            cycle_id=cycle.id, team_id=person.team_id, function=person.function, attributes=person.attributes,
            submitted_on=cycle.opens_on + dt.timedelta(days=int(rng.integers(0, span))),
            answers=encode_answers(dict(zip(item_ids, map(int, row))), questionnaire), comments=comments,
        ))
    db.session.flush()
    return int(answered.sum())
