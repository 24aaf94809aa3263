"""The notice that tells a client's executives and team leads their results are published.

Sent once, for the cycle the consultant published (not for earlier cycles
published with it), to every active executive and team lead of the
organization, each with the link to what they can read: the organization's
page, or a team lead's own team page. A mail that fails is reported, never a
reason to take the publication back. With a broker the mails go out from a
worker, as invitations do, so a large client's publication never holds a request.

What happened is kept in the audit trail, by whichever process mailed it, as
the invitation mailings keep theirs: one entry with the counts, one per
address it could not be mailed to (staff accounts, not respondents), and one
when it is queued, so the cycle's console page can say what became of it.
The consultant can send it again, to every active executive and team lead.
"""
from __future__ import annotations

import datetime as dt
import re
import smtplib
from dataclasses import dataclass

from celery import shared_task
from flask import current_app, url_for

from assessment.auth.emails import password_link
from assessment.extensions import db
from assessment.gate.results import group_result, score_threshold
from assessment.mail import MailError, send_templated
from assessment.models import AuditEntry, Cycle, Role, User
from assessment.operations.cycles import CycleError
from assessment.operations.privacy import record
from assessment.participation import invited_by_team


TASK_NAME = "assessment.notify_published"
#: The audit actions: the outcome, each address it failed for, a notice handed to a worker, a consultant's resend.
MAILED, FAILED, QUEUED, RESEND = "cycle.notice", "cycle.notice_failed", "cycle.notice_queued", "cycle.notify"
_COUNTS = re.compile(r": mailed to (\d+) of (\d+) ")


@dataclass(frozen=True)
class Notice:
    sent: tuple[str, ...]
    failed: tuple[str, ...]


@dataclass(frozen=True)
class NoticeRecord:
    """What the audit trail says became of a cycle's notice, for its console page."""

    at: dt.datetime | None           # when it was last mailed (UTC); None: never on record
    sent: int = 0
    readers: int = 0
    failed: tuple[str, ...] = ()
    queued_at: dt.datetime | None = None   # handed to a worker after that, and not mailed yet


def require_published(cycle: Cycle) -> None:
    """The notice says the results are there to read: sending it for any other cycle would send people to a 404."""
    if not cycle.is_published:
        raise CycleError(f"{cycle.title} is {cycle.status.value}; its notice goes out once its results are published")


def start_notice(cycle: Cycle, actor: str) -> Notice | None:
    """Mail now (no broker: what went out) or queue the notice for a worker (``None``); commits what it records."""
    if current_app.config["CELERY_BROKER_URL"]:
        # Written before the task leaves, so the worker's outcome always comes after it in the trail.
        record(actor, QUEUED, cycle.name)
        current_app.extensions["celery"].send_task(TASK_NAME, kwargs={"cycle_id": cycle.id, "actor": actor})
        db.session.commit()
        return None
    return mail_notice(cycle, actor)


@shared_task(name=TASK_NAME, ignore_result=False)
def send_publication_notice(cycle_id: int, actor: str = "worker") -> dict[str, int]:
    """The worker's side of ``start_notice``; returns counts only, since a task's result is kept in the broker.

    ``actor`` defaults for a task queued before it was passed.
    """
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        raise LookupError(f"no cycle with id {cycle_id}")
    notice = mail_notice(cycle, actor)
    if notice.failed:
        current_app.logger.warning("publication notice of %s not mailed to %d readers", cycle.name, len(notice.failed))
    return {"sent": len(notice.sent), "failed": len(notice.failed)}


def mail_notice(cycle: Cycle, actor: str) -> Notice:
    """Mail every reader and record what happened, in a worker or here alike."""
    notice = notify_readers(cycle)
    entry = record(actor, MAILED, f"{cycle.name}: mailed to {len(notice.sent)} of "
                                  f"{len(notice.sent) + len(notice.failed)} executives and team leads")
    for address in notice.failed:
        # Named by the entry above, not the cycle: an address may be long, and the target has 400 characters.
        record(actor, FAILED, f"notice #{entry.id}: {address}")
    db.session.commit()
    return notice


