"""Mail a consultant planned for a cycle, sent when its day comes.

A cycle may invite its people automatically from its opening day on (and
whoever joins the roster later, within the hour), and send one reminder on a
day the consultant sets. ``send_due_mailings`` sends what is due, every hour:
by Celery beat where a broker is configured (``celery -A assessment.worker
beat``); otherwise from a thread of each serving process, as DESIGN's
embedded default runs its jobs in-process (``check_in_process``), or by cron
calling ``alignment invitations send-due``. Running it more often, or in
several processes at once, is harmless: the mailings it starts are the
console's own (``run_mailing``), which claim each mail before it leaves, so
nobody gets one twice.
"""
from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass

from celery import shared_task
from flask import Flask, current_app
from sqlalchemy import or_

from assessment.dates import written
from assessment.extensions import db
from assessment.invitation_mail import MailingSummary, Reader, run_mailing
from assessment.models import AuditEntry, Cycle, CycleStatus
from assessment.operations.cycles import CycleError, require_in_reach
from assessment.operations.invitations import DEFAULT_REMINDER_GAP_DAYS, Mailing, due_count, first_reminder_day
from assessment.operations.privacy import record

TASK_NAME = "assessment.send_due_mailings"
#: Who the audit log names for planned mail: the consultant planned it, the schedule sent it.
ACTOR = "planned mail"


@dataclass(frozen=True)
class SentMailing:
    cycle: str
    summary: MailingSummary


def send_due_mailings(today: dt.date | None = None) -> list[SentMailing]:
    """Start every planned mailing that is due today; what each one sent."""
    today = today or dt.date.today()
    sent = []
    for cycle in _taking_answers(today):
        for mailing in due_mailings(cycle, today):
            try:
                summary = run_mailing(cycle.id, mailing.value, ACTOR, today=today)
            except CycleError:   # closed since it was read: nothing of it is due any more
                db.session.rollback()
                break
            if mailing == Mailing.reminder and not summary.stopped:
                # A run the mail server cut short stays due, so the next hour sends the rest.
                cycle.planned_reminder_sent_on = today
            db.session.commit()
            sent.append(SentMailing(cycle.name, summary))
    return sent


@shared_task(name=TASK_NAME, ignore_result=False)
def send_due_mailings_task() -> list[str]:
    """Beat's hourly run: one line per mailing started, as the CLI prints them."""
    return [f"{m.cycle}: {m.summary.as_text(Reader.schedule)}" for m in send_due_mailings()]


def due_mailings(cycle: Cycle, today: dt.date) -> list[Mailing]:
    """The planned mailings of an open cycle that are due today: invitations first, so a reminder day that is
    also the opening day invites before it reminds."""
    if cycle.is_scheduled(today) or not cycle.accepts_responses:
        return []
    due = []
    if cycle.invite_on_opening and due_count(cycle, Mailing.invitation, today):
        due.append(Mailing.invitation)
    if (pending := cycle.pending_reminder) is not None and pending <= today:
        due.append(Mailing.reminder)
    return due


def plan_mail(cycle: Cycle, invite_on_opening: bool, remind_on: dt.date | None, today: dt.date,
              actor: str | None = None) -> None:
    """Set what the cycle mails by itself; a reminder day must fall while it takes answers, and not in the past.

    Audited in the ``actor``'s name; without one, the caller audits it (opening a cycle names its plan).
    """
    if not cycle.accepts_responses:
        raise CycleError(f"{cycle.title} is {cycle.status.value}: mail is planned only while it is open")
    if remind_on is not None and remind_on != cycle.remind_on:
        _require_remindable(cycle, remind_on, today)
    cycle.invite_on_opening, cycle.remind_on = invite_on_opening, remind_on
    if actor is not None:
        record(actor, "cycle.plan_mail", f"{cycle.name}: {planned_text(cycle)}")


def _require_remindable(cycle: Cycle, remind_on: dt.date, today: dt.date) -> None:
    require_in_reach(remind_on, today, "remind_on")
    if remind_on < today:
        raise CycleError(f"the reminder day {written(remind_on)} has passed: choose today or a later day",
                         "remind_on")
    earliest = cycle.opens_on + dt.timedelta(days=DEFAULT_REMINDER_GAP_DAYS) if cycle.opens_on else None
    if earliest is not None and remind_on < earliest:
        raise CycleError(f"a reminder goes to people invited at least {DEFAULT_REMINDER_GAP_DAYS} days before, so "
                         f"the first day for it is {written(earliest)}, that many days after the opening day",
                         "remind_on")
    if cycle.closes_on is not None and remind_on > cycle.closes_on:
        raise CycleError(f"the reminder day must not be after the planned closing date, {written(cycle.closes_on)}",
                         "remind_on")
    first = first_reminder_day(cycle)
    if first is not None and remind_on < first:
        # Confirmed, such a plan mailed nobody on the day: everyone waiting had had mail too recently.
        raise CycleError(f"a reminder on {written(remind_on)} would reach nobody: everyone who has not answered had "
                         f"mail from this survey within the {DEFAULT_REMINDER_GAP_DAYS} days before it; the first "
                         f"day it reaches anyone is {written(first)}", "remind_on")


