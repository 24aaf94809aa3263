"""Logs never carry a survey token: a real request through Werkzeug's server, captured.

The test client skips the server's request log, so the request goes over a
socket to ``werkzeug.serving``; the server handles it on this thread (where
the test's database connection lives) while a helper thread plays the browser.
"""
from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request

import pytest
from flask import Flask
from werkzeug.serving import make_server

from assessment.log_privacy import REDACTED, TokenRedaction, redact


def fetch_through_server(app: Flask, path: str) -> int:
    server = make_server("127.0.0.1", 0, app)
    status: list[int] = []

    def browse() -> None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=30) as reply:
                status.append(reply.status)
        except urllib.error.HTTPError as error:
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
