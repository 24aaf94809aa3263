"""Client organizations (the tenant boundary), their teams and rosters."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from assessment.extensions import db

FUNCTIONS = ("sales", "marketing", "joint")


def same_name(name: str) -> str:
    """A name as two are compared: "Northwind  Traders " is "northwind traders"."""
    return " ".join(name.split()).casefold()


class Organization(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name as two are compared (``same_name``), unique: two consultants creating the same client at the same
    # moment both passed the check in code. Kept by ``_keep_name_key`` whenever the name is set.
    name_key: Mapped[str] = mapped_column(String(400), unique=True)
    synthetic: Mapped[bool] = mapped_column(default=False)
    accent_color: Mapped[str | None] = mapped_column(String(7))
    # Branding of its reports: the client's logo (PNG or JPEG bytes, checked on upload) and the
    # consultancy that prepared them, named on every page.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str | None] = mapped_column(String(32))
    prepared_by: Mapped[str | None] = mapped_column(String(200))
    # None: compare with the newest pooled benchmark set.
    benchmark_set_id: Mapped[int | None] = mapped_column(ForeignKey("benchmark_set.id", ondelete="SET NULL"))

    teams: Mapped[list[Team]] = relationship(
        back_populates="organization", order_by="Team.name", cascade="all, delete-orphan"
    )

    def team(self, slug: str) -> Team | None:
        return next((t for t in self.teams if t.slug == slug), None)

    @validates("name")
    def _keep_name_key(self, _: str, name: str) -> str:
        self.name_key = same_name(name)
        return name


class Team(db.Model):
    __table_args__ = (UniqueConstraint("organization_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(16))

    organization: Mapped[Organization] = relationship(back_populates="teams")
    participants: Mapped[list[Participant]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )


class Participant(db.Model):
    """A roster entry. Personal data: it never reaches a response."""

    # AUTOINCREMENT on SQLite: an erased participant's id, named in the audit log, is never given again.
    __table_args__ = (UniqueConstraint("organization_id", "email"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    function: Mapped[str] = mapped_column(String(16))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    team: Mapped[Team] = relationship(back_populates="participants")
