"""The read-only JSON API: what each role reads, in the documented shapes, always through the gate.

Every answer is checked against the OpenAPI document (``checked``). Callers
sign in with a bearer token from ``alignment user token``, as a script would;
one test uses the web session instead.
"""
from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openapi_spec_validator import validate

from assessment.api.tokens import api_token
from assessment.extensions import db, limiter
from assessment.gate import group_result
from assessment.lookup import cycle_by_name
from assessment.models import Organization, Team
from assessment.operations.accounts import find_user
from tests.web.api_contract import checked, openapi

API = "/api/v1"
CYCLE = f"{API}/organizations/northwind/cycles/2026-Q3"
EMAILS = {"admin": "admin@demo.example", "consultant": "consultant@demo.example",
          "executive": "executive@demo.example", "team_lead": "lead@demo.example"}


@pytest.fixture()
def bearer(app: Flask, fresh_limits: None):  # type: ignore[no-untyped-def]
    """A factory: the Authorization header of a fresh token of a demo account, named by role."""

    def make(role: str) -> dict[str, str]:
        user = find_user(EMAILS[role])
        assert user is not None
        return {"Authorization": f"Bearer {api_token(user, 7)}"}

    return make


def other_team(own: Team) -> Team:
    return next(t for t in own.organization.teams if t.id != own.id)


def suppressed_team(period: str = "northwind/2026-Q3") -> Team:
    cycle = cycle_by_name(period)
    return next(t for t in cycle.organization.teams
                if (r := group_result(cycle, "team", t.slug)) is not None and r.suppressed)


def test_the_openapi_document_is_valid_served_and_covers_every_route(app: Flask, client: FlaskClient) -> None:
    validate(openapi())
    served = client.get(f"{API}/openapi.json")
    assert served.status_code == 200 and served.get_json() == openapi()
    routes = {rule.rule[len(API):] for rule in app.url_map.iter_rules() if rule.rule.startswith(API)}
    documented = {path for path in openapi()["paths"]}
    assert {r.replace("<", "{").replace(">", "}") for r in routes} == documented


def test_the_openapi_document_describes_its_own_refusal_of_a_parameter(client: FlaskClient) -> None:
    """It is public, but a query parameter is refused there as everywhere, so its operation documents the 400."""
    reply = client.get(f"{API}/openapi.json?format=yaml")
    assert reply.status_code == 400
    assert checked(reply)["message"] == "Unknown parameter format; this endpoint takes none."


def test_without_sign_in_every_endpoint_says_401_in_json(app: Flask, client: FlaskClient) -> None:
    for path in (f"{API}/organizations", f"{API}/organizations/northwind/cycles", f"{CYCLE}/scores",
                 f"{CYCLE}/teams/channel-sales", f"{CYCLE}/response-rates", f"{CYCLE}/comments",
                 f"{API}/organizations/northwind/trend", f"{API}/organizations/northwind/teams/channel-sales/trend"):
        reply = client.get(path)
        assert reply.status_code == 401, path
        assert "Location" not in reply.headers
        assert reply.headers["WWW-Authenticate"].startswith("Bearer")
        assert "Sign in" in checked(reply)["message"]


