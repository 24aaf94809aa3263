"""Personal bearer tokens for scripts, with nothing stored.

A token is the user's id, credential stamp and lifetime in days, signed with
the app's secret and dated (itsdangerous). It stops working when it expires,
when the account is deactivated (for good: deactivation moves the stamp on),
and when the password changes (the stamp is then different), which is also how a user revokes every token at once.
The salt keeps it apart from password links: one can never pass for the other.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from assessment.extensions import db
from assessment.models import User

SALT = "api-bearer-token"
DEFAULT_DAYS = 90
MAX_DAYS = 366


class TokenRefused(ValueError):
    """The account may not hold a token; the message says why."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def api_token(user: User, days: int = DEFAULT_DAYS) -> str:
    if not 1 <= days <= MAX_DAYS:
        raise TokenRefused(f"a token lasts from 1 to {MAX_DAYS} days, not {days}")
    if not user.active:
        raise TokenRefused(f"{user.email} is deactivated")
    if not user.password_hash:
        raise TokenRefused(f"{user.email} has not set a password yet")
    return _serializer().dumps([user.id, user.credential_stamp, days])


def user_for_api_token(token: str, now: dt.datetime | None = None) -> User | None:
    """The active user the token was made for, if genuine, unexpired and issued under the current password."""
    try:
        payload, signed_at = _serializer().loads(token, return_timestamp=True)
        user_id, stamp, days = payload
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(days, int):
        return None
    if (now or dt.datetime.now(dt.UTC)) > signed_at + dt.timedelta(days=days):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.credential_stamp != stamp:
        return None
    return user
