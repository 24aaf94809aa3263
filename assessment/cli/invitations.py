"""``alignment invitations send|remind|plan|send-due|export``: personal survey links, by our mail or the consultant's own."""
from __future__ import annotations

import getpass
import datetime as dt
from dataclasses import asdict
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.cli.output import Day, emit, failing_cleanly, format_option, output_option, write_output
from assessment.extensions import db
from assessment.invitation_mail import (
    MailingSummary, Reader, links_only_this_machine_opens, queue_mailing, run_mailing, summary_from, survey_url,
)
from assessment.jobs import NO_WORKER_YET, JobFailed, NoWorker, QueueUnavailable, wait_for_result, \
    waiting_for_a_worker
from assessment.lookup import NotFound, cycle_by_name
from assessment.models import Cycle
from assessment.operations.csv_files import spreadsheet_csv
from assessment.operations.cycles import CycleError, issue_links
from assessment.operations.invitations import DEFAULT_REMINDER_GAP_DAYS, Mailing, due_count, require_open
from assessment.scheduled_mail import SentMailing, plan_mail, planned_text, send_due_mailings

command = click.Group("invitations", help="Personal survey links.")


@command.command("export")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@output_option("The CSV file to write (email,url).")
@with_appcontext
def export(cycle_name: str, output: Path) -> None:
    """Fresh links (email,url) for everyone on the roster; older links stop working.

    Those who have answered are in the file too (their link says they answered), so it never tells who has.
    """
    with failing_cleanly(NotFound, CycleError):
        cycle = cycle_by_name(cycle_name)
        links = issue_links(cycle, dt.date.today())
        rows = [(p.email, survey_url(token)) for p, token in links]
        write_output(output, _links_csv(rows))   # links issued only once the file is there
        db.session.commit()
    if cycle.scheduled:   # handed out early through the consultant's own channel: they must say when
        click.echo(f"wrote {len(rows)} links to {output}; they work from {cycle.opens_on}, when {cycle.name} opens "
                   "(before that they show the opening date and take no answers)")
    else:
        click.echo(f"wrote {len(rows)} links to {output}")
    _note_local_links("before handing them out")


@command.command("send")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.option("--dry-run", is_flag=True, help="Count who would get an invitation; send nothing.")
@click.option("--no-wait", is_flag=True,
              help="With a job queue: queue the mailing for a worker and return at once, without its outcome.")
@format_option
@with_appcontext
def send(cycle_name: str, dry_run: bool, no_wait: bool, fmt: str) -> None:
    """Email a personal link to everyone on the roster not invited yet; a re-run sends only what is left."""
    _mailing(cycle_name, Mailing.invitation, DEFAULT_REMINDER_GAP_DAYS, dry_run, not no_wait, fmt)


@command.command("remind")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.option("--min-days", type=click.IntRange(0, 90), default=DEFAULT_REMINDER_GAP_DAYS, show_default=True,
              help="Only people we have not written to for at least this many days.")
@click.option("--dry-run", is_flag=True, help="Count who would get a reminder; send nothing.")
@click.option("--no-wait", is_flag=True,
              help="With a job queue: queue the mailing for a worker and return at once, without its outcome.")
@format_option
@with_appcontext
def remind(cycle_name: str, min_days: int, dry_run: bool, no_wait: bool, fmt: str) -> None:
    """Email a fresh link to the invited who have not answered; links mailed earlier keep working until the close."""
    _mailing(cycle_name, Mailing.reminder, min_days, dry_run, not no_wait, fmt)


@command.command("plan")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.option("--invite-on-opening/--no-invite-on-opening", default=None,
              help="Invite everyone on the roster from the opening day on, and whoever joins it later.")
@click.option("--remind-on", type=Day(), help="Send one reminder on this day.")
@click.option("--no-reminder", is_flag=True, help="Plan no reminder.")
@format_option
@with_appcontext
def plan(cycle_name: str, invite_on_opening: bool | None, remind_on: dt.datetime | None, no_reminder: bool,
         fmt: str) -> None:
    """Plan the mail a cycle sends by itself; what is left out stays as planned. `send-due` sends it."""
    if remind_on is not None and no_reminder:
        raise click.UsageError("--remind-on and --no-reminder contradict each other: give one")
    with failing_cleanly(NotFound, CycleError):
        cycle = cycle_by_name(cycle_name)
        invite = cycle.invite_on_opening if invite_on_opening is None else invite_on_opening
        reminder = None if no_reminder else remind_on.date() if remind_on else cycle.remind_on
        plan_mail(cycle, invite, reminder, dt.date.today(), actor=cli_actor())
        db.session.commit()
    emit({"cycle": cycle.name, "invite_on_opening": cycle.invite_on_opening,
          "remind_on": cycle.remind_on.isoformat() if cycle.remind_on else None}, fmt,
         lambda d: f"{d['cycle']}: {planned_text(cycle)}")


