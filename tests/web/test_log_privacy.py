"""Logs never carry a survey token: a real request through Werkzeug's server, captured.

The test client skips the server's request log, so the request goes over a
socket to ``werkzeug.serving``; the server handles it on this thread (where
the test's database connection lives) while a helper thread plays the browser.
"""
from __future__ import annotations

import html
import http.cookiejar
import logging
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

import pytest
from flask import Flask, g
from werkzeug.serving import make_server

from assessment.log_privacy import REDACTED, TokenRedaction, redact
from tests.conftest import csrf_token


def fetch_through_server(app: Flask, path: str) -> int:
    server = make_server("127.0.0.1", 0, app)
    status: list[int] = []

    def browse() -> None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=30) as reply:
                status.append(reply.status)
        except urllib.error.HTTPError as error:
            with error:   # its reply holds the socket: closed now, not by the garbage collector in a later test
                status.append(error.code)

    browser = threading.Thread(target=browse)
    browser.start()
    try:
        server.handle_request()
    finally:
        browser.join(timeout=30)
        server.server_close()
    return status[0]


def test_the_request_log_of_a_survey_page_holds_no_token(  # type: ignore[no-untyped-def]
    app: Flask, open_invitation, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Alembic's fileConfig in the session fixture disables loggers that existed before it.
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)
    _, token = open_invitation()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        assert fetch_through_server(app, f"/s/{token}") == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any(f"GET {REDACTED}" in line for line in lines), lines
    assert all(token not in line for line in caplog.text.splitlines() + lines)


def test_flask_error_log_lines_are_redacted_too(app: Flask) -> None:
    assert any(isinstance(f, TokenRedaction) for f in app.logger.filters)
    record = logging.LogRecord("assessment", logging.ERROR, __file__, 1, "Exception on %s [%s]",
                               ("/s/abcDEF123_-x", "POST"), None)
    TokenRedaction().filter(record)
    assert record.getMessage() == f"Exception on {REDACTED} [POST]"
    assert redact("GET /s/thanks HTTP/1.1") == "GET /s/thanks HTTP/1.1"


def test_sql_parameters_stay_out_of_logs_and_errors(app: Flask) -> None:
    from assessment.extensions import db

    engine = db.engine.engine  # the test fixture swaps in a Connection; its .engine is the real one
    assert engine.hide_parameters


def browse_through_server(app: Flask, browse: Callable[[str], None]) -> None:
    """Serve requests on this thread for as long as ``browse(base_url)`` runs on another."""
    server = make_server("127.0.0.1", 0, app)
    server.timeout = 0.1
    failures: list[BaseException] = []

    def run() -> None:
        try:
            browse(f"http://127.0.0.1:{server.port}")
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            failures.append(error)

    browser = threading.Thread(target=run)
    browser.start()
    try:
        while browser.is_alive():
            g.__dict__.clear()  # the test's app context serves every request: start each with an empty g
            server.handle_request()
    finally:
        browser.join(timeout=30)
        server.server_close()
    if failures:
        raise failures[0]


def test_an_api_token_made_on_the_account_page_is_in_no_log(  # type: ignore[no-untyped-def]
    app: Flask, fresh_limits: None, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Signed in through the server, the token created, then used by a script: no log line holds it."""
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)
    seen: dict[str, str] = {}

    def browse(base: str) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

        def submit(form_page: str, action: str, **fields: str) -> str:
            page = opener.open(f"{base}{form_page}", timeout=30).read().decode()
            data = urllib.parse.urlencode({**fields, "csrf_token": csrf_token(page)}).encode()
            return opener.open(f"{base}{action}", data=data, timeout=30).read().decode()

        submit("/auth/login", "/auth/login", email="executive@demo.example", password="demo-executive-password")
        page = submit("/account", "/account/tokens", days="30")
        match = re.search(r'<textarea id="token"[^>]*>([^<]+)</textarea>', page)
        assert match, "the page shows no token"
        seen["token"] = html.unescape(match.group(1))
        script = urllib.request.Request(f"{base}/api/v1/organizations",
                                        headers={"Authorization": f"Bearer {seen['token']}"})
        with urllib.request.urlopen(script, timeout=30) as reply:
            seen["api"] = str(reply.status)

    with caplog.at_level(logging.DEBUG):
        browse_through_server(app, browse)
    lines = [r.getMessage() for r in caplog.records]
    assert seen["api"] == "200", "the token opened the API"
    assert any("POST /account/tokens" in line for line in lines), lines
    assert all(seen["token"] not in line for line in lines + caplog.text.splitlines())
    assert all("demo-executive-password" not in line for line in lines)
