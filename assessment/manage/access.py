"""Who at a client reads its results: the consultant invites its executives and team leads.

A consultant gives access to their own clients only, and only these two roles: consultants and administrators
are made by an administrator (``admin``). The people are listed with their scope, and a consultant takes a
person's access away here too (an executive who left the client): the account is deactivated, which ends its
sessions, links and API tokens; an administrator can reactivate it.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Length

from assessment.auth.emails import mail_invitation
from assessment.extensions import db
from assessment.manage.blueprint import bp, managed_organization
from assessment.manage.cycle_forms import ConfirmForm
from assessment.models import Organization, Role, Team, User
from assessment.operations.accounts import AccountError, create_user, set_active
from assessment.operations.privacy import record

CLIENT_ROLES = (Role.executive, Role.team_lead)
NO_TEAM = 0


class ClientAccessForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    role = SelectField("Role", choices=[SelectChoice(r.value, r.label.capitalize()) for r in CLIENT_ROLES],
                       description="An executive reads the whole organization's results; a team lead sees their own "
                                   "team's results and actions, and the organization-level figures.")
    team = SelectField("Team (team leads)", coerce=int, default=NO_TEAM)

    def offer(self, organization: Organization) -> None:
        self.team.choices = [SelectChoice(NO_TEAM, "none")] + [
            SelectChoice(t.id, t.name) for t in sorted(organization.teams, key=lambda t: t.name)]


@bp.route("/<org>/access", methods=["GET", "POST"])
def access(org: str) -> str | tuple[str, int] | Response:
    organization = managed_organization(org)
    form = ClientAccessForm()
    form.offer(organization)
    if not form.validate_on_submit():
        return _page(organization, form), 422 if form.errors else 200
    role = Role(form.role.data)
    team = db.session.get(Team, form.team.data) if role == Role.team_lead and form.team.data else None
    try:
        user = create_user(form.email.data or "", role, organization=organization, team=team)
    except AccountError as error:
        db.session.rollback()
        return _page(organization, form, f"Nobody was invited: {error}."), 422
    record(current_user.email, "user.invite", f"{user.email} as {user.role.label} of {organization.name}")
    db.session.commit()
    flash(*mail_invitation(user, "this page"))
    return redirect(url_for(".access", org=org))


@bp.post("/<org>/access/<int:user_id>/link")
def access_link(org: str, user_id: int) -> Response:
    """A new link to choose a password, for one of the client's own people who is still active."""
    organization = managed_organization(org)
    user = _person(organization, user_id)
    if not user.active:
        flash(f"{user.email} is deactivated; an administrator can reactivate the account.", "error")
    else:
        message, category = mail_invitation(user, "this page")
        flash(f"Sent {user.email} a new link to choose a password." if category == "info" else message, category)
    return redirect(url_for(".access", org=org))


@bp.route("/<org>/access/<int:user_id>/remove", methods=["GET", "POST"])
def remove_access(org: str, user_id: int) -> str | Response:
    """Deactivate one of the client's executives or team leads, after a page that says what that ends."""
    organization = managed_organization(org)
    user = _person(organization, user_id)
    if not user.active:
        flash(f"{user.email} has no access already; an administrator can reactivate the account.", "info")
        return redirect(url_for(".access", org=org))
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("web/manage/remove_access.html", organization=organization, person=user, form=form)
    set_active(user, False)
    record(current_user.email, "user.change", f"{user.email}: {user.role.label} of {organization.name}, deactivated")
    db.session.commit()
    flash(f"{user.email} no longer reads the results of {organization.name}: signed out everywhere, and their "
          "links and API tokens no longer work. An administrator can reactivate the account.", "info")
    return redirect(url_for(".access", org=org))


def _person(organization: Organization, user_id: int) -> User:
    """One of the client's own executives or team leads; any other id is as unknown as one that does not exist."""
    user = db.session.get(User, user_id)
    if user is None or user not in _people(organization):
        abort(404)
    return user


def _people(organization: Organization) -> list[User]:
    return list(db.session.execute(
        db.select(User).where(User.organization_id == organization.id, User.role.in_(CLIENT_ROLES))
        .order_by(User.role, User.email)
    ).scalars())


def _page(organization: Organization, form: ClientAccessForm, error: str | None = None) -> str:
    return render_template("web/manage/access.html", organization=organization, form=form, error=error,
                           people=_people(organization))
