"""The web on a database that `alignment db upgrade` has not brought up to date: a 503 that says what to do,
as the command line says it, instead of a server error; any other database error stays a server error."""
from __future__ import annotations

import html

import pytest
import sqlalchemy as sa
from flask import Flask

from flask_migrate import upgrade

from assessment.extensions import db
from tests.conftest import RequestScopedClient

ADVICE = "an administrator needs to run alignment db upgrade"


def _client(app: Flask) -> RequestScopedClient:
    return RequestScopedClient(app, app.response_class, use_cookies=True)


@pytest.mark.parametrize("path", ["/", "/s/some-survey-link"])
def test_a_page_says_the_database_needs_its_upgrade(empty_app: Flask, path: str) -> None:
    reply = _client(empty_app).get(path)
    page = " ".join(html.unescape(reply.get_data(as_text=True)).split())
    assert reply.status_code == 503, page[:500]
    assert ADVICE in page and "<h1>Not available right now</h1>" in page
    assert "sqlite" not in page and "postgresql" not in page  # where the database is, is not the reader's business
    assert reply.headers["Retry-After"]


def test_a_signed_in_reader_gets_the_same_page_and_the_api_json(empty_app: Flask) -> None:
    """A session from before the release names a user, whom the page cannot look up in a table not there yet."""
    client = _client(empty_app)
    with client.session_transaction() as session:
        session["_user_id"] = "1:stamp"
    reply = client.get("/")
    assert reply.status_code == 503 and ADVICE in html.unescape(reply.get_data(as_text=True))
    reply = client.get("/api/v1/organizations")
    assert reply.status_code == 503 and ADVICE in reply.get_json()["message"]
    assert reply.headers["Retry-After"]


def test_another_database_error_is_still_a_server_error(empty_app: Flask) -> None:
    """On an up-to-date database a failing query is a fault to see in the log, not an upgrade to run."""
    upgrade()
    empty_app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production: a 500 page, not the test's exception
    empty_app.add_url_rule("/broken", "broken", lambda: str(db.session.execute(sa.text("SELECT * FROM no_such_table")).all()))
    reply = _client(empty_app).get("/broken")
    assert reply.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in reply.get_data(as_text=True)
    assert ADVICE not in reply.get_data(as_text=True)
    db.session.remove()  # as the request's own app context would at its end (this test keeps one open)
    assert _client(empty_app).get("/").status_code == 200  # and the pages work
