"""A team's actions: adding, changing and removing them, each noted in the audit trail.

The rules that are not about the shape of the input live here, not in the
form: a title is needed unless a playbook practice is chosen (the practice's
title then stands in), the practice must be one the playbook knows, and the
cycle must have results, since an action answers them. Functions flush;
the view or command commits.
"""
from __future__ import annotations

import datetime as dt

from assessment.extensions import db
from assessment.models import Action, ActionStatus, Cycle, Team
from assessment.operations.privacy import record
from reports.playbook import Playbook, default_playbook

TITLE_LENGTH = 200
OWNER_LENGTH = 200


class ActionError(ValueError):
    """An action that can't be saved as given; the message says why, in the user's words."""


def add_action(team: Team, cycle: Cycle, *, actor: str, title: str = "", practice_id: str | None = None,
               owner: str = "", due_on: dt.date | None = None, status: ActionStatus | str = ActionStatus.planned,
               notes: str = "", playbook: Playbook | None = None) -> Action:
    """A new commitment of ``team`` in answer to ``cycle``'s results."""
    if cycle.organization_id != team.organization_id:
        raise ActionError("the team and the cycle belong to different organizations")
    if not cycle.has_results:
        raise ActionError(f"{cycle.period} has no results yet: actions answer a closed cycle")
    practice_id = practice_id or None
    action = Action(team=team, cycle=cycle, practice_id=practice_id,
                    title=_title(title, practice_id, playbook or default_playbook()),
                    owner=_owner(owner), due_on=due_on, status=_status(status), notes=notes.strip())
    db.session.add(action)
    db.session.flush()
    record(actor, "action.add", _target(action))
    return action


def update_action(action: Action, *, actor: str, title: str, practice_id: str | None, owner: str,
                  due_on: dt.date | None, status: ActionStatus | str, notes: str,
                  playbook: Playbook | None = None) -> Action:
    """Save the edit page as a whole: every field as the team now has it."""
    practice_id = practice_id or None
    action.title = _title(title, practice_id, playbook or default_playbook())
    action.practice_id = practice_id
    action.owner = _owner(owner)
    action.due_on = due_on
    action.status = _status(status)
    action.notes = notes.strip()
    db.session.flush()
    record(actor, "action.update", f"{_target(action)}: {action.status.value}")
    return action


def delete_action(action: Action, *, actor: str) -> None:
    target = _target(action)
    db.session.delete(action)
    db.session.flush()
    record(actor, "action.delete", target)


def team_actions(team: Team, cycle: Cycle) -> list[Action]:
    """The team's actions in answer to one cycle, in the order they were added."""
    return list(db.session.execute(
        db.select(Action).where(Action.team_id == team.id, Action.cycle_id == cycle.id).order_by(Action.id)
    ).scalars())


def _title(title: str, practice_id: str | None, playbook: Playbook) -> str:
    title = " ".join(title.split())
    if practice_id is not None:
        try:
            practice = playbook.get(practice_id)
        except KeyError:
            raise ActionError(f"there is no practice {practice_id!r} in the playbook") from None
        title = title or practice.title
    if not title:
        raise ActionError("give the action a title, or choose a practice from the playbook")
    if len(title) > TITLE_LENGTH:
        raise ActionError(f"a title has at most {TITLE_LENGTH} characters")
    return title


def _owner(owner: str) -> str:
    owner = " ".join(owner.split())
    if len(owner) > OWNER_LENGTH:
        raise ActionError(f"an owner has at most {OWNER_LENGTH} characters")
    return owner


def _status(status: ActionStatus | str) -> ActionStatus:
    try:
        return ActionStatus(status)
    except ValueError:
        choices = ", ".join(s.value for s in ActionStatus)
        raise ActionError(f"status must be one of {choices}, not {status!r}") from None


def _target(action: Action) -> str:
    """The audit names the action by id, team and cycle; its text is the team's own business."""
    return f"action #{action.id} of {action.team.organization.slug}/{action.team.slug} for {action.cycle.period}"
