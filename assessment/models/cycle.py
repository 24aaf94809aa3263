"""A survey wave for one organization, and the personal invitations to it."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ColumnElement, Enum, ForeignKey, String, UniqueConstraint, false, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.extensions import db
from assessment.models.organization import Organization, Participant
from assessment.models.questionnaire import StoredQuestionnaire

DEFAULT_MIN_GROUP = 5
#: A period names the cycle in links, files and reports, and "the previous cycle" is the one whose
#: period sorts just before: so a year, then a quarter, half or month, which sort in time.
#: Plain ASCII digits (``\d`` takes "٢٠٢٦" too, a second name for one quarter), in this century.
PERIOD_PATTERN = r"^20[0-9]{2}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$"
PERIOD_FORMS = "a year from 2000 to 2099, then a quarter, half or month, such as 2026-Q4, 2026-H1 or 2026-05"
LOWEST_MIN_GROUP = 3
#: A reminder goes to people we have not written to for this many days (by default in the console; always when planned).
DEFAULT_REMINDER_GAP_DAYS = 3


class CycleStatus(enum.StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"
    published = "published"


class Cycle(db.Model):
    __table_args__ = (UniqueConstraint("organization_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    period: Mapped[str] = mapped_column(String(32))
    status: Mapped[CycleStatus] = mapped_column(
        Enum(CycleStatus, native_enum=False, length=16), default=CycleStatus.draft
    )
    opens_on: Mapped[dt.date | None]
    closes_on: Mapped[dt.date | None]
    published_on: Mapped[dt.date | None]  # when the consultant released the results to the client
    min_group_size: Mapped[int] = mapped_column(default=DEFAULT_MIN_GROUP)
    min_comment_group_size: Mapped[int] = mapped_column(default=DEFAULT_MIN_GROUP)
    # Mail the consultant planned (``assessment.scheduled_mail``): the invitations from the opening day on, and
    # one reminder on ``remind_on``; ``planned_reminder_sent_on`` says the planned reminder went out.
    invite_on_opening: Mapped[bool] = mapped_column(default=False, server_default=false())
    remind_on: Mapped[dt.date | None]
    planned_reminder_sent_on: Mapped[dt.date | None]

    organization: Mapped[Organization] = relationship()
    questionnaire: Mapped[StoredQuestionnaire] = relationship()

    @property
    def name(self) -> str:
        """How the command line and the audit log address the cycle."""
        return f"{self.organization.slug}/{self.period}"

    @property
    def title(self) -> str:
        """How a message read in the console or at the command line names the cycle: "Northwind Traders 2026-Q4"
        reads as a sentence's subject where ``northwind/2026-Q4`` read as a path."""
        return f"{self.organization.name} {self.period}"

    @property
    def pending_reminder(self) -> dt.date | None:
        """The planned reminder's day, until it has gone out for that day."""
        if self.remind_on is None:
            return None
        sent = self.planned_reminder_sent_on
        return self.remind_on if sent is None or sent < self.remind_on else None

    @property
    def accepts_responses(self) -> bool:
        return self.status == CycleStatus.open

    def is_scheduled(self, today: dt.date | None = None) -> bool:
        """Open, but its opening date is still ahead: its links say when it opens, and no mail goes out yet.

        No scheduler flips a status on the day: the date itself decides, read
        against the server's today (``dt.date.today()``, as everywhere else) each time it is asked.
        """
        return (self.status == CycleStatus.open and self.opens_on is not None
                and self.opens_on > (today or dt.date.today()))

    @property
    def scheduled(self) -> bool:
        return self.is_scheduled()

    def open_until(self, today: dt.date) -> dt.date | None:
        """The last day to answer that a page or mail may name ("open until", that day included).

        A planned date already past while the cycle is still open is left out: the survey takes answers
        until someone closes it, and "open until" a day gone by would send people away.
        """
        return self.closes_on if self.closes_on and self.closes_on >= today else None

    @property
    def state(self) -> str:
        """The status as lists show it: ``scheduled`` for an open cycle whose opening date is ahead."""
        return "scheduled" if self.scheduled else self.status.value

    @property
    def has_results(self) -> bool:
        """Scored: closed (its managers review the results) or published (the client reads them too)."""
        return self.status in (CycleStatus.closed, CycleStatus.published)

    @property
    def is_published(self) -> bool:
        return self.status == CycleStatus.published

    def may_show_beside(self, earlier: Cycle) -> bool:
        """Whether an earlier cycle's results may show in this one's trends and changes.

        A published cycle is read by the client, who reads no cycle still in review: one for an earlier period
        closed after this was published (publishing releases the earlier cycles closed by then, not later ones).
        """
        return earlier.is_published if self.is_published else earlier.has_results


class Invitation(db.Model):
    """Participant x cycle. Records only *that* someone answered, never what."""

    __table_args__ = (UniqueConstraint("cycle_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_on: Mapped[dt.date | None]
    reminded_on: Mapped[dt.date | None]
    completed: Mapped[bool] = mapped_column(default=False)
    # Answers saved to resume later; erased the moment the response is submitted.
    draft: Mapped[dict[str, object] | None] = mapped_column(JSON)

    cycle: Mapped[Cycle] = relationship()
    participant: Mapped[Participant] = relationship()

    @classmethod
    def went_out(cls) -> ColumnElement[bool]:
        """Whether it counts as an invitation: its mail went out, or its person answered (a link
        handed out another way). One waiting for a mail that failed has reached nobody yet."""
        return or_(cls.sent_on.is_not(None), cls.completed)


class EarlierLink(db.Model):
    """A survey link mailed for an invitation before its newest one: it keeps working beside it.

    Only hashes are stored, so a reminder cannot repeat the invitation's link and carries a new one.
    Without these, the invitation still in someone's inbox would stop working the day a reminder
    went out, and a survey page open at that moment would lose its answers on Submit.

    Handing out fresh links another way (``issue_links``) *replaces* every earlier link on purpose
    (``replaced_on`` set): such a link no longer opens the survey nor submits, but it is still known,
    so the person is told that it was replaced and a page open at that moment keeps its answers
    for the new link instead of meeting a bare "not valid".
    """

    __tablename__ = "earlier_link"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    replaced_on: Mapped[dt.date | None]


class InvitedCount(db.Model):
    """How many people of a team a cycle's invitations reached, as counted when it closed.

    A past cycle's response rates are read from here, not from today's
    invitations: a person who moves team since, or whose data is erased,
    would otherwise change the rates of a survey long finished.
    """

    __tablename__ = "invited_count"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), primary_key=True)
    invited: Mapped[int]


class ErasedInvitations(db.Model):
    """How many people of a team a collecting cycle had invited when their data was erased.

    Erasing a person deletes their invitations, while an answer they gave stays (it is anonymous): without this
    count, a team's response rate of a cycle still open rose with every erasure, and could read "5 invited, 8
    answered". Added to the invitations as they stand until the close counts them into ``InvitedCount``.
    """

    __tablename__ = "erased_invitations"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), primary_key=True)
    erased: Mapped[int]
