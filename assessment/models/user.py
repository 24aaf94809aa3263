"""Staff accounts and the audit trail of what they did to personal data.

Respondents never have an account: a ``User`` is a consultant, an executive,
a team lead or an administrator, and what each may see is decided in
``assessment.tenancy`` from the fields below, nowhere else.
"""
from __future__ import annotations

import datetime as dt
import enum
import hashlib

from flask_login import UserMixin
from sqlalchemy import Column, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.extensions import db
from assessment.models.organization import Organization, Team


class Role(enum.StrEnum):
    admin = "admin"
    consultant = "consultant"
    executive = "executive"
    team_lead = "team_lead"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


consultant_organization = Table(
    "consultant_organization",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class User(UserMixin, db.Model):
    """A staff account; ``password_hash`` is empty until an invited user sets one.

    ``organization_id`` is the one organization of an executive or team lead
    (a team lead's is their team's); a consultant's organizations are a set.
    Deleting an organization deletes its executives' and team leads' accounts.
    """

    # AUTOINCREMENT on SQLite: a deleted account's id, in an open admin page or the audit log, is never given again.
    __table_args__ = {"sqlite_autoincrement": True}

    __tablename__ = "user_account"  # "user" is a reserved word in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Raised by each deactivation: what the account was signed into before stays dead when it comes back.
    credential_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Raised by "Revoke all my API tokens": signed into each API token, so the older ones stop working
    # while the password, the sessions and the password links stay as they are.
    api_token_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_on: Mapped[dt.date] = mapped_column(default=dt.date.today)

    organization: Mapped[Organization | None] = relationship()
    team: Mapped[Team | None] = relationship()
    consulted: Mapped[list[Organization]] = relationship(
        secondary=consultant_organization, order_by="Organization.name"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at sign-in and on every request
        return self.active

    @property
    def credential_stamp(self) -> str:
        """Changes whenever the password does, and with each deactivation: signed into sessions,
        reset links and API tokens to expire them. Generation 0 leaves out the counter, so what
        was issued before the counter existed keeps its stamp."""
        secret = self.password_hash or "unset"
        if self.credential_generation:
            secret = f"{secret}:{self.credential_generation}"
        return hashlib.sha256(secret.encode()).hexdigest()[:16]

    def get_id(self) -> str:
        """The session remembers id and stamp, so a password change signs out every other session."""
        return f"{self.id}:{self.credential_stamp}"


class SignIn(db.Model):
    """One browser signed in to an account: the session names it, and signing out deletes it.

    A session cookie is only signed, so a copy taken before sign-out would otherwise keep working; a sign-in
    is known by the hash of its key alone, so the table gives nobody a session to use.
    """

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))


class AuditEntry(db.Model):
    """Who did what to personal data, and when; never any answers or erased addresses."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(400))
