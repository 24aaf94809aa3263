"""The team plan PDF prints a team's note under each action it lists: this cycle's and last cycle's alike."""
from __future__ import annotations

import datetime as dt

from flask import Flask

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.operations.accounts import find_user
from assessment.operations.actions import add_action, team_actions
from assessment.rendering import team_plan_pdf
from tests.conftest import DEMO_AS_OF
from tests.integration.test_report_pages import pages


def test_the_plan_prints_each_actions_note_under_it_as_typed(app: Flask) -> None:
    """A lead's note was kept and shown nowhere: not under the plan's list of actions, nor in next cycle's review."""
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    team, cycle = lead.team, cycle_by_name("northwind/2026-Q3")
    add_action(team, cycle, actor="admin@demo.example", title="Shared pipeline review", owner="Dana Lee",
               due_on=dt.date(2026, 12, 15), notes="Booked <b>Mondays</b> & Thursdays\nwith both teams.",
               today=DEMO_AS_OF)
    add_action(team, cycle, actor="admin@demo.example", title="Weekly win/loss call", owner="Kim Ito")
    earlier = team_actions(team, cycle_by_name("northwind/2026-Q2"))[0]
    earlier.notes = "Stopped after two sessions: <i>nobody</i> came."
    db.session.flush()

    text = " ".join(pages(team_plan_pdf(cycle, team)))

    listed = text[text.index(f"The actions {team.name} took on after"):]
    assert "Shared pipeline review In the team’s own words Note: Booked <b>Mondays</b> & Thursdays with both teams." \
        in listed
    assert listed.count("Note:") == 1
    review = text[text.index("Actions since 2026-Q2"):text.index("Your priorities")]
    assert "Note: Stopped after two sessions: <i>nobody</i> came." in review
