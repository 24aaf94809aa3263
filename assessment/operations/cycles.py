"""A cycle's life: open it, invite people, close it (which scores it)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy import Select

from assessment.dates import written
from assessment.extensions import db
from assessment.models import (
    Cycle, CycleStatus, EarlierLink, Invitation, Organization, Participant, Response, StoredQuestionnaire,
)
from assessment.models.cycle import (
    DEFAULT_MIN_GROUP, DEFAULT_REMINDER_GAP_DAYS, LOWEST_MIN_GROUP, PERIOD_FORMS, PERIOD_PATTERN,
)
from assessment.operations.privacy import record
from assessment.operations.responses import unsent_drafts
from assessment.operations.snapshots import write_snapshots
from assessment.participation import count_invited_at_close
from assessment.tokens import new_token


class CycleError(ValueError):
    """The cycle cannot make that move; the message says why, and ``field`` which value of the move was refused
    (as the new-cycle form names it), so a form can mark that field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def open_cycle(
    org: Organization,
    period: str,
    questionnaire: StoredQuestionnaire,
    *,
    min_group_size: int = 5,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    min_comment_group_size: int | None = None,
    today: dt.date | None = None,
) -> Cycle:
    """``min_comment_group_size`` defaults to the larger of the group size and 5; it may be higher, never lower.

    With ``today``, a closing date already past is refused, as when it is moved; without it (the demo's and
    imports' past cycles) any date is taken.
    """
    if not re.match(PERIOD_PATTERN, period):
        raise CycleError(f"{period!r} is not a period: name it by {PERIOD_FORMS}", "period")
    if min_group_size < LOWEST_MIN_GROUP:
        raise CycleError(f"the minimum group size can't be below {LOWEST_MIN_GROUP}, for anonymity", "min_group_size")
    lowest_comment_group = max(min_group_size, DEFAULT_MIN_GROUP)
    if min_comment_group_size is None:
        min_comment_group_size = lowest_comment_group
    if min_comment_group_size < lowest_comment_group:
        raise CycleError(f"the comment threshold can't be below {lowest_comment_group}: a comment says more "
                         "about its writer than a score", "min_comment_group_size")
    if today is not None:
        _require_period_in_reach(period, today)
        for day, field in ((opens_on, "opens_on"), (closes_on, "closes_on")):
            if day is not None:
                require_in_reach(day, today, field)
    if today is not None and closes_on is not None:
        _require_ahead(closes_on, today)  # first: a date gone by is the plainer reason
    if opens_on and closes_on and closes_on <= opens_on:
        raise CycleError("the closing date must come after the opening date", "closes_on")
    exists = db.session.execute(
        db.select(Cycle.id).filter_by(organization_id=org.id, period=period)
    ).first()
    if exists:
        raise CycleError(already_has(org, period), "period")
    cycle = Cycle(
        organization=org, period=period, questionnaire=questionnaire, status=CycleStatus.open,
        min_group_size=min_group_size, min_comment_group_size=min_comment_group_size,
        opens_on=opens_on, closes_on=closes_on,
    )
    db.session.add(cycle)
    db.session.flush()
    return cycle


def already_has(org: Organization, period: str) -> str:
    """Names the client as people know it, and the way on: a period is one cycle, ever."""
    return f"{org.name} already has a cycle {period}: choose another period"


def move_closing_date(cycle: Cycle, closes_on: dt.date, *, today: dt.date, actor: str) -> None:
    """Set an open cycle's planned closing date (what reminders promise), audited with the date it replaces.

    The date is a plan, not a lock: answers are taken until the cycle is
    closed. It must still lie ahead, or a reminder would name a day gone by.
    """
    if not cycle.accepts_responses:
        raise CycleError(f"{cycle.title} is {cycle.status.value}; only an open cycle's closing date can move")
    require_in_reach(closes_on, today)
    _require_ahead(closes_on, today)
    if cycle.opens_on and closes_on <= cycle.opens_on:
        # Named, as the opening date's own refusal names the closing date: the form shows only the date moved.
        raise CycleError(f"the closing date must come after the opening date, {written(cycle.opens_on)}")
    if cycle.pending_reminder and cycle.pending_reminder > closes_on:
        raise CycleError(f"a reminder is planned for {written(cycle.pending_reminder)}, after that day: plan it "
                         "earlier, or drop it, first")
    before, cycle.closes_on = cycle.closes_on, closes_on
    record(actor, "cycle.closing_date", f"{cycle.name}: {before or 'none'} -> {closes_on}")


