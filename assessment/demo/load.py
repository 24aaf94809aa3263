"""Writing the synthetic demo into the database."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from assessment.answers import DONT_KNOW, encode_answers
from assessment.demo.accounts import DemoAccount, create_demo_accounts
from assessment.demo.actions import add_demo_actions
from assessment.demo.answers import draw_answers, draw_dont_know
from assessment.demo.funnel import add_demo_funnel
from assessment.demo.population import DemoOrganization, draw_organizations
from assessment.extensions import db
from assessment.models import Cycle, Invitation, Participant, Response
from assessment.operations.benchmarks import MIN_POOLED_ORGANIZATIONS, build_pooled_benchmark
from assessment.operations.cycles import close_cycle, open_cycle, publish_cycle
from assessment.operations.organizations import create_organization, ensure_team
from assessment.operations.questionnaires import find_questionnaire, register_builtin_questionnaires
from assessment.tokens import new_token
from questionnaires.builtin import DEFAULT_KEY
from questionnaires.model import Questionnaire

CLOSED_CYCLES = 4
# The demo organizations' year of history was asked with version 2, as a client's would have been before
# version 3 came out; a cycle opened in the demo gets the newest version, and its results then say which
# statements changed since the quarter they are compared with.
DEMO_VERSION = 2
# Each list holds one idea in several people's words: the n-th person in a cycle to draw an idea writes
# its n-th wording, and once its wordings run out, nothing. Real comments rarely repeat word for word,
# and the draw itself is unchanged, so the demo's scores stay as they were.
COMMENTS = {
    "sales": [
        [
            "Tell us sooner which campaigns are going out, so we are not surprised by customers' questions.",
            "I found out about the spring webinar from a prospect. A heads-up a week before would be enough.",
            "Share the campaign calendar with us; half my calls start with 'I saw your email about...'.",
            "When a promotion launches, a one-page brief for the sales floor would save a lot of awkward calls.",
            "We hear about new offers at the same time as our customers do.",
            "Please loop us in before a campaign goes live, not after the first replies come in.",
        ],
        [
            "Half the leads we get have never heard of us. A shared definition of a qualified lead would help.",
            "Too many 'qualified' leads are students downloading a white paper. Let's agree what qualified means.",
            "A lead that opened one email is not ready for a call. We need criteria both sides sign off on.",
            "If marketing scored leads the way we judge them, we would follow up on every single one.",
            "We waste afternoons on contacts with no budget and no project. Tighter lead scoring, please.",
            "The MQL bar feels set to hit a number, not to find buyers.",
        ],
        [
            "The new case studies were great; more of those, please.",
            "The customer story about the logistics firm closed a deal for me last month. More like it.",
            "Short comparison sheets against competitors are what I actually send to prospects.",
            "Most of the content is written for the top of the funnel; late-stage deals need material too.",
            "I can never find the latest deck. One place for sales material would help.",
            "The product videos are good but too long for a prospect to watch before a call.",
        ],
        [
            "A monthly check-in on which leads worked would save both sides a lot of time.",
            "We should sit down together every few weeks and go through the leads that turned into deals.",
            "Nobody tells marketing which leads were good, and then we complain about the next batch.",
            "A regular feedback slot between our managers and theirs would fix most of this.",
            "I'd happily spend 30 minutes a month telling marketing what happened to their leads.",
            "We only talk to marketing when something goes wrong.",
        ],
    ],
    "marketing": [
        [
            "We rarely hear back what happened to the leads we pass on.",
            "Once a lead goes to sales it disappears; we never learn if it closed or why not.",
            "Without the CRM outcome we are optimising campaigns for clicks, not revenue.",
            "We pass leads over and hear nothing for weeks, then hear they were 'bad'.",
            "If sales logged why a lead was rejected, we could fix the targeting ourselves.",
            "Follow-up on the leads we send is slow, and we only find out when we dig into the CRM.",
        ],
        [
            "Invite us to the win/loss reviews: lost deals teach us the most.",
            "Hearing sales calls now and then would tell us more than any persona workshop.",
            "Let one of us sit in on a few discovery calls each quarter.",
            "We write messaging without ever hearing what customers actually object to.",
            "Share the reasons deals are lost; it would change what we put in the campaigns.",
            "We would like a seat at the quarterly pipeline review, even as listeners.",
        ],
        [
            "Sales should have a say in the campaign creative before it launches.",
            "Ask the account executives to review the messaging; they know what lands with buyers.",
            "We plan campaigns on our own and then wonder why sales does not use them.",
            "A short review round with two or three sellers before launch would catch most misses.",
            "Sales input on which accounts to target would make our campaigns far more useful.",
            "Joint planning at the start of the quarter, not a handover at the end of it.",
        ],
        [
            "Bonuses tied to numbers we can't influence create friction.",
            "We are measured on lead volume and sales on revenue; no wonder we pull in different directions.",
            "One shared revenue target for both teams would change the conversations overnight.",
            "Our targets reward quantity; I would rather be measured on pipeline that actually closes.",
            "Nobody owns the hand-off: each side's dashboard ends where the other's begins.",
            "It is hard to feel like one team with completely different scorecards.",
        ],
    ],
    "joint": [
        [
            "One dashboard that both teams trust would end most arguments.",
            "Sales and marketing report different pipeline numbers every month. One source of truth, please.",
            "Half of every meeting is spent arguing about whose figures are right.",
            "We need agreed definitions in the CRM: MQL, SQL and opportunity mean different things to each team.",
            "The data is there; nobody has agreed which report counts.",
            "A shared funnel report, reviewed weekly, would make both teams accountable for the same thing.",
            "Fix the lead status fields in the CRM and half the friction goes away.",
            "Every team keeps its own spreadsheet, so nobody trusts anyone else's numbers.",
        ],
        [
            "The pipeline review with both teams in the room works well; keep it.",
            "The joint planning day last quarter was the most useful meeting we had.",
            "Things improved once sales and marketing started sharing one channel for hand-offs.",
            "The service-level agreement on lead follow-up helped; now let's measure it.",
            "People get along fine; it's the processes between the teams that are broken.",
            "Having a named contact on the other side made a real difference this quarter.",
            "The shared onboarding for new hires in both teams was a good idea; do it again.",
            "Sitting together on the same floor helped more than any new tool.",
        ],
    ],
}


# Answers to "What works well today that we should keep?", drawn as COMMENTS are, from a stream of their own.
KEEP_COMMENTS = {
    "sales": [
        [
            "The Monday pipeline call with marketing: short, and we leave knowing what is coming.",
            "Keep the weekly pipeline call. It is the one place both sides hear the same numbers.",
            "The pipeline review with marketing in the room is worth the half hour.",
            "Our joint Monday call. Please don't let it slide when the quarter gets busy.",
        ],
        [
            "The battle cards marketing made for the new product are used on every call.",
            "The competitor one-pagers are excellent; keep them up to date.",
            "Keep producing short case studies; customers read those.",
            "The content library is finally easy to search. Keep it that way.",
        ],
        [
            "Marketing now tells us where a lead came from. That context helps the first call.",
            "The lead notes with the campaign and pages visited are really useful.",
            "Keep sending leads with their history attached; it changes how I open the conversation.",
        ],
    ],
    "marketing": [
        [
            "Sales now marks why a lead was rejected. Keep that field mandatory.",
            "The rejection reasons in the CRM have taught us more than any survey.",
            "Keep the closed-loop report on what happened to our leads.",
            "Knowing which leads turned into deals lets us plan the next campaign properly.",
        ],
        [
            "Sitting in on a few sales calls each month. Keep doing it.",
            "The call recordings sales shares with us are gold for our messaging.",
            "Keep inviting us to the win/loss reviews.",
        ],
        [
            "The shared campaign calendar works; sales checks it before calls.",
            "Keep the launch briefs for the sales floor; they get read.",
            "Announcing campaigns to sales a week ahead has cut the surprised calls.",
            "The calendar both teams edit is the best thing we did this year.",
        ],
    ],
    "joint": [
        [
            "The shared funnel dashboard: both sides finally argue about what to do, not about the numbers.",
            "Keep the one pipeline report we all agreed on.",
            "The agreed lead definitions in the CRM have stopped most of the arguing.",
            "One dashboard, reviewed weekly by both teams. Keep it.",
        ],
        [
            "The quarterly joint planning day is where alignment actually happens.",
            "Keep planning the quarter together, before the campaigns are set.",
            "Having a named partner on the other team works well.",
            "The shared onboarding for new starters in both teams. Keep it going.",
        ],
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
    unsure = np.random.default_rng([seed, 1])  # "Don't know"s: their own stream, so every other draw stays as it was
    keep = np.random.default_rng([seed, 2])    # answers to the second open question: likewise
    register_builtin_questionnaires()
    stored = find_questionnaire(DEFAULT_KEY, DEMO_VERSION)
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
            # "Don't know" in the last closed quarter and the open one only: each statement some people leave
            # unanswered costs a close an anonymity audit of its own (seconds for a large organization), which
            # every test session, loading this demo, would pay in all forty cycles.
            recent = wave >= len(periods) - 2
            responses += _answer(rng, cycle, questionnaire, demo_org, participants, wave, is_open, as_of,
                                 unsure if recent else None, keep)
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


def _comment(comments: dict[str, str], question: str, wordings: list[str], idea: tuple[str, str, int],
             written: dict[tuple[str, str, int], int]) -> None:
    """The idea's next wording not yet written this cycle, if any is left."""
    said = written.setdefault(idea, 0)
    written[idea] += 1
    if said < len(wordings):
        comments[question] = wordings[said]


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
    participants: list[Participant], wave: int, is_open: bool, as_of: dt.date, unsure: np.random.Generator | None,
    keep: np.random.Generator,
) -> int:
    """Invite everyone; a realistic share answers (fewer so far in the open cycle); ``unsure`` draws "Don't know"s."""
    rate = rng.uniform(0.3, 0.5) if is_open else rng.uniform(0.65, 0.92)
    answered = rng.random(len(participants)) < rate
    teams = {t.slug: t for t in demo_org.teams}
    levels = np.array([
        demo_org.level + teams[p.team.slug].base + teams[p.team.slug].trend * wave for p in participants
    ])
    functions = [p.function for p in participants]
    matrix = draw_answers(rng, questionnaire, levels, functions)
    dont_know = draw_dont_know(unsure, questionnaire, functions) if unsure else np.zeros(matrix.shape, dtype=bool)
    item_ids = [item.id for item in questionnaire.items]
    assert cycle.opens_on is not None
    last_day = min(as_of, cycle.closes_on) if is_open and cycle.closes_on else cycle.closes_on
    span = max(((last_day or cycle.opens_on) - cycle.opens_on).days, 1)
    written: dict[tuple[str, str, int], int] = {}     # how often each idea was written this cycle
    for person, did_answer, row, unsure_of in zip(participants, answered, matrix, dont_know):
        db.session.add(Invitation(cycle_id=cycle.id, participant_id=person.id, completed=bool(did_answer),
                                  token_hash=new_token()[1], sent_on=cycle.opens_on))
        if not did_answer:
            continue
        comments = {}
        if rng.random() < 0.35:
            ideas = COMMENTS[person.function]
            idea = int(rng.choice(len(ideas)))
            _comment(comments, "one_thing", ideas[idea], ("one_thing", person.function, idea), written)
        if keep.random() < 0.2:
            ideas = KEEP_COMMENTS[person.function]
            idea = int(keep.choice(len(ideas)))
            _comment(comments, "keep_doing", ideas[idea], ("keep_doing", person.function, idea), written)
        db.session.add(Response(
            cycle_id=cycle.id, team_id=person.team_id, function=person.function, attributes=person.attributes,
            submitted_on=cycle.opens_on + dt.timedelta(days=int(rng.integers(0, span))),
            answers=encode_answers(_with_dont_know(item_ids, row, unsure_of), questionnaire), comments=comments,
        ))
    db.session.flush()
    return int(answered.sum())


def _with_dont_know(item_ids: list[str], row: np.ndarray, unsure: np.ndarray) -> dict[str, int | str]:
    return {item: DONT_KNOW if said else int(value) for item, value, said in zip(item_ids, row, unsure)}
