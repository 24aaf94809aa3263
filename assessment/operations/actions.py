"""A team's actions: adding, changing and removing them, each noted in the audit trail.

The rules that are not about the shape of the input live here, not in the
form: a title is needed unless a playbook practice is chosen (the practice's
title then stands in), the practice must be one the playbook knows, and the
cycle must have results, since an action answers them.

New actions answer only the organization's latest cycle with results: an
action added to an older cycle after the next survey would be read as a
commitment made back then, and credited with moves the team had already
seen. An older cycle's actions stay as committed (title and practice) and
are not removed; their status, owner, due date and notes can still be
brought up to date, which is what the next review reads. A due date that is
set falls between today and two years after the cycle's close; one already
stored is kept as it is when the other fields change.

A team has each action once per cycle: the same form sent twice (a replay,
a retry, a second tab) must not list it twice, since once the next survey has
results neither copy can be removed. Functions flush; the view or command
commits.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from assessment.dates import written
from assessment.extensions import db
from assessment.models import Action, ActionStatus, Cycle, Team
from assessment.models.organization import same_name
from assessment.operations.privacy import record
from reports.playbook import Playbook, default_playbook

TITLE_LENGTH = 200
OWNER_LENGTH = 200
DUE_WITHIN_YEARS = 2   # after the cycle's close: later than that is a typing slip, not a plan


class ActionError(ValueError):
    """An action that can't be saved as given; the message says why, in the user's words, and ``field`` which
    value was refused (as the action form names it), so that a form can mark that field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AlreadyListed(ActionError):
    """The team already has this very action for the cycle: ``action`` is the one it has."""

    def __init__(self, action: Action) -> None:
        super().__init__(f"“{action.title}” is already on the list of actions of {action.team.name} "
                         f"for {action.cycle.period}")
        self.action = action


def add_action(team: Team, cycle: Cycle, *, actor: str, title: str = "", practice_id: str | None = None,
               owner: str = "", due_on: dt.date | None = None, status: ActionStatus | str = ActionStatus.planned,
               notes: str = "", playbook: Playbook | None = None, today: dt.date | None = None) -> Action:
    """A new commitment of ``team`` in answer to ``cycle``'s results; ``AlreadyListed`` if the team has it."""
    if cycle.organization_id != team.organization_id:
        raise ActionError("the team and the cycle belong to different organizations")
    if not cycle.has_results:
        raise ActionError(f"{cycle.period} has no results yet: actions answer a closed cycle")
    latest = latest_with_results(cycle)
    if latest is not None and latest.id != cycle.id:
        raise ActionError(older_cycle_reason(cycle, latest))
    practice_id = practice_id or None
    typed = " ".join(title.split())
    title = _title(title, practice_id, playbook or default_playbook())
    listed = _listed(team, cycle, practice_id, typed and title)
    if listed is not None:
        raise AlreadyListed(listed)
    action = Action(team=team, cycle=cycle, practice_id=practice_id, title=title, owner=_owner(owner),
                    due_on=_due(due_on, cycle, today or dt.date.today()), status=_status(status),
                    notes=notes.strip())
    db.session.add(action)
    db.session.flush()
    record(actor, "action.add", _target(action))
    return action


def update_action(action: Action, *, actor: str, title: str, practice_id: str | None, owner: str,
                  due_on: dt.date | None, status: ActionStatus | str, notes: str,
                  playbook: Playbook | None = None, today: dt.date | None = None) -> Action:
    """Save the edit page as a whole: every field as the team now has it.

    An older cycle's action keeps its title and practice: changing them now
    would rewrite what the team committed to, with the next results in view.
    """
    practice_id = practice_id or None
    title = _title(title, practice_id, playbook or default_playbook())
    if not takes_new_actions(action.cycle) and (title, practice_id) != (action.title, action.practice_id):
        raise ActionError(f"the title and practice of an action for {action.cycle.period} stay as committed; "
                          "its status, owner, due date and notes can still be updated")
    action.title = title
    action.practice_id = practice_id
    action.owner = _owner(owner)
    if due_on != action.due_on:  # a stored date is kept as it is, even once past, when only the status changes
        action.due_on = _due(due_on, action.cycle, today or dt.date.today())
    action.status = _status(status)
    action.notes = notes.strip()
    db.session.flush()
    record(actor, "action.update", f"{_target(action)}: {action.status.value}")
    return action


def delete_action(action: Action, *, actor: str) -> None:
    """Remove an action of the latest cycle; an older one is part of the record its review reads."""
    if not takes_new_actions(action.cycle):
        raise ActionError(f"an action for {action.cycle.period} stays on record once a later survey has results; "
                          "set its status to dropped instead")
    target = _target(action)
    db.session.delete(action)
    db.session.flush()
    record(actor, "action.delete", target)


