"""The Account page: every signed-in user changes their own password and creates or revokes API tokens.

A token appears once, on the answer to the form that created it: not in a URL, a
flash (the session cookie is signed, not encrypted), the audit log or the database.
"""
from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from assessment.api.tokens import DEFAULT_DAYS, MAX_DAYS, SALT, api_token
from assessment.auth.sessions import SIGN_IN, start_sign_in
from assessment.extensions import db
from assessment.models import AuditEntry, User
from assessment.operations.accounts import authenticate, find_user
from tests.conftest import RequestScopedClient, csrf_token
from tests.web.api_contract import checked

ORGS = "/api/v1/organizations"
CLOSED = "/results/northwind/2026-Q3"
EXECUTIVE, OLD, NEW = "executive@demo.example", "demo-executive-password", "a brand new executive passphrase"
TOKEN_ON_PAGE = re.compile(r'<textarea id="token"[^>]*>([^<]+)</textarea>')


def executive() -> User:
    user = find_user(EXECUTIVE)
    assert user is not None
    return user


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def another_client(app: Flask) -> FlaskClient:
    return RequestScopedClient(app, app.response_class, use_cookies=True)


def post(client: FlaskClient, path: str, **fields: str) -> tuple[int, str]:
    token = csrf_token(client.get("/account").get_data(as_text=True))
    reply = client.post(path, data={**fields, "csrf_token": token})
    return reply.status_code, reply.headers.get("Location") or reply.get_data(as_text=True)


def change_password(client: FlaskClient, current: str, new: str, again: str | None = None) -> tuple[int, str]:
    return post(client, "/account/password", current=current, password=new, confirm=new if again is None else again)


def create_token(client: FlaskClient, days: str = str(DEFAULT_DAYS)) -> str:
    status, page = post(client, "/account/tokens", days=days)
    assert status == 200, page
    match = TOKEN_ON_PAGE.search(page)
    assert match, "the page shows no token"
    return html.unescape(match.group(1))


def api_status(app: Flask, token: str) -> int:
    """A script's call: its own client, no cookie, only the token."""
    reply = another_client(app).get(ORGS, headers=bearer(token))
    reply.close()
    return reply.status_code


@pytest.mark.parametrize("role", ["admin", "consultant", "executive", "team_lead"])
def test_every_role_reaches_its_account_page_from_the_nav(client: FlaskClient, login, role: str) -> None:  # type: ignore[no-untyped-def]
    login(client, role)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/account">Account</a>' in home
    page = client.get("/account")
    text = page.get_data(as_text=True)
    user = db.session.execute(db.select(User).filter_by(role=role).order_by(User.id)).scalars().first()
    assert user is not None
    assert page.status_code == 200 and user.email in text and user.role.label.capitalize() in text
    assert "Change the password" in text and "Create a token" in text and "Revoke all my API tokens" in text


def test_the_page_says_whose_organizations_the_account_sees(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    assert "Northwind Traders" in client.get("/account").get_data(as_text=True)
    login(client, "admin")
    assert "Every organization" in client.get("/account").get_data(as_text=True)
    login(client, "consultant")
    consultant = find_user("consultant@demo.example")
    assert consultant is not None and consultant.consulted
    assert ", ".join(o.name for o in consultant.consulted) in client.get("/account").get_data(as_text=True)
    login(client, "team_lead")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    assert f"The {lead.team.name} team, and the organization-level figures of Northwind Traders" \
        in html.unescape(client.get("/account").get_data(as_text=True))


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    for path in ("/account", "/account/password", "/account/tokens"):
        reply = client.get(path)
        assert reply.status_code == 302 and "/auth/login?next=" in reply.headers["Location"], path
    reply = client.post("/account/tokens", data={"days": "30"})
    assert reply.status_code in (302, 400) and "Bearer" not in reply.get_data(as_text=True)


def test_the_page_warns_before_a_password_change_what_it_ends(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    text = client.get("/account").get_data(as_text=True)
    assert "You stay signed in on this browser" in text
    assert "Everywhere else you are signed out, and every API token you" in text


def test_a_password_change_keeps_this_session_and_ends_the_others_and_every_token(
    app: Flask, client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "executive")
    elsewhere = login(another_client(app), "executive")
    token = api_token(executive(), 30)
    assert api_status(app, token) == 200
    status, location = change_password(client, OLD, NEW)
    assert (status, location) == (302, "/account")
    page = client.get("/account").get_data(as_text=True)
    assert "Your password is changed. You are still signed in here" in page
    assert client.get(CLOSED).status_code == 200, "this browser stays signed in"
    assert elsewhere.get(CLOSED).status_code == 302, "the other browser is signed out"
    assert api_status(app, token) == 401
    assert authenticate(EXECUTIVE, NEW) is not None and authenticate(EXECUTIVE, OLD) is None
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="user.password")).scalar_one()
    assert (entry.actor, entry.target) == (EXECUTIVE, f"{EXECUTIVE}: changed on the Account page")