def how_soon() -> str:
    """When planned mail that is due now goes out, in words: within the interval of the check
    (PLANNED_MAIL_CHECK_SECONDS), or, where no check runs, once the command that sends it does."""
    every = current_app.config["PLANNED_MAIL_CHECK_SECONDS"]
    if every <= 0:
        return "once `alignment invitations send-due` runs"
    if every == 3600:
        return "within the hour"
    minutes, hours = -(-every // 60), -(-every // 3600)
    if every < 3600:
        return "within a minute" if minutes == 1 else f"within {minutes} minutes"
    return f"within {hours} hours"


def planned_text(cycle: Cycle) -> str:
    """The cycle's planned mail in a sentence, for the console, the CLI and the audit log."""
    parts = []
    if cycle.invite_on_opening:
        parts.append(f"the invitations go out by themselves on {written(cycle.opens_on)}, the opening day, and "
                     "later to whoever joins the roster" if cycle.is_scheduled() else
                     f"the invitations go out by themselves, {how_soon()}, to whoever on the roster has none yet")
    if cycle.remind_on is not None:
        went = cycle.planned_reminder_sent_on
        parts.append(f"the reminder planned for {written(cycle.remind_on)} went out on {written(went)}"
                     if went and not cycle.pending_reminder else f"a reminder goes out on {written(cycle.remind_on)}")
    return "; ".join(parts) if parts else "no mail planned: invitations and reminders go out when you send them"


@dataclass(frozen=True)
class PlannedShortfall:
    """The outcome of the cycle's latest mailing, when planned mail sent it and someone was left unmailed."""

    at: dt.datetime          # UTC, as the audit trail keeps it
    outcome: str             # as the audit trail says it: counts only, no address
    mailing: Mailing
    unreachable: bool        # the mail server could not be reached (else it refused some addresses)


_SEND_ACTIONS = {"invitations.send": Mailing.invitation, "invitations.remind": Mailing.reminder}


def planned_shortfall(cycle: Cycle, today: dt.date | None = None) -> PlannedShortfall | None:
    """What the planned mail could not send, for the cycle page: its runs tell nobody, so the page said "the
    invitations go out by themselves" while one refused address was retried hour after hour and never reached.

    ``None`` once a later mailing from the console came after it, or when the invitations it missed are all out.
    """
    entry = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.action.in_(tuple(_SEND_ACTIONS)),
                                    AuditEntry.target.startswith(f"{cycle.name}: ", autoescape=True))
        .order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    if entry is None or entry.actor != ACTOR:
        return None
    outcome, mailing = entry.target.removeprefix(f"{cycle.name}: "), _SEND_ACTIONS[entry.action]
    unreachable = "could not be reached" in outcome
    if not unreachable and re.search(r", 0 failed(,|$)", outcome):
        return None
    if mailing == Mailing.invitation and not due_count(cycle, mailing, today or dt.date.today()):
        return None
    return PlannedShortfall(entry.at, outcome, mailing, unreachable)


def inviting_by_themselves(organization_id: int) -> list[Cycle]:
    """The organization's cycles that invite whoever joins the roster, by themselves: an import starts their mail."""
    return list(db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == organization_id, Cycle.status == CycleStatus.open,
                               Cycle.invite_on_opening.is_(True)).order_by(Cycle.period)
    ).scalars())


def overdue_reminder(cycle: Cycle, today: dt.date) -> dt.date | None:
    """The planned reminder's day when it is a day or more late: nothing seems to run the hourly check."""
    pending = cycle.pending_reminder
    return pending if pending is not None and pending < today and cycle.accepts_responses else None


def _taking_answers(today: dt.date) -> list[Cycle]:
    return list(db.session.execute(
        db.select(Cycle).where(Cycle.status == CycleStatus.open, or_(Cycle.opens_on.is_(None), Cycle.opens_on <= today),
                               or_(Cycle.invite_on_opening.is_(True), Cycle.remind_on.is_not(None)))
        .order_by(Cycle.id)
    ).scalars())


def check_in_process(app: Flask) -> threading.Event:
    """Without a broker, a serving process sends the due planned mail itself, every PLANNED_MAIL_CHECK_SECONDS.

    The thread starts with the process's first request, so ``alignment`` commands, which serve none, never run
    it, nor does a test client (TESTING). Setting the returned event stops it.
    """
    stop, started = threading.Event(), threading.Lock()   # the lock, taken once and kept: one thread per process

    @app.before_request
    def _start_checking() -> None:
        every = app.config["PLANNED_MAIL_CHECK_SECONDS"]
        if app.config["CELERY_BROKER_URL"] or app.testing or every <= 0 or not started.acquire(blocking=False):
            return
        threading.Thread(target=_check_every, args=(app, every, stop), name="planned-mail", daemon=True).start()

    return stop


def _check_every(app: Flask, every: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            with app.app_context():
                for mailing in send_due_mailings():
                    app.logger.info("planned mail for %s: %s", mailing.cycle,
                                    mailing.summary.as_text(Reader.schedule))
        except Exception:  # a bad day for the database must not end the checks to come
            app.logger.exception("the planned mail check failed; it runs again in %d seconds", every)
        stop.wait(every)
