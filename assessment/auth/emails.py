"""The two messages an account receives: an invitation and a password reset."""
from __future__ import annotations

import threading

from flask import Flask, current_app, render_template, url_for

from assessment.auth.tokens import Purpose, password_token
from assessment.mail import MailError, send_mail, send_templated
from assessment.models import User

SUBJECTS = {
    "invitation": "Your Alignment Health account",
    "reset": "Set a new Alignment Health password",
}


def password_link(user: User, purpose: Purpose) -> str:
    """Built on PUBLIC_URL, never on the request's Host header, which a requester controls."""
    path = url_for("auth.set_new_password", purpose=purpose, token=password_token(user, purpose))
    return current_app.config["PUBLIC_URL"] + path


def send_password_link(user: User, purpose: Purpose) -> None:
    send_templated(user.email, SUBJECTS[purpose], f"web/auth/email/{purpose}", **_message(user, purpose))


def _message(user: User, purpose: Purpose) -> dict[str, object]:
    hours = current_app.config["INVITATION_MAX_AGE" if purpose == "invitation" else "PASSWORD_RESET_MAX_AGE"] // 3600
    return dict(
        user=user, link=password_link(user, purpose), hours=hours,
        # An admin's "new password link" to an account in use is no news of a new account.
        renewal=purpose == "invitation" and user.password_hash is not None,
    )


def send_reset_link_in_background(user: User) -> None:
    """Mail a reset link without the request waiting for the mail server.

    "Forgot your password?" answers the same whether or not the address has an account; had it waited for the
    mail server (tens of milliseconds, seconds for a slow one) only when there was an account, the time of the
    answer would have told. The message is written here, in the request; the thread only talks SMTP, so it never
    touches the database. A failure is logged, as before: the person is told nothing either way.
    """
    context = _message(user, "reset")
    template = "web/auth/email/reset"
    text, html = render_template(f"{template}.txt", **context), render_template(f"{template}.html", **context)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    threading.Thread(target=_send, args=(app, user.email, SUBJECTS["reset"], text, html),
                     name="password-reset-mail").start()


def _send(app: Flask, to: str, subject: str, text: str, html: str) -> None:
    with app.app_context():
        try:
            send_mail(to, subject, text, html)
        except MailError:
            app.logger.exception("password reset mail failed")


def mail_invitation(user: User, again_from: str) -> tuple[str, str]:
    """Email an account its link to choose a password; the flash message saying how it went, and its category.

    ``again_from`` says where the link can be sent again, should the mail server fail.
    """
    try:
        send_password_link(user, "invitation")
    except MailError:
        return (f"The account {user.email} exists, but the invitation could not be mailed; check the SMTP settings "
                f"and send it again from {again_from}.", "error")
    return f"Invited {user.email}: they choose a password through the link we emailed.", "info"
