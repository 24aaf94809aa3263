"""A dashboard on another origin reads the API with a bearer token, and nothing else crosses origins.

``API_CORS_ORIGINS`` lists the origins; a browser asks first (the preflight) and
then reads the answer only if it names the page's origin. A real browser doing
this is in tests/browser/test_api_cors_browser.py.
"""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment import create_app
from assessment.api.tokens import api_token
from assessment.config import InvalidSetting, cors_origins
from assessment.extensions import limiter
from assessment.operations.accounts import find_user
from tests.conftest import app_config
from tests.web.api_contract import checked

DASH = "https://dash.client.example"
ELSEWHERE = "https://evil.example"
ORGS = "/api/v1/organizations"
SCORES = "/api/v1/organizations/northwind/cycles/2026-Q3/scores"
PREFLIGHT = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}


@pytest.fixture()
def dashboard(app: Flask, fresh_limits: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app set up as with API_CORS_ORIGINS=https://dash.client.example."""
    monkeypatch.setitem(app.config, "API_CORS_ORIGINS", cors_origins(DASH))


def token(email: str = "executive@demo.example") -> dict[str, str]:
    user = find_user(email)
    assert user is not None
    return {"Authorization": f"Bearer {api_token(user, 7)}"}


def cors_headers(reply) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {k: v for k, v in reply.headers.items() if k.lower().startswith("access-control-")}


def test_a_preflight_from_a_listed_origin_is_allowed_without_a_token(client: FlaskClient, dashboard: None) -> None:
    for path in (ORGS, SCORES, "/api/v1/nowhere"):
        reply = client.options(path, headers={"Origin": DASH, **PREFLIGHT})
        assert reply.status_code == 204, path
        assert reply.headers["Access-Control-Allow-Origin"] == DASH
        assert reply.headers["Access-Control-Allow-Methods"] == "GET"
        assert reply.headers["Access-Control-Allow-Headers"] == "Authorization"
        assert int(reply.headers["Access-Control-Max-Age"]) > 0
        assert "Origin" in reply.headers["Vary"]
        assert "Access-Control-Allow-Credentials" not in reply.headers, "the session cookie must never cross origins"


def test_a_preflight_from_any_other_origin_gets_no_permission(client: FlaskClient, dashboard: None) -> None:
    for origin in (ELSEWHERE, "https://dash.client.example.evil.example", "http://dash.client.example", "null"):
        reply = client.options(ORGS, headers={"Origin": origin, **PREFLIGHT})
        assert reply.status_code == 204
        assert cors_headers(reply) == {}, origin
        assert "Origin" in reply.headers["Vary"]


def test_preflights_do_not_spend_the_rate_limit(app: Flask, client: FlaskClient, dashboard: None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2 per minute")
    headers = token()
    try:
        for _ in range(5):
            assert client.options(ORGS, headers={"Origin": DASH, **PREFLIGHT}).status_code == 204
        assert [client.get(ORGS, headers={"Origin": DASH, **headers}).status_code for _ in range(2)] == [200, 200]
        over = client.get(ORGS, headers={"Origin": DASH, **headers})
        assert over.status_code == 429
        # The dashboard can read the refusal and how long to wait.
        assert over.headers["Access-Control-Allow-Origin"] == DASH
        assert "Retry-After" in over.headers["Access-Control-Expose-Headers"]
        assert int(over.headers["Retry-After"]) >= 1
        assert client.options(ORGS, headers={"Origin": DASH, **PREFLIGHT}).status_code == 204, "still asked past the limit"
    finally:
        limiter.reset()


def test_a_call_with_a_token_from_a_listed_origin_is_readable_there(client: FlaskClient, dashboard: None) -> None:
    reply = client.get(ORGS, headers={"Origin": DASH, **token()})
    assert reply.status_code == 200
    assert [o["slug"] for o in checked(reply)["organizations"]] == ["northwind"]
    assert reply.headers["Access-Control-Allow-Origin"] == DASH
    assert "Retry-After" in reply.headers["Access-Control-Expose-Headers"]
    assert "Origin" in reply.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in reply.headers
    assert reply.headers["Cache-Control"] == "no-store"


def test_errors_are_readable_by_the_dashboard_too(client: FlaskClient, dashboard: None) -> None:
    for path, headers, status in ((ORGS, {}, 401), (ORGS, {"Authorization": "Bearer forged"}, 401),
                                  ("/api/v1/organizations/nowhere/cycles", token(), 404),
                                  (f"{SCORES}?teams=north", token(), 400), ("/api/v1/nowhere", token(), 404)):
        reply = client.get(path, headers={"Origin": DASH, **headers})
        assert reply.status_code == status, path
        body = reply.get_json() if path == "/api/v1/nowhere" else checked(reply)  # no route, so not in the contract
        assert body["status"] == status
        assert reply.headers["Access-Control-Allow-Origin"] == DASH, path
        assert "Origin" in reply.headers["Vary"]


def test_another_origin_gets_no_permission_to_read(client: FlaskClient, dashboard: None) -> None:
    reply = client.get(ORGS, headers={"Origin": ELSEWHERE, **token()})
    assert reply.status_code == 200, "answered as to a script; the browser keeps it from the page"
    assert cors_headers(reply) == {}
    assert "Origin" in reply.headers["Vary"], "a cache must not hand one origin's answer to another"


def test_from_a_listed_origin_the_session_cookie_alone_signs_nobody_in(client: FlaskClient, dashboard: None,
                                                                        login) -> None:  # type: ignore[no-untyped-def]
    login(client, "admin")
    assert client.get(ORGS).status_code == 200, "same-origin use of the cookie goes on as before"
    reply = client.get(ORGS, headers={"Origin": DASH})
    assert reply.status_code == 401 and "bearer" in checked(reply)["message"].lower()
    # With a token as well, the answer is the token holder's, never the cookie's account.
    mixed = client.get(ORGS, headers={"Origin": DASH, **token()})
    assert mixed.status_code == 401
    own = client.get(ORGS, headers={"Origin": DASH, **token("admin@demo.example")})
    assert own.status_code == 200


def test_nothing_outside_the_api_gets_cors_headers(client: FlaskClient, dashboard: None) -> None:
    for path in ("/", "/auth/login", "/account", "/static/app.css"):
        reply = client.get(path, headers={"Origin": DASH})
        reply.close()  # the stylesheet's file
        assert reply.status_code < 500
        assert cors_headers(reply) == {}, path
        assert "Origin" not in reply.headers.get("Vary", ""), path
        preflight = client.options(path, headers={"Origin": DASH, **PREFLIGHT})
        assert cors_headers(preflight) == {}, path


def test_by_default_no_origin_is_allowed_and_the_api_answers_as_before(app: Flask, client: FlaskClient,
                                                                       fresh_limits: None) -> None:
    assert app.config["API_CORS_ORIGINS"] == frozenset()
    reply = client.get(ORGS, headers={"Origin": DASH, **token()})
    assert reply.status_code == 200 and cors_headers(reply) == {}
    assert "Origin" not in reply.headers.get("Vary", "")
    preflight = client.options(ORGS, headers={"Origin": DASH, **PREFLIGHT})
    assert preflight.status_code == 401 and cors_headers(preflight) == {}


@pytest.mark.parametrize("setting, said", [
    ("*", "may not contain '*'"),
    ("https://dash.client.example, *", "may not contain '*'"),
    ("https://*.client.example", "may not contain"),
    ("https://dash.client.example/", "is not an origin"),
    ("https://dash.client.example/reports", "is not an origin"),
    ("dash.client.example", "is not an origin"),
    ("https://dash.client.example:99999", "invalid port"),
])
def test_the_app_refuses_to_start_with_a_wildcard_or_something_not_an_origin(
        tmp_path, monkeypatch: pytest.MonkeyPatch, setting: str, said: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("API_CORS_ORIGINS", setting)
    with pytest.raises(InvalidSetting, match="API_CORS_ORIGINS") as refused:
        create_app(app_config(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite'}"))
    assert said in str(refused.value) and "https://dash.example.com" in str(refused.value)


def test_origins_are_read_from_the_environment_as_a_browser_writes_them(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("API_CORS_ORIGINS", " https://Dash.Client.example:443 , http://127.0.0.1:8050,")
    app = create_app(app_config(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite'}"))
    assert app.config["API_CORS_ORIGINS"] == {"https://dash.client.example", "http://127.0.0.1:8050"}
