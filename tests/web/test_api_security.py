"""The API as an attacker, or a confused script author, meets it: whose answer it is is never in doubt."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.web.api_contract import checked
from tests.web.test_api import API, bearer  # noqa: F401  (the fixture)


@pytest.mark.parametrize("session, token", [("admin", "team_lead"), ("team_lead", "admin")])
def test_a_token_sent_from_a_browser_signed_in_as_another_account_is_refused(
        client: FlaskClient, login, bearer, session: str, token: str) -> None:  # type: ignore[no-untyped-def]
    """The cookie's account used to answer: a lead's token tried in an admin's browser listed every client."""
    login(client, session)
    reply = client.get(f"{API}/organizations", headers=bearer(token))
    assert reply.status_code == 401
    assert "different accounts" in checked(reply)["message"]


def test_a_token_and_a_session_of_the_same_account_are_answered(client: FlaskClient, login, bearer) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    reply = client.get(f"{API}/organizations", headers=bearer("team_lead"))
    assert reply.status_code == 200
    assert [o["slug"] for o in checked(reply)["organizations"]] == ["northwind"]
