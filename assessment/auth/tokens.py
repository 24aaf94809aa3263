"""Links that let a user set a password: invitations and resets.

A link is the user's id and credential stamp, signed with the app's secret
and dated. It expires after its purpose's max age, and it works once: setting
the password changes the stamp, which voids this link and every other one sent
before (and signs out every other session). Nothing needs to be stored.
"""
from __future__ import annotations

from typing import Literal

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from assessment.extensions import db
from assessment.models import User

Purpose = Literal["reset", "invitation"]
PURPOSES: tuple[Purpose, ...] = ("reset", "invitation")
_MAX_AGE_SETTING = {"reset": "PASSWORD_RESET_MAX_AGE", "invitation": "INVITATION_MAX_AGE"}


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"password-{purpose}")


def password_token(user: User, purpose: Purpose) -> str:
    return _serializer(purpose).dumps([user.id, user.credential_stamp])


def user_for_token(token: str, purpose: Purpose) -> User | None:
    """The active user the link was made for, if it is genuine, unexpired and unused."""
    max_age = current_app.config[_MAX_AGE_SETTING[purpose]]
    try:
        user_id, stamp = _serializer(purpose).loads(token, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or user.credential_stamp != stamp:
        return None
    return user
