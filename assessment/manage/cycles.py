"""Running a cycle from the console: open it, invite, remind, follow the response rate, close it.

Publishing its results is ``publishing``.

The cycle page shows counts only, and per-team counts only as the gate
releases them (``response_rates``): who has answered is never on it, nor in
the audit trail each action leaves.
"""
from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from assessment.dates import written
from assessment.extensions import db
from assessment.gate.comments import response_rates
from assessment.gate.results import score_threshold
from assessment.invitation_mail import (
    MailingSummary, Reader, mail_setup_problems, preview, start_mailing,
)
from assessment.manage.blueprint import bp, existing_cycle, managed_cycle, managed_organization
from assessment.manage.mail_queue import mail_queue, warn_if_waiting
from assessment.manage.small_groups import small_functions, small_teams
from assessment.manage.cycle_forms import (
    DEFAULT_OPEN_DAYS, ClosingDateForm, ConfirmForm, OpenCycleForm, OpeningDateForm, PlannedMailForm, ReminderForm,
    next_quarter, quarter_start,
)
from assessment.models import Cycle, Organization, Role, StoredQuestionnaire
from assessment.models.cycle import DEFAULT_MIN_GROUP
from assessment.operations.cycles import (
    CycleError, already_has, close_cycle, move_closing_date, move_opening_date, open_cycle, published_with,
    scheduled_cycles, still_open, withdrawal_refusal,
)
from assessment.operations.invitations import (
    DEFAULT_REMINDER_GAP_DAYS, Mailing, invitation_counts, refuse_before_opening,
)
from assessment.operations.privacy import record
from assessment.operations.questionnaires import ensure_builtin_questionnaires
from assessment.operations.responses import unsent_drafts
from assessment.publication_mail import last_notice, readers
from assessment.scheduled_mail import how_soon, overdue_reminder, plan_mail, planned_shortfall, planned_text
from reports.organization_inputs import response_rate


@bp.route("/<org>/cycles/new", methods=["GET", "POST"])
def new_cycle(org: str) -> str | tuple[str, int] | Response:
    organization = managed_organization(org)
    last = _last_cycle(organization)
    form = OpenCycleForm(data=_defaults(organization, last))
    form.offer(_questionnaires(), last)
    if form.validate_on_submit():
        questionnaire = db.session.get(StoredQuestionnaire, form.questionnaire.data)
        assert questionnaire is not None  # the form accepts only the ids it offered
        period = (form.period.data or "").strip()
        try:
            cycle = open_cycle(
                organization, period, questionnaire,
                min_group_size=form.min_group_size.data or 0, opens_on=form.opens_on.data,
                closes_on=form.closes_on.data, min_comment_group_size=form.min_comment_group_size.data or 0,
                today=dt.date.today(),
            )
            plan_mail(cycle, form.invite_on_opening.data, form.remind_on.data, dt.date.today())
            record(current_user.email, "cycle.open",
                   f"{cycle.name} with {questionnaire.ref}, smallest group {cycle.min_group_size}, "
                   f"comments from {cycle.min_comment_group_size}; {planned_text(cycle)}")
            db.session.commit()
        except (CycleError, IntegrityError) as error:
            db.session.rollback()
            message = str(error) if isinstance(error, CycleError) else already_has(organization, period)
            field = error.field if isinstance(error, CycleError) else "period"
            return _new_cycle_page(organization, form, message, existing=existing_cycle(organization, period),
                                   field=field), 422
        flash(_opened(cycle), "info")
        return redirect(url_for(".cycle", org=organization.slug, period=cycle.period))
    return _new_cycle_page(organization, form), 422 if form.errors else 200


def _opened(cycle: Cycle) -> str:
    if cycle.invite_on_opening or cycle.remind_on:
        planned = f" Planned mail: {planned_text(cycle)}."
    else:
        planned = " Send the invitations when the roster is ready."
    if cycle.scheduled:
        return (f"Scheduled {cycle.period}: it opens on {written(cycle.opens_on)}. Its survey links take answers, and "
                f"invitations can be sent, from that day.{planned}")
    return f"Opened {cycle.period}.{planned}"


def _new_cycle_page(organization: Organization, form: OpenCycleForm, error: str | None = None,
                    existing: Cycle | None = None, field: str | None = None) -> str:
    """The form, warning of a cycle still open or scheduled: its people would hold two survey links at once.

    ``existing`` is the cycle of the period asked for, when there is one: the page links to it. An ``error``
    about one ``field`` is also said at that field, where a screen reader reads it with the control.
    """
    if error and field in form:
        form[field].errors = [*form[field].errors, error]
    return render_template("web/manage/new_cycle.html", organization=organization, form=form, error=error,
                           error_field=field if field in form else None,
                           existing=existing, still_open=[c.period for c in still_open(organization)],
                           scheduled=scheduled_cycles(organization))


