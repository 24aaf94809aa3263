"""The results as a spreadsheet: the same groups and figures as the API answers, hidden groups without numbers."""
from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient

from assessment.lookup import cycle_by_name
from assessment.operations.accounts import find_user

PAGE = "/results/northwind/2026-Q3"


def rows(client: FlaskClient) -> list[dict[str, str]]:
    reply = client.get(f"{PAGE}/scores.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert 'filename="northwind-2026-Q3-scores.csv"' in reply.headers["Content-Disposition"]
    text = reply.get_data(as_text=True)
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_an_executive_gets_every_group_with_the_figures_the_api_gives(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    assert f"{PAGE}/scores.csv" in client.get(PAGE).get_data(as_text=True)
    table = rows(client)
    document = client.get("/api/v1/organizations/northwind/cycles/2026-Q3/scores").get_json()
    for group in document["groups"]:
        mine = [r for r in table if (r["kind"], r["key"]) == (group["kind"], group["key"])]
        if group["suppressed"]:
            assert len(mine) == 1 and mine[0]["suppressed"] == "true" and mine[0]["score"] == ""
        else:
            by_dimension = {r["dimension"]: r for r in mine if not r["item"]}  # statement rows: "Don't know"
            assert set(by_dimension) == {"index", *group["dimensions"]}
            assert float(by_dimension["index"]["score"]) == group["index"]["score"]
            assert int(by_dimension["index"]["n"]) == group["index"]["n"]
    teams = {r["key"] for r in table if r["kind"] == "team"}
    assert teams == {t.slug for t in cycle_by_name("northwind/2026-Q3").organization.teams}
    assert any(r["suppressed"] == "true" for r in table), "the demo hides at least one small group"


def test_a_team_lead_gets_the_organization_level_and_their_own_team_only(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    assert f"{PAGE}/scores.csv" in client.get(PAGE).get_data(as_text=True)
    table = rows(client)
    kinds = {r["kind"] for r in table}
    assert {"organization", "function"} <= kinds
    teams = {r["key"].split("/")[0] for r in table if r["kind"] in ("team", "team_function")}
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    assert teams == {lead.team.slug}


def test_a_fall_is_written_as_a_negative_number_a_spreadsheet_can_sum(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    falls = [r["change_diff"] for r in rows(client) if r["change_diff"].startswith(("-", "'"))]
    assert falls, "the demo has a score that fell since the quarter before"
    assert all(float(cell) < 0 for cell in falls), "text cells are guarded against formulas, numbers are not"


def test_each_row_names_the_benchmark_set_and_the_quarter_its_change_is_against(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A percentile and a change carried neither the set they rank in nor the quarter they are against, which the
    JSON gives (``benchmark.set``, ``change.since``): two columns added after the others, which keep their places."""
    login(client, "executive")
    header = client.get(f"{PAGE}/scores.csv").get_data(as_text=True).removeprefix("\ufeff").splitlines()[0].split(",")
    assert header == [
        "kind", "key", "suppressed", "dimension", "n", "mean", "score", "sd", "ci_low", "ci_high",
        "favorable", "favorable_ci_low", "favorable_ci_high", "alpha", "alpha_ci_low", "alpha_ci_high",
        "benchmark_percentile", "change_diff", "change_q", "change_meaningful", "benchmark_beyond",
        "item", "dont_know", "dont_know_share", "benchmark_set", "change_since"]
    table = rows(client)
    ranked = [r for r in table if r["benchmark_percentile"]]
    assert ranked and {r["benchmark_set"] for r in ranked} == {"Synthetic demo pool"}
    changed = [r for r in table if r["change_diff"]]
    assert changed and {r["change_since"] for r in changed} == {"2026-Q2"}
    assert all(r["benchmark_set"] == r["change_since"] == "" for r in table if r["item"] or r["suppressed"] == "true")
