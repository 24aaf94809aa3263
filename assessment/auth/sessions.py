"""How a session names its user, and what happens when a page needs one."""
from __future__ import annotations

import datetime as dt
import secrets

from flask import Flask, render_template, request, session
from flask_login import current_user, user_logged_in, user_logged_out
from flask_wtf.csrf import CSRFError

from assessment.extensions import db, login_manager
from assessment.models import SignIn, User
from assessment.tokens import hash_token

#: The session's key naming its sign-in (``SignIn``); only its hash is stored.
SIGN_IN = "sign_in"
#: After this, a browser signs in again, however often it was used meanwhile.
SIGN_IN_LASTS = dt.timedelta(days=30)


def load_user(session_id: str) -> User | None:
    """The session's user while active, with the same password as at sign-in, and not signed out since."""
    user_id, _, stamp = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.credential_stamp != stamp or not _signed_in(user):
        return None
    return user


def _signed_in(user: User) -> bool:
    key = session.get(SIGN_IN)
    found = db.session.get(SignIn, hash_token(key)) if isinstance(key, str) else None
    return found is not None and found.user_id == user.id and found.started_at > _now() - SIGN_IN_LASTS


def start_sign_in(user: User) -> str:
    """A new sign-in of ``user``, whose key the session keeps; sign-ins past their time are forgotten meanwhile."""
    key = secrets.token_urlsafe(32)
    db.session.execute(db.delete(SignIn).where(SignIn.started_at <= _now() - SIGN_IN_LASTS))
    db.session.add(SignIn(key_hash=hash_token(key), user_id=user.id))
    db.session.commit()
    return key


def _signed_in_here(_app: Flask, user: User) -> None:
    session[SIGN_IN] = start_sign_in(user)


def _signed_out_here(_app: Flask, user: User) -> None:
    end_sign_in()


def fresh_session() -> None:
    """An empty session, the browser's earlier sign-in ended first: nothing of an earlier visitor's session
    survives into the next one, and a copy of its cookie signs nobody in."""
    end_sign_in()
    session.clear()


def end_sign_in() -> None:
    """Signing out ends the sign-in itself: a copy of the session cookie taken before no longer signs anyone in."""
    key = session.pop(SIGN_IN, None)
    if isinstance(key, str):
        db.session.execute(db.delete(SignIn).where(SignIn.key_hash == hash_token(key)))
        db.session.commit()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    user_logged_in.connect(_signed_in_here, app)
    user_logged_out.connect(_signed_out_here, app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    # The sign-in page answers its own (it gives the form back; the survey takes no CSRF token); staff forms this.
    app.register_error_handler(CSRFError, stale_form)


#: The blueprints whose forms only a signed-in user sends.
SIGNED_IN_FORMS = frozenset({"manage", "actions", "account", "admin"})


def stale_form(error: CSRFError) -> tuple[str, int]:
    """A staff form whose session is gone (signed out in another tab, the browser restarted) says so plainly.

    The check runs before anything else, so nothing was done; the page names the step to take (sign in, or
    reload) and leads back to the page the form was on, not to a bare "CSRF token" refusal.
    """
    if request.blueprint not in SIGNED_IN_FORMS:  # a form nobody signs in to send: nobody signed out of anything
        return render_template("web/errors/error.html", error=error), 400
    rule = request.url_rule
    page = request.path if rule is not None and "GET" in (rule.methods or ()) else request.path.rsplit("/", 1)[0]
    return render_template("web/errors/stale_form.html", page=page, signed_in=current_user.is_authenticated), 400
