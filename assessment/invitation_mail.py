"""Inviting a cycle's participants and reminding them, by email, as a background job.

``start_mailing`` hands the job to a Celery worker when a broker is
configured and runs it here otherwise. The job takes ids, not objects, and is
safe to run twice: each mail is claimed in the database before it leaves
(``operations.invitations``), so a retried or duplicated job sends only what
is still due. One address that fails is counted and retried by the next run;
the others still go out. Only counts leave the job: the result, the audit
entry and the log name no address and carry no token.
"""
from __future__ import annotations

import datetime as dt
import smtplib
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from typing import TypeVar
from urllib.parse import urlsplit

from celery import shared_task
from celery.result import AsyncResult
from flask import Flask, current_app, render_template, url_for
from sqlalchemy.exc import OperationalError

from assessment.config import LOOPBACK_HOSTS
from assessment.dates import written
from assessment.extensions import db
from assessment.mail import MailError, send_templated, sender_of
from assessment.models import Cycle
from assessment.operations.invitations import (
    DEFAULT_REMINDER_GAP_DAYS, Claim, Mailing, add_missing_invitations, claim, due_count, due_ids, release,
    require_open,
)
from assessment.operations.privacy import record
from questionnaires.length import minutes_to_answer

TASK_NAME = "assessment.send_cycle_mailing"
#: After this many failures in a row where the server did not even answer, the rest waits for the next run.
UNREACHABLE_AFTER = 3
#: Without a broker, a mailing of more people than this is sent from a thread of the server, not in the request.
#: A local mail server takes some 60 a second: 5,000 invitations held the console's page for 95 seconds with no
#: word of what was happening, and gunicorn (30 seconds by default) kills a request's worker long before that,
#: leaving the consultant a gateway error after 1,800 of them had gone out.
IN_THE_REQUEST_AT_MOST = 200
#: How often a step of a mailing is tried again when SQLite refuses it as locked (``_committed``).
TRIES_WHEN_LOCKED = 10

T = TypeVar("T")


class Reader(Enum):
    """Who reads a mailing's outcome. After a stop, each is told what they can do: only whoever runs the instance
    can change its mail settings, so a consultant is told whom to ask. ``{button}`` is the console's button."""

    record = ""   # the audit trail and the log: what happened, no advice
    consultant = ("ask whoever runs Alignment Health to check the mail server settings (SMTP_HOST, SMTP_PORT), "
                  "then press {button} again")
    admin = "check the mail server settings (SMTP_HOST, SMTP_PORT), then press {button} again"
    command = "check the mail server settings (SMTP_HOST, SMTP_PORT), then run the command again"
    schedule = "check the mail server settings (SMTP_HOST, SMTP_PORT); the next run sends the rest"


@dataclass
class MailingSummary:
    mailing: str
    sent: int = 0
    failed: int = 0
    skipped: int = 0      # claimed by another run meanwhile, or answered meanwhile
    stopped: bool = False  # the SMTP server could not be reached; the rest is still due
    still_due: int = 0    # left to send after this run: the failed ones and, after a stop, those not tried
    mail_server: str | None = None  # host:port of the server that could not be reached, after a stop

    def as_text(self, reader: Reader = Reader.record) -> str:
        """The outcome in one line: the console's message, the command's output, the audit trail's entry.

        After a stop, "3 failed" read as if the others had gone out: the text says that nothing was sent after
        it, how many are still waiting, and that a second press mails nobody twice.
        """
        invitation = self.mailing == Mailing.invitation
        noun = "invitations" if invitation else "reminders"
        if not self.stopped:
            text = f"{self.sent} {noun} sent, {self.failed} failed"
            return text + (f", {self.skipped} already taken care of" if self.skipped else "")
        # A stop after fewer failures than UNREACHABLE_AFTER: the last one or two left to mail found no server.
        tries = min(self.failed, UNREACHABLE_AFTER)
        before = [f"{self.failed - tries} failed"] if self.failed > tries else []
        before += [f"{self.skipped} already taken care of"] if self.skipped else []
        then = ", then " if self.sent or before else ": "
        people = "1 person is" if self.still_due == 1 else f"{self.still_due} people are"
        waiting = f"all {people}" if not self.sent and self.still_due > 1 else people
        gave_up = f", so the send stopped after {UNREACHABLE_AFTER} tries" if tries >= UNREACHABLE_AFTER else ""
        text = (f"{', '.join([f'{self.sent} {noun} sent', *before])}{then}the mail server at {self.mail_server} "
                f"could not be reached{gave_up}; {waiting} still to be "
                f"{'invited' if invitation else 'reminded'} — nobody was mailed twice")
        advice = reader.value.format(button=f"Send {noun}")
        return f"{text}; {advice}" if advice else text


