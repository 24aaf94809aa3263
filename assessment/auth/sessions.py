"""How a session names its user, and what happens when a page needs one."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

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
