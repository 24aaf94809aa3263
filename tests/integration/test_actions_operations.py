"""Adding, changing and removing a team's actions: the rules, and the audit trail they leave."""
from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Action, ActionStatus, AuditEntry, Cycle, Team
from assessment.operations.actions import (
    ActionError, AlreadyListed, add_action, delete_action, earliest_due, team_actions, update_action,
)
from tests.conftest import DEMO_AS_OF

ACTOR = "consultant@demo.example"
TODAY = DEMO_AS_OF   # the demo's day: due dates are read against it, whenever the suite runs


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
                        owner="Kim Ito", due_on=dt.date(2026, 12, 1), status="in_progress", notes=" first draft ",
                        today=TODAY)
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
                  owner="Sam", due_on=dt.date(2027, 1, 15), status=ActionStatus.done, notes="Held twice.",
                  today=TODAY)
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


def test_the_same_action_twice_is_refused_naming_the_one_the_team_has(team: Team, cycle: Cycle) -> None:
    """A replayed form, a retry or a second tab: once the next survey has results, neither copy could be removed."""
    committed = add_action(team, cycle, actor=ACTOR, practice_id="monthly-campaign-check-in")
    own = add_action(team, cycle, actor=ACTOR, title="Weekly pipeline review")
    before = len(team_actions(team, cycle))
    for fields, listed in [
        ({"practice_id": "monthly-campaign-check-in"}, committed),
        ({"practice_id": "monthly-campaign-check-in", "title": "monthly  CAMPAIGN check-in"}, committed),
        ({"title": " weekly PIPELINE  review "}, own),
    ]:
        with pytest.raises(AlreadyListed, match=f"“{listed.title}” is already on the list of actions") as refused:
            add_action(team, cycle, actor=ACTOR, **fields)  # type: ignore[arg-type]
        assert refused.value.action is listed
    assert len(team_actions(team, cycle)) == before


def test_other_actions_under_a_practice_or_named_like_it_are_not_the_same(team: Team, cycle: Cycle) -> None:
    add_action(team, cycle, actor=ACTOR, practice_id="joint-planning")
    add_action(team, cycle, actor=ACTOR, practice_id="joint-planning", title="Pricing review together")
    add_action(team, cycle, actor=ACTOR, title="Plan strategy, pricing and forecasts together")  # own words
    assert [a.title for a in team_actions(team, cycle)][-3:] == [
        "Plan strategy, pricing and forecasts together", "Pricing review together",
        "Plan strategy, pricing and forecasts together"]


def test_a_due_date_is_today_or_later_when_set_and_kept_as_stored_when_unchanged(team: Team, cycle: Cycle) -> None:
    """2020-01-01 was refused as not "for the work still to come", a past day after the cycle opened was taken."""
    past = TODAY - dt.timedelta(days=60)
    assert cycle.opens_on is not None and cycle.opens_on < past
    refusal = r"the due date is in the past: give today's date \(25 November 2026\)"
    with pytest.raises(ActionError, match=refusal) as refused:
        add_action(team, cycle, actor=ACTOR, title="Late from the start", due_on=past, today=TODAY)
    assert refused.value.field == "due_on"
    action = add_action(team, cycle, actor=ACTOR, title="Due today", due_on=TODAY, today=TODAY)
    later = TODAY + dt.timedelta(days=30)   # the day passes; the lead updates the status only
    update_action(action, actor=ACTOR, title="Due today", practice_id=None, owner="Kim", due_on=TODAY,
                  status="in_progress", notes="", today=later)
    assert (action.due_on, action.owner) == (TODAY, "Kim")
    with pytest.raises(ActionError, match="in the past"):
        update_action(action, actor=ACTOR, title="Due today", practice_id=None, owner="Kim",
                      due_on=TODAY + dt.timedelta(days=1), status="in_progress", notes="", today=later)
    assert earliest_due(later, action) == TODAY and earliest_due(later) == later