def last_notice(cycle: Cycle) -> NoticeRecord:
    """The latest notice of ``cycle`` on record, and whether one is queued after it."""
    mailed = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.action == MAILED,
                                    AuditEntry.target.startswith(f"{cycle.name}: ", autoescape=True))
        .order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    queued = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.action == QUEUED, AuditEntry.target == cycle.name,
                                    AuditEntry.id > (mailed.id if mailed else 0))
        .order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    queued_at = queued.at if queued else None
    if mailed is None:
        return NoticeRecord(at=None, queued_at=queued_at)
    counts = _COUNTS.search(mailed.target)
    prefix = f"notice #{mailed.id}: "
    failed = db.session.execute(
        db.select(AuditEntry.target).where(AuditEntry.action == FAILED,
                                           AuditEntry.target.startswith(prefix, autoescape=True))
        .order_by(AuditEntry.id)
    ).scalars()
    return NoticeRecord(at=mailed.at, sent=int(counts[1]) if counts else 0, readers=int(counts[2]) if counts else 0,
                        failed=tuple(target.removeprefix(prefix) for target in failed), queued_at=queued_at)


def notify_readers(cycle: Cycle) -> Notice:
    """Mail every reader; once the server cannot be reached, the rest are reported unsent, not tried in turn."""
    sent: list[str] = []
    failed: list[str] = []
    reachable = True
    for reader in readers(cycle):
        if reachable:
            try:
                send_templated(reader.email, f"{cycle.organization.name}: the {cycle.period} alignment results "
                               "are ready", "web/manage/email/published", cycle=cycle, user=reader,
                               link=_link(cycle, reader), threshold=score_threshold(cycle),
                               team_withheld=_team_withheld(cycle, reader), **_first_password(reader))
            except MailError as error:
                # A refused address is that address's problem; no answer at all is the server's, and each
                # further try would wait out the timeout again.
                reachable = isinstance(error.__cause__, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)
            else:
                sent.append(reader.email)
                continue
        failed.append(reader.email)
    return Notice(tuple(sent), tuple(failed))


def readers(cycle: Cycle) -> list[User]:
    """The organization's active executives and team leads: who publishing lets in."""
    return list(db.session.execute(
        db.select(User).where(User.organization_id == cycle.organization_id, User.active.is_(True),
                              User.role.in_((Role.executive, Role.team_lead)))
        .order_by(User.email)
    ).scalars())


def _team_withheld(cycle: Cycle, reader: User) -> str | None:
    """Why a team lead's own team has no scores this cycle (``GroupResult.reason``; nobody answered counts as too
    few), or ``None`` when it has them or the reader leads none. "Including those of your team" above a page that
    says "Not shown" was the first thing a lead read, and a promise the page broke."""
    if reader.role != Role.team_lead or reader.team is None:
        return None
    result = group_result(cycle, "team", reader.team.slug)
    reason = "too_small" if result is None else result.reason
    if reason == "too_small" and 0 < invited_by_team(cycle).get(reader.team.id, 0) < score_threshold(cycle):
        # "Fewer than 5 of its people answered" told the lead of three that more answers would have shown it.
        return "too_few_people"
    return reason


def _first_password(reader: User) -> dict[str, object]:
    """A link to choose a password, for a reader who has none yet: "you will be asked to sign in" was a dead end for
    an executive invited weeks before publishing, whose own invitation link had expired after a week."""
    if reader.password_hash is not None:
        return {"password_link": None}
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return {"password_link": password_link(reader, "invitation"),
                "password_days": current_app.config["INVITATION_MAX_AGE"] // 86400}


def _link(cycle: Cycle, reader: User) -> str:
    """Built on PUBLIC_URL, as every mailed link is (never a request's Host header), from the console or the CLI."""
    org = cycle.organization.slug
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        if reader.role == Role.team_lead and reader.team is not None:
            return url_for("results.team", org=org, period=cycle.period, team_slug=reader.team.slug, _external=True)
        return url_for("results.organization", org=org, period=cycle.period, _external=True)
