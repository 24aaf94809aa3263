"""Answering the survey: show it, save a draft, submit once, thank."""
from __future__ import annotations

import datetime as dt
import re
import secrets

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from sqlalchemy import or_
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as WerkzeugResponse

from assessment.extensions import csrf, db
from assessment.gate.comments import comment_threshold
from assessment.gate.family import ATTRIBUTES, LABELS
from assessment.models import Cycle, CycleStatus, EarlierLink, Invitation
from assessment.operations.responses import MAX_COMMENT, AlreadyAnswered, holds_answers, submit_response
from assessment.respond.drafts import comment_fingerprint, keep_draft, sent_comments
from assessment.respond.forms import SurveyForm, survey_form
from assessment.respond.replaced import replaced_link, replaced_link_page
from assessment.tokens import hash_token
from questionnaires.length import intro_without_length, minutes_to_answer
from questionnaires.model import Questionnaire

bp = Blueprint("respond", __name__, url_prefix="/s")
# No CSRF check here: the link's secret token is what lets a post in, and a forger would need it, while the check
# needs the session cookie that some employees' browsers never keep (docs/privacy.md, "Survey links and cookies").
csrf.exempt(bp)

#: The query of the page a refused Submit redirects to: it marks what is missing, and says how many answers saved
#: on another device or tab were added to the page's (it cannot know which the page itself sent).
REFUSED, ADDED = "refused", "added"

#: The query of the page Save redirects to: it says what was kept, and Back or a reload never sends the form again.
SAVED = "saved"

#: Changed by every submit, so the browser's history drops the filled-in page (``_without_the_filled_in_page``).
SUBMITTED_COOKIE = "survey_submitted"

Page = str | tuple[str, int] | WerkzeugResponse