def links_only_this_machine_opens() -> str | None:
    """PUBLIC_URL when only the server's own machine opens it (the default): links mailed or handed out on it are
    dead for everyone else, and nothing would show it until employees write back that the survey does not open."""
    public_url = str(current_app.config["PUBLIC_URL"])
    return public_url if urlsplit(public_url).hostname in LOOPBACK_HOSTS else None


def sender_that_cannot_exist() -> str | None:
    """MAIL_FROM when its domain is one that can never exist (the default, ``survey@alignment.invalid``): many mail
    servers refuse mail from it or file it as spam, and an employee's reply to it is lost."""
    sender = str(current_app.config["MAIL_FROM"])
    try:
        domain = sender_of(sender).domain
    except (ValueError, IndexError):
        return None
    return sender if domain.lower().endswith(".invalid") else None


def mail_setup_problems(*, sending: bool = True) -> dict[str, str | None]:
    """What the console says before anything is mailed, where invitations can go out (``sending``)."""
    return dict(local_links=links_only_this_machine_opens() if sending else None,
                invalid_sender=sender_that_cannot_exist() if sending else None)


def survey_url(token: str) -> str:
    """Built on PUBLIC_URL, in a request or in a worker alike."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for("respond.survey", token=token, _external=True)


@dataclass(frozen=True)
class MailPreview:
    """A mailing's message as its readers get it, but for the personal link, which is each reader's own."""

    subject: str
    text: str
    link: str                   # where the personal link stands in ``text``: the survey's address, then "…"


def preview(cycle: Cycle, mailing: Mailing, today: dt.date | None = None) -> MailPreview:
    """What ``run_mailing`` would send today, from the same subject, context and template, for the console to show
    before anything goes out: the wording, the dates, and the address the links open (``PUBLIC_URL``)."""
    context = _message_context(cycle, today or dt.date.today())
    link = f"{survey_url('link').rpartition('/')[0]}/…"
    text = render_template(f"web/manage/email/{mailing.value}.txt", link=link, **context)
    return MailPreview(_subject(mailing, context), text, link)


def start_mailing(cycle: Cycle, mailing: Mailing, actor: str,
                  min_days: int = DEFAULT_REMINDER_GAP_DAYS) -> MailingSummary | None:
    """Run now (no broker, a few people: the summary), or in the background (``None``: counts appear as mails go
    out): queued for a worker, or, without a broker, sent from a thread of this server process."""
    require_open(cycle)
    if current_app.config["CELERY_BROKER_URL"]:
        queue_mailing(cycle, mailing, actor, min_days)
        return None
    if due_count(cycle, mailing, dt.date.today(), min_days) <= IN_THE_REQUEST_AT_MOST:
        return run_mailing(cycle.id, mailing.value, actor, min_days)
    _send_in_the_background(current_app._get_current_object(), cycle.id, mailing, actor,  # type: ignore[attr-defined]
                            min_days)
    return None


_sending: set[tuple[int, str]] = set()   # the mailings this process's threads are sending now
_sending_lock = threading.Lock()


def _send_in_the_background(app: Flask, cycle_id: int, mailing: Mailing, actor: str, min_days: int) -> None:
    """One thread per cycle and mailing in this process: a second press while it runs starts no second one (the
    claims would send nobody twice anyway). The outcome goes to the audit trail and the log, as a worker's does."""
    key = (cycle_id, mailing.value)
    with _sending_lock:
        if key in _sending:
            return
        _sending.add(key)

    def send() -> None:
        try:
            with app.app_context():
                summary = run_mailing(cycle_id, mailing.value, actor, min_days)
                app.logger.info("%s mailing of cycle #%d: %s", mailing.value, cycle_id, summary.as_text())
        except Exception:   # the claims not sent stay due: pressing the button again sends them
            app.logger.exception("%s mailing of cycle #%d stopped", mailing.value, cycle_id)
        finally:
            with _sending_lock:
                _sending.discard(key)

    threading.Thread(target=send, name=f"mailing-{cycle_id}-{mailing.value}", daemon=True).start()


def queue_mailing(cycle: Cycle, mailing: Mailing, actor: str,
                  min_days: int = DEFAULT_REMINDER_GAP_DAYS) -> AsyncResult:
    """The mailing handed to a worker; its result, once done, is the summary as a dict (``summary_from``)."""
    require_open(cycle)
    arguments = dict(cycle_id=cycle.id, mailing=mailing.value, actor=actor, min_days=min_days)
    return current_app.extensions["celery"].send_task(TASK_NAME, kwargs=arguments)


