"""Keeping a half-filled survey page as the invitation's draft, to resume later; nothing is counted."""
from __future__ import annotations

import hashlib

from flask import request

from assessment.extensions import db
from assessment.models import Invitation
from assessment.operations.responses import MAX_COMMENT, AlreadyAnswered, comment_text, save_draft
from assessment.respond.forms import valid_partial_answers
from questionnaires.model import Questionnaire


def comment_fingerprint(text: str | None) -> str:
    """A short digest of a comment as saved when a page was served, sent back hidden with the page (``saved-<id>``)."""
    return hashlib.sha256((comment_text(text) or "").encode()).hexdigest()[:16]


def sent_comments(questionnaire: Questionnaire, saved: dict[str, str]) -> dict[str, str]:
    """The comments a posted page means: what it sent, except where its box holds what was saved when it loaded.

    Such a box says nothing new, so the comment saved meanwhile from another device or tab stays; one the person
    changed, or cleared on purpose, is taken as sent. A page without the digests (opened before they existed)
    is taken as sent, as before.
    """
    comments = {}
    for question in questionnaire.open_questions:
        sent = comment_text(request.form.get(question.id)) or ""
        untouched = request.form.get(f"saved-{question.id}") == comment_fingerprint(sent)
        comments[question.id] = saved.get(question.id, "") if untouched else sent
    return comments


def keep_draft(invitation: Invitation, questionnaire: Questionnaire, page_wins: bool = True) -> bool:
    """Store the posted answers that are on the scale, and the comments, to resume later.

    ``page_wins`` is for the invitation's own links. A choice once made can't be taken back on the page, so a
    statement the form leaves blank means the page never had it: answers saved meanwhile from another device
    or tab stay; so do comments whose box the page left as it showed them (``sent_comments``). A replaced
    link's page (``page_wins=False``) only fills what is still open: what was saved through the newer link is newer.

    False when the link was answered meanwhile (from another tab or device): nothing is kept then.
    """
    saved = invitation.draft or {}
    sent_answers = valid_partial_answers(questionnaire, request.form)
    if page_wins:
        answers = {**saved.get("answers", {}), **sent_answers}
        comments = sent_comments(questionnaire, saved.get("comments", {}))
    else:
        answers = {**sent_answers, **saved.get("answers", {})}
        comments = {q.id: comment_text(request.form.get(q.id)) or "" for q in questionnaire.open_questions}
        comments.update({k: v for k, v in saved.get("comments", {}).items() if v})
    comments = {question_id: text[:MAX_COMMENT] for question_id, text in comments.items()}
    try:
        save_draft(invitation, answers, comments)
    except AlreadyAnswered:
        return False
    db.session.commit()
    return True
