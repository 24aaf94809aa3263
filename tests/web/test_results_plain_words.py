"""What an executive reads on the results pages without a statistics course: a figure comes with the word that says
what it means, and a section that has nothing to show says why instead of vanishing."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

PERIOD = "2026-Q3"


def _section(html: str, heading: str) -> str:
    """The page from ``heading`` to the next heading of its level or higher."""
    start = html.index(f">{heading}</h2>")
    following = re.search(r"<h[12][ >]", html[start:])
    return html[start:start + following.start()] if following else html[start:]


def test_each_sales_marketing_gaps_size_says_small_medium_or_large(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The "Size" column held bare Hedges' g (1.43, 0.66, 0.25): which of them was large had to be looked up, row by
    row, in the note above the table."""
    login(client, "executive")
    html = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    cells = re.findall(r'<td class="num" data-label="Size">(.*?)</td>', _section(html, "How sales and marketing see it"),
                       re.S)
    assert cells, "the demo shows a gap"
    for cell in cells:
        found = re.fullmatch(r'(very small|small|medium|large) <span class="muted">(-?\d\.\d\d)</span>', cell.strip())
        assert found, cell
        word, g = found.group(1), abs(float(found.group(2)))
        expected = "very small" if g < 0.2 else "small" if g < 0.5 else "medium" if g < 0.8 else "large"
        assert word == expected, cell


def _explore(client: FlaskClient, query: str = "") -> str:
    return client.get(f"/results/northwind/{PERIOD}/explore{query}").get_data(as_text=True)


def _first_team_offered(html: str) -> tuple[str, str]:
    select = html[html.index('<select name="team">'):]
    slug, name = re.search(r'<option value="([^"]+)">([^<]+)</option>', select[:select.index("</select>")]).groups()
    return slug, name


def test_explore_says_why_a_chosen_group_has_no_drivers(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The whole organization showed "What drives the score"; a team chosen in Explore showed nothing in its place,
    where the team's own page says that drivers need 30 responses and where to read the organization's."""
    login(client, "executive")
    assert 'id="drivers"' in _explore(client) and "Method: exact Shapley" in _explore(client)
    slug, _ = _first_team_offered(_explore(client))
    html = _explore(client, f"?team={slug}")
    n = re.search(r'<th>Alignment index</th>.*?data-label="n">(\d+)<', html, re.S)   # the group's responses
    assert n and int(n.group(1)) < 30, "the demo's teams are smaller than a driver analysis needs"
    section = " ".join(_section(html, "What drives the score").split())
    assert f"Worked out only for a group of at least 30 responses, so that what it finds is more than chance; this group has {n.group(1)}." in section
    assert f'See <a href="/results/northwind/{PERIOD}#drivers">what drives the score for the whole organization</a>.' in section


def test_explores_page_title_names_the_group_shown(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Every group had the same title, so pressing Show announced no change to a screen reader and a browser's
    history and tabs listed each group alike."""
    login(client, "executive")
    assert "<title>Explore Northwind Traders 2026-Q3 · Alignment Health</title>" in _explore(client)
    slug, name = _first_team_offered(_explore(client))
    html = _explore(client, f"?team={slug}&function=")
    assert f"<title>Team: {name} · Explore Northwind Traders 2026-Q3 · Alignment Health</title>" in html
    assert f"<h2>Team: {name}</h2>" in html


def test_an_earlier_survey_without_actions_says_none_not_none_yet(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A year-old survey, which takes no new actions, listed every team as "none yet" in a table of eight such rows,
    and each team's page said "No actions for 2025-Q4 yet.", as if they were still to come."""
    from assessment.extensions import db
    from assessment.lookup import cycle_by_name
    from assessment.models import Action

    earliest = "2025-Q4"
    db.session.execute(db.delete(Action).where(Action.cycle_id == cycle_by_name(f"northwind/{earliest}").id))
    db.session.commit()
    login(client, "executive")
    html = client.get(f"/results/northwind/{earliest}").get_data(as_text=True)
    section = " ".join(_section(html, "Team actions").split())
    assert f"No team recorded actions after the {earliest} results; new actions go with the latest survey's." in section
    assert "none yet" not in section and "<table" not in section
    team = re.search(rf'href="/results/northwind/{earliest}/teams/([^"#]+)"', html).group(1)
    page = client.get(f"/results/northwind/{earliest}/teams/{team}").get_data(as_text=True)
    assert f"<p>No actions for {earliest}.</p>" in page
    latest = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert "No team recorded actions" not in latest   # the latest survey's table stays, "none yet" where so
