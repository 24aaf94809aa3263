"""The two messages an account receives: an invitation and a password reset."""
from __future__ import annotations

from flask import current_app, url_for

from assessment.auth.tokens import Purpose, password_token
from assessment.mail import MailError, send_templated
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
    hours = current_app.config["INVITATION_MAX_AGE" if purpose == "invitation" else "PASSWORD_RESET_MAX_AGE"] // 3600
    send_templated(
        user.email, SUBJECTS[purpose], f"web/auth/email/{purpose}",
        user=user, link=password_link(user, purpose), hours=hours,
        # An admin's "new password link" to an account in use is no news of a new account.
        renewal=purpose == "invitation" and user.password_hash is not None,
    )


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
