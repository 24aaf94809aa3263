"""Planned mail: invitations that go out on the opening day by themselves, a reminder on the day set; real mail to a
real SMTP server, each person once, whatever runs the hourly check and however often."""
from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from assessment.extensions import db
from assessment.models import AuditEntry, Cycle, Invitation, Organization, Participant, Team
from assessment.operations.cycles import CycleError
from assessment.cli.invitations import cli_actor
from assessment.scheduled_mail import ACTOR, overdue_reminder, plan_mail, send_due_mailings
from tests.integration.test_invitations_cli import contoso_people, opened

TODAY = dt.date.today()
DAY = dt.timedelta(days=1)


def _cycle(runner: FlaskCliRunner, opens: dt.date) -> Cycle:
    name = opened(runner, opens)
    return db.session.execute(db.select(Cycle).join(Organization).where(
        Organization.slug == "contoso", Cycle.period == name.split("/")[1])).scalar_one()


def _recipients(mailbox: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(m["To"] for m in mailbox)


def test_invitations_go_out_on_the_opening_day_once_and_later_to_whoever_joins(
    runner: FlaskCliRunner, mailbox: list  # type: ignore[type-arg]
) -> None:
    opens = TODAY + 5 * DAY
    cycle, people = _cycle(runner, opens), contoso_people()
    plan_mail(cycle, True, None, TODAY)
    db.session.commit()

    assert send_due_mailings(TODAY) == [] and send_due_mailings(opens - DAY) == []
    assert mailbox == []   # the links would not work yet

    [sent] = send_due_mailings(opens)
    assert sent.cycle == "contoso/2027-Q1" and sent.summary.sent == len(people)
    assert _recipients(mailbox) == sorted(people)
    assert send_due_mailings(opens) == [] and send_due_mailings(opens + DAY) == []   # nobody twice
    assert len(mailbox) == len(people)

    team = db.session.execute(db.select(Team).where(Team.organization_id == cycle.organization_id)).scalars().first()
    db.session.add(Participant(organization_id=cycle.organization_id, team_id=team.id, function=team.function,
                               email="new.joiner@contoso.example", attributes={}))
    db.session.commit()
    send_due_mailings(opens + 2 * DAY)
    assert [m["To"] for m in mailbox[len(people):]] == ["new.joiner@contoso.example"]
    audited = db.session.execute(db.select(AuditEntry).filter_by(action="invitations.send")).scalars().all()
    assert {entry.actor for entry in audited} == {ACTOR}


def test_the_reminder_goes_on_its_day_to_those_who_have_not_answered_and_only_once(
    runner: FlaskCliRunner, mailbox: list  # type: ignore[type-arg]
) -> None:
    cycle, people = _cycle(runner, TODAY), contoso_people()
    plan_mail(cycle, True, TODAY + 4 * DAY, TODAY)
    db.session.commit()
    send_due_mailings(TODAY)
    answered = db.session.execute(db.select(Invitation).filter_by(cycle_id=cycle.id).limit(1)).scalar_one()
    answered.completed = True
    db.session.commit()
    mailbox.clear()

    assert send_due_mailings(TODAY + 3 * DAY) == [] and mailbox == []
    [sent] = send_due_mailings(TODAY + 4 * DAY)
    assert _recipients(mailbox) == sorted(people - {answered.participant.email})
    assert "Reminder" in mailbox[0]["Subject"]
    assert send_due_mailings(TODAY + 4 * DAY) == [] and send_due_mailings(TODAY + 8 * DAY) == []
    assert len(mailbox) == len(people) - 1

    # Planned again, for a later day, it goes again on that day.
    plan_mail(cycle, True, TODAY + 10 * DAY, TODAY + 8 * DAY)
    db.session.commit()
    send_due_mailings(TODAY + 10 * DAY)
    assert len(mailbox) == 2 * (len(people) - 1)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_reminder_the_mail_server_cut_short_goes_out_on_the_next_run(
    app: Flask, runner: FlaskCliRunner, mailbox: list, monkeypatch: pytest.MonkeyPatch  # type: ignore[type-arg]
) -> None:
    cycle, people = _cycle(runner, TODAY), contoso_people()
    plan_mail(cycle, True, TODAY + 3 * DAY, TODAY)
    db.session.commit()
    send_due_mailings(TODAY)
    mailbox.clear()
    port = app.config["SMTP_PORT"]

    monkeypatch.setitem(app.config, "SMTP_PORT", _closed_port())
    [stopped] = send_due_mailings(TODAY + 3 * DAY)
    assert stopped.summary.stopped and mailbox == []
    assert overdue_reminder(cycle, TODAY + 4 * DAY) == TODAY + 3 * DAY   # the console warns a day later

    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    send_due_mailings(TODAY + 3 * DAY)
    assert _recipients(mailbox) == sorted(people)
    assert overdue_reminder(cycle, TODAY + 4 * DAY) is None


def test_planned_mail_the_mail_server_cut_short_says_what_waits_for_the_next_run(
    app: Flask, runner: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, port = opened(runner), _closed_port()
    assert runner.invoke(args=["invitations", "plan", name, "--invite-on-opening"]).exit_code == 0
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    due = runner.invoke(args=["invitations", "send-due"])
    people = len(contoso_people())
    assert due.exit_code == 1
    assert due.output.splitlines() == [
        f"{name}: 0 invitations sent: the mail server at 127.0.0.1:{port} could not be reached, so the send stopped "
        f"after 3 tries; all {people} people are still to be invited — nobody was mailed twice; check the mail "
        "server settings (SMTP_HOST, SMTP_PORT); the next run sends the rest",
        f"Error: the mail server could not be reached: {people} still to send; the next run sends them",
    ]


@pytest.mark.parametrize(("remind_on", "says"), [
    (TODAY - DAY, "has passed"),
    (TODAY + 6 * DAY, "at least 3 days before"),          # opens in 5 days: too soon after
    (TODAY + 40 * DAY, "after the planned closing date"),  # closes 21 days after opening
])
def test_a_reminder_day_that_cannot_work_is_refused_and_the_plan_stays(
    runner: FlaskCliRunner, remind_on: dt.date, says: str
) -> None:
    cycle = _cycle(runner, TODAY + 5 * DAY)
    with pytest.raises(CycleError, match=says) as refused:
        plan_mail(cycle, True, remind_on, TODAY)
    assert refused.value.field == "remind_on"
    assert (cycle.invite_on_opening, cycle.remind_on) == (False, None)


def test_no_mail_is_planned_for_a_closed_cycle(app: Flask) -> None:
    closed = db.session.execute(db.select(Cycle).join(Organization).where(
        Organization.slug == "northwind", Cycle.period == "2026-Q3")).scalar_one()
    with pytest.raises(CycleError, match="only while it is open"):
        plan_mail(closed, True, None, TODAY)


def test_the_command_line_plans_the_mail_and_sends_what_is_due(runner: FlaskCliRunner, mailbox: list) -> None:  # type: ignore[type-arg]
    name = opened(runner)
    remind = (TODAY + 3 * DAY).isoformat()
    planned = runner.invoke(args=["invitations", "plan", name, "--invite-on-opening", "--remind-on", remind,
                                  "--format", "json"])
    assert planned.exit_code == 0, planned.output
    assert json.loads(planned.output) == {"cycle": name, "invite_on_opening": True, "remind_on": remind}

    due = runner.invoke(args=["invitations", "send-due"])
    assert due.exit_code == 0, due.output
    assert due.output.strip() == f"{name}: {len(contoso_people())} invitations sent, 0 failed"
    assert runner.invoke(args=["invitations", "send-due"]).output.strip() == "no planned mail is due"

    dropped = runner.invoke(args=["invitations", "plan", name, "--no-reminder"])
    assert dropped.exit_code == 0 and "a reminder" not in dropped.output
    refused = runner.invoke(args=["invitations", "plan", name, "--remind-on", "2001-01-01"])
    assert refused.exit_code != 0 and "has passed" in refused.output
    audited = db.session.execute(
        db.select(AuditEntry).filter_by(action="cycle.plan_mail").order_by(AuditEntry.id)).scalars().all()
    assert [e.actor for e in audited] == [cli_actor(), cli_actor()]   # the refused plan left no entry
    assert audited[-1].target == dropped.output.strip()   # what the command said is what the log keeps


def test_a_cycle_opened_from_the_command_line_takes_its_planned_mail_with_it(runner: FlaskCliRunner) -> None:
    opens, remind = TODAY + 2 * DAY, TODAY + 6 * DAY
    result = runner.invoke(args=["cycle", "open", "contoso", "--period", "2027-Q1", "--opens", opens.isoformat(),
                                 "--invite-on-opening", "--remind-on", remind.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        f"planned mail: the invitations go out by themselves on {opens.day} {opens:%B %Y}, the opening day, and later "
        f"to whoever joins the roster; a reminder goes out on {remind.day} {remind:%B %Y}")
    refused = runner.invoke(args=["cycle", "open", "contoso", "--period", "2027-Q2", "--remind-on", TODAY.isoformat()])
    assert refused.exit_code != 0 and "at least 3 days before" in refused.output
    assert db.session.execute(db.select(Cycle).where(Cycle.period == "2027-Q2")).first() is None
    [listed] = [c for c in json.loads(runner.invoke(args=["cycle", "list", "contoso", "--format", "json"]).output)
                if c["period"] == "2027-Q1"]
    assert (listed["invite_on_opening"], listed["remind_on"]) == (True, remind.isoformat())


def test_the_dates_cannot_move_past_a_planned_reminder_until_it_is_replanned(runner: FlaskCliRunner) -> None:
    """A closing date before the reminder, or an opening day too close to it, would mail people a reminder
    naming a day gone by, or one they got days before its invitation: both are refused, with what to do first."""
    cycle = _cycle(runner, TODAY + 2 * DAY)   # closes 21 days after opening
    plan_mail(cycle, True, TODAY + 10 * DAY, TODAY)
    db.session.commit()
    name = f"contoso/{cycle.period}"

    earlier = runner.invoke(args=["cycle", "closing-date", name, (TODAY + 8 * DAY).isoformat()])
    assert earlier.exit_code != 0 and "a reminder is planned for" in earlier.output and "plan it earlier" in earlier.output
    later = runner.invoke(args=["cycle", "opening-date", name, (TODAY + 9 * DAY).isoformat()])
    assert later.exit_code != 0 and "plan it later, or drop it, first" in later.output
    assert (cycle.opens_on, cycle.closes_on) == (TODAY + 2 * DAY, TODAY + 23 * DAY)

    assert runner.invoke(args=["invitations", "plan", name, "--no-reminder"]).exit_code == 0
    assert runner.invoke(args=["cycle", "closing-date", name, (TODAY + 8 * DAY).isoformat()]).exit_code == 0


def test_a_roster_import_says_when_the_people_it_adds_will_be_invited_by_themselves(
    runner: FlaskCliRunner, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    cycle = _cycle(runner, TODAY + 4 * DAY)
    plan_mail(cycle, True, None, TODAY)
    db.session.commit()
    team = db.session.execute(db.select(Team).where(Team.organization_id == cycle.organization_id)).scalars().first()
    roster = tmp_path / "roster.csv"
    roster.write_text(f"email,team,function\nnew.joiner@contoso.example,{team.slug},{team.function}\n")

    dry = runner.invoke(args=["roster", "import", "contoso", str(roster), "--dry-run"])
    opens = (TODAY + 4 * DAY).isoformat()
    assert dry.exit_code == 0
    assert ("note: contoso/2027-Q1 sends its invitations by itself: the 1 added would get one on "
            f"{opens}, its opening day") in dry.output
    imported = runner.invoke(args=["roster", "import", "contoso", str(roster)])
    assert "would get" not in imported.output and "get one on" in imported.output
    again = runner.invoke(args=["roster", "import", "contoso", str(roster)])   # nobody added: nothing to say
    assert "sends its invitations by itself" not in again.output


def test_a_planned_reminder_refused_for_an_address_says_it_is_not_retried_and_it_is_not(
    app: Flask, runner: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command said "the next run retries them", but a planned reminder goes once: the refused one never went."""
    from tests.conftest import smtp_server

    name, refused = opened(runner), set()
    with smtp_server(refused) as (port, received):
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        assert runner.invoke(args=["invitations", "send", name]).exit_code == 0
        cycle = db.session.execute(db.select(Cycle).join(Organization).where(
            Organization.slug == "contoso", Cycle.period == name.split("/")[1])).scalar_one()
        for invitation in db.session.execute(db.select(Invitation).filter_by(cycle_id=cycle.id)).scalars():
            invitation.sent_on = TODAY - 3 * DAY   # invited three days ago, as a reminder planned for today asks
        cycle.remind_on = TODAY
        db.session.commit()
        full = sorted(contoso_people())[0]
        refused.add(full)   # the mailbox fills up
        received.clear()

        due = runner.invoke(args=["invitations", "send-due"])
        assert due.exit_code == 1
        assert due.output.splitlines()[-1] == (
            f"Error: {name}: 1 reminder could not be sent and is not retried by itself; send it with "
            f"`alignment invitations remind {name}` once the address is checked")
        reached = len(received)
        assert reached == len(contoso_people()) - 1
        assert runner.invoke(args=["invitations", "send-due"]).output.strip() == "no planned mail is due"
        assert len(received) == reached and full not in {m["To"] for m in received}
