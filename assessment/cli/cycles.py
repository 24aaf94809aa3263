"""``alignment cycle list|open|opening-date|closing-date|close|withdraw|publish|notify|unpublish``."""
from __future__ import annotations

import datetime as dt
import re

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.cli.invitations import cli_actor
from assessment.cli.output import Day, GroupSize, emit, failing_cleanly, format_option
from assessment.extensions import db
from assessment.gate.comments import response_rates
from assessment.jobs import NO_WORKER_YET, QueueUnavailable, waiting_for_a_worker
from assessment.lookup import NotFound, cycle_by_name, organization_by_slug
from assessment.dates import written
from assessment.models import Cycle, CycleStatus, Organization
from assessment.models.cycle import PERIOD_PATTERN
from assessment.operations.cycles import (
    CycleError, close_cycle, move_closing_date, move_opening_date, open_cycle, publish_cycle, scheduled_cycles,
    opening_said, still_open, unpublish_cycle, withdraw_cycle,
)
from assessment.operations.privacy import record
from assessment.operations.responses import unsent_drafts
from assessment.operations.questionnaires import ensure_builtin_questionnaires, find_questionnaire
from assessment.publication_mail import require_published, start_notice
from assessment.scheduled_mail import plan_mail, planned_text
from reports.ranking import names

command = click.Group("cycle", help="Survey cycles, named ORG/PERIOD.")
#: Far above any organization's head count, and inside the database's integer (PostgreSQL refuses more).


@command.command("list")
@click.argument("org", required=False)
@format_option
@with_appcontext
def list_(org: str | None, fmt: str) -> None:
    """Cycles, of every organization or of ORG."""
    with failing_cleanly(NotFound):
        query = db.select(Cycle).join(Organization).order_by(Organization.slug, Cycle.period)
        if org:
            query = query.where(Cycle.organization_id == organization_by_slug(org).id)
        cycles = db.session.execute(query).scalars().all()
    # The gate's count, as on the console: null (below the minimum) where a page would withhold it.
    # A scheduled cycle keeps "status": "open" (what scripts already match) and says "scheduled": true.
    today = dt.date.today()
    data = [
        {
            "organization": c.organization.slug, "period": c.period, "status": c.status.value,
            "questionnaire": c.questionnaire.ref, "responses": response_rates(c)[0],
            "min_group_size": c.min_group_size,
            "opens_on": c.opens_on.isoformat() if c.opens_on else None, "scheduled": c.is_scheduled(today),
            "closes_on": c.closes_on.isoformat() if c.closes_on else None,
            "invite_on_opening": c.invite_on_opening, "remind_on": c.remind_on.isoformat() if c.remind_on else None,
        }
        for c in cycles
    ]
    emit(data, fmt, _cycle_lines)


def _cycle_lines(cycles: list[dict[str, object]]) -> str:
    """One aligned line per cycle, however long the organizations' slugs."""
    names = [f"{c['organization']}/{c['period']}" for c in cycles]
    width = max(map(len, names), default=0)
    return "\n".join(
        f"{name:<{width}}  {_state(c):<9} {_answered(c):>14} responses  {c['questionnaire']}"
        + (f"  opens on {c['opens_on']}" if c["scheduled"] else "")
        for name, c in zip(names, cycles, strict=True)
    ) or "no cycles"


def _state(cycle: dict[str, object]) -> str:
    return "scheduled" if cycle["scheduled"] else str(cycle["status"])


def _answered(cycle: dict[str, object]) -> str:
    return f"fewer than {cycle['min_group_size']}" if cycle["responses"] is None else str(cycle["responses"])


@command.command("open")
@click.argument("org")
@click.option("--period", required=True, help="Label such as 2026-Q4 (2026-q4 is read as 2026-Q4).")
@click.option("--questionnaire", "ref", default="alignment-core", show_default=True,
              help="KEY@VERSION, or KEY alone for its newest version.")
@click.option("--min-group", type=GroupSize(), default=5, show_default=True,
              help="Smallest group ever reported (at least 3).")
@click.option("--min-comment-group", type=GroupSize(), help="Smallest group whose comments "
              "are shown (at least 5 and the minimum group; default the larger of the two).")
@click.option("--opens", type=Day(), help="Opening date (default today).")
@click.option("--closes", type=Day(), help="Planned closing date.")
@click.option("--invite-on-opening", is_flag=True,
              help="Invite everyone on the roster by itself on the opening day, and whoever joins it later.")
