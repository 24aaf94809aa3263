"""Answering the survey: show it, save a draft, submit once, thank."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from assessment.extensions import db
from assessment.models import Invitation
from assessment.operations.responses import AlreadyAnswered, save_draft, submit_response
from assessment.respond.forms import MAX_COMMENT, survey_form, valid_partial_answers
from assessment.tokens import hash_token

bp = Blueprint("respond", __name__, url_prefix="/s")


@bp.route("/thanks")
def thanks() -> str:
    return render_template("web/respond/thanks.html")


@bp.route("/<token>", methods=["GET", "POST"])
def survey(token: str) -> str | tuple[str, int] | WerkzeugResponse:
    invitation = _invitation_or_404(token)
    cycle = invitation.cycle
    if invitation.completed:
        return render_template("web/respond/already_answered.html", cycle=cycle), 409
    if not cycle.accepts_responses:
        return render_template("web/respond/closed.html", cycle=cycle), 410

    questionnaire = cycle.questionnaire.parsed()
    function = invitation.participant.function
    draft = invitation.draft or {}
    form = survey_form(questionnaire, function, data={**draft.get("answers", {}), **draft.get("comments", {})})
    comment_ids = [q.id for q in questionnaire.open_questions]

    # CSRFProtect has checked every POST before it gets here.
    if request.method == "POST" and "save" in request.form:
        comments = {q: request.form.get(q, "")[:MAX_COMMENT] for q in comment_ids}
        save_draft(invitation, valid_partial_answers(questionnaire, request.form), comments)
        db.session.commit()
        return render_template("web/respond/saved.html", cycle=cycle, token=token)
    if form.validate_on_submit():
        answers = {item.id: form[item.id].data for item in questionnaire.items}
        comments = {q: form[q].data or "" for q in comment_ids}
        try:
            submit_response(invitation, questionnaire, answers, comments, on=dt.date.today())
        except AlreadyAnswered:
            db.session.rollback()
            return render_template("web/respond/already_answered.html", cycle=cycle), 409
        db.session.commit()
        return redirect(url_for(".thanks"))

    status = 422 if form.errors else 200
    return render_template(
        "web/respond/survey.html", form=form, questionnaire=questionnaire, cycle=cycle,
        function=function, sections=_sections(questionnaire),
        answered=sum(form[item.id].data is not None for item in questionnaire.items),
    ), status


def _invitation_or_404(token: str) -> Invitation:
    invitation = db.session.execute(
        db.select(Invitation).filter_by(token_hash=hash_token(token))
    ).scalar_one_or_none()
    if invitation is None:
        abort(404, description="This survey link is not valid. It may have been replaced by a newer one: "
                               "please use the most recent invitation you received.")
    return invitation


def _sections(questionnaire):  # type: ignore[no-untyped-def]
    """Items grouped by dimension, in questionnaire order, the outcome item last."""
    sections = [(d, questionnaire.items_of(d.id)) for d in questionnaire.dimensions]
    sections = [(d, items) for d, items in sections if items]
    outcome = questionnaire.outcome_item
    if outcome is not None:
        sections.append((None, (outcome,)))
    return sections
