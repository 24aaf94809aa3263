"""The action form: shapes and choices only; which combinations make sense is the operation's call."""
from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from assessment.models import ActionStatus
from assessment.operations.actions import OWNER_LENGTH, TITLE_LENGTH
from reports.playbook import Playbook

OWN = ""  # the practice choice of an action in the team's own words


class DueDateField(DateField):
    """A date field whose complaint says what to type: WTForms' own, "Not a valid date value.", did not."""

    def process_formdata(self, valuelist: list[object]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Not a date this form can read: pick one from the calendar, or type it as "
                             "year-month-day, such as 2026-12-31; or leave the field empty.") from None


class ActionForm(FlaskForm):
    practice = SelectField("Practice from the playbook", default=OWN)
    title = StringField("Title", validators=[Optional(), Length(max=TITLE_LENGTH)],
                        description="Leave empty to use the practice's title.")
    owner = StringField("Owner", validators=[Optional(), Length(max=OWNER_LENGTH)])
    due_on = DueDateField("Due date", validators=[Optional()])
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label) for s in ActionStatus],
                         default=ActionStatus.planned.value)
    # Said before typing: a note read as the team's scratchpad went to the executives and into the printed plan.
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)],
                          description="Executives and consultants read it under the action on this team's page, "
                                      "and the PDF action plan prints it.")
    # The action as the edit page showed it, so that a save over someone else's later one is caught.
    seen = HiddenField()

    def offer(self, playbook: Playbook) -> ActionForm:
        """The playbook's practices as choices; an id that is not offered fails validation."""
        self.practice.choices = [SelectChoice(OWN, "None: an action in our own words")] + [
            SelectChoice(p.id, p.title) for p in playbook.practices
        ]
        return self

    def due_from(self, earliest: dt.date) -> ActionForm:
        """The calendar starts at ``earliest``: a date before it is refused, so the browser does not offer it."""
        self.due_on.render_kw = {**(self.due_on.render_kw or {}), "min": earliest.isoformat()}
        return self


class ConfirmRemovalForm(FlaskForm):
    """Only the CSRF token: a click on the confirmation page, not a stray POST, removes an action."""