def move_opening_date(cycle: Cycle, opens_on: dt.date, *, today: dt.date, actor: str) -> None:
    """Set a scheduled cycle's opening date, audited with the date it replaces; today's date opens it at once.

    Only before it opens: once its links take answers, a later date would turn
    away people in the middle of answering, and an earlier one changes nothing.
    """
    if not cycle.accepts_responses:
        raise CycleError(f"{cycle.title} is {cycle.status.value}; only a scheduled cycle's opening date can move")
    if not cycle.is_scheduled(today):
        since = f" since {written(cycle.opens_on)}" if cycle.opens_on else ""
        raise CycleError(f"{cycle.title} has been open{since}; its opening date can no longer move")
    if opens_on < today:
        raise CycleError("the opening date can't be in the past: choose today to open the cycle now")
    require_in_reach(opens_on, today)
    if cycle.closes_on and cycle.closes_on <= opens_on:
        raise CycleError(f"the opening date must come before the closing date, {written(cycle.closes_on)}: "
                         "move the closing date first")
    if cycle.pending_reminder and cycle.pending_reminder < opens_on + dt.timedelta(days=DEFAULT_REMINDER_GAP_DAYS):
        raise CycleError(f"a reminder is planned for {written(cycle.pending_reminder)}, too soon after that day for "
                         "anyone to have had the invitation for a few days: plan it later, or drop it, first")
    before, cycle.opens_on = cycle.opens_on, opens_on
    record(actor, "cycle.opening_date", f"{cycle.name}: {before} -> {opens_on}")


def still_open(org: Organization, today: dt.date | None = None) -> list[Cycle]:
    """The organization's cycles taking answers now, oldest first: opening another gives their people two links.

    A scheduled cycle is not one of them: its links take no answers before its opening date.
    """
    return [cycle for cycle in _open_cycles(org) if not cycle.is_scheduled(today)]


def scheduled_cycles(org: Organization, today: dt.date | None = None) -> list[Cycle]:
    """The organization's cycles whose opening date is ahead, oldest first: from that day, their people
    would hold a second link beside one of a cycle opened now."""
    return [cycle for cycle in _open_cycles(org) if cycle.is_scheduled(today)]


def _open_cycles(org: Organization) -> list[Cycle]:
    return list(db.session.execute(
        db.select(Cycle).filter_by(organization_id=org.id, status=CycleStatus.open).order_by(Cycle.period)
    ).scalars())


def withdraw_cycle(cycle: Cycle, *, today: dt.date, actor: str) -> None:
    """Delete a cycle set up by mistake: scheduled, or open with no survey link handed out and nothing
    answered or saved; audited with its opening date.

    Closing it instead would leave an empty closed cycle behind, which the
    next cycle's changes and trends would compare with, and a client's list
    would wait for its results to be published. Links exported for it stop
    working; its period can be opened again.
    """
    refusal = withdrawal_refusal(cycle, today)
    if refusal:
        raise CycleError(refusal)
    record(actor, "cycle.withdraw", f"{cycle.name}, which {opening_said(cycle.is_scheduled(today), cycle.opens_on)}")
    # The database deletes its invitations (the exported links) with it: every reference to a cycle cascades.
    db.session.delete(cycle)
    db.session.flush()


def opening_said(scheduled: bool, opens_on: dt.date | None, day: Callable[[dt.date], str] = str) -> str:
    """"was to open on ..." or "had opened on ...": a withdrawn cycle as its audit entry, the CLI and the console
    name it; ``day`` writes the date (ISO by default)."""
    when = f" on {day(opens_on)}" if opens_on else ""
    return f"{'was to open' if scheduled else 'had opened'}{when}"


