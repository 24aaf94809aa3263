"""Password links by email: invitations and resets expire, work once, and point at PUBLIC_URL only."""
from __future__ import annotations

import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    text = message.get_body(("plain",)).get_content()
    match = re.search(r"http://survey\.test(/auth/password/\w+/\S+)", text)
    assert match, text
    return match.group(1)


def delivered(mailbox: list, count: int = 1, within: float = 10.0) -> list:  # type: ignore[type-arg]
    """The messages once ``count`` have arrived: a reset link is mailed after the answer, not before it."""
    deadline = time.monotonic() + within
    while len(mailbox) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(mailbox) == count, f"{len(mailbox)} messages arrived, not {count}"
    return mailbox


def ask_for_reset(client: FlaskClient, email: str, **request: object) -> str:
    token = csrf_token(client.get("/auth/forgot", **request).get_data(as_text=True))  # type: ignore[arg-type]
    reply = client.post("/auth/forgot", data={"email": email, "csrf_token": token}, follow_redirects=True, **request)
    assert reply.status_code == 200
    return reply.get_data(as_text=True)


def choose(client: FlaskClient, path: str, password: str, confirm: str | None = None) -> int:
    page = client.get(path)
    if page.status_code != 200:
        return page.status_code
    token = csrf_token(page.get_data(as_text=True))
    return client.post(path, data={"password": password, "confirm": confirm or password, "csrf_token": token}).status_code


def signs_in(client: FlaskClient, email: str, password: str) -> bool:
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    reply = client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token})
    return reply.status_code == 302


def test_a_reset_link_sets_a_new_password_once(client: FlaskClient, mailbox: list, fresh_limits: None) -> None:  # type: ignore[type-arg]
    page = ask_for_reset(client, "lead@demo.example")
    assert "If that address has an account" in page
    [message] = delivered(mailbox)
    assert message["To"] == "lead@demo.example"
    path = link_in(message)
    assert choose(client, path, "correct horse battery") == 302
    assert client.get("/results/northwind/2026-Q3").status_code == 200  # signed in by the link
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    assert choose(client, path, "another new password") == 410  # used
    assert not signs_in(client, "lead@demo.example", "demo-lead-password")
    assert signs_in(client, "lead@demo.example", "correct horse battery")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: FlaskClient, mailbox: list, fresh_limits: None) -> None:  # type: ignore[type-arg]
    assert "If that address has an account" in ask_for_reset(client, "nobody@client.example")
    assert mailbox == []


def test_the_link_is_built_on_public_url_whatever_host_the_request_names(
    client: FlaskClient, mailbox: list, fresh_limits: None  # type: ignore[type-arg]
) -> None:
    ask_for_reset(client, "lead@demo.example", headers={"Host": "evil.example"})
    text = delivered(mailbox)[0].get_body(("plain",)).get_content()
    assert "evil.example" not in text and "http://survey.test/auth/password/reset/" in text


def test_an_expired_link_is_refused(app: Flask, client: FlaskClient, mailbox: list, fresh_limits: None,  # type: ignore[type-arg]
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ask_for_reset(client, "lead@demo.example")
    path = link_in(delivered(mailbox)[0])
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    assert choose(client, path, "correct horse battery") == 410
    assert "no longer works" in client.get(path).get_data(as_text=True)


def tampered(path: str) -> str:
    """The link with one character of its signature changed. Not its last two: base64 ignores the low bits of the
    last character, so "xx" in their place left a link ending in "x" and "w" to "z" valid (about one run in 800)."""
    at = len(path) - 10
    return path[:at] + ("A" if path[at] != "A" else "B") + path[at + 1:]


def test_a_tampered_or_misdirected_link_is_refused(client: FlaskClient, mailbox: list, fresh_limits: None) -> None:  # type: ignore[type-arg]
    ask_for_reset(client, "lead@demo.example")
    path = link_in(delivered(mailbox)[0])
    assert choose(client, tampered(path), "correct horse battery") == 410
    # A reset link is not an invitation link: the purposes are signed apart.
    assert choose(client, path.replace("/reset/", "/invitation/"), "correct horse battery") == 410


def test_a_short_or_mistyped_password_is_asked_again(client: FlaskClient, mailbox: list, fresh_limits: None) -> None:  # type: ignore[type-arg]
    ask_for_reset(client, "lead@demo.example")
    path = link_in(delivered(mailbox)[0])
    assert choose(client, path, "short") == 422
    assert choose(client, path, "long enough password", "long enough passwort") == 422
    assert choose(client, path, "long enough password") == 302


def test_reset_requests_are_throttled(client: FlaskClient, mailbox: list, fresh_limits: None) -> None:  # type: ignore[type-arg]
    for _ in range(3):
        ask_for_reset(client, "lead@demo.example")
    token = csrf_token(client.get("/auth/forgot").get_data(as_text=True))
    reply = client.post("/auth/forgot", data={"email": "lead@demo.example", "csrf_token": token})
    assert reply.status_code == 429 and "Too many password reset requests" in reply.get_data(as_text=True)
    assert len(delivered(mailbox, 3)) == 3


def _page_left_open(client: FlaskClient, path: str) -> str:
    """The page's token, then the session it belongs to ends (a browser restarted, a sign-out in another tab)."""
    token = csrf_token(client.get(path).get_data(as_text=True))
    client.delete_cookie("session")
    return token


def test_a_forgot_password_page_left_open_gives_the_form_back_and_sends_the_second_time(
        client: FlaskClient, mailbox: list, fresh_limits: None) -> None:  # type: ignore[type-arg]
    stale = client.post("/auth/forgot", data={"email": "lead@demo.example",
                                              "csrf_token": _page_left_open(client, "/auth/forgot")})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 400 and "This page had been open a while, so nothing was sent." in page
    assert 'value="lead@demo.example"' in page and "CSRF" not in page and mailbox == []
    again = client.post("/auth/forgot", data={"email": "lead@demo.example", "csrf_token": csrf_token(page)})
    assert again.status_code == 302 and len(delivered(mailbox)) == 1


def test_a_new_password_page_left_open_gives_the_form_back_and_the_link_still_works(
        client: FlaskClient, mailbox: list, fresh_limits: None) -> None:  # type: ignore[type-arg]
    ask_for_reset(client, "lead@demo.example")
    path = link_in(delivered(mailbox)[0])
    stale = client.post(path, data={"password": "long enough password", "confirm": "long enough password",
                                    "csrf_token": _page_left_open(client, path)})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 400 and "This page had been open a while, so nothing was sent." in page
    assert "lead@demo.example" in page and "long enough password" not in page and "CSRF" not in page
    assert not signs_in(client, "lead@demo.example", "long enough password")  # nothing was set
    assert client.post(path, data={"password": "long enough password", "confirm": "long enough password",
                                   "csrf_token": csrf_token(page)}).status_code == 302
    assert signs_in(client, "lead@demo.example", "long enough password")
