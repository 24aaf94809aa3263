"""Explore's team menu lists the teams by their names, as people look for them: with a large client's 150 teams,
ordered by the first number in each slug ("emea-sales-003" before "amer-sales-012"), nobody found their own."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Organization, Team

PATH = "/results/northwind/2026-Q3/explore"


def _team_menu(html: str) -> list[str]:
    select = re.search(r'<select name="team">(.*?)</select>', html, re.S)
    assert select, "no team filter"
    return [name for value, name in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
            if value]


def test_the_team_menu_is_in_the_order_of_the_team_names_with_numbers_by_value(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    teams = db.session.execute(
        db.select(Team).join(Organization).where(Organization.slug == "northwind").order_by(Team.slug)
    ).scalars().all()
    assert len(teams) >= 3
    # Names in the other order from the slugs, each with a number, as a large client's teams often have.
    for position, team in enumerate(teams):
        team.name = f"{'EMEA' if position % 2 else 'AMER'} Team {len(teams) * 4 - position * 3}"
    db.session.commit()
    login(client, "executive")
    offered = _team_menu(client.get(PATH).get_data(as_text=True))
    assert offered, "the menu offers no team"

    def by_name(name: str) -> tuple[str, int]:
        region, _, number = name.split()
        return region, int(number)

    assert offered == sorted(offered, key=by_name)
