"""Personal bearer tokens for scripts, with nothing stored.

A token is the user's id, credential stamp, lifetime in days and API token
generation, signed with the app's secret and dated (itsdangerous). It stops
working when it expires; when the account is deactivated (for good:
deactivation moves the stamp on) or its password changes (the stamp is then
different), which also ends every session; and when the user revokes their
tokens (the generation is then different), which ends nothing else.
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


def refusal(user: User, days: int = DEFAULT_DAYS) -> str | None:
    """Why ``user`` may not be given a token for ``days``, or None if they may."""
    if not 1 <= days <= MAX_DAYS:
        return f"a token lasts from 1 to {MAX_DAYS} days, not {days}"
    if not user.active:
        return f"{user.email} is deactivated"
    if not user.password_hash:
        return f"{user.email} has not set a password yet"
    return None


def api_token(user: User, days: int = DEFAULT_DAYS) -> str:
    reason = refusal(user, days)
    if reason is not None:
        raise TokenRefused(reason)
    return _serializer().dumps([user.id, user.credential_stamp, days, user.api_token_generation])


def revoke_api_tokens(user: User) -> None:
    """Every token issued to ``user`` so far stops working; the caller commits."""
    user.api_token_generation = (user.api_token_generation or 0) + 1


def expires_at(token: str) -> dt.datetime:
    """When a token just issued by ``api_token`` stops working, in UTC."""
    (_, _, days, *_), signed_at = _serializer().loads(token, return_timestamp=True)
    return signed_at + dt.timedelta(days=days)


def user_for_api_token(token: str, now: dt.datetime | None = None) -> User | None:
    """The active user the token was made for, if genuine, unexpired, issued under the current password
    and not revoked since."""
    try:
        payload, signed_at = _serializer().loads(token, return_timestamp=True)
        user_id, stamp, days, generation = _fields(payload)
    except (BadSignature, ValueError, TypeError):
        return None
    if not all(isinstance(n, int) for n in (user_id, days, generation)):
        return None
    if (now or dt.datetime.now(dt.UTC)) > signed_at + dt.timedelta(days=days):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.credential_stamp != stamp \
            or user.api_token_generation != generation:
        return None
    return user


def _fields(payload: list[object]) -> list[object]:
    """Tokens issued before revocation existed (migration 0012) carry three fields: they are of generation 0."""
    if isinstance(payload, list) and len(payload) == 3:
        return [*payload, 0]
    return payload
