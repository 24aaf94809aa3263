"""An invitation or reset link read in the request log opens nobody's account: its token is not there."""
from __future__ import annotations

import logging

import pytest
from flask import Flask

from assessment.auth.emails import password_link
from assessment.operations.accounts import find_user
from tests.web.test_log_privacy import fetch_through_server


@pytest.mark.parametrize("purpose", ["invitation", "reset"])
def test_the_request_log_of_a_password_link_holds_no_token(
        app: Flask, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, purpose: str) -> None:
    # Alembic's fileConfig in the session fixture disables loggers that existed before it.
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)
    user = find_user("lead@demo.example")
    assert user is not None
    with app.test_request_context():
        path = password_link(user, purpose).removeprefix(app.config["PUBLIC_URL"])  # type: ignore[arg-type]
    token = path.rsplit("/", 1)[1]
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        assert fetch_through_server(app, path) == 200   # the link itself still opens its page
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any(f"GET /auth/password/{purpose}/<token>" in line for line in lines), lines
    assert all(token not in line for line in caplog.text.splitlines() + lines)


def test_flask_error_log_lines_lose_the_token_too(app: Flask) -> None:
    record = logging.LogRecord("assessment", logging.ERROR, __file__, 1, "Exception on %s [%s]",
                               ("/auth/password/reset/WzQsImQyNzY.awqR9Q.xYTErWLb", "POST"), None)
    for handled in app.logger.filters:
        handled.filter(record)
    assert record.getMessage() == "Exception on /auth/password/reset/<token> [POST]"
