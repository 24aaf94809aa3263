"""A survey link replaced when links were handed out anew (``alignment invitations export``).

Such a link opens nothing and submits nothing (the consultant replaced it on purpose, perhaps because a file of
links went astray), so it shows no saved answers. But it is not "not valid" either: the person is told it was
replaced and where the new one is, and a page open at that moment keeps its answers for the new link, filling
only what is still unanswered there, instead of losing minutes of work to a 404.
"""
from __future__ import annotations

import datetime as dt

from flask import render_template, request

from assessment.extensions import db
from assessment.models import EarlierLink, Invitation
from assessment.respond.drafts import keep_draft
from assessment.tokens import hash_token


def replaced_link(token: str) -> tuple[Invitation, dt.date] | None:
    """The invitation a replaced link belonged to, and the day it was replaced; ``None`` for a link never known."""
    row = db.session.execute(
        db.select(Invitation, EarlierLink.replaced_on)
        .join(EarlierLink, EarlierLink.invitation_id == Invitation.id)
        .where(EarlierLink.token_hash == hash_token(token), EarlierLink.replaced_on.is_not(None))
    ).one_or_none()
    return (row[0], row[1]) if row else None


def replaced_link_page(invitation: Invitation, replaced_on: dt.date) -> tuple[str, int]:
    """What a replaced link shows; a page posted through it keeps its answers when the survey still takes them."""
    cycle = invitation.cycle
    if not cycle.accepts_responses:
        return render_template("web/respond/closed.html", cycle=cycle), 410
    takes_answers = not invitation.completed and not cycle.is_scheduled(dt.date.today())
    kept = False
    if request.method == "POST" and takes_answers:
        kept = keep_draft(invitation, cycle.questionnaire.parsed(), page_wins=False)
    return render_template("web/respond/replaced.html", cycle=cycle, replaced_on=replaced_on, kept=kept), 410
