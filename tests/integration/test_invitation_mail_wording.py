"""What an employee reads in the invitation and reminder, as a real SMTP server receives them."""
from __future__ import annotations

import datetime as dt

from flask import Flask

from assessment.dates import written
from assessment.extensions import db
from assessment.invitation_mail import run_mailing
from assessment.models import Participant
from tests.integration.test_invitation_claims import open_northwind_cycle


def every_part(message) -> str:  # type: ignore[no-untyped-def]
    """Subject, plain text and HTML: what a mail program may show of the message."""
    parts = [message.get_body((kind,)).get_content() for kind in ("plain", "html")]
    return "\n".join([message["Subject"], *parts])


def test_mail_sent_after_the_planned_closing_date_names_no_day_gone_by(app: Flask, mailbox: list) -> None:  # type: ignore[type-arg]
    """The cycle takes answers until someone closes it: 'open until' a past day would send people away."""
    cycle, today = open_northwind_cycle(), dt.date.today()
    cycle.closes_on = today - dt.timedelta(days=3)
    team = cycle.organization.teams[0]
    db.session.add(Participant(organization_id=cycle.organization_id, team_id=team.id, function=team.function,
                               email="late.joiner@northwind.example"))
    db.session.commit()

    run_mailing(cycle.id, "invitation", "test", today=today)
    run_mailing(cycle.id, "reminder", "test", min_days=0, today=today)

    kinds = {message["Subject"].startswith("Reminder") for message in mailbox}
    assert kinds == {True, False}
    past = written(cycle.closes_on)
    assert not [message["To"] for message in mailbox if past in every_part(message)]
    reminder = next(message for message in mailbox if message["Subject"].startswith("Reminder"))
    assert reminder["Subject"].endswith("is open for a few more days")