@bp.after_request
def _kept_out_of_the_browser_cache(response: WerkzeugResponse) -> WerkzeugResponse:
    """A survey page holds a person's answers and comments: no cache, disk or proxy keeps a copy of it."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/thanks")
def thanks() -> str:
    """``sent`` comes from the submit's redirect: the page opened any other way (a bookmark, history) thanked
    for answers that were never sent. A query argument, not the cookie: a browser that keeps none is thanked too."""
    return render_template("web/respond/thanks.html", sent="sent" in request.args)


@bp.route("/<token>", methods=["GET", "POST"])
def survey(token: str) -> Page:
    invitation = _invitation(token)
    if invitation is None:
        replaced = replaced_link(token)
        if replaced is None:
            return _mended_link(token)
        # Links are handed out anew to those who answered too (``issue_links``): theirs says they answered.
        return _already_answered(replaced[0]) if replaced[0].completed else replaced_link_page(*replaced)
    refusal = _refusal(invitation)
    if refusal:
        return refusal

    questionnaire = invitation.cycle.questionnaire.parsed()
    if request.method != "POST" and REFUSED in request.args:
        return _after_refused_submit(invitation, questionnaire)
    if request.method != "POST" and SAVED in request.args:
        return _saved_page(invitation, token)
    form = _form(invitation, questionnaire)
    if request.method == "POST" and "save" in request.form:
        if not keep_draft(invitation, questionnaire):
            return _answered_meanwhile(invitation)
        # Post/Redirect/Get, as a refused Submit: on a phone, Back or a reload from "saved" asked to send the
        # form again, which a person could only read as a warning that the answers were not saved.
        return redirect(url_for(".survey", token=token, **{SAVED: 1}), 303)
    if form.validate_on_submit():
        answers = {item.id: form[item.id].data for item in questionnaire.items}
        comments = {q.id: form[q.id].data or "" for q in questionnaire.open_questions}
        try:
            submit_response(invitation, questionnaire, answers, comments, on=dt.date.today())
        except AlreadyAnswered:
            return _answered_meanwhile(invitation)
        db.session.commit()
        return _without_the_filled_in_page(redirect(url_for(".thanks", sent=1)))
    if form.errors:
        # A refused submit keeps what was answered, as Save does: a phone that drops the page before the
        # person finishes loses nothing they had already chosen.
        if not keep_draft(invitation, questionnaire):
            return _answered_meanwhile(invitation)
        if any(form[question.id].errors for question in questionnaire.open_questions):
            # A comment over the limit is kept cut to it: only this page still holds it whole, with its message.
            return _refused_page(invitation, questionnaire)
        # Post/Redirect/Get: the draft now holds all the page sent, so the survey shows it with what is missing
        # marked, and Back or a reload brings that page again instead of asking to send the form a second time.
        added = _added_from_elsewhere(invitation, questionnaire, request.form) or None   # None: left out
        return redirect(url_for(".survey", token=token, **{REFUSED: 1, ADDED: added}), 303)
    return _survey_page(invitation, questionnaire, form, 200)


def _without_the_filled_in_page(response: WerkzeugResponse) -> WerkzeugResponse:
    """Back from the thanks page shows the link's "already answered", not the page with every answer and comment.

    Chromium keeps even a no-store page in its back-forward cache, filled in as it was left, unless a cookie
    that scripts cannot read changed meanwhile. The survey keeps no session, so the submit changes a cookie of
    its own: random, read by nothing, gone within the hour. A browser that takes no cookies is covered by the
    page's script instead (survey.js shows such a page afresh). On a shared computer the next person pressing
    Back would otherwise read what was just submitted.
    """
    response.set_cookie(SUBMITTED_COOKIE, secrets.token_urlsafe(8), max_age=3600, path=bp.url_prefix,
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response


def _invitation(token: str) -> Invitation | None:
    """The invitation a link opens: by its newest link, or by one mailed before it and not replaced (``EarlierLink``)."""
    token_hash = hash_token(token)
    earlier = db.select(EarlierLink.invitation_id).where(EarlierLink.token_hash == token_hash,
                                                         EarlierLink.replaced_on.is_(None))
    return db.session.execute(
        db.select(Invitation).where(or_(Invitation.token_hash == token_hash, Invitation.id.in_(earlier)))
    ).scalar_one_or_none()


def _mended_link(token: str) -> Page:
    """A link pasted with the full stop, bracket or invisible space of the sentence it came in leads to the
    survey at its clean address (a token never holds those characters); any other unknown link is refused,
    with what an employee can do about it rather than the staff's "Nothing to show here".
    """
    clean = _NOT_OF_A_TOKEN_AT_THE_END.sub("", token)
    if clean and clean != token and (_invitation(clean) is not None or replaced_link(clean) is not None):
        return redirect(url_for(".survey", token=clean))
    return render_template("web/respond/not_valid.html"), 404


_NOT_OF_A_TOKEN_AT_THE_END = re.compile(r"[^A-Za-z0-9_-]+$")  # tokens are URL-safe base64 (assessment.tokens)


def _refusal(invitation: Invitation) -> tuple[str, int] | None:
    """The friendly page for a link that can no longer take answers, or ``None`` when it can."""
    if invitation.completed:
        return _already_answered(invitation)
    if not invitation.cycle.accepts_responses:
        return render_template("web/respond/closed.html", cycle=invitation.cycle, **_newer_survey(invitation)), 410
    if invitation.cycle.is_scheduled(dt.date.today()):
        # Links may be handed out before the opening date (`invitations export`): nothing is kept until then.
        return render_template("web/respond/not_open_yet.html", cycle=invitation.cycle), 403
    return None


def _refused_page(invitation: Invitation, questionnaire: Questionnaire) -> tuple[str, int]:
    """A Submit refused for a comment too long shows what a reload would: the page's answers, plus those saved
    meanwhile elsewhere, as the answer to the post (the draft holds the comment cut short, so no redirect).

    ``keep_draft`` has just merged this page into the draft. Statements the page left blank take their saved
    answer (another device's) and are no longer flagged as missing; comments are as ``sent_comments`` reads them,
    recomputed uncut, so one refused as too long is shown whole with its message rather than cut short behind the
    person's back. Nothing is counted: the person sees every answer before it is.
    """
    posted = MultiDict(request.form)
    saved = invitation.draft or {}
    added = {item_id: str(value) for item_id, value in saved.get("answers", {}).items() if posted.get(item_id) is None}
    for field_id, value in {**added, **sent_comments(questionnaire, saved.get("comments", {}))}.items():
        posted[field_id] = value   # replaces what the page sent (MultiDict.update would add a second value)
    form = survey_form(questionnaire, invitation.participant.function, formdata=posted)
    form.validate()
    return _survey_page(invitation, questionnaire, form, 422, draft_kept=True, added_from_elsewhere=len(added))


def _added_from_elsewhere(invitation: Invitation, questionnaire: Questionnaire, posted: MultiDict[str, str]) -> int:
    """How many statements the page left blank have an answer in the draft: saved on another device or tab."""
    saved = (invitation.draft or {}).get("answers", {})
    return sum(1 for item in questionnaire.items if item.id in saved and posted.get(item.id) is None)


def _after_refused_submit(invitation: Invitation, questionnaire: Questionnaire) -> tuple[str, int]:
    """The page a refused Submit redirects to: the draft, which holds all the page sent merged with what was saved
    elsewhere (``keep_draft``), checked as the Submit was, so each statement still open is marked."""
    draft = invitation.draft or {}
    shown = MultiDict({**{item_id: str(value) for item_id, value in draft.get("answers", {}).items()},
                       **draft.get("comments", {})})
    form = survey_form(questionnaire, invitation.participant.function, formdata=shown)
    form.validate()
    added = min(max(request.args.get(ADDED, 0, type=int), 0), len(questionnaire.items))
    return _survey_page(invitation, questionnaire, form, 200, draft_kept=True, added_from_elsewhere=added)


def _saved_page(invitation: Invitation, token: str) -> str:
    """What Save redirects to: read from the draft, so it says "nothing to save yet" when nothing is kept."""
    return render_template("web/respond/saved.html", cycle=invitation.cycle, token=token,
                           open_until=invitation.cycle.open_until(dt.date.today()),
                           holds_answers=holds_answers(invitation.draft))


def _answered_meanwhile(invitation: Invitation) -> tuple[str, int]:
    """Answered from another tab or device while this request ran: nothing of this one is kept."""
    db.session.rollback()
    return _already_answered(invitation)


def _already_answered(invitation: Invitation) -> tuple[str, int]:
    return render_template("web/respond/already_answered.html", cycle=invitation.cycle,
                           **_newer_survey(invitation)), 409


def _newer_survey(invitation: Invitation) -> dict[str, object]:
    """This person's invitation to another survey that takes answers today, not yet answered (``newer``), and
    the day it is open until (``newer_until``): for the page of a link that no longer takes answers.

    People search their inbox for the survey and find an earlier one's mail: "already answered" or "closed" alone
    made them think they had done the current one, or missed it.
    """
    today = dt.date.today()
    newer = db.session.execute(
        db.select(Invitation).join(Cycle)
        .where(Invitation.participant_id == invitation.participant_id, Invitation.id != invitation.id,
               Invitation.completed.is_(False), Invitation.sent_on.is_not(None), Cycle.status == CycleStatus.open,
               or_(Cycle.opens_on.is_(None), Cycle.opens_on <= today))
        .order_by(Cycle.period.desc()).limit(1)
    ).scalar_one_or_none()
    return {"newer": newer, "newer_until": newer.cycle.open_until(today) if newer else None}


def _form(invitation: Invitation, questionnaire: Questionnaire) -> SurveyForm:
    """The survey form: what was posted, else the saved draft."""
    draft = invitation.draft or {}
    data = {**draft.get("answers", {}), **draft.get("comments", {})}
    return survey_form(questionnaire, invitation.participant.function, data=data)


def _survey_page(invitation: Invitation, questionnaire: Questionnaire, form: SurveyForm, status: int,
                 draft_kept: bool = False, added_from_elsewhere: int = 0) -> tuple[str, int]:
    return render_template(
        "web/respond/survey.html", form=form, questionnaire=questionnaire, cycle=invitation.cycle,
        intro=intro_without_length(questionnaire.intro), minutes=minutes_to_answer(questionnaire),
        function=invitation.participant.function, sections=_sections(questionnaire),
        draft_kept=draft_kept and holds_answers(invitation.draft), added_from_elsewhere=added_from_elsewhere,
        max_comment=MAX_COMMENT, comment_threshold=comment_threshold(invitation.cycle),
        saved_comments=_saved_comment_digests(invitation, questionnaire),
        open_until=invitation.cycle.open_until(dt.date.today()),
        answered=sum(form[item.id].data is not None for item in questionnaire.items),
        kept_with=_kept_with(invitation),
        resume_at=_resume_at(invitation, questionnaire, form) if status == 200 and not draft_kept else None,
    ), status


def _kept_with(invitation: Invitation) -> list[str]:
    """What a response carries beside the answers (``submit_response``), in the intro's words."""
    attributes = invitation.participant.attributes or {}
    return ["your function", "your team", *(f"your {LABELS[a].lower()}" for a in ATTRIBUTES if attributes.get(a))]


def _saved_comment_digests(invitation: Invitation, questionnaire: Questionnaire) -> dict[str, str]:
    """Each comment as saved when the page is served, digested: a box sent back unchanged from it leaves the
    comment saved by then (perhaps on another device) alone. Of the saved comment, not of the box: a refused page
    may show text that was never saved, and must send it when pressed again."""
    saved = (invitation.draft or {}).get("comments", {})
    return {q.id: comment_fingerprint(saved.get(q.id)) for q in questionnaire.open_questions}


def _resume_at(invitation: Invitation, questionnaire: Questionnaire, form: SurveyForm) -> str | None:
    """Where a person coming back to saved answers goes on: the first statement still open, in the order the
    page shows them, else the comments before the button. ``None`` on a first visit: the page starts at the top.
    """
    if not holds_answers(invitation.draft):
        return None
    shown = [item for _, items in _sections(questionnaire) for item in items]
    still_open = [item.id for item in shown if form[item.id].data is None] + [q.id for q in questionnaire.open_questions]
    return still_open[0] if still_open else None


def _sections(questionnaire):  # type: ignore[no-untyped-def]
    """Items grouped by dimension, in questionnaire order, the outcome item last."""
    sections = [(d, questionnaire.items_of(d.id)) for d in questionnaire.dimensions]
    sections = [(d, items) for d, items in sections if items]
    outcome = questionnaire.outcome_item
    if outcome is not None:
        sections.append((None, (outcome,)))
    return sections
