"""Signing in and out: what succeeds, what is refused, and how repeated failures are throttled."""
from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import SignIn
from assessment.operations.accounts import find_user, set_password
from tests.conftest import RequestScopedClient, csrf_token

CLOSED = "/results/northwind/2026-Q3"
REFUSED = "That email and password don&#39;t match an active account."


def attempt(client: FlaskClient, email: str, password: str, address: str = "127.0.0.1", next_: str = "") -> tuple[int, str]:
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    reply = client.post(f"/auth/login{next_}", data={"email": email, "password": password, "csrf_token": token},
                        environ_base={"REMOTE_ADDR": address})
    return reply.status_code, reply.headers.get("Location") or reply.get_data(as_text=True)


def test_a_demo_account_signs_in_sees_its_results_and_signs_out(client: FlaskClient, fresh_limits: None) -> None:
    assert client.get(CLOSED).status_code == 302
    status, location = attempt(client, "Executive@Demo.Example ", "demo-executive-password")
    assert (status, location) == (302, "/")
    home = client.get("/").get_data(as_text=True)
    assert "executive@demo.example" in home and "Sign out" in home
    assert client.get(CLOSED).status_code == 200
    token = csrf_token(home)
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code == 302
    assert client.get(CLOSED).status_code == 302


def test_signing_out_ends_the_sign_in_for_a_copy_of_the_cookie_too(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A session cookie is only signed: copied before sign-out (a shared computer, a proxy's log), it signed
    its bearer in still. Another browser's sign-in of the same account is not ended."""
    login(client, "executive")
    copied = client.get_cookie("session").value  # type: ignore[union-attr]
    elsewhere = login(RequestScopedClient(app, app.response_class, use_cookies=True), "executive")
    assert client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))}
                       ).status_code == 302
    thief = RequestScopedClient(app, app.response_class, use_cookies=True)
    thief.set_cookie("session", copied)
    assert thief.get(CLOSED).status_code == 302
    assert thief.get("/api/v1/organizations").status_code == 401
    assert elsewhere.get(CLOSED).status_code == 200


