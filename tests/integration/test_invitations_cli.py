"""`alignment invitations send|remind`: real mail to a real SMTP server, counted, never sent twice."""
from __future__ import annotations

import datetime as dt
import json
import re

from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.models import AuditEntry, Cycle, Organization, Participant

LINK = re.compile(r"http://survey\.test(/s/[\w-]+)")


def contoso_people() -> set[str]:
    return set(db.session.execute(
        db.select(Participant.email).join(Organization).where(Organization.slug == "contoso")
    ).scalars())


def opened(runner: FlaskCliRunner, opens: dt.date | None = None) -> str:
    """contoso/2027-Q1, open from ``opens`` (today by default: a later date schedules it) for three weeks."""
    opens = opens or dt.date.today()
    result = runner.invoke(args=["cycle", "open", "contoso", "--period", "2027-Q1", "--min-comment-group", "7",
                                 "--opens", opens.isoformat(), "--closes", (opens + dt.timedelta(days=21)).isoformat()])
    assert result.exit_code == 0, result.output
    return "contoso/2027-Q1"


def test_opening_from_the_command_line_takes_the_thresholds_and_dates_and_is_audited(runner: FlaskCliRunner) -> None:
    opens = dt.date.today() + dt.timedelta(days=39)
    opened(runner, opens)
    cycle = db.session.execute(db.select(Cycle).join(Organization)
                               .where(Organization.slug == "contoso", Cycle.period == "2027-Q1")).scalar_one()
    assert (cycle.min_comment_group_size, cycle.opens_on, cycle.closes_on) == (
        7, opens, opens + dt.timedelta(days=21))
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="cycle.open")).scalars()
    assert entry.target.startswith("contoso/2027-Q1 with alignment-core@3") and entry.actor.startswith("cli")
    refused = runner.invoke(args=["cycle", "open", "contoso", "--period", "2027-Q2", "--min-comment-group", "4"])
    assert refused.exit_code != 0 and "comment threshold can't be below 5" in refused.output


def test_send_then_remind_from_the_command_line(runner: FlaskCliRunner, client: FlaskClient, mailbox: list) -> None:  # type: ignore[type-arg]
    cycle, people = opened(runner), contoso_people()

    dry = runner.invoke(args=["invitations", "send", cycle, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"would send {len(people)} invitations" in dry.output and mailbox == []

    sent = runner.invoke(args=["invitations", "send", cycle])
    assert sent.exit_code == 0, sent.output
    assert f"{len(people)} invitations sent, 0 failed" in sent.output
    assert sorted(m["To"] for m in mailbox) == sorted(people)
    invited = mailbox[0]
    [path] = LINK.findall(invited.get_body(("plain",)).get_content())
    assert client.get(path).status_code == 200

    again = runner.invoke(args=["invitations", "send", cycle, "--format", "json"])
    assert json.loads(again.output)["sent"] == 0 and len(mailbox) == len(people)

    assert "would send 0 reminders" in runner.invoke(args=["invitations", "remind", cycle, "--dry-run"]).output
    mailbox.clear()
    reminded = runner.invoke(args=["invitations", "remind", cycle, "--min-days", "0"])
    assert reminded.exit_code == 0, reminded.output
    assert sorted(m["To"] for m in mailbox) == sorted(people)
    [reminder] = [m for m in mailbox if m["To"] == invited["To"]]
    reminder_text = reminder.get_body(("plain",)).get_content()
    [reminder_path] = LINK.findall(reminder_text)
    assert reminder_path != path and "The link in our earlier message works too" in reminder_text
    assert client.get(reminder_path).status_code == 200
    assert client.get(path).status_code == 200, "the invitation still in the inbox outlives the reminder"
    assert "links mailed earlier keep working" in " ".join(runner.invoke(args=["invitations", "remind", "--help"]).output.split())

    trail = db.session.execute(
        db.select(AuditEntry.action, AuditEntry.target).where(AuditEntry.action.like("invitations.%"))
        .order_by(AuditEntry.id)
    ).all()
    assert [action for action, _ in trail] == ["invitations.send", "invitations.send", "invitations.remind"]
    assert not any(address in target for _, target in trail for address in people)


def test_a_closed_cycle_sends_nothing_and_says_why(runner: FlaskCliRunner, mailbox: list) -> None:  # type: ignore[type-arg]
    result = runner.invoke(args=["invitations", "remind", "contoso/2026-Q3"])
    assert result.exit_code != 0
    assert "Contoso Analytics 2026-Q3 is published; invitations go out only while it is open" in result.output
    assert mailbox == []


def test_an_unreachable_mail_server_fails_the_command_and_keeps_everyone_due(
    runner: FlaskCliRunner, app, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    cycle = opened(runner)
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 9)   # discard port: nobody listens
    result = runner.invoke(args=["invitations", "send", cycle])
    assert result.exit_code != 0
    people = len(contoso_people())
    assert result.output.splitlines() == [
        f"{cycle}: 0 invitations sent: the mail server at 127.0.0.1:9 could not be reached, so the send stopped after "
        f"3 tries; all {people} people are still to be invited — nobody was mailed twice; check the mail server "
        "settings (SMTP_HOST, SMTP_PORT), then run the command again",
        f"Error: the mail server could not be reached: {people} invitations still to send",
    ]
    assert "failed" not in result.output
    as_json = runner.invoke(args=["invitations", "send", cycle, "--format", "json"])
    assert json.loads(as_json.stdout) == {"cycle": cycle, "mailing": "invitation", "sent": 0, "failed": 3,
                                          "skipped": 0, "stopped": True, "still_due": people,
                                          "mail_server": "127.0.0.1:9"}
    dry = runner.invoke(args=["invitations", "send", cycle, "--dry-run"])
    assert f"would send {len(contoso_people())} invitations" in dry.output
