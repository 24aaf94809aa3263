"""Last cycle's actions with what has moved since: the gated figures a review needs.

For a team's plan of cycle C, the actions the team committed to after its
previous cycle with results, P, are read against C: for each action whose
practice comes from the playbook, the dimensions that practice serves, with
the team's score in P and in C as the gate shows them. A figure the gate
withholds in either cycle travels as the reason only, never as a number;
``reports.action_review`` turns the result into sentences.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from assessment.dates import written
from assessment.gate import GroupResult
from assessment.models import Action, ActionStatus, Cycle, Team
from assessment.operations.actions import team_actions
from questionnaires.model import Questionnaire
from reports.inputs import Commitment, Movement, PreviousAction
from reports.playbook import Playbook, Practice, default_playbook
from reports.ranking import names
from scoring.change import Change


def previous_actions(
    team: Team, since: Cycle, now: Cycle, team_result: Callable[[Cycle], GroupResult | None],
    questionnaire: Questionnaire, changes: Mapping[str, Change] | None = None,
    playbook: Playbook | None = None,
) -> tuple[PreviousAction, ...]:
    """The team's actions answering ``since``, each with its dimensions' movement up to ``now``.

    ``team_result`` answers the gate's result for this team in a cycle (so a
    caller that holds every team's results already asks nothing twice);
    ``changes`` are the tested changes of ``now`` against ``since``, if any.
    """
    actions = team_actions(team, since)
    if not actions:
        return ()
    playbook = playbook or default_playbook()
    measured = {d.id for d in questionnaire.dimensions}
    before, after = team_result(since), team_result(now)
    reviewed = []
    for action in actions:
        practice = _practice(action, playbook)
        dropped = action.status == ActionStatus.dropped  # not carried out: no move is read against it
        movements = () if practice is None or dropped else tuple(
            _movement(dimension, before, after, since, now, (changes or {}).get(dimension))
            for dimension in practice.dimensions if dimension in measured
        )
        reviewed.append(PreviousAction(
            title=action.title, status=action.status.value, owner=action.owner,
            practice=practice.title if practice is not None else None, movements=movements,
            note=action.notes.strip(),
        ))
    return tuple(reviewed)


def commitments(team: Team, cycle: Cycle) -> tuple[Commitment, ...]:
    """The team's actions for ``cycle`` itself: the plan lists them all and fills in its commitment lines."""
    playbook = default_playbook()
    listed = []
    for a in team_actions(team, cycle):
        practice = _practice(a, playbook)
        listed.append(Commitment(practice_id=a.practice_id, title=a.title, owner=a.owner, due=written(a.due_on),
                                 status=a.status.value, practice=practice.title if practice is not None else None,
                                 note=a.notes.strip(), overdue=a.overdue))
    return tuple(listed)


def _practice(action: Action, playbook: Playbook) -> Practice | None:
    if action.practice_id is None:
        return None
    try:
        return playbook.get(action.practice_id)
    except KeyError:  # a practice since removed from the playbook: read as the team's own action
        return None


def _movement(dimension: str, before: GroupResult | None, after: GroupResult | None, since: Cycle, now: Cycle,
              change: Change | None) -> Movement:
    then, later = _figure(before, dimension), _figure(after, dimension)
    if then is None and later is None and _reason(before, dimension) == _reason(after, dimension):
        # Withheld in both for the same reason (a team that stays small): say so of both.
        return Movement(dimension, withheld_in=names([since.period, now.period]),
                        withheld_reason=_reason(after, dimension))
    if then is None or later is None:
        cycle, result = (since, before) if then is None else (now, after)
        return Movement(dimension, withheld_in=cycle.period, withheld_reason=_reason(result, dimension))
    tested = change is not None and change.q is not None
    return Movement(dimension, before=then, after=later, meaningful=change.meaningful if tested else None)


def _figure(result: GroupResult | None, dimension: str) -> float | None:
    """The dimension's 0-100 score if the gate shows it for this group, else None."""
    if result is None or result.scores is None:
        return None
    score = result.scores.dimensions.get(dimension)
    if score is None or score.score is None or score.n < result.min_size:
        return None
    return score.score


def _reason(result: GroupResult | None, dimension: str) -> str:
    if result is None:
        return "too_small"  # nobody of the team answered at all
    if result.scores is None:
        return result.reason or "too_small"
    score = result.scores.dimensions.get(dimension)
    if score is not None and 0 < score.n < result.min_size:
        return "too_small"
    return "protects_others"  # the gate blanked this one figure to protect someone
