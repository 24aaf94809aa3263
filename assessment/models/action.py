"""A team's commitments for a cycle, reviewed against the next cycle's results."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.extensions import db
from assessment.models.cycle import Cycle
from assessment.models.organization import Team


class ActionStatus(enum.StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Action(db.Model):
    """What a team commits to after one cycle's results: a practice of the playbook (or its own words),
    an owner and a due date. Staff-typed text only; nothing here comes from respondents."""

    # AUTOINCREMENT on SQLite: a deleted action's id, in the audit log or a stale edit link, is never given again.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    # The cycle whose results the action answers.
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    practice_id: Mapped[str | None] = mapped_column(String(64))  # a playbook practice, or None for the team's own
    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date | None]
    status: Mapped[ActionStatus] = mapped_column(
        Enum(ActionStatus, native_enum=False, length=16), default=ActionStatus.planned
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    team: Mapped[Team] = relationship()
    cycle: Mapped[Cycle] = relationship()

    @property
    def overdue(self) -> bool:
        """Still to do after its due date (against the server's today, as everywhere)."""
        return (self.due_on is not None and self.due_on < dt.date.today()
                and self.status in (ActionStatus.planned, ActionStatus.in_progress))