def team_actions(team: Team, cycle: Cycle) -> list[Action]:
    """The team's actions in answer to one cycle, in the order they were added."""
    return list(db.session.execute(
        db.select(Action).where(Action.team_id == team.id, Action.cycle_id == cycle.id).order_by(Action.id)
    ).scalars())


@dataclass(frozen=True)
class ActionTally:
    """How far one team has got with its actions for a cycle: what an executive checks across teams."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    dropped: int = 0
    overdue: int = 0


def action_tallies(cycle: Cycle, team_ids: Iterable[int]) -> dict[int, ActionTally]:
    """Each team's tally for ``cycle`` in one query; a team with no action gets an empty tally."""
    ids = list(team_ids)
    counts: dict[int, Counter[str]] = {team_id: Counter() for team_id in ids}
    for action in db.session.execute(
        db.select(Action).where(Action.cycle_id == cycle.id, Action.team_id.in_(ids))
    ).scalars():
        counts[action.team_id].update(["total", action.status.value, *(["overdue"] if action.overdue else [])])
    return {team_id: ActionTally(**counted) for team_id, counted in counts.items()}


def latest_with_results(cycle: Cycle) -> Cycle | None:
    """The organization's latest cycle with results: the one new actions answer."""
    cycles = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == cycle.organization_id).order_by(Cycle.period.desc())
    ).scalars()
    return next((c for c in cycles if c.has_results), None)


def takes_new_actions(cycle: Cycle) -> bool:
    """Whether actions may be added to (or removed from) ``cycle``: only its organization's latest results."""
    latest = latest_with_results(cycle)
    return latest is not None and latest.id == cycle.id


def older_cycle_reason(cycle: Cycle, latest: Cycle) -> str:
    return (f"{cycle.period} is no longer the latest survey with results: new actions answer {latest.period}. "
            f"An action added now to {cycle.period} would be read against results the team has already seen")


def earliest_due(today: dt.date, action: Action | None = None) -> dt.date:
    """The earliest due date a form offers (its date field's ``min``): today, or the action's own earlier one,
    which still saves as long as it is left unchanged."""
    if action is not None and action.due_on is not None:
        return min(today, action.due_on)
    return today


def _listed(team: Team, cycle: Cycle, practice_id: str | None, title: str) -> Action | None:
    """The team's action for ``cycle`` that a new one would repeat: the same practice (or none) and the same title,
    compared as names are. With no ``title`` typed, a commitment to the practice matches any action of it, as
    the team page then shows the practice committed."""
    for action in team_actions(team, cycle):
        if action.practice_id == practice_id and (not title or same_name(action.title) == same_name(title)):
            return action
    return None


def _due(due_on: dt.date | None, cycle: Cycle, today: dt.date) -> dt.date | None:
    """A due date for work still to come: not in the past, where it would read "overdue" at once, nor years after
    the cycle closed."""
    if due_on is None:
        return None
    if due_on < today:
        raise ActionError(f"the due date is in the past: give today's date ({written(today)}) or a later one, "
                          "for the work still to come", "due_on")
    end = cycle.closes_on or cycle.opens_on
    if end is not None and due_on > _years_after(end, DUE_WITHIN_YEARS):
        raise ActionError(f"the due date is more than {DUE_WITHIN_YEARS} years after {cycle.period} closed: "
                          f"give a date by {written(_years_after(end, DUE_WITHIN_YEARS))}", "due_on")
    return due_on


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _title(title: str, practice_id: str | None, playbook: Playbook) -> str:
    title = " ".join(title.split())
    if practice_id is not None:
        try:
            practice = playbook.get(practice_id)
        except KeyError:
            raise ActionError(f"there is no practice {practice_id!r} in the playbook", "practice") from None
        title = title or practice.title
    if not title:
        raise ActionError("give the action a title, or choose a practice from the playbook", "title")
    if len(title) > TITLE_LENGTH:
        raise ActionError(f"a title has at most {TITLE_LENGTH} characters", "title")
    return title


def _owner(owner: str) -> str:
    owner = " ".join(owner.split())
    if len(owner) > OWNER_LENGTH:
        raise ActionError(f"an owner has at most {OWNER_LENGTH} characters", "owner")
    return owner


def _status(status: ActionStatus | str) -> ActionStatus:
    try:
        return ActionStatus(status)
    except ValueError:
        choices = ", ".join(s.value for s in ActionStatus)
        raise ActionError(f"status must be one of {choices}, not {status!r}", "status") from None


def _target(action: Action) -> str:
    """The audit names the action by id, team and cycle; its text is the team's own business."""
    return f"action #{action.id} of {action.team.organization.slug}/{action.team.slug} for {action.cycle.period}"
