"""Two consultants saving at the same instant: the later one is told what happened, never a server error.

SQLite lets one request write at a time, and refuses a write whose request read before another wrote ("database
is locked"). That request gets a page saying nothing of it was saved and to send it again; sending again works.
PostgreSQL makes the later write wait, so both are saved.
"""
from __future__ import annotations

import html

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from assessment.extensions import db
from assessment.models import Organization, Role
from assessment.operations.accounts import create_user
from tests.conftest import RequestScopedClient, csrf_token

PASSWORD = "a-long-enough-password-7"


def signed_in_consultant(app: Flask) -> RequestScopedClient:
    create_user("consultant@meeting.example", Role.consultant, password=PASSWORD)
    db.session.commit()
    client = RequestScopedClient(app, app.response_class, use_cookies=True)
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    reply = client.post("/auth/login", data={"email": "consultant@meeting.example", "password": PASSWORD,
                                              "csrf_token": token})
    assert reply.status_code == 302
    return client


def new_client(client: RequestScopedClient, name: str, slug: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get("/manage/new").get_data(as_text=True))
    return client.post("/manage/new", data={"csrf_token": token, "name": name, "slug": slug})


def slugs() -> list[str]:
    with db.engine.connect() as connection:
        return sorted(connection.execute(sa.text("SELECT slug FROM organization")).scalars())


def test_a_new_client_saved_as_another_consultant_saves_one_is_kept_or_refused_in_plain_words(
    empty_app: Flask,
) -> None:
    upgrade()
    empty_app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production: a page, not the test's exception
    client = signed_in_consultant(empty_app)
    met: list[str] = []

    def another_consultant(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO organization") and not met:
            met.append(statement)
            with db.engine.begin() as other:
                other.execute(sa.insert(Organization.__table__).values(
                    name="Wingtip Toys", name_key="wingtip toys", slug="wingtip", synthetic=False))

    sa.event.listen(db.engine, "before_cursor_execute", another_consultant)
    try:
        reply = new_client(client, "Blue Yonder", "blue-yonder")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", another_consultant)
    page = " ".join(html.unescape(reply.get_data(as_text=True)).split())
    assert met
    if db.engine.dialect.name == "sqlite":
        assert reply.status_code == 503, page[:400]
        assert "<h1>Not available right now</h1>" in page
        assert "nothing of what you sent was saved. Go back and send it again." in page
        assert reply.headers["Retry-After"] == "5"
        assert slugs() == ["wingtip"]
        assert new_client(client, "Blue Yonder", "blue-yonder").status_code == 302   # sending again works
    else:
        assert reply.status_code == 302, page[:400]
    assert slugs() == ["blue-yonder", "wingtip"]
