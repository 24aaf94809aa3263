"""Who at a client reads its results: the consultant invites its executives and team leads.

A consultant gives access to their own clients only, and only these two roles: consultants and administrators
are made by an administrator (``admin``). The people are listed with their scope; nobody is deactivated from here.
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
from assessment.models import Organization, Role, Team, User
from assessment.operations.accounts import AccountError, create_user
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
    user = db.session.get(User, user_id)
    if user is None or user not in _people(organization):
        abort(404)
    if not user.active:
        flash(f"{user.email} is deactivated; an administrator can reactivate the account.", "error")
    else:
        message, category = mail_invitation(user, "this page")
        flash(f"Sent {user.email} a new link to choose a password." if category == "info" else message, category)
    return redirect(url_for(".access", org=org))


def _people(organization: Organization) -> list[User]:
    return list(db.session.execute(
        db.select(User).where(User.organization_id == organization.id, User.role.in_(CLIENT_ROLES))
        .order_by(User.role, User.email)
    ).scalars())


def _page(organization: Organization, form: ClientAccessForm, error: str | None = None) -> str:
    return render_template("web/manage/access.html", organization=organization, form=form, error=error,
                           people=_people(organization))
