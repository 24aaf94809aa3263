"""Whether an address has an account is told neither by what "Forgot your password?" says nor by how long it takes."""
from __future__ import annotations

import asyncio
import email
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import received_message, smtp_server_with
from tests.web.test_auth_password_links import ask_for_reset, delivered, link_in

#: A mail server that takes this long to accept a message: a remote relay on a bad day.
SLOW = 2.0


@contextmanager
def slow_smtp_server(delay: float) -> Iterator[tuple[int, list]]:  # type: ignore[type-arg]
    """A real SMTP server (aiosmtpd) on a free loopback port that waits ``delay`` seconds before taking each message."""
    received: list[email.message.EmailMessage] = []

    class Slow:
        async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
            await asyncio.sleep(delay)
            received.append(received_message(envelope))
            return "250 OK"

    with smtp_server_with(Slow()) as port:
        yield port, received


@pytest.fixture()
def slow_mailbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list]:  # type: ignore[type-arg]
    with slow_smtp_server(SLOW) as (port, received):
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        yield received


def _seconds_to_answer(client: FlaskClient, address: str) -> tuple[float, str]:
    started = time.monotonic()
    page = ask_for_reset(client, address)
    return time.monotonic() - started, page


def test_a_reset_for_a_real_account_answers_as_soon_as_for_an_unknown_address(
        client: FlaskClient, slow_mailbox: list, fresh_limits: None) -> None:  # type: ignore[type-arg]
    """Waiting for the mail server only when there was an account told an attacker which addresses have one."""
    unknown, unknown_page = _seconds_to_answer(client, "nobody@client.example")
    known, known_page = _seconds_to_answer(client, "lead@demo.example")
    assert known < SLOW / 2, f"the answer waited {known:.2f} s for the mail server"
    assert abs(known - unknown) < SLOW / 2
    assert "If that address has an account" in known_page and "If that address has an account" in unknown_page
    [message] = delivered(slow_mailbox, 1, within=SLOW * 5)   # and the link still arrives, for the account only
    assert message["To"] == "lead@demo.example" and "/auth/password/reset/" in link_in(message)
