"""An executive with API access and the organization's diagnostic PDF tries to recover a withheld team.

The API and the PDF ask the same gate, so they must agree figure for figure
and hide the same cells; and no combination of everything either shows (the
scores of every group, response counts, trends) may isolate fewer than the
cycle's minimum group size. The attacker's knowledge is only what the two
documents say; the test alone counts the responses behind them, to judge.
"""
from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.api.tokens import api_token
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Cycle, Organization, Response, Team
from assessment.operations.accounts import find_user
from assessment.rendering import diagnostic_pdf
from tests.integration.privacy_org import Attacker, Person, build_cycle
from tests.web.api_contract import checked

CYCLE = "northwind/2026-Q3"
DASH = "–"
Atom = tuple[str, str]  # (team slug, function) of a response


@pytest.fixture(scope="module")
def diagnostic(session_app: Flask) -> str:
    """The diagnostic PDF as a reader sees it: pdftotext's layout."""
    with session_app.app_context():
        pdf = diagnostic_pdf(cycle_by_name(CYCLE))
        db.session.remove()
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.fixture()
def api(client: FlaskClient, fresh_limits: None):  # type: ignore[no-untyped-def]
    """A factory: GET an API path as a role's bearer token holder, checked against the OpenAPI document."""
    def get(path: str, who: str = "executive@demo.example") -> dict:  # type: ignore[type-arg]
        user = find_user(who)
        assert user is not None
        reply = client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {api_token(user, 1)}"})
        assert reply.status_code == 200, reply.get_data(as_text=True)
        return checked(reply)  # type: ignore[no-any-return]

    return get


def section(text: str, start: str, end: str) -> list[str]:
    begin = text.index(start)
    return text[begin:text.index(end, begin)].splitlines()


def table_rows(lines: Iterable[str], names: Iterable[str]) -> dict[str, list[str]]:
    """Rows that start with a team's name: the name, then its cells (numbers or dashes)."""
    rows = {}
    for line in lines:
        for name in names:
            found = re.match(rf"^\s*{re.escape(name)}\s{{2,}}(.*)$", line)
            if found:
                rows[name] = found.group(1).split()
    return rows


def shown(value: float | None) -> str:
    """A score as the PDF prints it."""
    return DASH if value is None else f"{value:.0f}"


def atoms_of(cycle: Cycle) -> dict[Atom, int]:
    """The truth the attacker lacks: how many responses each (team, function) cell holds."""
    slugs = dict(db.session.execute(db.select(Team.id, Team.slug).where(Team.organization_id == cycle.organization_id)).all())
    counts = db.session.execute(
        db.select(Response.team_id, Response.function, db.func.count()).where(Response.cycle_id == cycle.id)
        .group_by(Response.team_id, Response.function)
    ).all()
    return {(slugs.get(team_id, ""), function): int(n) for team_id, function, n in counts}


def members(kind: str, key: str, atom: Atom) -> bool:
    team, function = atom
    return {"organization": True, "function": function == key, "team": team == key,
            "team_function": f"{team}/{function}" == key}[kind]


def attacker_over(atoms: dict[Atom, int], groups: Iterable[tuple[str, str]]) -> Attacker:
    """One observation per group the attacker saw a total for, over people expanded from the cells."""
    people = [atom for atom, n in atoms.items() for _ in range(n)]
    attacker = Attacker([Person(team) for team, _ in people])
    for kind, key in groups:
        attacker.observe(np.array([members(kind, key, atom) for atom in people]), 0.0)
    return attacker


def test_api_and_diagnostic_agree_and_hide_the_same_teams(api, diagnostic: str) -> None:  # type: ignore[no-untyped-def]
    cycle = cycle_by_name(CYCLE)
    scores = api(f"/organizations/northwind/cycles/{cycle.period}/scores")
    rates = api(f"/organizations/northwind/cycles/{cycle.period}/response-rates")
    names = {t.slug: t.name for t in cycle.organization.teams}
    teams = {g["key"]: g for g in scores["groups"] if g["kind"] == "team"}
    hidden = {slug for slug, g in teams.items() if g["suppressed"]}
    assert hidden, "the demo's northwind/2026-Q3 has a withheld team"

    dimensions = [d.id for d in cycle.questionnaire.parsed().dimensions]
    heatmap = table_rows(section(diagnostic, "Teams by dimension", "Scores from 0 to 100"), names.values())
    rate_rows = table_rows(section(diagnostic, "Response rates by team", "invited people answered"), names.values())
    trend_rows = table_rows(section(diagnostic, "ALIGNMENT INDEX", "A dash: no result"), names.values())
    assert set(heatmap) == set(rate_rows) == set(trend_rows) == {names[s] for s in teams}
    api_rates = {r["team"]: r for r in rates["teams"]}
    for slug, group in teams.items():
        name = names[slug]
        if slug in hidden:
            assert heatmap[name] == [DASH] * (1 + len(dimensions))
            assert rate_rows[name][-1] == "withheld" and api_rates[slug]["answered"] is None
            assert trend_rows[name][-1] == DASH
            continue
        expected = [shown(group["index"]["score"])] + [shown(group["dimensions"][d]["score"]) for d in dimensions]
        assert heatmap[name] == expected, name
        function, invited, answered, rate = rate_rows[name]
        assert (int(invited), int(answered)) == (api_rates[slug]["invited"], api_rates[slug]["answered"]) \
            and int(answered) == group["n"]
        assert trend_rows[name][-1] == shown(group["index"]["score"])
    overall = next(g for g in scores["groups"] if g["kind"] == "organization")
    assert f"based on {overall['n']} responses" in " ".join(diagnostic.split())
    assert f"scores {shown(overall['index']['score'])} out of 100" in " ".join(diagnostic.split())


