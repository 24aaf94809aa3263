"""What an attacker poking at addresses, or the next person at a shared computer, meets: never a server error,
never a staff page kept in the browser's cache."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from assessment import create_app
from tests.conftest import app_config, csrf_token

#: Past SQLite's 64-bit INTEGER, and past PostgreSQL's 32-bit one: both were refused by the database, a 500.
TOO_LARGE = ["99999999999999999999999", str(2**63), str(2**31)]


@pytest.mark.parametrize("number", TOO_LARGE)
def test_an_id_too_large_for_the_database_is_a_page_that_is_not_there(client: FlaskClient, login, number: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "admin")
    token = csrf_token(client.get("/admin/users").get_data(as_text=True))
    replies = [
        client.get(f"/admin/users/{number}"),
        client.post(f"/admin/users/{number}/invitation", data={"csrf_token": token}),
        client.post(f"/admin/users/{number}/tokens/revoke", data={"csrf_token": token}),
        client.get(f"/manage/northwind/access/{number}/remove"),
        client.get(f"/manage/northwind/roster/participants/{number}/erase"),
        client.get(f"/results/northwind/2026-Q3/teams/channel-sales/actions/{number}"),
    ]
    for reply in replies:
        assert reply.status_code == 404, reply.request.path
        assert "Nothing to show here" in reply.get_data(as_text=True)


def test_the_largest_id_still_reaches_its_view(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The bound refuses only what no row can have: the view itself answers for an id that is merely unknown."""
    login(client, "admin")
    assert client.get(f"/admin/users/{2**31 - 1}").status_code == 404
    assert client.get("/admin/users/1").status_code == 200


@pytest.mark.parametrize("who, path", [
    ("admin", "/admin/users"),
    ("admin", "/account"),
    ("executive", "/results/northwind/2026-Q3"),
    ("team_lead", "/"),
])
def test_a_page_drawn_for_a_signed_in_user_is_kept_by_no_cache(client: FlaskClient, login, who: str, path: str) -> None:  # type: ignore[no-untyped-def]
    """Otherwise the next person at a shared computer pressed Back after the sign-out and read it."""
    login(client, who)
    reply = client.get(path)
    assert reply.status_code == 200
    assert reply.headers.get("Cache-Control") == "no-store"


def test_anonymous_pages_and_static_files_stay_cacheable(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    assert "no-store" not in client.get("/auth/login").headers.get("Cache-Control", "")
    login(client, "admin")
    with client.get("/static/app.css") as stylesheet:   # a file response: closed, or its file stays open
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")


@pytest.mark.parametrize("public_url, pinned", [("https://alignment.example", True), ("http://127.0.0.1:5000", False)])
def test_an_instance_served_over_https_tells_browsers_to_come_back_over_https_only(
        tmp_path: Path, public_url: str, pinned: bool) -> None:
    """Else the first visit typed without https:// went out in plain text, where a network could answer it."""
    app = create_app({**app_config(tmp_path, f"sqlite:///{tmp_path / 'hsts.sqlite'}"), "PUBLIC_URL": public_url})
    reply = app.test_client().get("/auth/login")
    assert reply.status_code == 200
    assert ("max-age=31536000" == reply.headers.get("Strict-Transport-Security")) is pinned


def test_a_form_sent_too_large_is_refused_in_plain_words(client: FlaskClient) -> None:
    """A sign-in page holds no file: "That file is too large" and Werkzeug's "capacity limit" puzzled whoever met it."""
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    reply = client.post("/auth/login", data={"email": "a@client.example", "password": "x" * (17 * 1024 * 1024),
                                             "csrf_token": token})
    page = reply.get_data(as_text=True)
    assert reply.status_code == 413
    assert "What was sent is too large" in page and "nothing was changed" in page
    assert "capacity limit" not in page and "file is too large" not in page