def withdrawal_refusal(cycle: Cycle, today: dt.date) -> str | None:
    """Why ``withdraw_cycle`` would refuse the cycle, or ``None`` when it may be withdrawn.

    Once anybody holds a link (mailed or exported), has saved answers or has
    answered, the cycle is theirs too: it is closed, never deleted behind their back.
    """
    if cycle.status != CycleStatus.open:
        return f"{cycle.title} is {cycle.state}: only a cycle that has not closed can be withdrawn"
    held = _answers_held(cycle)
    if held:
        kind = "imported response" if cycle.is_scheduled(today) else "response"   # before it opens, only a file's
        some = f"1 {kind}" if held == 1 else f"{held} {kind}s"
        return (f"{cycle.title} holds {some}: withdrawing it would delete {'it' if held == 1 else 'them'}; "
                "close it when its survey is over instead")
    if cycle.is_scheduled(today):
        return None
    # ``sent_on`` marks a link mailed or handed out (`invitations export`) alike: either may be in someone's hands.
    holding = db.session.execute(
        db.select(db.func.count(Invitation.sent_on)).filter_by(cycle_id=cycle.id)).scalar_one()
    if holding:
        return (f"{cycle.title} is open and {holding} {'person holds' if holding == 1 else 'people hold'} a survey "
                f"link, mailed or handed out: withdrawing it would break {'it' if holding == 1 else 'them'}; "
                "close it instead")
    saved = unsent_drafts(cycle.id)
    if saved:
        return (f"{cycle.title} is open and {saved} {'person has' if saved == 1 else 'people have'} saved answers: "
                "withdrawing it would delete them; close it instead")
    return None


def _answers_held(cycle: Cycle) -> int:
    """Its responses: before the opening date, only those imported from a file."""
    return db.session.execute(
        db.select(db.func.count()).select_from(Response).filter_by(cycle_id=cycle.id)).scalar_one()


#: How far ahead a cycle's dates may be set: a typo of a year (2062 for 2026) is refused, not planned.
FURTHEST_AHEAD_YEARS = 2


def require_in_reach(day: dt.date, today: dt.date, field: str | None = None) -> None:
    if day > furthest_ahead(today):
        raise CycleError(f"{written(day)} is more than {FURTHEST_AHEAD_YEARS} years ahead: a cycle's dates are set "
                         "for the coming months", field)


def furthest_ahead(today: dt.date) -> dt.date:
    """The same day ``FURTHEST_AHEAD_YEARS`` years on; from 29 February, the 28th (that year has no 29th)."""
    year = today.year + FURTHEST_AHEAD_YEARS
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def _require_period_in_reach(period: str, today: dt.date) -> None:
    """A cycle is opened for this period or one ahead, and a past one for answers collected then; a period
    years ahead is a typo, and would leave every trend a run of empty quarters up to it."""
    if int(period[:4]) > today.year + 1:
        raise CycleError(f"{period} is more than a year ahead: open a cycle for this period or the next", "period")


def _require_ahead(closes_on: dt.date, today: dt.date) -> None:
    if closes_on < today:
        raise CycleError("the closing date can't be in the past: invitations and reminders name it as the last "
                         "day to answer", "closes_on")


def close_cycle(cycle: Cycle, on: dt.date | None = None) -> None:
    """Stop accepting answers, drop unsent drafts, count who was invited and write the score snapshots.

    ``on``, the day a person closes it, replaces the planned closing date, so
    the console and a late respondent's notice give the day it really closed.
    """
    if cycle.status != CycleStatus.open:
        raise CycleError(f"{cycle.title} is {cycle.status.value}, only an open cycle can be closed")
    if cycle.is_scheduled(on) and not _answers_held(cycle):
        # Nothing to score, and an empty closed cycle would stay behind for the next one to compare with.
        raise CycleError(f"{cycle.title} has not opened yet (it opens on {written(cycle.opens_on)}) and holds no "
                         "answers, so there is nothing to close: withdraw it if it was set up by mistake, or open "
                         "it now")
    cycle.status = CycleStatus.closed
    if on is not None:
        cycle.closes_on = on
    db.session.execute(
        db.update(Invitation).where(Invitation.cycle_id == cycle.id).values(draft=None)
    )
    count_invited_at_close(cycle)
    write_snapshots(cycle)


def publish_cycle(cycle: Cycle, today: dt.date, actor: str) -> list[Cycle]:
    """Release a closed cycle's results to the client's executives and team leads; returns what was published.

    Earlier closed cycles of the organization are published with it: the
    trends and changes a published cycle shows are read from them, so
    leaving one unpublished would hide nothing.
    """
    if not cycle.has_results:
        raise CycleError(f"{cycle.title} is {cycle.status.value}: close it before publishing its results")
    if cycle.is_published:
        raise CycleError(f"{cycle.title} was published already")
    if not _answers_held(cycle):
        # Its notice would send every executive and lead to a page of dashes; published with the next
        # answered cycle instead, its quarter shows there as a gap in the trends.
        raise CycleError(f"nobody answered {cycle.title}, so it has no results to publish; it is published with "
                         "the next cycle that has them, whose trends show its quarter as unanswered")
    waiting = published_with(cycle)
    for closed in waiting:
        closed.status, closed.published_on = CycleStatus.published, today
        record(actor, "cycle.publish", closed.name)
    return waiting