@click.option("--remind-on", type=Day(), help="Send one reminder by itself on this day.")
@with_appcontext
def open_(org: str, period: str, ref: str, min_group: int, min_comment_group: int | None,
          opens: dt.datetime | None, closes: dt.datetime | None, invite_on_opening: bool,
          remind_on: dt.datetime | None) -> None:
    """Open a cycle for ORG with a registered questionnaire."""
    key, at, version = ref.partition("@")
    period = _as_period(period)
    with failing_cleanly(NotFound, CycleError):
        if at and not version.isdigit():   # a typo must not quietly open the cycle with the newest version
            raise NotFound(f"{ref!r}: name a version by its number, as in {key}@1")
        ensure_builtin_questionnaires()
        questionnaire = find_questionnaire(key, int(version) if version else None)
        if questionnaire is None:
            raise NotFound(f"no questionnaire {ref!r} is registered (see `alignment questionnaire list`)")
        organization = organization_by_slug(org)
        already, scheduled = still_open(organization), scheduled_cycles(organization)
        cycle = open_cycle(
            organization, period, questionnaire, min_group_size=min_group,
            opens_on=opens.date() if opens else dt.date.today(), closes_on=closes.date() if closes else None,
            min_comment_group_size=min_comment_group, today=dt.date.today(),
        )
        plan_mail(cycle, invite_on_opening, remind_on.date() if remind_on else None, dt.date.today())
        record(cli_actor(), "cycle.open", f"{cycle.name} with {questionnaire.ref}, smallest group "
               f"{cycle.min_group_size}, comments from {cycle.min_comment_group_size}; {planned_text(cycle)}")
        db.session.commit()
    if cycle.scheduled:
        click.echo(f"scheduled {cycle.name} with {questionnaire.ref}: it opens on {cycle.opens_on}, "
                   "and invitations can be sent from that day")
    else:
        click.echo(f"opened {cycle.name} with {questionnaire.ref}")
    if invite_on_opening or remind_on:
        click.echo(f"planned mail: {planned_text(cycle)}")
    if already:
        click.echo(f"note: {names([c.name for c in already])} {'is' if len(already) == 1 else 'are'} still open: "
                   "people invited to both would hold two survey links at once", err=True)
    for waiting in scheduled:
        click.echo(f"note: {waiting.name} is scheduled to open on {waiting.opens_on}: people invited to both would "
                   "hold two survey links at once from then", err=True)


def _as_period(typed: str) -> str:
    """2026-q4 is 2026-Q4, as ORG/PERIOD and the funnel file read it; anything else stays as typed, so that the
    refusal quotes what was written."""
    period = typed.strip().upper()
    return period if re.match(PERIOD_PATTERN, period) else typed


class _DateOrToday(click.ParamType):
    """An ISO date, or ``today``: opening a scheduled cycle now should not need today's date typed out."""

    name = "date"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if text.lower() == "today":
            return dt.date.today()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(f"{text!r} is not a date: write it as 2026-12-01, or today", param, ctx)


@command.command("opening-date")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.argument("opens", metavar="DATE|today", type=_DateOrToday())
@with_appcontext
def opening_date(cycle_name: str, opens: dt.date) -> None:
    """Move a scheduled cycle's opening date; `today` opens it now (its links take answers, mail can go out)."""
    with failing_cleanly(NotFound, CycleError):
        cycle = cycle_by_name(cycle_name)
        move_opening_date(cycle, opens, today=dt.date.today(), actor=cli_actor())
        db.session.commit()
    if cycle.scheduled:
        click.echo(f"{cycle.name} now opens on {cycle.opens_on}; invitations can be sent from that day")
    else:
        click.echo(f"{cycle.name} is open from today: its survey links take answers and invitations can be sent")


@command.command("closing-date")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.argument("closes", metavar="DATE", type=Day())
@with_appcontext
def closing_date(cycle_name: str, closes: dt.datetime) -> None:
    """Move an open cycle's planned closing date (reminders name it); the cycle still closes when you close it."""
    with failing_cleanly(NotFound, CycleError):
        cycle = cycle_by_name(cycle_name)
        move_closing_date(cycle, closes.date(), today=dt.date.today(), actor=cli_actor())
        db.session.commit()
    click.echo(f"{cycle.name} now closes on {cycle.closes_on}")


@command.command("close")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.option("--publish", is_flag=True, help="Publish the results at once, without a review.")
@click.option("--yes", is_flag=True, help="Do not ask before deleting answers saved and not submitted.")
@with_appcontext
def close(cycle_name: str, publish: bool, yes: bool) -> None:
    """Stop accepting answers and compute the scores (published when you say so)."""
    with failing_cleanly(NotFound):
        cycle = cycle_by_name(cycle_name)
    early = _promised_until(cycle)   # read before the close, which makes today the closing date
    _ask_before_deleting_drafts(cycle, early, yes)
    with failing_cleanly(NotFound, CycleError, QueueUnavailable):
        close_cycle(cycle, dt.date.today())
        record(cli_actor(), "cycle.close", cycle.name)
        published = _publish_on_closing(cycle) if publish else []
        idle = waiting_for_a_worker(current_app) if publish else False   # Redis down: all undone, no notice lost
        db.session.commit()
        answered, _ = response_rates(cycle)   # the gate's count, withheld as the figures are
    if answered is None:
        click.echo(f"closed {cycle.name} with fewer than {cycle.min_group_size} responses: every figure is withheld, "
                   "for anonymity")
    else:
        click.echo(f"closed {cycle.name} with {answered} response{'s' if answered != 1 else ''}")
    if early is not None:
        click.echo(f"note: closed early; the invitations and reminders had told people they have until "
                   f"{written(early)}", err=True)
    if published:
        _announce(cycle, published, idle)
    elif answered:
        click.echo(f"next: `alignment scores {cycle.name}` shows its figures; `alignment cycle publish {cycle.name}` "
                   "releases them to the client")


