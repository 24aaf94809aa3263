"""Signing in and out, and setting a password from an emailed link."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

from assessment.auth.emails import send_reset_link_in_background
from assessment.auth.sessions import fresh_session
from assessment.auth.forms import ForgotPasswordForm, NewPasswordForm, SignInForm
from assessment.auth.tokens import PURPOSES, Purpose, user_for_token
from assessment.extensions import db, limiter
from assessment.models import User
from assessment.operations.accounts import authenticate, find_user, normalise_email, set_password
from assessment.operations.privacy import record

bp = Blueprint("auth", __name__, url_prefix="/auth")

TOO_MANY = ("Too many sign-in attempts for this account or from this address. For your security, "
            "please wait 15 minutes before trying again, or reset your password.")
TOO_MANY_RESETS = "Too many password reset requests. Please wait an hour before asking again."


def _submitted_email() -> str:
    return "account:" + normalise_email(request.form.get("email", ""))


def _failed(response: Response) -> bool:
    """Only failed attempts count, so a team that signs in often is never locked out."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ADDRESS"], methods=["POST"],
               error_message=TOO_MANY, deduct_when=_failed)
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_submitted_email, error_message=TOO_MANY, deduct_when=_failed)
def login() -> str | tuple[str, int] | Response:
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            fresh_session()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        return render_template("web/auth/login.html", form=form,
                               error="That email and password don't match an active account."), 401
    return render_template("web/auth/login.html", form=form), 422 if form.errors else 200


#: Why a form of this blueprint is given back: its token came from a session that has ended since.
NOT_SENT = "This page had been open a while, so nothing was sent. Please send it again."


SIGN_IN_AGAIN = "This page had been open a while, so you were not signed in. Please enter your password again."
COOKIES_REFUSED = ("Your browser did not keep the cookie that signing in needs, so you were not signed in. "
                   "Please allow cookies for this site, then enter your password again.")


def _cookie_refused() -> bool:
    """The form came back from the page that answered a stale sign-in, which set a fresh session cookie, yet the
    browser sent none: it refuses cookies. A first refusal can't tell this from a page left open across a sign-out."""
    return bool(request.form.get("given_back")) and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies


@bp.errorhandler(CSRFError)
def stale_form(error: CSRFError) -> tuple[str, int] | Response:
    """A page of this blueprint left open across a sign-out (or a restart) gets its form back, not a bare 400.

    Nothing was done; the page carries a fresh token, so sending it again goes through. A password is
    never given back; an email address is, as the person typed it.
    """
    email = {"email": request.form.get("email", "")}
    if request.endpoint == "auth.login":
        return render_template("web/auth/login.html", form=SignInForm(formdata=None, data=email),
                               error=COOKIES_REFUSED if _cookie_refused() else SIGN_IN_AGAIN, given_back=True), 400
    if request.endpoint == "auth.forgot_password":
        return render_template("web/auth/forgot.html", form=ForgotPasswordForm(formdata=None, data=email),
                               error=NOT_SENT), 400
    link = request.view_args or {}
    if request.endpoint == "auth.set_new_password" and link["purpose"] in PURPOSES:  # abort() here would be a 500
        user = _user_of_link(link["purpose"], link["token"])
        return _new_password_page(link["purpose"], user, NewPasswordForm(formdata=None), NOT_SENT)
    if request.endpoint == "auth.logout":
        return _stale_sign_out()
    return render_template("web/errors/error.html", error=error), 400


def _stale_sign_out() -> tuple[str, int] | Response:
    """Sign out pressed on a page from an earlier session: signed out already, or still signed in (and told so)."""
    if not current_user.is_authenticated:
        flash("You are signed out.", "info")
        return redirect(url_for("home.index"))
    return render_template("web/errors/stale_form.html", page=url_for("home.index"), signed_in=True), 400


@bp.post("/logout")
def logout() -> Response:
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("home.index"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], error_message=TOO_MANY_RESETS)
@limiter.limit("3 per hour", methods=["POST"], key_func=_submitted_email, error_message=TOO_MANY_RESETS)
def forgot_password() -> str | Response:
    """Same answer whether or not the address has an account, so the page can't be used to probe."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data or "")
        if user is not None and user.active:
            send_reset_link_in_background(user)  # the answer's timing must not say there is an account
        flash("If that address has an account, a link to set a new password is on its way. "
              "It works once, within an hour.", "info")
        return redirect(url_for(".login"))
    return render_template("web/auth/forgot.html", form=form)


@bp.route("/password/<purpose>/<token>", methods=["GET", "POST"])
def set_new_password(purpose: str, token: str) -> str | tuple[str, int] | Response:
    form = NewPasswordForm()
    user = _user_of_link(purpose, token)
    if user is not None and form.validate_on_submit():
        set_password(user, form.password.data or "")
        record(user.email, "user.password", f"{user.email}: set from an emailed {purpose} link")
        db.session.commit()
        fresh_session()
        login_user(user)
        flash("Your password is set and you are signed in.", "info")
        return redirect(url_for("home.index"))
    return _new_password_page(purpose, user, form)


def _user_of_link(purpose: str, token: str) -> User | None:
    if purpose not in PURPOSES:
        abort(404)
    return user_for_token(token, _purpose(purpose))


def _new_password_page(purpose: str, user: User | None, form: NewPasswordForm,
                       error: str | None = None) -> tuple[str, int]:
    """The form to choose a password, or why the link no longer opens it (used, expired, or not one of ours)."""
    if user is None:
        return render_template("web/auth/link_expired.html", purpose=purpose), 410
    status = 400 if error else 422 if form.errors else 200
    return render_template("web/auth/new_password.html", form=form, user=user, purpose=_purpose(purpose),
                           error=error), status


def _purpose(value: str) -> Purpose:
    return "invitation" if value == "invitation" else "reset"


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would make phishing links look like ours."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc \
            and "\\" not in target:
        return target
    return url_for("home.index")