def test_the_web_sign_in_opens_the_api_too(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    body = checked(client.get(f"{API}/organizations"))
    assert [o["slug"] for o in body["organizations"]] == ["northwind"]


def test_each_role_lists_the_organizations_and_teams_in_its_scope(client: FlaskClient, bearer, lead_team: Team) -> None:  # type: ignore[no-untyped-def]
    every = sorted(db.session.execute(db.select(Organization.slug)).scalars())
    seen = {role: checked(client.get(f"{API}/organizations", headers=bearer(role)))["organizations"]
            for role in EMAILS}
    assert sorted(o["slug"] for o in seen["admin"]) == every
    assert sorted(o["slug"] for o in seen["consultant"]) == ["contoso", "northwind"]
    assert [o["slug"] for o in seen["executive"]] == ["northwind"]
    assert [o["slug"] for o in seen["team_lead"]] == ["northwind"]
    assert [t["slug"] for t in seen["team_lead"][0]["teams"]] == [lead_team.slug]
    assert len(seen["executive"][0]["teams"]) == len(lead_team.organization.teams)


def test_cycles_of_an_organization_in_every_status(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    body = checked(client.get(f"{API}/organizations/northwind/cycles", headers=bearer("executive")))
    periods = {c["period"]: c for c in body["cycles"]}
    assert periods["2026-Q3"]["has_results"] and periods["2026-Q3"]["status"] == "published"
    assert periods["2026-Q3"]["published_on"] is not None
    assert periods["2026-Q4"]["status"] == "open" and not periods["2026-Q4"]["has_results"]
    assert [c["period"] for c in body["cycles"]] == sorted(periods)


def test_scores_are_the_document_of_the_json_export(client: FlaskClient, bearer, runner: FlaskCliRunner) -> None:  # type: ignore[no-untyped-def]
    exported = runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"])
    assert exported.exit_code == 0, exported.output
    body = checked(client.get(f"{CYCLE}/scores", headers=bearer("consultant")))
    assert body == json.loads(exported.output)
    hidden = [g for g in body["groups"] if g["suppressed"]]
    assert hidden and all(set(g) == {"kind", "key", "suppressed", "n"} and g["n"] is None for g in hidden)
    assert body["benchmark"]["name"] and body["gaps"] and body["drivers"]


def test_a_team_lead_reads_organization_figures_and_their_own_team_only(client: FlaskClient, bearer, lead_team: Team) -> None:  # type: ignore[no-untyped-def]
    body = checked(client.get(f"{CYCLE}/scores", headers=bearer("team_lead")))
    kinds = {(g["kind"], g["key"]) for g in body["groups"]}
    assert ("organization", "all") in kinds and ("function", "sales") in kinds
    assert ("team", lead_team.slug) in kinds
    teams = {key.split("/")[0] for kind, key in kinds if kind in ("team", "team_function")}
    assert teams == {lead_team.slug}
    rates = checked(client.get(f"{CYCLE}/response-rates", headers=bearer("team_lead")))
    assert [r["team"] for r in rates["teams"]] == [lead_team.slug]


def test_a_team_answer_is_that_teams_part_of_the_scores_document(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    document = checked(client.get(f"{CYCLE}/scores", headers=bearer("executive")))
    for team in (suppressed_team(), max(suppressed_team().organization.teams, key=lambda t: len(t.participants))):
        body = checked(client.get(f"{CYCLE}/teams/{team.slug}", headers=bearer("executive")))
        assert body["team"] == {"slug": team.slug, "name": team.name, "function": team.function}
        assert body["group"] == next(g for g in document["groups"] if (g["kind"], g["key"]) == ("team", team.slug))
        cells = [g for g in document["groups"] if g["kind"] == "team_function" and g["key"].startswith(f"{team.slug}/")]
        assert body["functions"] == cells


def test_response_rates_withhold_the_count_of_every_withheld_team(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    rates = checked(client.get(f"{CYCLE}/response-rates", headers=bearer("admin")))
    document = checked(client.get(f"{CYCLE}/scores", headers=bearer("admin")))
    teams = {g["key"]: g for g in document["groups"] if g["kind"] == "team"}
    assert rates["answered"] == document["cycle"]["responses"] and rates["invited"] >= rates["answered"]
    for row in rates["teams"]:
        if row["team"] in teams and teams[row["team"]]["suppressed"]:
            assert row["answered"] is None and row["rate"] is None
        else:
            assert row["answered"] == (teams[row["team"]]["n"] if row["team"] in teams else 0)
    assert any(row["answered"] is None for row in rates["teams"])


def test_comments_come_shuffled_without_dates_and_only_above_the_threshold(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    answers = [checked(client.get(f"{CYCLE}/comments", headers=bearer("executive"))) for _ in range(6)]
    texts = [a["comments"] for a in answers]
    assert all(a["withheld"] is False and a["group"] == {"team": None, "function": None} for a in answers)
    assert texts[0] and all(sorted(t) == sorted(texts[0]) for t in texts)
    assert len({tuple(t) for t in texts}) > 1, "six calls, one order: the comments are not shuffled"
    small = checked(client.get(f"{CYCLE}/comments?team={suppressed_team().slug}", headers=bearer("executive")))
    assert small["withheld"] is True and small["comments"] is None
    question = checked(client.get(f"{CYCLE}/comments?function=sales&question=one_thing", headers=bearer("executive")))
    assert question["question"] == "one_thing" and set(question["comments"] or []) <= set(texts[0])


def test_a_team_lead_reads_only_their_own_teams_comments(client: FlaskClient, bearer, lead_team: Team) -> None:  # type: ignore[no-untyped-def]
    own = checked(client.get(f"{CYCLE}/comments", headers=bearer("team_lead")))
    assert own["group"]["team"] == lead_team.slug
    other = client.get(f"{CYCLE}/comments?team={other_team(lead_team).slug}", headers=bearer("team_lead"))
    nobody = client.get(f"{CYCLE}/comments?team=no-such-team", headers=bearer("team_lead"))
    assert other.status_code == nobody.status_code == 404
    # Another team reads exactly as a team that does not exist: nothing is learnt from the message.
    assert checked(other)["message"].replace(other_team(lead_team).slug, "?") == \
        checked(nobody)["message"].replace("no-such-team", "?")
    assert "among those you can see" in checked(nobody)["message"]


def test_the_comment_filters_are_checked(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    for query, said in (("region=north", "Unknown parameter region"), ("function=finance", "function is one of"),
                        ("question=when", "No open question 'when'")):
        reply = client.get(f"{CYCLE}/comments?{query}", headers=bearer("executive"))
        assert reply.status_code == 400 and said in checked(reply)["message"]


def test_trends_follow_the_closed_cycles_and_stay_blank_where_withheld(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    trend = checked(client.get(f"{API}/organizations/northwind/trend", headers=bearer("executive")))
    assert [p["period"] for p in trend["cycles"]] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    document = checked(client.get(f"{CYCLE}/scores", headers=bearer("executive")))
    overall = next(g for g in document["groups"] if g["kind"] == "organization")
    last = trend["cycles"][-1]
    assert last["n"] == overall["n"] and last["index"]["score"] == overall["index"]["score"]
    assert {k: v["score"] for k, v in last["dimensions"].items()} == \
        {k: v["score"] for k, v in overall["dimensions"].items()}
    small = suppressed_team()
    team_trend = checked(client.get(f"{API}/organizations/northwind/teams/{small.slug}/trend", headers=bearer("executive")))
    assert team_trend["group"]["team"]["slug"] == small.slug
    assert team_trend["cycles"][-1] == {**team_trend["cycles"][-1], "suppressed": True, "n": None, "index": None,
                                        "dimensions": {}}


def test_errors_are_json_and_nothing_is_cached(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    admin = bearer("admin")
    still_open = client.get(f"{API}/organizations/northwind/cycles/2026-Q4/scores", headers=admin)
    assert still_open.status_code == 404 and "still open" in checked(still_open)["message"]
    for path, said in ((f"{API}/nowhere", ""),
                       (f"{API}/organizations/nowhere/cycles", "There is no organization 'nowhere'"),
                       (f"{API}/organizations/northwind/cycles/2031-Q1/scores", "has no cycle '2031-Q1'"),
                       (f"{API}/organizations/northwind/cycles/banana/scores",
                        "'banana' is not a period: a period is a year from 2000 to 2099, then a quarter, half or "
                        "month, such as 2026-Q4"),
                       (f"{CYCLE}/teams/nobody", "There is no team 'nobody' of Northwind Traders")):
        reply = client.get(path, headers=admin)
        assert reply.status_code == 404 and reply.mimetype == "application/json"
        assert reply.headers["Cache-Control"] == "no-store" and reply.get_json()["status"] == 404
        assert said in reply.get_json()["message"]
    posted = client.post(f"{API}/organizations", headers=admin)
    assert posted.status_code == 405 and posted.get_json()["status"] == 405 and "GET" in posted.headers["Allow"]
    assert client.get(f"{API}/organizations", headers=admin).headers["Cache-Control"] == "no-store"



@pytest.mark.parametrize("path", [f"{API}/nothing", "/api/v2/organizations", f"{CYCLE}/scores/extra", "/api", API])
def test_an_address_no_endpoint_answers_says_so_in_json_and_where_the_endpoints_are(  # type: ignore[no-untyped-def]
        client: FlaskClient, bearer, path: str) -> None:
    reply = client.get(path, headers=bearer("admin"))
    assert reply.status_code == 404 and reply.mimetype == "application/json"
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.get_json() == {"status": 404, "message": f"Nothing answers at {path}: the API's endpoints are "
                                                          f"listed in {API}/openapi.json."}


@pytest.mark.parametrize(("method", "path"), [("post", f"{API}/organizations"), ("delete", f"{CYCLE}/scores"),
                                              ("put", f"{API}/openapi.json")])
def test_another_method_than_get_says_the_api_is_read_only_in_json_with_allow(  # type: ignore[no-untyped-def]
        client: FlaskClient, bearer, method: str, path: str) -> None:
    reply = getattr(client, method)(path, headers=bearer("admin"))
    assert reply.status_code == 405 and reply.mimetype == "application/json"
    assert reply.headers["Cache-Control"] == "no-store"
    assert set(reply.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert reply.get_json() == {"status": 405, "message": f"The API is read-only: {path} answers GET, "
                                                          f"not {method.upper()}."}


def test_calls_past_the_rate_limit_get_429_in_json(app: Flask, client: FlaskClient, bearer,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    admin = bearer("admin")
    try:
        statuses = [client.get(f"{API}/organizations", headers=admin).status_code for _ in range(3)]
        over = client.get(f"{API}/organizations", headers=admin)
        assert statuses == [200, 200, 200] and over.status_code == 429
        assert over.get_json()["status"] == 429 and over.headers["Cache-Control"] == "no-store"
    finally:
        limiter.reset()


def test_a_caller_past_the_rate_limit_is_told_the_limit_and_how_long_to_wait(  # type: ignore[no-untyped-def]
        app: Flask, client: FlaskClient, bearer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dashboard that polls needs Retry-After to back off, and a message saying what the limit is."""
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2 per minute")
    admin = bearer("admin")
    try:
        for _ in range(2):
            assert client.get(f"{API}/organizations", headers=admin).status_code == 200
        over = client.get(f"{API}/organizations", headers=admin)
        assert over.status_code == 429
        assert 1 <= int(over.headers["Retry-After"]) <= 61
        message = checked(over)["message"]
        assert "2 per 1 minute" in message and f"Try again in {over.headers['Retry-After']} second" in message
    finally:
        limiter.reset()


def test_every_endpoint_refuses_a_parameter_it_does_not_take(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    """A filter the scores document does not take would otherwise return the whole organization's results."""
    executive = bearer("executive")
    for path, said in ((f"{CYCLE}/scores?team=north", "Unknown parameter team; this endpoint takes none."),
                       (f"{CYCLE}/response-rates?function=sales", "Unknown parameter function;"),
                       (f"{API}/organizations/northwind/trend?from=2025-Q1&to=2026-Q1", "Unknown parameter from, to;"),
                       (f"{CYCLE}/comments?teams=north", "use function, question and team.")):
        reply = client.get(path, headers=executive)
        assert reply.status_code == 400 and said in checked(reply)["message"], path
    # Documented parameters still pass: the check reads the same openapi.yaml the contract tests validate.
    assert client.get(f"{CYCLE}/comments?function=sales", headers=executive).status_code == 200
    assert client.get(f"{CYCLE}/scores", headers=executive).status_code == 200


def test_an_empty_or_repeated_filter_is_refused_not_read_as_the_whole_organization(  # type: ignore[no-untyped-def]
        client: FlaskClient, bearer) -> None:
    """A dashboard with no team selected sends ``?team=``: that must not come back as everyone's comments."""
    for role in ("executive", "team_lead"):
        for query, said in (("team=", "Parameter team is empty"), ("function=%20", "Parameter function is empty"),
                            ("question=", "Parameter question is empty"),
                            ("function=sales&function=marketing", "Parameter function is given more than once")):
            reply = client.get(f"{CYCLE}/comments?{query}", headers=bearer(role))
            assert reply.status_code == 400 and said in checked(reply)["message"], (role, query)
    whole = checked(client.get(f"{CYCLE}/comments", headers=bearer("executive")))
    assert whole["group"] == {"team": None, "function": None}


def test_each_cycle_lists_the_open_questions_the_comments_filter_takes(client: FlaskClient, bearer) -> None:  # type: ignore[no-untyped-def]
    from questionnaires.builtin import load_builtin

    executive = bearer("executive")
    cycles = checked(client.get(f"{API}/organizations/northwind/cycles", headers=executive))["cycles"]
    asked = load_builtin().open_questions
    assert all(c["open_questions"] == [{"id": q.id, "text": q.text} for q in asked] for c in cycles)
    # Each id listed is one the comments endpoint takes.
    for question in cycles[-2]["open_questions"]:
        reply = client.get(f"{CYCLE}/comments?question={question['id']}", headers=executive)
        assert reply.status_code == 200, question
