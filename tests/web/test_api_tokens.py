"""Personal bearer tokens: printed by the CLI, refused once expired, forged, or voided by the account.

A script holding a token must lose access exactly when a person signed in on
the web would: the account is deactivated or its password changes.
"""
from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from assessment.api.tokens import SALT, api_token
from assessment.auth.tokens import password_token
from assessment.extensions import db
from assessment.models import User
from assessment.operations.accounts import find_user, set_active, set_password
from tests.web.api_contract import checked

ORGS = "/api/v1/organizations"
EXECUTIVE = "executive@demo.example"


def executive() -> User:
    user = find_user(EXECUTIVE)
    assert user is not None
    return user


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def refused(client: FlaskClient, headers: dict[str, str]) -> str:
    reply = client.get(ORGS, headers=headers)
    assert reply.status_code == 401
    return str(checked(reply)["message"])


@pytest.fixture(autouse=True)
def _fresh(fresh_limits: None) -> None:
    """Every test starts under the API's rate limit."""


def test_the_cli_prints_a_token_that_opens_the_api(runner: FlaskCliRunner, client: FlaskClient) -> None:
    result = runner.invoke(args=["user", "token", EXECUTIVE, "--days", "7"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert "\n" not in token and " " not in token
    reply = client.get(ORGS, headers=bearer(token))
    assert reply.status_code == 200
    assert [o["slug"] for o in checked(reply)["organizations"]] == ["northwind"]
    assert reply.headers.get("Set-Cookie") is None, "a script's call must not start a web session"


def test_the_cli_refuses_unknown_and_deactivated_accounts_and_silly_lifetimes(runner: FlaskCliRunner) -> None:
    unknown = runner.invoke(args=["user", "token", "nobody@demo.example"])
    assert unknown.exit_code != 0 and "no account 'nobody@demo.example'" in unknown.output
    assert runner.invoke(args=["user", "token", EXECUTIVE, "--days", "0"]).exit_code != 0
    set_active(executive(), False)
    db.session.commit()
    deactivated = runner.invoke(args=["user", "token", EXECUTIVE])
    assert deactivated.exit_code != 0 and "deactivated" in deactivated.output


def test_a_deactivated_users_token_gets_401(client: FlaskClient) -> None:
    token = api_token(executive(), 30)
    assert client.get(ORGS, headers=bearer(token)).status_code == 200
    set_active(executive(), False)
    db.session.commit()
    assert "invalid, expired or revoked" in refused(client, bearer(token))
    set_active(executive(), True)   # coming back does not revive what it held before
    db.session.commit()
    assert "invalid, expired or revoked" in refused(client, bearer(token))
    assert client.get(ORGS, headers=bearer(api_token(executive(), 30))).status_code == 200


def test_a_password_change_revokes_every_token(client: FlaskClient) -> None:
    token = api_token(executive(), 30)
    assert client.get(ORGS, headers=bearer(token)).status_code == 200
    set_password(executive(), "a brand new password for the executive")
    db.session.commit()
    assert "revoked" in refused(client, bearer(token))
    fresh = api_token(executive(), 30)
    assert client.get(ORGS, headers=bearer(fresh)).status_code == 200


class _SignedLongAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int((dt.datetime.now(dt.UTC) - dt.timedelta(days=8)).timestamp())


def test_an_expired_token_gets_401(app: Flask, client: FlaskClient) -> None:
    """A seven-day token signed eight days ago, by the app's own key and salt."""
    user = executive()
    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=SALT, signer=_SignedLongAgo)
    expired = old.dumps([user.id, user.credential_stamp, 7])
    assert "expired" in refused(client, bearer(expired))
    still_valid = old.dumps([user.id, user.credential_stamp, 9])
    assert client.get(ORGS, headers=bearer(still_valid)).status_code == 200


def test_forged_borrowed_and_malformed_credentials_get_401(client: FlaskClient) -> None:
    user = executive()
    forged = URLSafeTimedSerializer("not-the-secret", salt=SALT).dumps([user.id, user.credential_stamp, 30])
    refused(client, bearer(forged))
    refused(client, bearer(password_token(user, "reset")))  # a password link is no API token
    assert "Bearer" in refused(client, {"Authorization": f"Basic {api_token(user)}"})
    refused(client, {"Authorization": "Bearer"})


def test_a_token_opens_the_api_only_not_the_web_pages(client: FlaskClient) -> None:
    reply = client.get("/results/northwind/2026-Q3", headers=bearer(api_token(executive())))
    assert reply.status_code == 302 and "/auth/login" in reply.headers["Location"]


def test_a_signed_in_session_loses_the_api_with_its_account(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    assert client.get(ORGS).status_code == 200
    set_active(executive(), False)
    db.session.commit()
    reply = client.get(ORGS)
    assert reply.status_code == 401 and "Location" not in reply.headers and checked(reply)["status"] == 401


def test_the_cli_revokes_every_token_of_an_account_and_nothing_else(runner: FlaskCliRunner, client: FlaskClient,
                                                                    login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    token = api_token(executive(), 30)
    result = runner.invoke(args=["user", "revoke-tokens", EXECUTIVE])
    assert result.exit_code == 0 and "revoked every API token of executive@demo.example" in result.output
    assert "revoked" in refused(client, bearer(token))  # a bad token is refused even beside a session
    assert client.get("/results/northwind/2026-Q3").status_code == 200, "the executive is still signed in"
    unknown = runner.invoke(args=["user", "revoke-tokens", "nobody@demo.example"])
    assert unknown.exit_code != 0 and "no account 'nobody@demo.example'" in unknown.output


def test_the_cli_refuses_a_token_to_an_account_without_a_password(runner: FlaskCliRunner) -> None:
    user = executive()
    user.password_hash = None  # as an invited account that has not followed its link yet
    db.session.commit()
    result = runner.invoke(args=["user", "token", EXECUTIVE])
    assert result.exit_code != 0 and "has not set a password yet" in result.output