@bp.route("/<org>/<period>")
def cycle(org: str, period: str) -> str:
    organization = managed_organization(org)
    cycle = managed_cycle(organization, period)
    answered, teams = response_rates(cycle)
    counts = invitation_counts(cycle)
    threshold = score_threshold(cycle)
    # Said while people can still be moved between teams: once it closes, the results only say what is missing.
    collecting = cycle.accepts_responses
    return render_template(
        "web/manage/cycle.html", organization=organization, cycle=cycle, counts=counts, answered=answered,
        teams=teams, threshold=threshold, days_left=_days_left(cycle),
        small_teams=small_teams(cycle, threshold) if collecting else [],
        small_functions=small_functions(cycle, threshold) if collecting else [],
        rate=response_rate(answered, counts.invited),
        beyond_invitations=any(n is not None and n > invited for n, invited in
                               [(answered, counts.invited), *((t.answered, t.invited) for t in teams)]),
        reminder_form=ReminderForm(min_days=_reminder_gap()),
        plan_form=PlannedMailForm(invite_on_opening=cycle.invite_on_opening, remind_on=cycle.remind_on),
        planned=planned_text(cycle),
        overdue_reminder=overdue_reminder(cycle, dt.date.today()),
        shortfall=planned_shortfall(cycle) if collecting else None,
        closing_form=ClosingDateForm(closes_on=cycle.closes_on),
        opening_form=OpeningDateForm(opens_on=cycle.opens_on),
        publish_form=ConfirmForm(),
        unpublished_before=[c.period for c in published_with(cycle) if c.period != cycle.period],
        notice=last_notice(cycle) if cycle.is_published else None,
        # Before publishing, who will be mailed is named: the button sends it to all of them at once.
        readers=readers(cycle) if cycle.has_results else [],
        # Said where the invitations go out: the new-cycle form warned once, but "Open now" and an opening date
        # that arrives do not pass through it, and people invited to both would hold two links at once.
        also_open=[c.period for c in still_open(organization) if c.id != cycle.id] if cycle.accepts_responses else [],
        withdrawable=_withdrawable(cycle),
        **mail_setup_problems(sending=cycle.accepts_responses),
    )


@bp.route("/<org>/<period>/mail/<mailing>")
def mail_preview(org: str, period: str, mailing: str) -> str:
    """The invitation or reminder as people will read it, before the consultant sends it."""
    organization = managed_organization(org)
    cycle = managed_cycle(organization, period)
    if mailing not in Mailing.__members__:
        abort(404)
    if not cycle.accepts_responses:   # its mail would promise days to answer that are over
        abort(404, description=f"{cycle.period} is {cycle.status.value}: it sends no more invitations or reminders.")
    kind = Mailing(mailing)
    return render_template("web/manage/mail_preview.html", organization=organization, cycle=cycle,
                           mailing=kind, preview=preview(cycle, kind), sender=current_app.config["MAIL_FROM"],
                           **mail_setup_problems())


@bp.post("/<org>/<period>/invitations")
def send_invitations(org: str, period: str) -> Response:
    cycle = managed_cycle(managed_organization(org), period)
    return _mail(cycle, Mailing.invitation, DEFAULT_REMINDER_GAP_DAYS)


@bp.post("/<org>/<period>/reminders")
def send_reminders(org: str, period: str) -> Response:
    cycle = managed_cycle(managed_organization(org), period)
    form = ReminderForm()
    if not form.validate():
        flash("Choose how many days since the last mail, from 0 to 90.", "error")
        return redirect(url_for(".cycle", org=org, period=period))
    return _mail(cycle, Mailing.reminder, form.min_days.data or 0)


@bp.post("/<org>/<period>/planned-mail")
def planned_mail(org: str, period: str) -> Response:
    """What the cycle mails by itself: the invitations from its opening day, a reminder on a set day."""
    cycle = managed_cycle(managed_organization(org), period)
    page = redirect(url_for(".cycle", org=org, period=period))
    form = PlannedMailForm()
    if not form.validate():
        flash("The plan stays as it was: give the reminder's day as a date, such as 2026-12-04, or leave it empty.",
              "error")
        return page
    try:
        plan_mail(cycle, form.invite_on_opening.data, form.remind_on.data, dt.date.today(), actor=current_user.email)
    except CycleError as error:
        flash(f"The plan stays as it was: {error}.", "error")
        return page
    db.session.commit()
    flash(f"Planned mail for {cycle.period}: {planned_text(cycle)}.", "info")
    return page


