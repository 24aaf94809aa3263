"""Anonymous responses: nothing in here leads back to an invitation or a person."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from assessment.extensions import db


class Response(db.Model):
    """One submitted questionnaire.

    ``answers`` packs one signed byte per item, in the questionnaire's item
    order, 0 meaning not answered: a cycle of 20,000 responses is read in one
    query and decoded with a single ``numpy.frombuffer``.
    """

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    function: Mapped[str] = mapped_column(String(16))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_on: Mapped[dt.date]
    answers: Mapped[bytes] = mapped_column(LargeBinary)
    comments: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class ResponseFile(db.Model):
    """A file of responses imported into a cycle, known by the SHA-256 of its responses, so it is imported once.

    It keeps the day and the count, never which responses came in it: a
    response stays joined to nothing.
    """

    __tablename__ = "response_file"
    # The unique constraint's index, cycle first, serves the look-up by cycle too.
    __table_args__ = (UniqueConstraint("cycle_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    imported_on: Mapped[dt.date]
    responses: Mapped[int]
