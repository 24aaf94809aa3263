"""A signed-in user's own account: who they are, their password, their API tokens.

Every staff role has this page; nothing on it reaches another account.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, flash, g, make_response, redirect, render_template, url_for
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from assessment.api.tokens import TokenRefused, api_token, expires_at, refusal, revoke_api_tokens
from assessment.auth.forms import ApiTokenForm, ChangePasswordForm
from assessment.auth.sessions import fresh_session
from assessment.auth.token_history import token_history
from assessment.extensions import db, limiter
from assessment.models import Role, User
from assessment.operations.accounts import AccountError, authenticate, set_password
from assessment.operations.privacy import record
from assessment.tenancy import staff_required, visible_organizations

bp = Blueprint("account", __name__, url_prefix="/account")

TOO_MANY_WRONG = ("Too many wrong current passwords for this account. For your security, please wait "
                  "15 minutes before trying again, or sign out and reset your password.")


@bp.before_request
@staff_required
def _signed_in_only() -> None:
    """Every page of this blueprint is about the signed-in account itself."""


def _account_key() -> str:
    # Flask-Limiter checks before the blueprint's sign-in check runs, so an anonymous visitor gets a key too.
    return f"account-password:{getattr(current_user, 'id', 'anonymous')}"


def _wrong_current_password(_: Response) -> bool:
    """Only a wrong current password counts: a stolen session must not become a password oracle,
    while fumbling the new password twice costs nothing."""
    return bool(g.get("wrong_current_password"))


@bp.get("")
def page() -> str:
    return _page(ChangePasswordForm(), ApiTokenForm())


@bp.route("/password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_account_key, error_message=TOO_MANY_WRONG, deduct_when=_wrong_current_password)
def change_password() -> str | tuple[str, int] | Response:
    form = ChangePasswordForm()
    if not form.is_submitted():
        return redirect(url_for(".page", _anchor="change-password"))
    user = _user()
    valid = form.validate()
    # Checked even when the new password is refused, so both are said at once: told only of the mismatch, a
    # reader fixed it and then learned the current password was wrong too.
    if form.current.data and authenticate(user.email, form.current.data) is None:
        g.wrong_current_password = True
        form.current.errors.append("That is not your current password. Nothing was changed.")
        return _page(form, ApiTokenForm(formdata=None)), 422
    if not valid:
        return _page(form, ApiTokenForm(formdata=None)), 422
    try:
        set_password(user, form.password.data or "")
    except AccountError as error:
        form.password.errors.append(str(error).capitalize() + ".")
        return _page(form, ApiTokenForm(formdata=None)), 422
    record(user.email, "user.password", f"{user.email}: changed on the Account page")
    db.session.commit()
    fresh_session()   # as at sign-in: a fresh session that carries the new password's stamp
    login_user(user)
    flash("Your password is changed. You are still signed in here; your other sign-ins and every "
          "API token you held have stopped working.", "info")
    return redirect(url_for(".page"))


@bp.route("/tokens", methods=["GET", "POST"])
def create_token() -> str | tuple[str, int] | Response:
    """The token is in this one answer only: never stored, flashed (the session cookie is only signed), or in a URL."""
    form = ApiTokenForm()
    if not form.is_submitted():
        return redirect(url_for(".page", _anchor="tokens"))
    if not form.validate():
        return _page(ChangePasswordForm(formdata=None), form), 422
    user = _user()
    days = form.days.data or 0
    try:
        token = api_token(user, days)
    except TokenRefused as refusal:
        return _page(ChangePasswordForm(formdata=None), form,
                     token_refused=f"No token was created: {refusal}."), 422
    record(user.email, "user.token", f"{user.email}, for {days} days")  # that one was issued, never the token
    db.session.commit()
    response = make_response(render_template(
        "web/auth/token.html", token=token, days=days, expires=expires_at(token),
        api_url=current_app.config["PUBLIC_URL"] + url_for("api.organizations"),
    ))
    response.headers["Cache-Control"] = "no-store"  # not in the browser's cache or history either
    return response


@bp.post("/tokens/revoke")
def revoke_tokens() -> Response:
    user = _user()
    revoke_api_tokens(user)
    record(user.email, "user.token_revoke", f"{user.email}: every API token revoked")
    db.session.commit()
    flash("Every API token you held has stopped working. Your password and your sign-ins are unchanged.", "info")
    return redirect(url_for(".page", _anchor="tokens"))


def _user() -> User:
    user = current_user._get_current_object()  # the model itself, to change and sign in again
    assert isinstance(user, User)
    return user


def _page(password_form: ChangePasswordForm, token_form: ApiTokenForm, token_refused: str | None = None) -> str:
    user = _user()
    return render_template(
        "web/auth/account.html", user=user, password_form=password_form, token_form=token_form,
        token_refused=token_refused or _why_no_tokens(user), scope=_scope(user),
        history=token_history(user, dt.datetime.now(dt.UTC).replace(tzinfo=None)),
    )


def _why_no_tokens(user: User) -> str | None:
    """Said before the form is tried, by the same rule as the CLI's tokens."""
    reason = refusal(user)
    return None if reason is None else f"This account cannot hold API tokens: {reason}."


def _scope(user: User) -> str:
    """What the account can see, in a line."""
    if user.role == Role.admin:
        return "Every organization"
    if user.role == Role.team_lead and user.team is not None and user.organization is not None:
        return f"The {user.team.name} team, and the organization-level figures of {user.organization.name}"
    names = [o.name for o in visible_organizations(user)]
    return ", ".join(names) if names else "No organization yet: ask an administrator"