@bp.post("/<org>/<period>/closing-date")
def closing_date(org: str, period: str) -> Response:
    cycle = managed_cycle(managed_organization(org), period)
    page = redirect(url_for(".cycle", org=org, period=period))
    form = ClosingDateForm()
    if not form.validate() or form.closes_on.data is None:
        flash("Choose the new closing date as a date, such as 2026-12-18.", "error")
        return page
    try:
        move_closing_date(cycle, form.closes_on.data, today=dt.date.today(), actor=current_user.email)
    except CycleError as error:
        reason = str(error)
        flash(f"The closing date stays {written(cycle.closes_on, 'unset')}. {reason[:1].upper()}{reason[1:]}.", "error")
        return page
    db.session.commit()
    flash(f"{cycle.period} now closes on {written(cycle.closes_on)}; reminders from now on name that date.", "info")
    return page


@bp.post("/<org>/<period>/opening-date")
def opening_date(org: str, period: str) -> Response:
    """Move a scheduled cycle's opening date, or open it today ("Open now"); the CSRF check is global."""
    cycle = managed_cycle(managed_organization(org), period)
    page = redirect(url_for(".cycle", org=org, period=period))
    today = dt.date.today()
    form = OpeningDateForm()
    now = "now" in request.form
    if not now and (not form.validate() or form.opens_on.data is None):
        flash("Choose the new opening date as a date, such as 2026-12-01.", "error")
        return page
    try:
        move_opening_date(cycle, today if now else form.opens_on.data, today=today, actor=current_user.email)
    except CycleError as error:
        flash(f"The opening date stays {written(cycle.opens_on, 'unset')}: {error}.", "error")
        return page
    db.session.commit()
    if cycle.scheduled:
        invitations = "the invitations go out by themselves" if cycle.invite_on_opening else "invitations can be sent"
        flash(f"{cycle.period} now opens on {written(cycle.opens_on)}; {invitations} from that day.", "info")
    else:
        invitations = (f"the invitations go out by themselves {how_soon()}" if cycle.invite_on_opening else
                       "you can send the invitations")
        flash(f"{cycle.period} is open from today: its survey links take answers, and {invitations}.", "info")
    return page


@bp.route("/<org>/<period>/close", methods=["GET", "POST"])
def close(org: str, period: str) -> str | Response:
    organization = managed_organization(org)
    cycle = managed_cycle(organization, period)
    if not cycle.accepts_responses:
        flash(f"{cycle.period} is {cycle.status.value} already.", "info")
        return redirect(url_for(".cycle", org=org, period=period))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            close_cycle(cycle, dt.date.today())
        except CycleError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".cycle", org=org, period=period))
        record(current_user.email, "cycle.close", f"{cycle.name}")
        db.session.commit()
        flash(f"Closed {cycle.period}: the scores are computed. Review the results, then publish them to the "
              f"executives and team leads of {organization.name}.", "info")
        return redirect(url_for(".cycle", org=org, period=period))
    answered, _ = response_rates(cycle)
    counts = invitation_counts(cycle)
    return render_template("web/manage/close_cycle.html", organization=organization, cycle=cycle, form=form,
                           answered=answered, threshold=score_threshold(cycle), days_left=_days_left(cycle),
                           unsent=unsent_drafts(cycle.id), invited=counts.invited, counts=counts,
                           withdrawable=_withdrawable(cycle))


def _withdrawable(cycle: Cycle) -> bool:
    """Offered beside Close while nobody holds anything of the cycle (a link, an answer, saved answers): opened by
    mistake, it is deleted instead of closed, which would leave an empty cycle for the client's list and the next
    cycle's trends."""
    return cycle.accepts_responses and withdrawal_refusal(cycle, dt.date.today()) is None


def _days_left(cycle: Cycle) -> int | None:
    """Days until the planned closing date that invitations and reminders name; None when there is none."""
    if not (cycle.accepts_responses and cycle.closes_on) or cycle.scheduled:
        return None
    return (cycle.closes_on - dt.date.today()).days


