"""What the audit log says about an account's API tokens, since tokens themselves are never stored.

Each token issued (web or CLI) leaves ``user.token`` with ``EMAIL, for N days``;
each event that voids them all leaves its own entry: a password set or changed
(``user.password``), a revocation (``user.token_revoke``), a deactivation
(``user.change`` ending in ``deactivated``). The tokens issued after the latest
of those and not yet expired are the ones that may still work, unless
SECRET_KEY changed, which the log cannot know.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from assessment.extensions import db
from assessment.models import AuditEntry, User

LIFETIME = re.compile(r", for (\d+) days?$")


@dataclass(frozen=True)
class TokenHistory:
    live: int                         # issued since the last revocation and not expired
    latest_issued: dt.datetime | None  # UTC, of any token ever issued to the account
    latest_expires: dt.datetime | None
    latest_expired: bool


def token_history(user: User, now: dt.datetime) -> TokenHistory:
    """``now`` is naive UTC, as the audit log's times."""
    issued = db.session.execute(
        select(AuditEntry.at, AuditEntry.target).where(
            AuditEntry.action == "user.token",
            AuditEntry.target.startswith(f"{user.email}, for ", autoescape=True),
        ).order_by(AuditEntry.at)
    ).all()
    voided = _last_voided(user)
    lifetimes = [(at, at + dt.timedelta(days=_days(target))) for at, target in issued]
    live = sum(1 for at, ends in lifetimes if (voided is None or at > voided) and ends > now)
    latest = lifetimes[-1] if lifetimes else (None, None)
    return TokenHistory(live=live, latest_issued=latest[0], latest_expires=latest[1],
                        latest_expired=latest[1] is not None and latest[1] <= now)


def _last_voided(user: User) -> dt.datetime | None:
    own = AuditEntry.target.startswith(f"{user.email}: ", autoescape=True)
    return db.session.execute(
        select(AuditEntry.at).where(own, or_(
            AuditEntry.action.in_(("user.password", "user.token_revoke")),
            and_(AuditEntry.action == "user.change", AuditEntry.target.endswith("deactivated")),
        )).order_by(AuditEntry.at.desc()).limit(1)
    ).scalar_one_or_none()


def _days(target: str) -> int:
    match = LIFETIME.search(target)
    return int(match.group(1)) if match else 0
