"""Adding, changing and removing a team's actions: the rules, and the audit trail they leave."""
from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Action, ActionStatus, AuditEntry, Cycle, Team
from assessment.operations.actions import ActionError, add_action, delete_action, team_actions, update_action

ACTOR = "consultant@demo.example"


@pytest.fixture()
def cycle(app: Flask) -> Cycle:
    return cycle_by_name("northwind/2026-Q3")


@pytest.fixture()
def team(cycle: Cycle) -> Team:
    return sorted(cycle.organization.teams, key=lambda t: t.slug)[0]


def _last_audit() -> AuditEntry:
    return db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()


def test_a_practice_gives_its_title_when_none_is_typed(team: Team, cycle: Cycle) -> None:
    action = add_action(team, cycle, actor=ACTOR, practice_id="monthly-campaign-check-in")
    assert action.title == "Monthly campaign check-in"
    assert (action.status, action.owner, action.due_on, action.notes) == (ActionStatus.planned, "", None, "")
    assert action in team_actions(team, cycle)


def test_a_typed_title_wins_over_the_practice_title(team: Team, cycle: Cycle) -> None:
    action = add_action(team, cycle, actor=ACTOR, practice_id="joint-planning", title="  Quarterly   plan day ",
                        owner="Kim Ito", due_on=dt.date(2026, 12, 1), status="in_progress", notes=" first draft ")
    assert (action.title, action.practice_id, action.owner, action.due_on, action.status, action.notes) == (
        "Quarterly plan day", "joint-planning", "Kim Ito", dt.date(2026, 12, 1), ActionStatus.in_progress,
        "first draft")


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": "   "}, "give the action a title, or choose a practice"),
    ({"title": "x", "practice_id": "no-such-practice"}, "no practice 'no-such-practice'"),
    ({"title": "x", "status": "finished"}, "status must be one of planned, in_progress, done, dropped"),
    ({"title": "x" * 201}, "at most 200 characters"),
])
def test_refused_actions_say_why_and_write_nothing(team: Team, cycle: Cycle, fields: dict[str, str],
                                                   message: str) -> None:
    before = len(team_actions(team, cycle))
    with pytest.raises(ActionError, match=message):
        add_action(team, cycle, actor=ACTOR, **fields)  # type: ignore[arg-type]
    assert len(team_actions(team, cycle)) == before


def test_an_action_answers_a_cycle_with_results_of_its_own_organization(team: Team) -> None:
    with pytest.raises(ActionError, match="no results yet"):
        add_action(team, cycle_by_name("northwind/2026-Q4"), actor=ACTOR, title="Too early")
    with pytest.raises(ActionError, match="different organizations"):
        add_action(team, cycle_by_name("contoso/2026-Q3"), actor=ACTOR, title="Wrong client")


def test_update_changes_every_field_and_is_audited(team: Team, cycle: Cycle) -> None:
    action = add_action(team, cycle, actor=ACTOR, title="Pipeline review")
    update_action(action, actor="lead@demo.example", title="", practice_id="quarterly-win-loss-review",
                  owner="Sam", due_on=dt.date(2027, 1, 15), status=ActionStatus.done, notes="Held twice.")
    db.session.expire_all()
    stored = db.session.get(Action, action.id)
    assert stored is not None
    assert (stored.title, stored.practice_id, stored.owner, stored.due_on, stored.status, stored.notes) == (
        "Quarterly joint win/loss review", "quarterly-win-loss-review", "Sam", dt.date(2027, 1, 15),
        ActionStatus.done, "Held twice.")
    entry = _last_audit()
    assert (entry.actor, entry.action) == ("lead@demo.example", "action.update")
    assert f"action #{action.id} of northwind/{team.slug} for 2026-Q3" in entry.target and "done" in entry.target


def test_update_back_to_own_words_needs_a_title(team: Team, cycle: Cycle) -> None:
    action = add_action(team, cycle, actor=ACTOR, practice_id="joint-planning")
    with pytest.raises(ActionError, match="give the action a title"):
        update_action(action, actor=ACTOR, title="", practice_id=None, owner="", due_on=None,
                      status="planned", notes="")


def test_delete_removes_the_action_and_notes_it_without_its_text(team: Team, cycle: Cycle) -> None:
    action = add_action(team, cycle, actor=ACTOR, title="Secret offsite plan")
    action_id = action.id
    delete_action(action, actor=ACTOR)
    assert db.session.get(Action, action_id) is None
    entry = _last_audit()
    assert entry.action == "action.delete" and f"#{action_id}" in entry.target
    assert "Secret" not in entry.target
