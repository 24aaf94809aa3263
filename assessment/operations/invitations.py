"""Claiming invitations for one email each: the database decides who gets a mail, exactly once.

Only a hash of each survey token is stored, so a mail must carry a token made
for it. A claim is one conditional UPDATE that stores the new hash and the
date together, and only when the invitation is still due (never invited; or
invited, not completed and not written to for ``min_days``). Two runs of the
same job race on that UPDATE and exactly one wins, so a re-run never sends
twice. The replaced link, if it went out, keeps working as an ``EarlierLink``:
an invitation in someone's inbox outlives the reminders. When the mail then
fails, ``release`` puts the previous hash and date back and the next run retries.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_
from sqlalchemy.exc import IntegrityError

from assessment.dates import written
from assessment.extensions import db
from assessment.models import Cycle, EarlierLink, Invitation, Participant
from assessment.models.cycle import DEFAULT_REMINDER_GAP_DAYS
from assessment.operations.cycles import CycleError
from assessment.participation import invited_by_team
from assessment.tokens import hash_token, new_token



class Mailing(enum.StrEnum):
    invitation = "invitation"
    reminder = "reminder"


@dataclass(frozen=True)
class Claim:
    """One invitation won for one mail: the plain token lives only here, until the mail is sent."""

    invitation_id: int
    participant_email: str
    token: str
    previous_hash: str
    previous_date: dt.date | None


def require_open(cycle: Cycle, today: dt.date | None = None) -> None:
    """Mail goes out only while the cycle takes answers: a link mailed before its opening date would not work yet.

    (Links handed out another way, ``issue_links``, may go out early: whoever hands them out says when they work.)
    """
    if not cycle.accepts_responses:
        raise CycleError(f"{cycle.title} is {cycle.status.value}; invitations go out only while it is open")
    refuse_before_opening(cycle, today)


def refuse_before_opening(cycle: Cycle, today: dt.date | None = None) -> None:
    if cycle.is_scheduled(today):
        raise CycleError(f"{cycle.title} opens on {written(cycle.opens_on)}; invitations and reminders can be sent "
                         "from that day")


def add_missing_invitations(cycle: Cycle, today: dt.date | None = None) -> int:
    """An unsent invitation for everyone on the roster who has none yet; returns how many were added.

    Their stored hash belongs to a token nobody ever sees: the link exists once a mail is claimed.
    """
    require_open(cycle, today)
    invited = db.select(Invitation.participant_id).where(Invitation.cycle_id == cycle.id)
    missing = db.session.execute(
        db.select(Participant.id).where(Participant.organization_id == cycle.organization_id,
                                        Participant.id.not_in(invited))
    ).scalars().all()
    if not missing:
        return 0
    try:
        with db.session.begin_nested():
            db.session.add_all(Invitation(cycle_id=cycle.id, participant_id=pid, token_hash=new_token()[1])
                               for pid in missing)
    except IntegrityError:   # a concurrent run added them first: theirs are as good as ours
        return 0
    return len(missing)


def due(cycle: Cycle, mailing: Mailing, today: dt.date,
        min_days: int = DEFAULT_REMINDER_GAP_DAYS) -> ColumnElement[bool]:
    """The condition that makes an invitation due for this mailing (also re-checked by each claim)."""
    if mailing == Mailing.invitation:
        return and_(Invitation.cycle_id == cycle.id, Invitation.sent_on.is_(None), Invitation.completed.is_(False))
    last_contact = func.coalesce(Invitation.reminded_on, Invitation.sent_on)
    return and_(
        Invitation.cycle_id == cycle.id, Invitation.completed.is_(False), Invitation.sent_on.is_not(None),
        last_contact <= today - dt.timedelta(days=min_days),
        # Never two reminders on one day, even with min_days=0: a retried or repeated run sends nothing twice.
        or_(Invitation.reminded_on.is_(None), Invitation.reminded_on < today),
    )


def first_reminder_day(cycle: Cycle, min_days: int = DEFAULT_REMINDER_GAP_DAYS) -> dt.date | None:
    """The first day a reminder would reach anybody invited and not yet answered (``due``'s gap after their last
    mail); ``None`` while nobody is waiting for one."""
    last_contact = db.session.execute(
        db.select(func.min(func.coalesce(Invitation.reminded_on, Invitation.sent_on)))
        .where(Invitation.cycle_id == cycle.id, Invitation.completed.is_(False), Invitation.sent_on.is_not(None))
    ).scalar_one()
    return None if last_contact is None else last_contact + dt.timedelta(days=min_days)


def due_ids(cycle: Cycle, mailing: Mailing, today: dt.date, min_days: int = DEFAULT_REMINDER_GAP_DAYS) -> list[int]:
    return list(db.session.execute(
        db.select(Invitation.id).where(due(cycle, mailing, today, min_days)).order_by(Invitation.id)
    ).scalars())


def due_count(cycle: Cycle, mailing: Mailing, today: dt.date, min_days: int = DEFAULT_REMINDER_GAP_DAYS) -> int:
    """How many a run would send now, without writing: for invitations, roster entries without one count too."""
    count = db.session.execute(
        db.select(func.count()).select_from(Invitation).where(due(cycle, mailing, today, min_days))
    ).scalar_one()
    if mailing == Mailing.invitation:
        invited = db.select(Invitation.participant_id).where(Invitation.cycle_id == cycle.id)
        count += db.session.execute(
            db.select(func.count()).select_from(Participant)
            .where(Participant.organization_id == cycle.organization_id, Participant.id.not_in(invited))
        ).scalar_one()
    return int(count)


def claim(cycle: Cycle, invitation_id: int, mailing: Mailing, today: dt.date,
          min_days: int = DEFAULT_REMINDER_GAP_DAYS) -> Claim | None:
    """A fresh token for this invitation if it is still due; ``None`` when another run took it or it was answered."""
    row = db.session.execute(
        db.select(Invitation.token_hash, Invitation.sent_on, Invitation.reminded_on, Participant.email)
        .join(Participant, Invitation.participant_id == Participant.id)
        .where(Invitation.id == invitation_id)
    ).one_or_none()
    if row is None:
        return None
    token, token_hash = new_token()
    date_column = Invitation.sent_on if mailing == Mailing.invitation else Invitation.reminded_on
    won = db.session.execute(
        db.update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.token_hash == row.token_hash,
               due(cycle, mailing, today, min_days))
        .values({Invitation.token_hash: token_hash, date_column: today})
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        return None
    if row.sent_on is not None:  # the link being replaced went out: it keeps working (EarlierLink)
        db.session.add(EarlierLink(token_hash=row.token_hash, invitation_id=invitation_id))
    previous = row.sent_on if mailing == Mailing.invitation else row.reminded_on
    return Claim(invitation_id, row.email, token, row.token_hash, previous)


def release(claim: Claim, mailing: Mailing) -> None:
    """The mail did not go out: the earlier link and date come back, so nothing looks sent that was not."""
    date_column = Invitation.sent_on if mailing == Mailing.invitation else Invitation.reminded_on
    db.session.execute(db.delete(EarlierLink).where(EarlierLink.token_hash == claim.previous_hash))
    db.session.execute(
        db.update(Invitation)
        .where(Invitation.id == claim.invitation_id, Invitation.token_hash == hash_token(claim.token))
        .values({Invitation.token_hash: claim.previous_hash, date_column: claim.previous_date})
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class InvitationCounts:
    """Whole-cycle counts for the console: how many, never who."""

    roster: int
    invited: int
    not_yet_invited: int


def invitation_counts(cycle: Cycle) -> InvitationCounts:
    """``invited`` counts people erased since they were invited (``invited_by_team``); who on the roster has no
    invitation is counted from the roster itself, which they are no longer on."""
    on_roster = Participant.organization_id == cycle.organization_id
    roster = db.session.execute(db.select(func.count()).select_from(Participant).where(on_roster)).scalar_one()
    reached = db.select(Invitation.participant_id).where(Invitation.cycle_id == cycle.id, Invitation.went_out())
    not_yet = db.session.execute(
        db.select(func.count()).select_from(Participant).where(on_roster, Participant.id.not_in(reached))
    ).scalar_one()
    invited = sum(invited_by_team(cycle).values())
    return InvitationCounts(int(roster), int(invited), int(not_yet))
