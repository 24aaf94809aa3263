"""How a session names its user, and what happens when a page needs one."""
from __future__ import annotations

from flask import Flask

from assessment.extensions import db, login_manager
from assessment.models import User


def load_user(session_id: str) -> User | None:
    """The session's user while active and with the same password as at sign-in."""
    user_id, _, stamp = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.credential_stamp != stamp:
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
