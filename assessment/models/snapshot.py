"""Materialized scores, written when a cycle closes, so pages never rescan answers."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.extensions import db

GROUP_KINDS = ("organization", "function", "team", "team_function")


class ScoreSnapshot(db.Model):
    """One group of one cycle: ``scores`` is a ``GroupScore.to_dict()``."""

    __table_args__ = (UniqueConstraint("cycle_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(160))
    n: Mapped[int]
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
