"""The last one or two people of a cycle, mailed while the mail server is down: the console, the planned reminder
and the command say the server could not be reached, as they do for a whole roster.

Fewer than three tries never made the send "stop", so "0 invitations sent, 1 failed" came with the advice for an
address the server refuses (check it on the roster), and a planned reminder that reached nobody counted as sent.
"""
from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.models import Cycle, Invitation, Participant, Team
from assessment.scheduled_mail import plan_mail, send_due_mailings
from tests.web.console import NEW, audit, northwind, open_new_cycle, post_on_cycle_page
from tests.web.test_manage_mailing import closed_port, flash_after

TODAY = dt.date.today()


def _newcomer(email: str = "late.joiner@northwind.example") -> None:
    organization = northwind()
    team = db.session.execute(db.select(Team).where(Team.organization_id == organization.id)).scalars().first()
    assert team is not None
    db.session.add(Participant(organization_id=organization.id, team_id=team.id, function=team.function, email=email,
                               attributes={}))
    db.session.commit()


def _server_down(app: Flask, monkeypatch: pytest.MonkeyPatch) -> int:
    port = closed_port()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    return port


def test_inviting_one_newcomer_with_the_mail_server_down_blames_the_server_not_the_address(
    client: FlaskClient, login, app: Flask, mailbox: list, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    _newcomer()
    port = _server_down(app, monkeypatch)

    said = flash_after(client, post_on_cycle_page(client, "invitations"))
    assert said == (f"0 invitations sent: the mail server at 127.0.0.1:{port} could not be reached; 1 person is still "
                    "to be invited — nobody was mailed twice; ask whoever runs Alignment Health to check the mail "
                    "server settings (SMTP_HOST, SMTP_PORT), then press Send invitations again.")
    assert "turned them down" not in said and "addresses" not in said
    [_, entry] = audit("invitations.send")
    assert entry.target == (f"northwind/{NEW}: 0 invitations sent: the mail server at 127.0.0.1:{port} could not be "
                            "reached; 1 person is still to be invited — nobody was mailed twice")


def test_reminding_the_last_two_with_the_mail_server_down_says_so(
    client: FlaskClient, login, app: Flask, mailbox: list, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    invitations = db.session.execute(db.select(Invitation).join(Cycle).where(
        Cycle.period == NEW, Cycle.organization_id == northwind().id).order_by(Invitation.id)).scalars().all()
    for invitation in invitations[2:]:
        invitation.completed = True
    db.session.commit()
    port = _server_down(app, monkeypatch)

    said = flash_after(client, post_on_cycle_page(client, "reminders", min_days="0"))
    assert said.startswith(f"0 reminders sent: the mail server at 127.0.0.1:{port} could not be reached; all 2 "
                           "people are still to be reminded — nobody was mailed twice; ask whoever runs")
    assert "turned them down" not in said


def test_a_planned_reminder_for_the_last_two_that_found_no_server_goes_out_on_the_next_run(
    client: FlaskClient, login, app: Flask, mailbox: list, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    cycle = db.session.execute(db.select(Cycle).where(Cycle.period == NEW, Cycle.organization_id == northwind().id)
                               ).scalar_one()
    for invitation in cycle_invitations(cycle)[2:]:
        invitation.completed = True
    plan_mail(cycle, False, TODAY + dt.timedelta(days=3), TODAY)
    db.session.commit()
    reminder_day = TODAY + dt.timedelta(days=3)
    mailbox.clear()
    port = app.config["SMTP_PORT"]

    monkeypatch.setitem(app.config, "SMTP_PORT", closed_port())
    [run] = send_due_mailings(reminder_day)
    assert run.summary.stopped and run.summary.still_due == 2 and mailbox == []
    assert cycle.planned_reminder_sent_on is None, "a reminder nobody received counted as sent"

    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    [run] = send_due_mailings(reminder_day)
    assert run.summary.sent == 2 and len(mailbox) == 2
    assert cycle.planned_reminder_sent_on == reminder_day


def cycle_invitations(cycle: Cycle) -> list[Invitation]:
    return list(db.session.execute(
        db.select(Invitation).where(Invitation.cycle_id == cycle.id).order_by(Invitation.id)).scalars())


def test_the_command_exits_with_the_reason_when_the_last_newcomer_finds_no_server(
    client: FlaskClient, login, app: Flask, runner: FlaskCliRunner, mailbox: list,  # type: ignore[no-untyped-def,type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    _newcomer()
    _server_down(app, monkeypatch)
    result = runner.invoke(args=["invitations", "send", f"northwind/{NEW}"])
    assert result.exit_code == 1
    assert "Error: the mail server could not be reached: 1 invitations still to send" in result.output