def summary_from(result: dict[str, object]) -> MailingSummary:
    """The summary a worker returned (``send_cycle_mailing``), as the in-process run gives it."""
    return MailingSummary(**result)  # type: ignore[arg-type]


@shared_task(name=TASK_NAME, ignore_result=False)
def send_cycle_mailing(cycle_id: int, mailing: str, actor: str, min_days: int) -> dict[str, object]:
    return asdict(run_mailing(cycle_id, mailing, actor, min_days))


def run_mailing(cycle_id: int, mailing: str, actor: str, min_days: int = DEFAULT_REMINDER_GAP_DAYS,
                today: dt.date | None = None) -> MailingSummary:
    """Send every mail that is due, committing each claim before its mail leaves."""
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        raise LookupError(f"no cycle with id {cycle_id}")
    kind, today = Mailing(mailing), today or dt.date.today()
    require_open(cycle, today)
    summary = MailingSummary(kind.value)
    if kind == Mailing.invitation:
        _committed(lambda: add_missing_invitations(cycle, today))
    context = _message_context(cycle, today)
    unreachable = 0
    for invitation_id in due_ids(cycle, kind, today, min_days):
        # Committed: the claim is visible to any other run before the mail leaves.
        won = _committed(lambda: claim(cycle, invitation_id, kind, today, min_days))  # noqa: B023 (called at once)
        if won is None:
            summary.skipped += 1
            continue
        outcome = _deliver(won, kind, context)
        if outcome == SENT:
            summary.sent, unreachable = summary.sent + 1, 0
            continue
        _committed(lambda: release(won, kind))  # noqa: B023 (called at once)
        summary.failed += 1
        unreachable = unreachable + 1 if outcome == UNREACHABLE else 0
        if unreachable >= UNREACHABLE_AFTER:
            break
    if unreachable:
        # Whether it gave up after UNREACHABLE_AFTER tries or ran out of people first (one or two left to invite),
        # the last tries found no server: "the mail server turned them down, check their addresses" sent the
        # consultant to a roster that was fine, and a planned reminder counted as sent that nobody received.
        summary.stopped = True
        summary.mail_server = f"{current_app.config['SMTP_HOST']}:{current_app.config['SMTP_PORT']}"
    action = "invitations.send" if kind == Mailing.invitation else "invitations.remind"

    def recorded() -> None:
        summary.still_due = due_count(cycle, kind, today, min_days)
        record(actor, action, f"{cycle.name}: {summary.as_text()}")

    _committed(recorded)
    return summary


def _committed(step: Callable[[], T]) -> T:
    """``step`` and its commit, tried again while SQLite refuses it as locked.

    Each step reads, then writes (a claim reads the invitation, then takes it). SQLite refuses such a write at
    once, without waiting, when another connection wrote since the read: an employee sending their answers as the
    mails go out, which a large mailing all but guarantees. The first such answer ended the mailing with a server
    error, its rest unsent. Rolled back, the step reads afresh; a claim still only wins an invitation still due.
    """
    for attempt in range(1, TRIES_WHEN_LOCKED + 1):
        try:
            result = step()
            db.session.commit()
            return result
        except OperationalError as error:
            db.session.rollback()
            if "database is locked" not in str(error.orig) or attempt == TRIES_WHEN_LOCKED:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


SENT, REFUSED, UNREACHABLE = "sent", "refused", "unreachable"


def _deliver(won: Claim, kind: Mailing, context: dict[str, object]) -> str:
    """One mail; whether it went, the server refused this address, or the server could not be reached."""
    try:
        send_templated(won.participant_email, _subject(kind, context), f"web/manage/email/{kind.value}",
                       link=survey_url(won.token), **context)
    except MailError as error:
        cause = error.__cause__
        current_app.logger.warning("%s for invitation #%d not sent: %s", kind.value, won.invitation_id,
                                   type(cause).__name__)
        answered = isinstance(cause, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)
        return REFUSED if answered else UNREACHABLE
    return SENT


def _subject(kind: Mailing, context: dict[str, object]) -> str:
    if kind == Mailing.invitation:
        return f"{context['organization']}: a few minutes on how sales and marketing work together"
    return f"Reminder: the {context['organization']} sales and marketing survey is open {context['until']}"


def _message_context(cycle: Cycle, today: dt.date) -> dict[str, object]:
    last_day = cycle.open_until(today)
    return {
        "organization": cycle.organization.name,
        "minutes": minutes_to_answer(cycle.questionnaire.parsed()),
        "until": f"until {written(last_day)}" if last_day else "for a few more days",
        "has_closing_date": last_day is not None,
    }
