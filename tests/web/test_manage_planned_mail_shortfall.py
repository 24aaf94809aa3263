"""The cycle page says when planned mail left someone out: its runs have nobody watching them.

The page said "the invitations go out by themselves" while the mail server refused one address at every hourly
check (or could not be reached at all), and only the audit trail knew.
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.scheduled_mail import send_due_mailings
from tests.conftest import smtp_server
from tests.web.console import NEW, open_new_cycle, post_on_cycle_page, roster_emails, text_of
from tests.web.test_manage_mailing import closed_port

TODAY = dt.date.today()


@pytest.fixture()
def refusing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list, set[str]]]:  # type: ignore[type-arg]
    refused: set[str] = set()
    with smtp_server(refused) as (port, received):
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        yield received, refused


def _page(client: FlaskClient) -> str:
    return html.unescape(text_of(client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)))


def test_an_address_the_planned_invitations_could_not_reach_is_said_until_it_is_invited(
    client: FlaskClient, login, refusing  # type: ignore[no-untyped-def]
) -> None:
    received, refused = refusing
    login(client, "consultant")
    open_new_cycle(client, invite_on_opening="y")
    people = roster_emails()
    refused.add(sorted(people)[0])
    send_due_mailings(TODAY)
    assert len(received) == len(people) - 1

    page = _page(client)
    assert (f"The planned mail's last run, on {TODAY.day} {TODAY:%B %Y} at ") in page
    assert (f"UTC, did not reach everyone: {len(people) - 1} invitations sent, 1 failed. The mail server turned down "
            "an invitation or more, most often for a mistyped address or a full mailbox: check those people's "
            "addresses on the roster; each check tries them again, so they are invited once the address is "
            "mended.") in page
    assert sorted(people)[0] not in page   # counts only, as the audit trail keeps them

    refused.clear()
    send_due_mailings(TODAY)
    assert len(received) == len(people)
    assert "The planned mail's last run" not in _page(client)


def test_planned_invitations_that_found_no_mail_server_are_said_with_whom_to_ask(
    client: FlaskClient, login, app: Flask, mailbox: list, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client, invite_on_opening="y")
    port, working = closed_port(), app.config["SMTP_PORT"]
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    send_due_mailings(TODAY)
    people = len(roster_emails())
    page = _page(client)
    assert (f"did not reach everyone: 0 invitations sent: the mail server at 127.0.0.1:{port} could not be reached, "
            f"so the send stopped after 3 tries; all {people} people are still to be invited — nobody was mailed "
            "twice. Ask whoever runs Alignment Health to check the mail server settings (SMTP_HOST, SMTP_PORT); the "
            "next check sends the rest, or press Send invitations above.") in page

    # The consultant sends them from the console once the server is back: the page speaks of that send instead.
    monkeypatch.setitem(app.config, "SMTP_PORT", working)
    post_on_cycle_page(client, "invitations")
    assert len(mailbox) == people
    assert "The planned mail's last run" not in _page(client)
