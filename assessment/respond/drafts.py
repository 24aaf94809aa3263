"""Keeping a half-filled survey page as the invitation's draft, to resume later; nothing is counted."""
from __future__ import annotations

from flask import request

from assessment.extensions import db
from assessment.models import Invitation
from assessment.operations.responses import AlreadyAnswered, save_draft
from assessment.respond.forms import MAX_COMMENT, comment_text, valid_partial_answers
from questionnaires.model import Questionnaire


def keep_draft(invitation: Invitation, questionnaire: Questionnaire, page_wins: bool = True) -> bool:
    """Store the posted answers that are on the scale, and the comments, to resume later.

    ``page_wins`` is for the invitation's own links. A choice once made can't be taken back on the page, so a
    statement the form leaves blank means the page never had it: answers saved meanwhile from another device
    or tab stay. (A comment can be cleared on purpose, so the comments are kept as sent.) A replaced link's
    page (``page_wins=False``) only fills what is still open: what was saved through the newer link is newer.

    False when the link was answered meanwhile (from another tab or device): nothing is kept then.
    """
    sent_comments = {q.id: (comment_text(request.form.get(q.id)) or "")[:MAX_COMMENT]
                     for q in questionnaire.open_questions}
    sent_answers = valid_partial_answers(questionnaire, request.form)
    saved = invitation.draft or {}
    if page_wins:
        answers, comments = {**saved.get("answers", {}), **sent_answers}, sent_comments
    else:
        answers = {**sent_answers, **saved.get("answers", {})}
        comments = {**sent_comments, **{k: v for k, v in saved.get("comments", {}).items() if v}}
    try:
        save_draft(invitation, answers, comments)
    except AlreadyAnswered:
        return False
    db.session.commit()
    return True
