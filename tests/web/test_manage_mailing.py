"""A consultant invites and reminds from the console: each person once, with a link that keeps working."""
from __future__ import annotations

import datetime as dt
import html
import re
import socket
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, Invitation, Organization, Participant
from tests.conftest import smtp_server
from tests.web.console import (
    LINK, NEW, answer, audit, invited_cells, links_by_recipient, northwind, open_new_cycle, post_on_cycle_page,
    roster_emails, text_of,
)


def test_invitations_reach_each_participant_once_with_a_working_link(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    reply = post_on_cycle_page(client, "invitations")
    assert reply.status_code == 302
    people = roster_emails()
    assert f"{len(people)} invitations sent, 0 failed" in client.get(reply.headers["Location"]).get_data(as_text=True)
    assert sorted(m["To"] for m in mailbox) == sorted(people)
    message = mailbox[0]
    assert "Northwind" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "anonymous" in text and "minutes" in text and "Northwind" in text
    links = links_by_recipient(mailbox)
    assert len(set(links.values())) == len(people)
    for link in list(links.values())[:3]:
        assert client.get(link.removeprefix("http://survey.test")).status_code == 200

    # A second click, or a retried job, sends nothing twice.
    post_on_cycle_page(client, "invitations")
    assert len(mailbox) == len(people)
    first, again = audit("invitations.send")
    assert first.target == f"northwind/{NEW}: {len(people)} invitations sent, 0 failed"
    assert again.target == f"northwind/{NEW}: 0 invitations sent, 0 failed"
    sent_on = db.session.execute(
        db.select(Invitation.sent_on).join(Cycle).where(Cycle.period == NEW, Cycle.organization_id == northwind().id)
    ).scalars().all()
    assert set(sent_on) == {dt.date.today()}


def test_the_invitation_promises_no_more_anonymity_than_the_results_keep(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    for part in ("plain", "html"):
        said = " ".join(mailbox[0].get_body((part,)).get_content().split())
        # The results show comments word for word: the mail must not say the client never sees what people said.
        assert "what they said" not in said
        assert "never who, nor who answered what" in said
        assert "Comments are shown word for word, without names" in said


def test_reminders_go_only_to_those_who_have_not_answered_and_their_invitation_links_keep_working(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    invited = links_by_recipient(mailbox)
    answered_by = sorted(invited)[0]
    answer(client, invited[answered_by])
    mailbox.clear()

    post_on_cycle_page(client, "reminders", min_days="3")   # everyone was written to today
    assert mailbox == []
    post_on_cycle_page(client, "reminders", min_days="0")
    reminded = links_by_recipient(mailbox)
    assert set(reminded) == set(invited) - {answered_by}
    assert all(m["Subject"].startswith("Reminder: the Northwind Traders sales and marketing survey is open") for m in mailbox)
    someone = sorted(reminded)[0]
    assert reminded[someone] != invited[someone]
    page = " ".join(client.get(f"/manage/northwind/{NEW}").get_data(as_text=True).split())
    assert "the links mailed before it keep working until the cycle closes" in page
    assert client.get(invited[someone].removeprefix("http://survey.test")).status_code == 200
    assert client.get(reminded[someone].removeprefix("http://survey.test")).status_code == 200
    assert [e.target for e in audit("invitations.remind")] == [
        f"northwind/{NEW}: 0 reminders sent, 0 failed", f"northwind/{NEW}: {len(reminded)} reminders sent, 0 failed",
    ]


def test_a_click_that_sends_nothing_says_why(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    sent = len(mailbox)

    def flashed(reply) -> str:  # type: ignore[no-untyped-def]
        return " ".join(client.get(reply.headers["Location"]).get_data(as_text=True).split())

    again = flashed(post_on_cycle_page(client, "invitations"))
    assert "No invitation was due: everyone on the roster has had one." in again
    assert "0 invitations sent" not in again
    soon = flashed(post_on_cycle_page(client, "reminders", min_days="3"))
    assert "No reminder was due: everyone invited who has not answered got a mail from us in the last 3 days." in soon
    assert "Choose fewer days" in soon and "0 reminders sent" not in soon
    assert f"{sent} reminders sent, 0 failed" in flashed(post_on_cycle_page(client, "reminders", min_days="0"))
    today = flashed(post_on_cycle_page(client, "reminders", min_days="0"))
    assert "got a mail from us today, and nobody gets two in one day" in today
    assert len(mailbox) == 2 * sent


def test_a_moved_closing_date_is_the_one_the_next_reminder_names(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    later = dt.date.today() + dt.timedelta(days=30)
    moved = post_on_cycle_page(client, "closing-date", closes_on=later.isoformat())
    assert moved.status_code == 302
    page = client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)
    assert f"now closes on {later.day} {later:%B %Y}" in page and f"to {later.day} {later:%B %Y}" in page
    assert f"until {later.day} {later:%B %Y}" in client.get("/manage/northwind").get_data(as_text=True)
    [entry] = audit("cycle.closing_date")
    assert entry.actor == "consultant@demo.example" and entry.target.endswith(f"-> {later.isoformat()}")
    post_on_cycle_page(client, "reminders", min_days="0")
    assert mailbox == []  # nobody has been invited yet
    post_on_cycle_page(client, "invitations")
    assert mailbox and all(f"{later:%-d %B %Y}" in m.get_body(("plain",)).get_content() for m in mailbox)


@pytest.mark.parametrize(("days", "message"), [(-1, "be in the past"), (None, "as a date")])
def test_a_closing_date_that_cannot_be_is_explained_and_the_old_one_kept(
    client: FlaskClient, login, days: int | None, message: str  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    cycle = db.session.execute(db.select(Cycle).filter_by(period=NEW)).scalar_one()
    planned = cycle.closes_on
    value = (dt.date.today() + dt.timedelta(days=days)).isoformat() if days is not None else "next friday"
    post_on_cycle_page(client, "closing-date", closes_on=value)
    page = client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)
    assert message in page
    db.session.refresh(cycle)
    assert cycle.closes_on == planned and audit("cycle.closing_date") == []


def test_a_closed_cycles_date_does_not_move(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    cycle = db.session.execute(db.select(Cycle).filter_by(period="2026-Q3").join(Organization)
                               .where(Organization.slug == "northwind")).scalar_one()
    planned = cycle.closes_on
    post_on_cycle_page(client, "closing-date", period="2026-Q3",
                       closes_on=(dt.date.today() + dt.timedelta(days=9)).isoformat())
    assert "closing date can move" in client.get("/manage/northwind/2026-Q3").get_data(as_text=True)
    db.session.refresh(cycle)
    assert cycle.closes_on == planned


@pytest.fixture()
def refusing_mailbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list, set[str]]]:  # type: ignore[type-arg]
    """A real SMTP server that refuses the addresses put in its set, as a full mailbox or a typo would."""
    refused: set[str] = set()
    with smtp_server(refused) as (port, received):
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        yield received, refused


def test_an_address_the_server_refuses_does_not_stop_the_others_and_is_retried(
    client: FlaskClient, login, refusing_mailbox  # type: ignore[no-untyped-def]
) -> None:
    received, refused = refusing_mailbox
    login(client, "consultant")
    open_new_cycle(client)
    people = roster_emails()
    bounced = sorted(people)[1]
    refused.add(bounced)
    reply = post_on_cycle_page(client, "invitations")
    assert sorted(m["To"] for m in received) == sorted(people - {bounced})
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert f"{len(people) - 1} invitations sent, 1 failed" in page
    assert bounced not in page
    invited = [int(cells[0]) for cells in invited_cells(page)]
    assert invited[0] == sum(invited[1:]) == len(people) - 1, "the unsent invitation counts in no row"

    refused.clear()
    received.clear()
    post_on_cycle_page(client, "invitations")
    assert [m["To"] for m in received] == [bounced]
    assert client.get(LINK.findall(received[0].get_body(("plain",)).get_content())[0]
                      .removeprefix("http://survey.test")).status_code == 200


def test_a_refused_reminder_leaves_the_earlier_link_working(client: FlaskClient, login, refusing_mailbox) -> None:  # type: ignore[no-untyped-def]
    received, refused = refusing_mailbox
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    invited = links_by_recipient(received)
    bounced = sorted(invited)[2]
    refused.add(bounced)
    received.clear()
    said = html.unescape(text_of(client.get(post_on_cycle_page(client, "reminders", min_days="0")
                                            .headers["Location"]).get_data(as_text=True)))
    assert f"{len(invited) - 1} reminders sent, 1 failed. Nothing is lost: those not sent stay due. The mail server " \
           "turned them down, most often for a mistyped address or a full mailbox: check those people's addresses " \
           "on the roster, then press the button again to send them." in said
    assert bounced not in {m["To"] for m in received} and len(received) == len(invited) - 1
    assert client.get(invited[bounced].removeprefix("http://survey.test")).status_code == 200
    reminded_on = db.session.execute(
        db.select(Invitation.reminded_on).join(Participant).where(Participant.email == bounced)
        .join(Cycle, Invitation.cycle_id == Cycle.id).where(Cycle.period == NEW)
    ).scalar_one()
    assert reminded_on is None


def closed_port() -> int:
    """A loopback port nobody listens on: the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flash_after(client: FlaskClient, reply) -> str:  # type: ignore[no-untyped-def]
    """The console's message after a press, as the consultant reads it."""
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    said = re.search(r'<p class="flash [^"]*"[^>]*>(.*?)</p>', page, re.S)
    assert said, "the page says nothing after the press"
    return html.unescape(text_of(said.group(1)))


def sent_invitations() -> list[Invitation]:
    return list(db.session.execute(db.select(Invitation).join(Cycle).where(
        Cycle.period == NEW, Cycle.organization_id == northwind().id, Invitation.sent_on.is_not(None))).scalars())


@pytest.mark.parametrize(("role", "advice"), [
    ("consultant", "ask whoever runs Alignment Health to check the mail server settings (SMTP_HOST, SMTP_PORT), "
                   "then press Send invitations again."),
    ("admin", "check the mail server settings (SMTP_HOST, SMTP_PORT), then press Send invitations again."),
])
def test_invitations_with_the_mail_server_down_say_nobody_was_mailed_and_what_to_do(
    client: FlaskClient, login, app: Flask, monkeypatch: pytest.MonkeyPatch, role: str, advice: str  # type: ignore[no-untyped-def]
) -> None:
    """"0 invitations sent, 3 failed" for 13 people read as if the other 10 had gone out. Only whoever runs the
    instance can change its mail settings: a consultant is told whom to ask, an administrator what to check."""
    port = closed_port()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    login(client, role)
    open_new_cycle(client)
    people = len(roster_emails())
    said = flash_after(client, post_on_cycle_page(client, "invitations"))
    assert said == (f"0 invitations sent: the mail server at 127.0.0.1:{port} could not be reached, so the send "
                    f"stopped after 3 tries; all {people} people are still to be invited — nobody was mailed twice; "
                    f"{advice}")
    assert "failed" not in said and "next run" not in said
    assert sent_invitations() == []
    [entry] = audit("invitations.send")
    assert entry.target.endswith(f"all {people} people are still to be invited — nobody was mailed twice")


@pytest.fixture()
def mail_server_going_down(app: Flask, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A real SMTP server that takes ``after[0]`` messages and then is gone: the app's next connection finds
    nobody listening. Yields (messages received, after)."""
    from aiosmtpd.controller import Controller

    received: list = []  # type: ignore[type-arg]
    after, gone = [0], closed_port()

    class GoesDown:
        async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
            received.append(envelope.rcpt_tos)
            if len(received) >= after[0]:
                app.config["SMTP_PORT"] = gone   # before the answer: the next mail is the first to find it down
            return "250 OK"

    port = closed_port()
    controller = Controller(GoesDown(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    try:
        yield received, after
    finally:
        controller.stop()


def test_a_send_the_mail_server_cut_short_says_how_many_went_and_how_many_wait(
    client: FlaskClient, login, app: Flask, mail_server_going_down  # type: ignore[no-untyped-def]
) -> None:
    received, after = mail_server_going_down
    after[0] = 5
    login(client, "consultant")
    open_new_cycle(client)
    people = len(roster_emails())
    said = flash_after(client, post_on_cycle_page(client, "invitations"))
    port = app.config["SMTP_PORT"]
    assert said.startswith(f"5 invitations sent, then the mail server at 127.0.0.1:{port} could not be reached, so "
                           f"the send stopped after 3 tries; {people - 5} people are still to be invited — nobody "
                           "was mailed twice; ask whoever runs Alignment Health")
    assert len(received) == len(sent_invitations()) == 5


def test_reminders_with_the_mail_server_down_say_everyone_is_still_to_be_reminded(
    client: FlaskClient, login, app: Flask, mailbox: list, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    invited = len(mailbox)
    mailbox.clear()
    port = closed_port()
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    said = flash_after(client, post_on_cycle_page(client, "reminders", min_days="0"))
    assert said == (f"0 reminders sent: the mail server at 127.0.0.1:{port} could not be reached, so the send "
                    f"stopped after 3 tries; all {invited} people are still to be reminded — nobody was mailed "
                    "twice; ask whoever runs Alignment Health to check the mail server settings (SMTP_HOST, "
                    "SMTP_PORT), then press Send reminders again.")
    assert mailbox == []