def test_a_wrong_current_password_changes_nothing(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    token = api_token(executive(), 30)
    status, page = change_password(client, "not my password", NEW)
    assert status == 422 and "That is not your current password. Nothing was changed." in page
    assert authenticate(EXECUTIVE, OLD) is not None
    assert client.get(CLOSED).status_code == 200 and api_status(app, token) == 200
    assert db.session.execute(db.select(AuditEntry).filter_by(action="user.password")).first() is None


@pytest.mark.parametrize(("new", "again", "message"), [
    ("short", "short", "Field must be between 10 and 256 characters long."),
    (NEW, NEW + "!", "The two passwords differ."),
])
def test_a_new_password_is_held_to_the_rules_of_the_password_links(
    client: FlaskClient, login, new: str, again: str, message: str  # type: ignore[no-untyped-def]
) -> None:
    login(client, "executive")
    status, page = change_password(client, OLD, new, again)
    assert status == 422 and message in page
    assert authenticate(EXECUTIVE, OLD) is not None


def test_a_wrong_current_password_and_differing_new_ones_are_said_at_once(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Told only that the two new passwords differed, a reader fixed them and was then told the current one was
    wrong: two tries for what one page could say."""
    login(client, "executive")
    status, page = change_password(client, "not my password", NEW, NEW + "!")
    assert status == 422
    assert "That is not your current password. Nothing was changed." in page and "The two passwords differ." in page
    assert authenticate(EXECUTIVE, OLD) is not None


def test_wrong_current_passwords_are_throttled_per_account(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A session left open on a shared computer must not become a way to guess the password."""
    login(client, "executive")
    for _ in range(5):
        assert change_password(client, "a guess at it", NEW)[0] == 422
    status, page = change_password(client, OLD, NEW)
    assert status == 429 and "Too many wrong current passwords" in page
    assert authenticate(EXECUTIVE, OLD) is not None


def test_a_mistyped_new_password_does_not_count_towards_the_throttle(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    for _ in range(6):
        assert change_password(client, OLD, NEW, NEW + "?")[0] == 422
    assert change_password(client, OLD, NEW)[0] == 302


def test_a_password_change_without_the_csrf_token_is_refused(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    for path, data in (("/account/password", {"current": OLD, "password": NEW, "confirm": NEW}),
                       ("/account/tokens", {"days": "30"}), ("/account/tokens/revoke", {})):
        reply = client.post(path, data=data)
        text = " ".join(reply.get_data(as_text=True).split())
        assert reply.status_code == 400 and "Nothing was done" in text and "Open the page again" in text, path
    assert authenticate(EXECUTIVE, OLD) is not None and executive().api_token_generation == 0
    assert db.session.execute(db.select(AuditEntry).filter(AuditEntry.action.like("user.%"))).first() is None


def test_a_new_token_is_shown_once_and_opens_the_api(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    token_ = csrf_token(client.get("/account").get_data(as_text=True))
    reply = client.post("/account/tokens", data={"days": "30", "csrf_token": token_})
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    page = reply.get_data(as_text=True)
    token = html.unescape(TOKEN_ON_PAGE.search(page).group(1))  # type: ignore[union-attr]
    assert "shown only this once" in page and "It works for 30 days, until" in page
    assert f'curl -H "Authorization: Bearer {token}" http://survey.test/api/v1/organizations' in html.unescape(page)
    script = another_client(app).get(ORGS, headers=bearer(token))
    assert script.status_code == 200
    assert [o["slug"] for o in checked(script)["organizations"]] == ["northwind"]
    # Nowhere else: not in the next page, the session, the audit log or the account's row.
    assert token not in client.get("/account").get_data(as_text=True)
    with client.session_transaction() as session:
        assert token not in repr(dict(session))
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="user.token")).scalar_one()
    assert (entry.actor, entry.target) == (EXECUTIVE, f"{EXECUTIVE}, for 30 days")


def test_the_account_page_counts_the_tokens_that_may_still_work(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    assert "not expired yet" not in client.get("/account").get_data(as_text=True)
    create_token(client, "30")
    create_token(client, "7")
    assert ("2 tokens issued to you since your tokens were last stopped (a password change, a revocation, a change of "
            "what you may read) have not expired yet") in client.get("/account").get_data(as_text=True)
    post(client, "/account/tokens/revoke")
    page = client.get("/account").get_data(as_text=True)
    assert "not expired yet" not in page and "The latest was issued on" in page


@pytest.mark.parametrize(("days", "message"), [
    ("0", f"From 1 to {MAX_DAYS} days."), (str(MAX_DAYS + 1), f"From 1 to {MAX_DAYS} days."),
    ("a month", f"Type a whole number of days, from 1 to {MAX_DAYS}."),
    ("", f"Type a whole number of days, from 1 to {MAX_DAYS}."),
])
def test_a_silly_lifetime_gets_no_token(client: FlaskClient, login, days: str, message: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    status, page = post(client, "/account/tokens", days=days)
    assert status == 422 and message in page and TOKEN_ON_PAGE.search(page) is None
    assert db.session.execute(db.select(AuditEntry).filter_by(action="user.token")).first() is None


def test_the_form_offers_the_default_lifetime(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    page = client.get("/account").get_data(as_text=True)
    assert re.search(rf'<input[^>]*id="days"[^>]*value="{DEFAULT_DAYS}"', page)
    assert f'max="{MAX_DAYS}"' in page


def test_revoking_ends_every_token_and_nothing_else(app: Flask, client: FlaskClient, login, runner) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    from_the_page = create_token(client)
    from_the_cli = runner.invoke(args=["user", "token", EXECUTIVE]).output.strip()
    assert api_status(app, from_the_page) == api_status(app, from_the_cli) == 200
    status, location = post(client, "/account/tokens/revoke")
    assert (status, location) == (302, "/account#tokens")
    assert "Every API token you held has stopped working" in client.get("/account").get_data(as_text=True)
    assert api_status(app, from_the_page) == api_status(app, from_the_cli) == 401
    assert client.get(CLOSED).status_code == 200 and authenticate(EXECUTIVE, OLD) is not None
    assert api_status(app, create_token(client)) == 200, "a token created after the revocation works"
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="user.token_revoke")).scalar_one()
    assert entry.target == f"{EXECUTIVE}: every API token revoked"


def test_a_token_of_before_revocation_existed_works_until_revoked(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Three fields, as `alignment user token` printed them before migration 0012."""
    user = executive()
    older = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=SALT).dumps([user.id, user.credential_stamp, 30])
    assert api_status(app, older) == 200
    login(client, "executive")
    post(client, "/account/tokens/revoke")
    assert api_status(app, older) == 401


def test_a_password_change_ends_a_token_made_on_the_page(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    token = create_token(client)
    assert api_status(app, token) == 200
    assert change_password(client, "demo-consultant-password", NEW)[0] == 302
    assert api_status(app, token) == 401
    assert api_status(app, create_token(client)) == 200, "the same browser creates a working one at once"


def test_an_account_that_may_hold_no_token_is_told_so_instead_of_a_form(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Guards the rule should a session ever outlive its password: here one is forged for an account without one."""
    user = executive()
    user.password_hash = None
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session[SIGN_IN] = start_sign_in(user)
        session["_fresh"] = True
    page = client.get("/account")
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and user.email in text
    assert "This account cannot hold API tokens: executive@demo.example has not set a password yet." in text
    assert "Create a token" not in text
    status, refused = post(client, "/account/tokens", days="30")
    assert status == 422 and "No token was created" in html.unescape(refused) and TOKEN_ON_PAGE.search(refused) is None


def test_every_label_on_the_page_names_one_control(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Two elements with one id send a click on a label, or a screen reader, to the wrong place."""
    login(client, "executive")
    page = client.get("/account").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for target in re.findall(r'<label for="([^"]+)"', page):
        assert re.search(rf'<(input|textarea|select)[^>]*\sid="{target}"', page), target


def test_a_password_set_from_a_reset_link_is_audited_and_voids_the_tokens_counted(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    from assessment.auth.tokens import password_token

    login(client, "executive")
    create_token(client)
    link = f"/auth/password/reset/{password_token(executive(), 'reset')}"
    form = client.get(link).get_data(as_text=True)
    assert client.post(link, data={"password": NEW, "confirm": NEW, "csrf_token": csrf_token(form)}).status_code == 302
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="user.password")).scalar_one()
    assert entry.target == f"{EXECUTIVE}: set from an emailed reset link"
    assert "not expired yet" not in client.get("/account").get_data(as_text=True)
