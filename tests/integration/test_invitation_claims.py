"""Claims decide who gets a mail: one winner per invitation and day, and a failed mail gives everything back."""
from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, CycleStatus, Invitation, Organization
from assessment.operations.cycles import issue_links
from assessment.operations.invitations import Mailing, claim, due_count, release
from assessment.tokens import hash_token


def open_northwind_cycle() -> Cycle:
    return db.session.execute(
        db.select(Cycle).join(Organization).where(Organization.slug == "northwind", Cycle.status == CycleStatus.open)
    ).scalar_one()


def not_answered(cycle: Cycle) -> Invitation:
    return db.session.execute(
        db.select(Invitation).filter_by(cycle_id=cycle.id, completed=False).order_by(Invitation.id).limit(1)
    ).scalar_one()


def test_a_second_claim_on_the_same_day_loses_even_with_no_gap(app: Flask) -> None:
    cycle, today = open_northwind_cycle(), dt.date.today()
    invitation = not_answered(cycle)
    before = due_count(cycle, Mailing.reminder, today, 0)
    first = claim(cycle, invitation.id, Mailing.reminder, today, 0)
    assert first is not None
    assert claim(cycle, invitation.id, Mailing.reminder, today, 0) is None
    assert due_count(cycle, Mailing.reminder, today, 0) == before - 1
    db.session.expire_all()
    assert invitation.token_hash == hash_token(first.token) and invitation.reminded_on == today


def test_a_released_claim_restores_the_earlier_link_and_date(app: Flask) -> None:
    cycle, today = open_northwind_cycle(), dt.date.today()
    invitation = not_answered(cycle)
    earlier = invitation.token_hash
    won = claim(cycle, invitation.id, Mailing.reminder, today, 0)
    assert won is not None
    release(won, Mailing.reminder)
    db.session.expire_all()
    assert (invitation.token_hash, invitation.reminded_on) == (earlier, None)


def test_an_answered_invitation_is_never_claimed(app: Flask) -> None:
    cycle = open_northwind_cycle()
    answered = db.session.execute(
        db.select(Invitation).filter_by(cycle_id=cycle.id, completed=True).limit(1)
    ).scalar_one()
    assert claim(cycle, answered.id, Mailing.reminder, dt.date.today(), 0) is None


def test_a_reminders_claim_keeps_the_mailed_link_working_and_a_released_one_leaves_no_trace(
    app: Flask, client: FlaskClient, open_invitation
) -> None:
    invitation, mailed = open_invitation()
    cycle, today = invitation.cycle, dt.date.today()
    won = claim(cycle, invitation.id, Mailing.reminder, today, 0)
    assert won is not None
    db.session.commit()
    assert client.get(f"/s/{mailed}").status_code == 200 and client.get(f"/s/{won.token}").status_code == 200
    release(won, Mailing.reminder)
    db.session.commit()
    assert client.get(f"/s/{won.token}").status_code == 404, "a reminder that never left opens nothing"
    assert client.get(f"/s/{mailed}").status_code == 200
    again = claim(cycle, invitation.id, Mailing.reminder, today, 0)
    assert again is not None, "the next run retries it, the earlier link being known once"
    db.session.commit()
    assert client.get(f"/s/{mailed}").status_code == 200 and client.get(f"/s/{again.token}").status_code == 200


def test_links_handed_out_anew_stop_every_earlier_link(app: Flask, client: FlaskClient, open_invitation) -> None:
    invitation, mailed = open_invitation()
    cycle = invitation.cycle
    reminded = claim(cycle, invitation.id, Mailing.reminder, dt.date.today(), 0)
    assert reminded is not None
    db.session.commit()
    exported = dict((participant.id, token) for participant, token in issue_links(cycle, dt.date.today()))
    db.session.commit()
    for replaced in (mailed, reminded.token):   # they open nothing, but say they were replaced
        page = client.get(f"/s/{replaced}")
        assert page.status_code == 410 and "This link was replaced" in page.get_data(as_text=True)
    assert client.get(f"/s/{exported[invitation.participant_id]}").status_code == 200
