"""An executive sees, on the organization's page, how far every team has got with its actions, without opening
each team's page; teams with none yet are listed as such."""
from __future__ import annotations

import datetime as dt
import html
import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Action, ActionStatus, Cycle, Organization
from assessment.operations.accounts import find_user

PERIOD = "2026-Q3"


def northwind_cycle() -> Cycle:
    return db.session.execute(db.select(Cycle).join(Organization).where(
        Organization.slug == "northwind", Cycle.period == PERIOD)).scalar_one()


def action_rows(page: str) -> list[str]:
    """The rows of the table under "Actions by team", as text."""
    table = page.split('id="team-actions"', 1)[1].split("</table>", 1)[0]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)][1:]


def test_the_organization_page_counts_each_teams_actions_by_status(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    cycle = northwind_cycle()
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    team = lead.team
    db.session.execute(db.delete(Action).where(Action.cycle_id == cycle.id))
    late = dt.date.today() - dt.timedelta(days=3)
    for title, status, due in (("Weekly pipeline review", ActionStatus.done, None),
                               ("Shared lead definition", ActionStatus.in_progress, late),
                               ("Joint account plans", ActionStatus.planned, None),
                               ("Quarterly offsite", ActionStatus.dropped, late)):
        db.session.add(Action(team=team, cycle=cycle, title=title, status=status, due_on=due))
    db.session.commit()
    login(client, "executive")

    page = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)

    assert "<h2 id=\"team-actions\">Team actions</h2>" in page
    rows = action_rows(page)
    assert f"{team.name} 4 actions of {team.name} 1 1 1 1" in rows   # total, done, in progress, planned, overdue
    others = [row for row in rows if not row.startswith(team.name)]
    assert len(others) == len(rows) - 1 >= 3 and all(row.endswith(" none yet") for row in others)


def test_a_team_lead_has_no_tally_of_other_teams(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    page = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert page and "Team actions" not in page
