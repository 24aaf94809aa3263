"""Last cycle's actions, read against this cycle: one plain sentence each.

"Monthly campaign check-in (done): Information sharing +6 points since
2026-Q2." The number is the change in the dimensions the action's practice
serves, between the cycle the action answered and this one. A figure the gate
withheld in either cycle is never turned into a number: the sentence says why
it is missing instead. Whether the practice caused the move is not claimed;
the sentence puts the two side by side for the team to discuss. A dropped
action is listed as dropped and credited with no move: the team did not
carry it out, so its dimensions' scores say nothing about it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reports.differences import shown_change
from reports.inputs import Movement, PreviousAction
from reports.ranking import names

STATUS_WORDS = {"planned": "planned", "in_progress": "in progress", "done": "done", "dropped": "dropped"}


@dataclass(frozen=True)
class ReviewedAction:
    title: str
    status: str                 # in words: "in progress"
    practice: str | None        # the playbook practice's title, when it differs from the title
    owner: str
    sentence: str
    tested: bool = False        # its moves were tested: unmarked ones are within normal variation
    note: str = ""              # the team's own words on it, as typed


def review_actions(actions: Sequence[PreviousAction], *, since: str, min_group_size: int,
                   dimension_name: Callable[[str], str]) -> tuple[ReviewedAction, ...]:
    """Each action of the ``since`` cycle with what has moved in its dimensions since then."""
    return tuple(
        ReviewedAction(
            title=action.title, status=status_words(action.status),
            practice=action.practice if action.practice and action.practice != action.title else None,
            owner=action.owner,
            sentence=_sentence(action, since, min_group_size, dimension_name),
            tested=action.status != "dropped" and any(m.meaningful is not None for m in action.movements),
            note=action.note,
        )
        for action in actions
    )


def taken_on(actions: Sequence[PreviousAction], *, since: str) -> dict[str, str]:
    """The playbook practices the team took on after the ``since`` survey and did not drop, by title: said beside
    the same practice when the plan suggests it again, which read as new, and committing to it made a second action
    with nothing to say it carries the first on."""
    return {action.practice: f"taken on after the {since} survey ({status_words(action.status)})"
            for action in actions if action.practice and action.status != "dropped"}


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status.replace("_", " "))


def _sentence(action: PreviousAction, since: str, min_size: int, name: Callable[[str], str]) -> str:
    head = f"{action.title} ({status_words(action.status)}): "
    if action.status == "dropped":
        return head + "the team set it aside, so no change in scores is read against it."
    if action.practice is None:
        return head + "the team's own action, tied to no dimension of the survey, so no score to compare."
    if not action.movements:
        return head + f"{action.practice} serves no dimension this survey measures."
    shown = [m for m in action.movements if m.before is not None and m.after is not None]
    withheld = [m for m in action.movements if m not in shown]
    reasons = {_why(m, min_size) for m in withheld}
    if not shown and len(reasons) == 1:
        # In brackets, as a withheld dimension's reason is below: a second colon after the head's reads as a stammer.
        return head + f"no score to compare with {since} ({reasons.pop()})."
    parts = []
    if shown:
        parts.append(names([f"{name(m.dimension)} {_moved(m)}" for m in shown]) + f" since {since}")
    if withheld:
        parts.append(names([f"{name(m.dimension)} not shown ({_why(m, min_size)})" for m in withheld]))
    return head + "; ".join(parts) + "."


def _moved(movement: Movement) -> str:
    # The plan prints both scores rounded (the table's change column, the chart); the move
    # read here must be the one a reader works out from them: 52.4 to 56.6 is +5, not +4.
    change = shown_change(movement.after, movement.before)
    assert change is not None
    points = int(change)
    if points == 0:
        return "unchanged"
    text = f"{'+' if points > 0 else '-'}{abs(points)} point{'' if abs(points) == 1 else 's'}"
    if movement.meaningful:
        text += " (a meaningful change)"
    return text


def _why(movement: Movement, min_size: int) -> str:
    """Why a figure is missing, in words that give away no number of it."""
    period = movement.withheld_in or "one of the two cycles"
    if movement.withheld_reason == "too_small":
        return f"fewer than {min_size} responses in {period}"
    return f"withheld in {period} so that a smaller group cannot be worked out"