def test_every_earlier_period_of_the_trend_agrees_with_the_api(api, diagnostic: str) -> None:  # type: ignore[no-untyped-def]
    cycle = cycle_by_name(CYCLE)
    names = {t.slug: t.name for t in cycle.organization.teams}
    trend_rows = table_rows(section(diagnostic, "ALIGNMENT INDEX", "A dash: no result"), names.values())
    for slug, name in names.items():
        points = api(f"/organizations/northwind/teams/{slug}/trend")["cycles"]
        printed = [shown(p["index"]["score"] if p["index"] else None) for p in points]
        assert trend_rows[name] == printed, name


def test_api_and_diagnostic_together_isolate_nobody(api, diagnostic: str) -> None:  # type: ignore[no-untyped-def]
    """Everything with a figure in either document is one observation; no combination isolates < min size."""
    cycle = cycle_by_name(CYCLE)
    scores = api(f"/organizations/northwind/cycles/{cycle.period}/scores")
    names = {t.slug: t.name for t in cycle.organization.teams}
    in_api = {(g["kind"], g["key"]) for g in scores["groups"] if not g["suppressed"]}
    rate_rows = table_rows(section(diagnostic, "Response rates by team", "invited people answered"), names.values())
    in_pdf = {("team", slug) for slug, name in names.items() if rate_rows[name][-1] != "withheld"}
    in_pdf |= {("organization", "all")}
    atoms = atoms_of(cycle)
    attacker = attacker_over(atoms, in_api | in_pdf)
    assert attacker.isolated(cycle.min_group_size) == []

    overall = next(g for g in scores["groups"] if g["kind"] == "organization")
    remainder = overall["n"] - sum(g["n"] for g in scores["groups"] if g["kind"] == "team" and not g["suppressed"])
    assert remainder >= cycle.min_group_size, "org minus the shown teams would single out a withheld team"
    small = next(g["key"] for g in scores["groups"] if g["kind"] == "team" and g["suppressed"])
    assert api(f"/organizations/northwind/cycles/{cycle.period}/comments?team={small}")["comments"] is None


def test_response_rates_and_scores_together_isolate_nobody_in_any_demo_organization(api) -> None:  # type: ignore[no-untyped-def]
    slugs = db.session.execute(db.select(Organization.slug).order_by(Organization.slug)).scalars().all()
    for slug in slugs:
        cycle = cycle_by_name(f"{slug}/2026-Q3")
        observed = rates_and_scores(api, cycle)
        assert attacker_over(atoms_of(cycle), observed).isolated(cycle.min_group_size) == [], slug


def test_a_tiny_teams_count_cannot_be_subtracted_from_the_organizations(app: Flask, api) -> None:  # type: ignore[no-untyped-def]
    """Three teams, one of two people: the rates must withhold a second count, as the scores do."""
    people = [Person("east", answer=4)] * 6 + [Person("west", answer=3)] * 7 + [Person("tiny", answer=1)] * 2
    cycle = build_cycle("apico", people)
    db.session.commit()
    observed = rates_and_scores(api, cycle, who="admin@demo.example")
    rates = api(f"/organizations/apico/cycles/{cycle.period}/response-rates", who="admin@demo.example")
    counts = {r["team"]: r["answered"] for r in rates["teams"]}
    assert counts["tiny"] is None and None in (counts["east"], counts["west"])
    assert rates["answered"] - sum(n for n in counts.values() if n is not None) >= cycle.min_group_size
    assert attacker_over(atoms_of(cycle), observed).isolated(cycle.min_group_size) == []


def rates_and_scores(api, cycle: Cycle, who: str = "admin@demo.example") -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every group the score view or the response-rate view gives a total for; they must agree where both do."""
    base = f"/organizations/{cycle.organization.slug}/cycles/{cycle.period}"
    scores = api(f"{base}/scores", who=who)
    rates = api(f"{base}/response-rates", who=who)
    groups = {(g["kind"], g["key"]): g for g in scores["groups"]}
    for row in rates["teams"]:
        group = groups.get(("team", row["team"]))
        if group is None:   # nobody answered: said only where a first answer would not point to somebody
            silent = row["invited"] == 0 or row["invited"] >= cycle.min_group_size
            assert row["answered"] == (0 if silent else None), row["team"]
        else:
            assert row["answered"] == group["n"], row["team"]   # None exactly where suppressed
    overall = groups[("organization", "all")]
    assert rates["answered"] == overall["n"]
    observed = {key for key, g in groups.items() if not g["suppressed"]}
    observed |= {("team", r["team"]) for r in rates["teams"] if r["answered"]}
    if rates["answered"] is not None:
        observed.add(("organization", "all"))
    return observed


def test_a_withheld_organizations_size_is_in_neither_view(app: Flask, api, runner) -> None:  # type: ignore[no-untyped-def]
    """Three respondents, minimum five: the rates say nothing, and the scores document must not count them either."""
    cycle = build_cycle("threeco", [Person("east", answer=4)] * 3)
    db.session.commit()
    base = f"/organizations/threeco/cycles/{cycle.period}"
    scores = api(f"{base}/scores", who="admin@demo.example")
    rates = api(f"{base}/response-rates", who="admin@demo.example")
    assert all(g["suppressed"] for g in scores["groups"])
    assert rates["answered"] is None and scores["cycle"]["responses"] is None
    shown = runner.invoke(args=["scores", "threeco/2026-Q1"])
    assert shown.exit_code == 0 and "fewer than 5 responses" in shown.output.splitlines()[0]
    assert " 3 " not in shown.output
