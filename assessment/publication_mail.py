"""The notice that tells a client's executives and team leads their results are published.

Sent once, for the cycle the consultant published (not for earlier cycles
published with it), to every active executive and team lead of the
organization, each with the link to what they can read: the organization's
page, or a team lead's own team page. A mail that fails is reported, never a
reason to take the publication back. With a broker the mails go out from a
worker, as invitations do, so a large client's publication never holds a request.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass

from celery import shared_task
from flask import current_app, url_for

from assessment.extensions import db
from assessment.gate.results import score_threshold
from assessment.mail import MailError, send_templated
from assessment.models import Cycle, Role, User


TASK_NAME = "assessment.notify_published"


@dataclass(frozen=True)
class Notice:
    sent: tuple[str, ...]
    failed: tuple[str, ...]


def start_notice(cycle: Cycle) -> Notice | None:
    """Mail now (no broker: what went out) or queue the notice for a worker (``None``)."""
    if current_app.config["CELERY_BROKER_URL"]:
        current_app.extensions["celery"].send_task(TASK_NAME, kwargs={"cycle_id": cycle.id})
        return None
    return notify_readers(cycle)


@shared_task(name=TASK_NAME, ignore_result=False)
def send_publication_notice(cycle_id: int) -> dict[str, int]:
    """The worker's side of ``start_notice``; returns counts only, since a task's result is kept in the broker."""
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        raise LookupError(f"no cycle with id {cycle_id}")
    notice = notify_readers(cycle)
    if notice.failed:
        current_app.logger.warning("publication notice of %s not mailed to %d readers", cycle.name, len(notice.failed))
    return {"sent": len(notice.sent), "failed": len(notice.failed)}


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
                               link=_link(cycle, reader), threshold=score_threshold(cycle))
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


def _link(cycle: Cycle, reader: User) -> str:
    """Built on PUBLIC_URL, as every mailed link is (never a request's Host header), from the console or the CLI."""
    org = cycle.organization.slug
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        if reader.role == Role.team_lead and reader.team is not None:
            return url_for("results.team", org=org, period=cycle.period, team_slug=reader.team.slug, _external=True)
        return url_for("results.organization", org=org, period=cycle.period, _external=True)
