"""Mail goes out through a real SMTP server, as text with an escaped HTML alternative."""
from __future__ import annotations

import datetime as dt
import re
import socket
from email.utils import parsedate_to_datetime

import pytest
from flask import Flask

from assessment.mail import MailError, send_mail, send_templated
from assessment.operations.accounts import find_user


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