@command.command("send-due")
@format_option
@with_appcontext
def send_due(fmt: str) -> None:
    """Send the planned mail that is due now, for every cycle; run it every hour (cron) where no Celery beat runs."""
    sent = send_due_mailings()
    emit({"mailings": [{"cycle": m.cycle, **asdict(m.summary)} for m in sent]}, fmt,
         lambda d: "\n".join(f"{m.cycle}: {m.summary.as_text(Reader.schedule)}" for m in sent)
         or "no planned mail is due")
    waiting = sum(m.summary.still_due for m in sent if m.summary.stopped)
    failed = [m for m in sent if not m.summary.stopped and m.summary.failed]
    if waiting:
        raise click.ClickException(f"the mail server could not be reached: {waiting} still to send; the next run "
                                   "sends them")
    if failed:
        raise click.ClickException("; ".join(_not_sent(m) for m in failed))


def _not_sent(mailing: SentMailing) -> str:
    """A planned reminder is sent once (``planned_reminder_sent_on``): its failed mails wait for no next run, while
    invitations that failed stay due and are retried."""
    summary, one = mailing.summary, mailing.summary.failed == 1
    if summary.mailing == Mailing.invitation.value:
        noun, retried = ("invitation", "the next run retries it") if one else ("invitations", "the next run retries them")
        return f"{mailing.cycle}: {summary.failed} {noun} could not be sent; {retried}"
    said = ("reminder could not be sent and is not retried by itself; send it" if one else
            "reminders could not be sent and are not retried by themselves; send them")
    checked = "the address is" if one else "their addresses are"
    return (f"{mailing.cycle}: {summary.failed} {said} with `alignment invitations remind {mailing.cycle}` once "
            f"{checked} checked")


def _mailing(cycle_name: str, mailing: Mailing, min_days: int, dry_run: bool, wait: bool, fmt: str) -> None:
    noun = "invitations" if mailing == Mailing.invitation else "reminders"
    with failing_cleanly(NotFound, CycleError, QueueUnavailable, JobFailed):
        cycle = cycle_by_name(cycle_name)
        require_open(cycle)
        if dry_run:
            _note_local_links("before sending them")
            count = due_count(cycle, mailing, dt.date.today(), min_days)
            emit({"cycle": cycle.name, "would_send": count}, fmt,
                 lambda d: f"would send {d['would_send']} {noun} for {d['cycle']} (dry run: nothing sent)")
            return
        if current_app.config["CELERY_BROKER_URL"]:
            summary = _by_a_worker(cycle, mailing, min_days, noun, wait, fmt)
            if summary is None:
                return
        else:
            summary = run_mailing(cycle.id, mailing.value, cli_actor(), min_days)
    emit({"cycle": cycle.name, **asdict(summary)}, fmt,
         lambda d: f"{d['cycle']}: {summary.as_text(Reader.command)}")
    if summary.sent:
        _note_local_links(f"then `alignment invitations remind {cycle.name} --min-days 0` mails links that work")
    if summary.stopped:
        raise click.ClickException(f"the mail server could not be reached: {summary.still_due} {noun} still to "
                                   "send")
    if summary.failed:
        raise click.ClickException(f"{summary.failed} {noun} could not be sent; run the command again to retry them")


def _by_a_worker(cycle: Cycle, mailing: Mailing, min_days: int, noun: str, wait: bool,
                 fmt: str) -> MailingSummary | None:
    """Queue the mailing and, unless told not to, wait for the worker's summary; ``None`` when not waiting."""
    idle = waiting_for_a_worker(current_app)   # Redis down: refused here, in a second, with nothing queued
    job = queue_mailing(cycle, mailing, cli_actor(), min_days)
    kept = f"queued the {noun} for {cycle.name}, but {NO_WORKER_YET}"
    if wait and idle:
        raise click.ClickException(kept)
    if not wait:
        emit({"cycle": cycle.name, "queued": True, "worker_running": not idle}, fmt,
             lambda d: f"queued the {noun} for {d['cycle']} on the Celery workers "
             f"(`alignment audit list` shows how many went out)" + (f"; {NO_WORKER_YET}" if idle else ""))
        return None
    # On stderr, so that --format json still prints only the outcome. Ctrl-C is safe because the job is in
    # Redis already and nothing here revokes it; each mail is claimed before it leaves, so none goes twice.
    click.echo(f"waiting for a worker to send the {noun} for {cycle.name}; Ctrl-C stops waiting and leaves "
               "them to the worker (nothing is lost or sent twice)", err=True)
    try:
        return summary_from(wait_for_result(current_app, job))  # type: ignore[arg-type]
    except NoWorker:
        raise click.ClickException(kept) from None
    except KeyboardInterrupt:
        click.echo(f"\nstopped waiting; the worker still sends the {noun} for {cycle.name} "
                   "(`alignment audit list` shows how many went out)", err=True)
        raise click.exceptions.Exit(130) from None


def _note_local_links(then: str) -> None:
    """On standard error: links on a PUBLIC_URL that only this machine opens (``links_only_this_machine_opens``)."""
    public_url = links_only_this_machine_opens()
    if public_url:
        click.echo(f"note: the links start with {public_url}, which opens only on this machine; set PUBLIC_URL to "
                   f"the address employees open (such as https://survey.example.com), {then}", err=True)


def cli_actor() -> str:
    """The audit trail names the system account that ran the command."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _links_csv(rows: list[tuple[str, str]]) -> bytes:
    return spreadsheet_csv(["email", "url"], rows).encode("utf-8")
