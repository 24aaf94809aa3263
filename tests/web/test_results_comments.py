"""Open comments on the results pages: every one of a large enough group, none of a small one, as text."""
from __future__ import annotations

import html as htmllib
import re
from collections import Counter

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, Organization, Response, Team

PERIOD = "2026-Q3"


def _cycle() -> Cycle:
    return db.session.execute(
        db.select(Cycle).join(Organization).where(Organization.slug == "northwind", Cycle.period == PERIOD)
    ).scalar_one()


def _shown_comments(page: str) -> list[str]:
    return [htmllib.unescape(t) for t in re.findall(r"<li>(.*?)</li>", "".join(
        re.findall(r'<ul class="comments">(.*?)</ul>', page, re.S)), re.S)]


def test_the_organization_page_shows_every_comment_of_the_cycle(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    cycle = _cycle()
    written = Counter(
        text for (comments,) in db.session.execute(db.select(Response.comments).filter_by(cycle_id=cycle.id))
        for text in (comments or {}).values() if text
    )
    assert written, "the demo writes comments"
    page = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert "In their own words" in page
    assert Counter(_shown_comments(page)) == written


def test_a_small_team_shows_no_comment(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    cycle = _cycle()
    sizes = Counter(team_id for (team_id,) in db.session.execute(
        db.select(Response.team_id).filter_by(cycle_id=cycle.id)))
    teams = db.session.execute(db.select(Team).join(Organization).where(Organization.slug == "northwind")).scalars()
    small = next(t for t in teams if 0 < sizes[t.id] < cycle.min_comment_group_size)
    page = client.get(f"/results/northwind/{PERIOD}/teams/{small.slug}").get_data(as_text=True)
    assert f"Not shown: comments appear only where at least {cycle.min_comment_group_size} people" in page
    assert _shown_comments(page) == []


def test_markup_in_a_comment_is_shown_as_text(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    cycle = _cycle()
    response = db.session.execute(db.select(Response).filter_by(cycle_id=cycle.id).limit(1)).scalar_one()
    response.comments = {"one_thing": '<img src=x onerror="alert(1)"><b>bold</b>'}
    db.session.commit()
    login(client, "executive")
    page = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert '<img src=x onerror="alert(1)">' not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;&lt;b&gt;bold&lt;/b&gt;" in page


def test_a_team_lead_reads_their_own_teams_comments_and_no_other_teams(client: FlaskClient, login, lead_team) -> None:  # type: ignore[no-untyped-def]
    """As in the API: the organization page's comments gather every team's, which are not a team lead's to read."""
    cycle = _cycle()
    own, others = Counter(), Counter()
    for team_id, comments in db.session.execute(db.select(Response.team_id, Response.comments).filter_by(cycle_id=cycle.id)):
        for text in (comments or {}).values():
            (own if team_id == lead_team.id else others)[text] += 1
    assert own and others, "the demo's lead team and the other teams wrote comments"
    login(client, "lead@demo.example")

    organization = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert _shown_comments(organization) == []
    assert f"your team's are on" in organization and f"/results/northwind/{PERIOD}/teams/{lead_team.slug}" in organization
    team = client.get(f"/results/northwind/{PERIOD}/teams/{lead_team.slug}").get_data(as_text=True)
    assert Counter(_shown_comments(team)) == own

    login(client, "executive")
    assert "your team's are on" not in client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
