"""Sign-in and password forms: they check the input's shape, never the account."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange

from assessment.api.tokens import DEFAULT_DAYS, MAX_DAYS
from assessment.operations.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


class SignInForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
    ])
    confirm = PasswordField("Repeat it", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ."),
    ])


class ChangePasswordForm(NewPasswordForm):
    """The new-password form, behind the current password: a session left open is not enough to take the account."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])


class DaysField(IntegerField):
    """A whole number of days; an empty box or a word is told what to type, not "Not a valid integer value"."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(f"Type a whole number of days, from 1 to {MAX_DAYS}.") from error


class ApiTokenForm(FlaskForm):
    days = DaysField("Lifetime in days", default=DEFAULT_DAYS, validators=[
        InputRequired(), NumberRange(min=1, max=MAX_DAYS, message=f"From 1 to {MAX_DAYS} days."),
    ], description=f"From 1 to {MAX_DAYS} days.", render_kw={"min": 1, "max": MAX_DAYS})