def _mail(cycle: Cycle, mailing: Mailing, min_days: int) -> Response:
    page = redirect(url_for(".cycle", org=cycle.organization.slug, period=cycle.period))
    try:
        refuse_before_opening(cycle)   # before asking the queue: a date still ahead is the plainer reason
    except CycleError as error:
        flash(f"Nothing was sent: {error}.", "error")
        return page
    counts = invitation_counts(cycle)
    if counts.roster == 0:
        # "Everyone has had one" would be true of nobody: the step missing is the roster.
        flash(f"Nothing was sent: nobody is on the roster of {cycle.organization.name} yet. Import the roster, "
              "then send the invitations from this page.", "error")
        return page
    if mailing == Mailing.reminder and counts.invited == 0:
        # "Everyone invited got a mail from us lately" would be true of nobody: the step missing is the invitations.
        flash(f"Nothing was sent: nobody has been invited to {cycle.period} yet. Send the invitations first; "
              "reminders then go to those who have not answered.", "error")
        return page
    idle = mail_queue("Nothing was sent")
    if idle is None:
        return page
    try:
        summary = start_mailing(cycle, mailing, current_user.email, min_days)
    except CycleError as error:
        flash(str(error), "error")
        return page
    flash(*_outcome(mailing, summary, min_days))
    warn_if_waiting(idle and summary is None)
    return page


def _outcome(mailing: Mailing, summary: MailingSummary | None, min_days: int) -> tuple[str, str]:
    noun = "invitations" if mailing == Mailing.invitation else "reminders"
    if summary is None:
        return f"Sending the {noun} in the background; the counts below grow as they go out.", "info"
    if not (summary.sent or summary.failed or summary.skipped):
        return _nothing_due(mailing, min_days), "info"
    text = summary.as_text(Reader.admin if current_user.role == Role.admin else Reader.consultant)
    text = f"{text[0].upper()}{text[1:]}."   # not ``capitalize``, which lowers the rest: SMTP_HOST, names
    if summary.stopped:
        return text, "error"
    if summary.failed:
        # "The next run" meant nothing to a consultant, who has no run to wait for and no mail settings to check.
        # The server answered (it was not cut short), so it refused those addresses: the roster is where to look.
        return (text + " Nothing is lost: those not sent stay due. The mail server turned them down, most often for"
                " a mistyped address or a full mailbox: check those people's addresses on the roster, then press"
                " the button again to send them."), "error"
    return text, "info"


def _nothing_due(mailing: Mailing, min_days: int) -> str:
    """Why a click sent nothing: "0 sent, 0 failed" alone reads like a fault."""
    if mailing == Mailing.invitation:
        return ("No invitation was due: everyone on the roster has had one. Newcomers you add to the roster are "
                "invited with this button; remind the others below.")
    if min_days == 0:
        return ("No reminder was due: everyone invited who has not answered got a mail from us today, and nobody "
                "gets two in one day.")
    return (f"No reminder was due: everyone invited who has not answered got a mail from us in the last {min_days} "
            f"day{'s' if min_days != 1 else ''}. Choose fewer days to remind them sooner.")


def _questionnaires() -> list[StoredQuestionnaire]:
    """Every registered instrument, the shipped ones registered first if a fresh install lacks them."""
    if ensure_builtin_questionnaires():
        db.session.commit()
    return list(db.session.execute(
        db.select(StoredQuestionnaire).order_by(StoredQuestionnaire.key, StoredQuestionnaire.version.desc())
    ).scalars())


def _last_cycle(organization: Organization) -> Cycle | None:
    """The cycle opened last, whose questionnaire and group sizes a new one proposes."""
    return db.session.execute(
        db.select(Cycle).filter_by(organization_id=organization.id).order_by(Cycle.id.desc()).limit(1)
    ).scalar_one_or_none()


def _defaults(organization: Organization, previous: Cycle | None) -> dict[str, object]:
    periods = db.session.execute(db.select(Cycle.period).filter_by(organization_id=organization.id)).scalars()
    today = dt.date.today()
    period = next_quarter(today, list(periods))
    # A quarter still ahead is proposed with dates in it: a 2027-Q1 survey running in November read as a mistake.
    opens_on = max(today, quarter_start(period))
    return {
        "period": period,
        "questionnaire": previous.questionnaire_id if previous else None,
        "opens_on": opens_on,
        "closes_on": opens_on + dt.timedelta(days=DEFAULT_OPEN_DAYS),
        "min_group_size": previous.min_group_size if previous else DEFAULT_MIN_GROUP,
        "min_comment_group_size": previous.min_comment_group_size if previous else DEFAULT_MIN_GROUP,
    }


def _reminder_gap() -> int:
    return int(current_app.config.get("REMINDER_MIN_DAYS", DEFAULT_REMINDER_GAP_DAYS))
