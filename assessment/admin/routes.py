"""Inviting staff, changing their role and scope, deactivating them. Administrators only."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.admin.forms import NONE, AccountForm
from assessment.api.tokens import revoke_api_tokens
from assessment.auth.emails import mail_invitation, send_password_link
from assessment.auth.token_history import TokenHistory, token_history
from assessment.extensions import db
from assessment.mail import MailError
from assessment.models import Organization, Role, Team, User
from assessment.operations.accounts import AccountError, assign_role, create_user, scope_of, set_active
from assessment.operations.privacy import record
from assessment.tenancy import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required(Role.admin)
def _admins_only() -> None:
    """Every page of this blueprint, present and future, is for administrators."""


@bp.route("/users")
def users() -> str:
    accounts = db.session.execute(db.select(User).order_by(User.role, User.email)).scalars().all()
    return render_template("web/admin/users.html", accounts=accounts)


@bp.route("/users/new", methods=["GET", "POST"])
def invite() -> str | tuple[str, int] | Response:
    form = _form()
    if form.validate_on_submit():
        try:
            organizations, organization, team = _scope(form)
            user = create_user(form.email.data or "", Role(form.role.data), organizations=organizations,
                               organization=organization, team=team)
        except AccountError as error:
            return _refused(form, error, None)
        record(current_user.email, "user.invite", f"{user.email} as {user.role.label}")
        db.session.commit()
        flash(*mail_invitation(user, "the account's page"))
        return redirect(url_for(".users"))
    return render_template("web/admin/account.html", form=form, account=None), 422 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int) -> str | tuple[str, int] | Response:
    user = db.session.get(User, user_id) or abort(404)
    form = _form(user)
    if form.validate_on_submit():
        try:
            if user.id == current_user.id and (form.role.data != Role.admin or not form.active.data):
                raise AccountError("you can't take away your own admin rights; ask another admin")
            organizations, organization, team = _scope(form)
            before = scope_of(user)
            assign_role(user, Role(form.role.data), organizations=organizations, organization=organization,
                        team=team)
        except AccountError as error:
            db.session.rollback()
            return _refused(form, error, user)
        was_active = user.active
        set_active(user, form.active.data)
        moved = {(True, False): ", deactivated", (False, True): ", reactivated"}.get((was_active, user.active), "")
        record(current_user.email, "user.change", f"{user.email}: {user.role.label}{moved}")
        rescoped = scope_of(user) != before
        if rescoped:
            # A token was made for what its account could read then: an executive moved to another client had a
            # dashboard reading the new client's results, with nobody deciding it should.
            revoke_api_tokens(user)
            record(current_user.email, "user.token_revoke", f"{user.email}: every API token revoked, its scope changed")
        db.session.commit()
        flash(f"Saved {user.email}." + (" What it may read changed, so every API token it held has stopped working; "
                                        "its password and sign-ins are unchanged." if rescoped else ""), "info")
        return redirect(url_for(".users"))
    return render_template("web/admin/account.html", form=form, account=user,
                           tokens=_tokens(user)), 422 if form.errors else 200


@bp.post("/users/<int:user_id>/invitation")
def resend_invitation(user_id: int) -> Response:
    user = db.session.get(User, user_id) or abort(404)
    if not user.active:  # the link would open on "this link no longer works"
        flash(f"{user.email} is deactivated: reactivate the account first, then email them a link.", "error")
        return redirect(url_for(".edit", user_id=user.id))
    try:
        send_password_link(user, "invitation")
        flash(f"Sent {user.email} a new link to choose a password.", "info")
    except MailError:
        flash("The link could not be mailed; check the SMTP settings.", "error")
    return redirect(url_for(".edit", user_id=user.id))


@bp.post("/users/<int:user_id>/tokens/revoke")
def revoke_tokens(user_id: int) -> Response:
    """What `alignment user revoke-tokens` does, for an admin without a shell: a token that leaked (a
    dashboard's config shared, a laptop lost) stops working, while the person keeps their password and sign-ins."""
    user = db.session.get(User, user_id) or abort(404)
    revoke_api_tokens(user)
    # The same entry as the CLI's and the Account page's, so the holder's token count starts again from zero.
    record(current_user.email, "user.token_revoke", f"{user.email}: every API token revoked")
    db.session.commit()
    flash(f"Every API token of {user.email} has stopped working; their password and sign-ins are unchanged.", "info")
    return redirect(url_for(".edit", user_id=user.id))


def _tokens(user: User) -> TokenHistory:
    return token_history(user, dt.datetime.now(dt.UTC).replace(tzinfo=None))


def _form(user: User | None = None) -> AccountForm:
    data = {}
    if user is not None:
        data = {
            "email": user.email, "role": user.role.value, "active": user.active,
            "organizations": [o.id for o in user.consulted],
            "organization": user.organization_id if user.role == Role.executive else NONE,
            "team": user.team_id or NONE,
        }
    form = AccountForm(data=data)
    organizations = db.session.execute(db.select(Organization).order_by(Organization.name)).scalars().all()
    teams = db.session.execute(
        db.select(Team).join(Organization).order_by(Organization.name, Team.name)
    ).scalars().all()
    form.offer(list(organizations), list(teams))
    if user is None:
        form.ask_for_a_role()
    else:
        del form.email  # an address is the account's identity; invite the new address instead
    return form


def _scope(form: AccountForm) -> tuple[list[Organization], Organization | None, Team | None]:
    """The chosen ids as rows, read only from the field labelled for the chosen role.

    A browser still sends what the other roles' fields held (a consultant's organizations stay
    selected when the admin makes them an executive), so those are ignored rather than refused.
    The form has checked that each id was one of the choices offered.
    """
    role = Role(form.role.data)
    chosen = [db.session.get(Organization, i) for i in form.organizations.data or []] \
        if role == Role.consultant else []
    return (
        [o for o in chosen if o is not None],
        db.session.get(Organization, form.organization.data)
        if role == Role.executive and form.organization.data else None,
        db.session.get(Team, form.team.data) if role == Role.team_lead and form.team.data else None,
    )


def _refused(form: AccountForm, error: AccountError, user: User | None) -> tuple[str, int]:
    return render_template("web/admin/account.html", form=form, account=user, error=str(error),
                           tokens=_tokens(user) if user is not None else None), 422
