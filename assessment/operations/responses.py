"""Turning a respondent's answers into an anonymous response."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from assessment.answers import encode_answers
from assessment.extensions import db
from assessment.models import Invitation, Response
from questionnaires.model import Questionnaire

#: The longest comment kept, typed on the survey or imported from a file: what the reports have room for.
MAX_COMMENT = 2000


def comment_text(value: str | None) -> str | None:
    """A comment with each line break as one character, as the browser counted it against ``maxlength``.

    Browsers send a textarea's line breaks as CR LF but count each as one character while the person
    types, so a comment the page accepted could otherwise be refused here as too long. Control
    characters that text pasted from another program may carry (a NUL, a vertical tab) are dropped:
    no page or PDF shows them, and PostgreSQL refuses a NUL once the text is read as text.
    """
    if not value:
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def kept_comments(comments: Mapping[str, str | None]) -> dict[str, str]:
    """The comments a response keeps, typed or imported: cleaned (``comment_text``), trimmed, none left empty."""
    cleaned = {k: (comment_text(v) or "").strip() for k, v in comments.items()}
    return {k: v for k, v in cleaned.items() if v}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # every C0 and C1 control but tab and line feed


class AlreadyAnswered(RuntimeError):
    """The invitation was used already; nothing is stored twice."""


def submit_response(
    invitation: Invitation,
    questionnaire: Questionnaire,
    answers: Mapping[str, int | None],
    comments: Mapping[str, str],
    on: dt.date,
) -> Response:
    """Store the answers with no link back to the invitation, and mark it completed.

    The update of ``completed`` is conditional, so two submissions racing on
    the same link store one response between them.
    """
    claimed = db.session.execute(
        db.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.completed.is_(False))
        .values(completed=True, draft=None)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AlreadyAnswered(invitation.id)
    participant = invitation.participant
    response = Response(
        cycle_id=invitation.cycle_id,
        team_id=participant.team_id,
        function=participant.function,
        attributes=dict(participant.attributes or {}),
        submitted_on=on,
        answers=encode_answers(answers, questionnaire),
        comments=kept_comments(comments),
    )
    db.session.add(response)
    db.session.flush()
    return response


def save_draft(invitation: Invitation, answers: Mapping[str, int | None], comments: Mapping[str, str]) -> None:
    """Keep answers to resume later, on an invitation not yet answered.

    Conditional like the submit: a Save from a second tab landing after the
    Submit would otherwise tie those answers to the person until the close.
    """
    draft = {
        "answers": {k: v for k, v in answers.items() if v is not None},
        "comments": {k: v for k, v in comments.items() if v},
    }
    saved = db.session.execute(
        db.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.completed.is_(False))
        .values(draft=draft)
        .execution_options(synchronize_session=False)
    )
    if saved.rowcount != 1:
        raise AlreadyAnswered(invitation.id)
    db.session.expire(invitation, ["draft", "completed"])


def holds_answers(draft: Mapping[str, object] | None) -> bool:
    """Whether a draft keeps anything to come back to: Save or a refused Submit on a blank page stores an empty one."""
    return bool(draft and (draft.get("answers") or draft.get("comments")))


def unsent_drafts(cycle_id: int) -> int:
    """How many people saved answers to finish later and have not submitted them: a count, never who.

    Read in Python: a draft cleared by the ORM may be stored as JSON null rather than SQL NULL, and a Save
    pressed on a blank page stores an empty draft, which holds no answers for a close to delete.
    """
    drafts = db.session.execute(
        db.select(Invitation.draft).where(Invitation.cycle_id == cycle_id, Invitation.completed.is_(False))
    ).scalars()
    return sum(1 for draft in drafts if holds_answers(draft))
