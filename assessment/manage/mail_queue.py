"""Whether the job queue that sends the console's mail can take it, said on the page before anything is written."""
from __future__ import annotations

from flask import current_app, flash

from assessment.jobs import QueueUnavailable, waiting_for_a_worker


def mail_queue(refusal: str) -> bool | None:
    """Whether mail queued now would wait for a worker; None, said on the page, when the broker cannot be reached.

    Asked before anything is written, as the commands do: Celery would retry an
    unreachable broker for some twenty seconds and then fail the request, after a
    publication was committed with its notice lost.
    """
    try:
        return waiting_for_a_worker(current_app)
    except QueueUnavailable as error:
        current_app.logger.error("mail not queued: %s", error)
        flash(f"{refusal}: the job queue that sends mail cannot be reached right now. The problem is logged for "
              "your administrator; try again in a few minutes.", "error")
        return None


def warn_if_waiting(waiting: bool) -> None:
    """Queued mail with no worker to take it: the counts would not grow and nobody would say why."""
    if waiting:
        flash("No worker is running to send it now: the mail waits in the queue and goes out once one starts. "
              "Tell your administrator.", "error")