def _publish_on_closing(cycle: Cycle) -> list[Cycle]:
    """``close --publish``: a refused publication undoes the close too, and the reason says so, since the
    cycle is still open afterwards."""
    try:
        return publish_cycle(cycle, dt.date.today(), actor=cli_actor())
    except CycleError as refused:
        raise CycleError(f"{refused}. {cycle.name} is still open: `alignment cycle close {cycle.name}` closes it "
                         "without publishing") from None


def _promised_until(cycle: Cycle) -> dt.date | None:
    """The last day people were told they could answer, when that is still to come: closing now is early."""
    today = dt.date.today()
    if cycle.status != CycleStatus.open or cycle.is_scheduled(today):
        return None   # close_cycle says why it cannot, or what a cycle not yet open closes with
    until = cycle.open_until(today)
    return until if until is not None and until > today else None


def _ask_before_deleting_drafts(cycle: Cycle, early: dt.date | None, yes: bool) -> None:
    """Answers saved for later that closing deletes are asked about, as the console's close page warns of them,
    since they cannot be brought back; the question says too when the close is early."""
    unsent = unsent_drafts(cycle.id) if cycle.status == CycleStatus.open else 0
    if not unsent or yes:
        return
    someone = "1 person has" if unsent == 1 else f"{unsent} people have"
    said = (f"This is early: the invitations and reminders told people they have until {written(early)}. "
            if early is not None else "")
    click.confirm(f"{said}{someone} saved answers without submitting them, and closing deletes those answers "
                  f"(a reminder first asks them to finish). Close {cycle.name} now?", abort=True)


@command.command("withdraw")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@with_appcontext
def withdraw(cycle_name: str) -> None:
    """Delete a cycle set up by mistake: scheduled, or open with no survey link handed out and nothing answered
    or saved; its period can be opened again."""
    with failing_cleanly(NotFound, CycleError):
        cycle = cycle_by_name(cycle_name)
        name, opens_on, scheduled = cycle.name, cycle.opens_on, cycle.scheduled
        withdraw_cycle(cycle, today=dt.date.today(), actor=cli_actor())
        db.session.commit()
    click.echo(f"withdrew {name}, which {opening_said(scheduled, opens_on)}; links exported for it no longer work")


@command.command("publish")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@with_appcontext
def publish(cycle_name: str) -> None:
    """Release a closed cycle's results to the client's executives and team leads (earlier closed ones too)."""
    with failing_cleanly(NotFound, CycleError, QueueUnavailable):
        cycle = cycle_by_name(cycle_name)
        published = publish_cycle(cycle, dt.date.today(), actor=cli_actor())
        idle = waiting_for_a_worker(current_app)   # Redis down: undone before the commit, so no notice is lost
        db.session.commit()
    _announce(cycle, published, idle)


@command.command("notify")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@with_appcontext
def notify(cycle_name: str) -> None:
    """Mail a published cycle's notice again, to every active executive and team lead (those who had it too)."""
    with failing_cleanly(NotFound, CycleError, QueueUnavailable):
        cycle = cycle_by_name(cycle_name)
        require_published(cycle)
        idle = waiting_for_a_worker(current_app)   # Redis down: refused before anything is written
        record(cli_actor(), "cycle.notify", cycle.name)
        db.session.commit()
    _mail_notice(cycle, idle)


@command.command("unpublish")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@with_appcontext
def unpublish(cycle_name: str) -> None:
    """Take published results back into review (later published cycles too); nobody is mailed."""
    with failing_cleanly(NotFound, CycleError):
        withdrawn = unpublish_cycle(cycle_by_name(cycle_name), actor=cli_actor())
        db.session.commit()
    for each in withdrawn:
        click.echo(f"unpublished {each.name}")


def _announce(cycle: Cycle, published: list[Cycle], idle: bool) -> None:
    """Say what was published, and mail the notice to the organization's executives and team leads."""
    for each in published:
        click.echo(f"published {each.name}")
    _mail_notice(cycle, idle)


def _mail_notice(cycle: Cycle, idle: bool) -> None:
    notice = start_notice(cycle, cli_actor())
    if notice is None:
        click.echo("queued the notice to the executives and team leads for a worker"
                   + (f"; {NO_WORKER_YET}" if idle else ""))
        return
    if not notice.sent and not notice.failed:   # not "mailed to 0": nobody reads the results yet
        slug = cycle.organization.slug
        click.echo(f"mailed the notice to nobody: {slug} has no active executive or team lead yet "
                   f"(`alignment user create EMAIL --role executive --org {slug}` adds one; "
                   f"`alignment cycle notify {cycle.name}` then mails them)")
        return
    readers = "1 executive or team lead" if len(notice.sent) == 1 else f"{len(notice.sent)} executives and team leads"
    click.echo(f"mailed the notice to {readers}")
    if notice.failed:
        raise click.ClickException(f"the notice could not be mailed to {', '.join(notice.failed)} "
                                   "(the results are published all the same)")