def test_signing_in_again_in_the_same_browser_ends_the_earlier_sign_in(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Another person signing in on a shared computer: a copy of the first person's cookie is dead too."""
    login(client, "executive")
    copied = client.get_cookie("session").value  # type: ignore[union-attr]
    login(client, "team_lead")
    thief = RequestScopedClient(app, app.response_class, use_cookies=True)
    thief.set_cookie("session", copied)
    assert thief.get(CLOSED).status_code == 302
    assert client.get(CLOSED).status_code == 200   # the lead, signed in now


def test_a_sign_in_lasts_thirty_days(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    assert client.get(CLOSED).status_code == 200
    sign_in = db.session.execute(db.select(SignIn)).scalar_one()
    sign_in.started_at -= dt.timedelta(days=30)
    db.session.commit()
    assert client.get(CLOSED).status_code == 302


def test_a_wrong_password_and_an_unknown_address_get_the_same_refusal(client: FlaskClient, fresh_limits: None) -> None:
    wrong_password = attempt(client, "executive@demo.example", "not-the-password")
    unknown = attempt(client, "nobody@demo.example", "not-the-password")
    assert wrong_password[0] == unknown[0] == 401
    assert REFUSED in wrong_password[1] and REFUSED in unknown[1]
    assert client.get(CLOSED).status_code == 302


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(client: FlaskClient, fresh_limits: None) -> None:
    reply = client.get(CLOSED)
    assert "/auth/login?next=" in reply.headers["Location"]
    assert attempt(client, "admin@demo.example", "demo-admin-password", next_=f"?next={CLOSED}") == (302, CLOSED)
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
        assert attempt(client, "admin@demo.example", "demo-admin-password", next_=f"?next={evil}") == (302, "/")


def test_a_deactivated_account_cannot_sign_in(client: FlaskClient, fresh_limits: None) -> None:
    user = find_user("lead@demo.example")
    assert user is not None
    user.active = False
    db.session.commit()
    status, body = attempt(client, "lead@demo.example", "demo-lead-password")
    assert status == 401 and REFUSED in body


def test_a_new_password_signs_out_every_other_session(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert client.get(CLOSED).status_code == 200
    user = find_user("consultant@demo.example")
    assert user is not None
    set_password(user, "a brand new passphrase")
    db.session.commit()
    assert client.get(CLOSED).status_code == 302


def test_sign_in_attempts_are_throttled_per_account_with_a_clear_message(client: FlaskClient, fresh_limits: None) -> None:
    """Five failures from five addresses lock the account for a while; the right password waits too."""
    for i in range(5):
        assert attempt(client, "admin@demo.example", "guess", address=f"10.0.0.{i}")[0] == 401
    status, body = attempt(client, "admin@demo.example", "demo-admin-password", address="10.0.0.99")
    assert status == 429
    assert "Too many sign-in attempts" in body and "wait 15 minutes" in body
    # Other accounts are not affected by the attack on this one.
    assert attempt(client, "executive@demo.example", "demo-executive-password", address="10.0.0.99")[0] == 302


def test_sign_in_attempts_are_throttled_per_address(client: FlaskClient, fresh_limits: None) -> None:
    """Thirty failures from one address against many accounts block that address, and only it."""
    for i in range(30):
        assert attempt(client, f"someone{i}@client.example", "guess", address="10.9.9.9")[0] == 401
    status, body = attempt(client, "executive@demo.example", "demo-executive-password", address="10.9.9.9")
    assert status == 429 and "Too many sign-in attempts" in body
    assert attempt(client, "executive@demo.example", "demo-executive-password", address="10.9.9.10")[0] == 302


def test_successful_sign_ins_do_not_count_against_the_limit(client: FlaskClient, fresh_limits: None) -> None:
    for _ in range(7):
        assert attempt(client, "lead@demo.example", "demo-lead-password")[0] == 302
        client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})


def test_session_cookie_is_httponly_and_samesite(client: FlaskClient, fresh_limits: None) -> None:
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    reply = client.post("/auth/login", data={"email": "admin@demo.example", "password": "demo-admin-password",
                                             "csrf_token": token})
    cookie = next(h for h in reply.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the suite's PUBLIC_URL is plain http; see test_config for https


def test_every_page_carries_the_security_headers(client: FlaskClient) -> None:
    for path in ("/", "/auth/login", "/s/not-a-token"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_pages_of_the_app_have_no_inline_script(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "admin")
    for path in ("/", "/auth/login", "/admin/users", "/admin/users/new", CLOSED):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " on" + "click=" not in html, path


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_throttled(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With PROXY_HOPS set, clients behind one proxy are throttled apart; without it the header is ignored."""
    from assessment import create_app
    from assessment.extensions import limiter
    from tests.conftest import app_config

    for hops, other_client_throttled in ((1, False), (0, True)):
        app = create_app({**app_config(tmp_path, f"sqlite:///{tmp_path / f'proxy{hops}.sqlite'}"), "PROXY_HOPS": hops,
                          "SIGN_IN_LIMIT_PER_ADDRESS": "2 per hour"})
        limiter.reset()
        client = app.test_client()
        with app.app_context():
            db.create_all()
            statuses = []
            for forwarded in ("203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2"):
                token = csrf_token(client.get("/auth/login").get_data(as_text=True))
                statuses.append(client.post("/auth/login", headers={"X-Forwarded-For": forwarded}, data={
                    "email": f"x{len(statuses)}@client.example", "password": "guess", "csrf_token": token,
                }).status_code)
        with app.app_context():
            db.engine.dispose()
        assert statuses[:3] == [401, 401, 429]
        assert (statuses[3] == 429) is other_client_throttled


def test_a_sign_in_page_left_open_across_a_sign_out_gives_the_form_back(client: FlaskClient, fresh_limits: None) -> None:
    """Signed out in another tab, the old page's token no longer matches: the person is asked again, not shown a 400."""
    old_page = client.get("/auth/login").get_data(as_text=True)
    client.delete_cookie("session")  # what signing out in another tab, or a new browser session, does to it
    stale = client.post("/auth/login", data={"email": "executive@demo.example", "password": "demo-executive-password",
                                             "csrf_token": csrf_token(old_page)})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 400 and "you were not signed in. Please enter your password again." in page
    assert 'value="executive@demo.example"' in page and "CSRF" not in page
    again = client.post("/auth/login", data={"email": "executive@demo.example", "password": "demo-executive-password",
                                             "csrf_token": csrf_token(page)})
    assert again.status_code == 302


def test_a_browser_that_refuses_cookies_is_told_to_allow_them_when_the_form_comes_back_again(
        client: FlaskClient, fresh_limits: None) -> None:
    """The form given back sets a fresh cookie; sent again without it, the browser refuses cookies, so say that."""
    old_page = client.get("/auth/login").get_data(as_text=True)
    client.delete_cookie("session")
    given_back = client.post("/auth/login", data={"email": "executive@demo.example", "password": "x",
                                                  "csrf_token": csrf_token(old_page)}).get_data(as_text=True)
    assert "Please allow cookies" not in given_back  # a first refusal may be a sign-out in another tab
    assert '<input type="hidden" name="given_back" value="1">' in given_back
    client.delete_cookie("session")  # what a browser that refuses cookies does with the one just set
    again = client.post("/auth/login", data={"email": "executive@demo.example", "password": "x",
                                             "csrf_token": csrf_token(given_back), "given_back": "1"})
    page = again.get_data(as_text=True)
    assert again.status_code == 400 and "Please allow cookies for this site" in page
    assert 'value="executive@demo.example"' in page


def test_sign_out_from_a_page_of_an_earlier_session_says_whether_the_person_is_still_signed_in(
        client: FlaskClient, fresh_limits: None) -> None:
    """Tab A open; in tab B the person signs out and in again: tab A's Sign out carries the old session's token."""
    old_page = client.get("/auth/login").get_data(as_text=True)
    attempt(client, "executive@demo.example", "demo-executive-password")  # a new session: a new token
    still = client.post("/auth/logout", data={"csrf_token": csrf_token(old_page)})
    page = still.get_data(as_text=True)
    assert still.status_code == 400 and "Nothing was done" in page and "CSRF" not in page
    assert client.get(CLOSED).status_code == 200  # still signed in, as the page says; its own Sign out works
    assert client.post("/auth/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    assert client.get(CLOSED).status_code == 302


def test_sign_out_after_the_session_ended_anyway_says_the_person_is_signed_out(
        client: FlaskClient, fresh_limits: None) -> None:
    attempt(client, "executive@demo.example", "demo-executive-password")
    token = csrf_token(client.get("/").get_data(as_text=True))
    client.delete_cookie("session")  # the browser restarted with the page restored
    reply = client.post("/auth/logout", data={"csrf_token": token}, follow_redirects=True)
    assert reply.status_code == 200 and "You are signed out." in reply.get_data(as_text=True)


def test_a_refused_sign_in_says_so_in_the_page_title(client: FlaskClient, fresh_limits: None) -> None:
    """The title is what a screen reader reads first when the page comes back: it names the refusal."""
    assert "<title>Sign in · Alignment Health</title>" in client.get("/auth/login").get_data(as_text=True)
    status, body = attempt(client, "executive@demo.example", "not-the-password")
    assert status == 401 and "<title>Error: not signed in · Sign in · Alignment Health</title>" in body