def unpublish_cycle(cycle: Cycle, actor: str) -> list[Cycle]:
    """Take published results back into review; returns what was withdrawn, newest first.

    The organization's later published cycles go with it, since their trends
    and changes show this cycle's figures. Nobody is mailed: the results
    simply stop showing to the client until they are published again.
    """
    if not cycle.is_published:
        raise CycleError(f"{cycle.title} is {cycle.status.value}, only published results can be taken back")
    withdrawn = list(db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == cycle.organization_id, Cycle.period >= cycle.period,
                               Cycle.status == CycleStatus.published)
        .order_by(Cycle.period.desc())
    ).scalars())
    for published in withdrawn:
        published.status, published.published_on = CycleStatus.closed, None
        record(actor, "cycle.unpublish", published.name)
    return withdrawn


def published_with(cycle: Cycle) -> list[Cycle]:
    """The closed, unpublished cycles that publishing ``cycle`` publishes: it and the earlier ones, oldest first."""
    return list(db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == cycle.organization_id, Cycle.period <= cycle.period,
                               Cycle.status == CycleStatus.closed)
        .order_by(Cycle.period)
    ).scalars())


def issue_links(cycle: Cycle, on: dt.date) -> list[tuple[Participant, str]]:
    """Fresh tokens for everyone on the roster; their older links are replaced (``replace_links``).

    Those who have answered get one too, which opens a page saying so: a file
    holding only the others would tell whoever reads it, or compares two of
    them, who has answered, which nobody may see. Returns (participant, token)
    pairs: the plain tokens exist only in this return value, so the caller
    must hand them out now.
    """
    if not cycle.accepts_responses:
        raise CycleError(f"{cycle.title} is {cycle.status.value}; links are issued only while it is open")
    participants = db.session.execute(
        db.select(Participant).where(Participant.organization_id == cycle.organization_id)
        .order_by(Participant.email)
    ).scalars().all()
    invitations = {
        inv.participant_id: inv
        for inv in db.session.execute(db.select(Invitation).filter_by(cycle_id=cycle.id)).scalars()
    }
    replace_links(list(invitations.values()), on)
    issued = []
    for participant in participants:
        invitation = invitations.get(participant.id)
        if invitation is None:
            invitation = Invitation(cycle_id=cycle.id, participant_id=participant.id)
            db.session.add(invitation)
        issued.append((participant, _fresh_token(invitation, on)))
    db.session.flush()
    return issued


def renew_link(invitation: Invitation, on: dt.date) -> str:
    """A fresh token for one invitation; every earlier link stops working."""
    if invitation.id is not None:
        forget_earlier_links([invitation.id])
    return _fresh_token(invitation, on)


def replace_links(invitations: list[Invitation], on: dt.date) -> None:
    """Every link that went out for these invitations stops opening the survey, but stays known as replaced.

    A person who opens one is told it was replaced and to use the newest; a page open at that moment keeps its
    answers for the new link (``assessment.respond``) instead of losing them to a "link not valid".
    """
    ids = [invitation.id for invitation in invitations if invitation.id is not None]
    db.session.execute(
        db.update(EarlierLink).where(EarlierLink.invitation_id.in_(ids), EarlierLink.replaced_on.is_(None))
        .values(replaced_on=on).execution_options(synchronize_session=False)
    )
    db.session.add_all(EarlierLink(token_hash=invitation.token_hash, invitation_id=invitation.id, replaced_on=on)
                       for invitation in invitations if invitation.id is not None and invitation.sent_on is not None)


def forget_earlier_links(invitation_ids: Select[tuple[int]] | list[int]) -> None:
    """Links mailed before the newest stop working for these invitations (see ``EarlierLink``)."""
    db.session.execute(db.delete(EarlierLink).where(EarlierLink.invitation_id.in_(invitation_ids)))


def _fresh_token(invitation: Invitation, on: dt.date) -> str:
    token, invitation.token_hash = new_token()
    invitation.sent_on = on
    return token
