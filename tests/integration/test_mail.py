"""Mail goes out through a real SMTP server, as text with an escaped HTML alternative."""
from __future__ import annotations

import datetime as dt
import re
import socket
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

import pytest
from flask import Flask

from assessment.mail import MailError, send_mail, send_templated
from assessment.operations.accounts import find_user
from tests.conftest import received_message, smtp_server_with


def test_a_message_reaches_the_smtp_server_with_both_parts(app: Flask, mailbox: list) -> None:  # type: ignore[type-arg]
    send_mail("someone@client.example", "Hello", "plain words", "<p>html words</p>")
    [message] = mailbox
    assert message["To"] == "someone@client.example"
    assert message["From"] == app.config["MAIL_FROM"]
    assert message.get_body(("plain",)).get_content().strip() == "plain words"
    assert "<p>html words</p>" in message.get_body(("html",)).get_content()


def test_a_message_carries_the_date_and_a_message_id_that_mail_providers_require(  # type: ignore[type-arg]
        app: Flask, mailbox: list, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "MAIL_FROM", "Acme survey <survey@consultancy.example>")
    send_mail("someone@client.example", "Hello", "plain words")
    send_mail("other@client.example", "Hello", "plain words")
    first, second = mailbox
    sent = parsedate_to_datetime(first["Date"])
    assert abs((sent - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 60
    assert re.fullmatch(r"<[^@<>\s]+@consultancy\.example>", first["Message-ID"])
    assert first["Message-ID"] != second["Message-ID"]
    assert first["From"] == "Acme survey <survey@consultancy.example>"


def test_an_unreachable_server_is_one_clear_error(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "SMTP_PORT", closed_port)
    with pytest.raises(MailError, match="could not send mail to x@client.example"):
        send_mail("x@client.example", "Hello", "text")


def test_names_typed_by_users_are_escaped_in_html_mail_and_kept_as_text_in_plain(app: Flask, mailbox: list) -> None:  # type: ignore[type-arg]
    user = find_user("executive@demo.example")
    assert user is not None and user.organization is not None
    user.organization.name = '<script>alert("x")</script> & <b>Co</b>'
    with app.test_request_context():
        send_templated(user.email, "Welcome", "web/auth/email/invitation", user=user, link="http://survey.test/x", hours=168)
    [message] = mailbox
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "<b>Co</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in html
    assert '<script>alert("x")</script> & <b>Co</b>' in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(("mail_from", "name", "address"), [
    ("Smith, Jones & Partners <survey@sjp.example>", "Smith, Jones & Partners", "survey@sjp.example"),
    ('"Smith, Jones" <survey@sjp.example>', "Smith, Jones", "survey@sjp.example"),
    ("Müller Beratung — Umfrage <umfrage@mueller.example>", "Müller Beratung — Umfrage", "umfrage@mueller.example"),
    ("survey@sjp.example", "", "survey@sjp.example"),
])
def test_a_sender_named_with_a_comma_is_one_sender_and_the_server_takes_the_mail(
    app: Flask, monkeypatch: pytest.MonkeyPatch, mail_from: str, name: str, address: str
) -> None:
    """"Smith, Jones & Partners <survey@sjp.example>" was read as two senders, "Smith" the envelope's: a real
    server refuses such a sender, and no invitation left."""
    envelopes: list[tuple[str, EmailMessage]] = []

    class Strict:
        async def handle_MAIL(self, server, session, envelope, sender, options) -> str:  # type: ignore[no-untyped-def]
            if "@" not in sender:
                return "553 5.1.7 sender address must be fully qualified"
            envelope.mail_from = sender
            return "250 OK"

        async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
            envelopes.append((envelope.mail_from, received_message(envelope)))
            return "250 OK"

    with smtp_server_with(Strict()) as port:
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        monkeypatch.setitem(app.config, "MAIL_FROM", mail_from)
        send_mail("zoe.muller+survey@client.example", "Hello", "plain words")
    [(envelope_sender, message)] = envelopes
    assert envelope_sender == address
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (name, address)
    assert message["Message-ID"].endswith(f"@{address.split('@')[1]}>")
    assert message["To"] == "zoe.muller+survey@client.example"


def test_a_mail_from_that_is_no_address_is_one_clear_error(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "MAIL_FROM", "Alignment survey")
    with pytest.raises(MailError, match="MAIL_FROM is not one email address"):
        send_mail("x@client.example", "Hello", "text")
