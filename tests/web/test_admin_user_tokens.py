"""An admin, from the account's page, sees whether it holds API tokens and can revoke them without a shell."""
from __future__ import annotations

import html as entities
import re

from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Organization
from assessment.operations.accounts import find_user
from tests.conftest import RequestScopedClient, csrf_token
from tests.web.api_contract import checked

ORGS = "/api/v1/organizations"


def signed_in_with_a_token(app: Flask, login, role: str) -> tuple[FlaskClient, dict[str, str]]:  # type: ignore[no-untyped-def]
    """The role's own browser, and the headers of a token it made on its Account page, as a dashboard holds them."""
    holder = login(RequestScopedClient(app, app.response_class, use_cookies=True), role)
    page = holder.get("/account").get_data(as_text=True)
    made = holder.post("/account/tokens", data={"days": "30", "csrf_token": csrf_token(page)})
    token = entities.unescape(re.search(r'<textarea id="token"[^>]*>([^<]+)</textarea>', made.get_data(as_text=True))
                              .group(1))  # type: ignore[union-attr]
    return holder, {"Authorization": f"Bearer {token}"}


def test_an_admin_revokes_a_leaked_token_and_its_holder_stays_signed_in(
    app: Flask, client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    holder, dashboard = signed_in_with_a_token(app, login, "team_lead")
    assert client.get(ORGS, headers=dashboard).status_code == 200

    lead = find_user("lead@demo.example")
    assert lead is not None
    login(client, "admin")
    account = client.get(f"/admin/users/{lead.id}").get_data(as_text=True)
    assert "1 token issued to this account" in account and "has not expired yet" in account
    reply = client.post(f"/admin/users/{lead.id}/tokens/revoke", data={"csrf_token": csrf_token(account)},
                        follow_redirects=True)
    shown = reply.get_data(as_text=True)
    assert reply.status_code == 200 and "Every API token of lead@demo.example has stopped working" in shown
    assert "Every token issued to this account has expired or been revoked." in shown

    refused = client.get(ORGS, headers=dashboard)
    assert refused.status_code == 401 and "revoked" in checked(refused)["message"]
    # Only the tokens: the lead's own sign-in goes on, and their Account page no longer counts the token.
    own = holder.get("/account")
    assert own.status_code == 200 and "has not expired yet" not in own.get_data(as_text=True)


def test_an_account_that_never_held_a_token_says_so(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    executive = find_user("executive@demo.example")
    assert executive is not None
    login(client, "admin")
    assert "No API token has been issued to this account." in client.get(f"/admin/users/{executive.id}").get_data(
        as_text=True)


def test_moving_an_account_to_another_client_stops_its_tokens_and_saving_it_unchanged_does_not(
    app: Flask, client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """A token reads what its account may read: an executive moved to another client kept a dashboard token
    that then read the new client's results."""
    _, dashboard = signed_in_with_a_token(app, login, "executive")
    # The dashboard calls without the admin's cookie: with it, the answer was the admin's, whatever the token did.
    script = RequestScopedClient(app, app.response_class, use_cookies=False)
    executive = find_user("executive@demo.example")
    assert executive is not None and executive.organization is not None
    login(client, "admin")

    def save(organization_id: int) -> str:
        form = client.get(f"/admin/users/{executive.id}").get_data(as_text=True)
        reply = client.post(f"/admin/users/{executive.id}", follow_redirects=True, data={
            "csrf_token": csrf_token(form), "role": "executive", "organization": str(organization_id),
            "team": "0", "active": "y"})
        return reply.get_data(as_text=True)

    assert "stopped working" not in save(executive.organization.id)
    assert script.get(ORGS, headers=dashboard).status_code == 200, "saved unchanged, the token goes on"
    other = db.session.execute(db.select(Organization).where(Organization.id != executive.organization.id,
                                                             Organization.slug == "contoso")).scalar_one()
    assert "What it may read changed, so every API token it held has stopped working" in save(other.id)
    refused = script.get(ORGS, headers=dashboard)
    assert refused.status_code == 401 and "revoked" in checked(refused)["message"]
