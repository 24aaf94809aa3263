"""The account form: shapes and choices only; which combinations make sense is the operation's call."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, Length

from assessment.models import Organization, Role, Team

NONE = 0


class AccountForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    role = SelectField("Role", choices=[SelectChoice(r.value, r.label.capitalize()) for r in Role],
                       validators=[DataRequired("Choose a role: it decides what the account can see.")])
    organizations = SelectMultipleField(
        "Organizations (consultants)", coerce=int,
        description="The clients a consultant works with; hold Ctrl or Cmd to choose several.",
    )
    organization = SelectField("Organization (executives)", coerce=int)
    team = SelectField("Team (team leads)", coerce=int)
    active = BooleanField("Active: may sign in", default=True)

    def ask_for_a_role(self) -> None:
        """A new account starts with no role chosen rather than the first one, admin: an admin who
        forgets the field must not hand a client's executive every organization."""
        self.role.choices = [SelectChoice("", "Choose a role")] + list(self.role.choices or [])

    def offer(self, organizations: list[Organization], teams: list[Team]) -> None:
        """Fill the choices from what exists; an id that is not offered fails validation."""
        self.organizations.choices = [SelectChoice(o.id, o.name) for o in organizations]
        self.organization.choices = [SelectChoice(NONE, "none")] + [SelectChoice(o.id, o.name) for o in organizations]
        self.team.choices = [SelectChoice(NONE, "none")] + [
            SelectChoice(t.id, f"{t.organization.name}: {t.name}") for t in teams
        ]
