"""The forms of a cycle's console pages: shapes and choices only; the operations decide what is allowed."""
from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from assessment.models import Cycle, StoredQuestionnaire
from assessment.models.cycle import PERIOD_FORMS, PERIOD_PATTERN
from assessment.operations.invitations import DEFAULT_REMINDER_GAP_DAYS
from assessment.scheduled_mail import how_soon

DEFAULT_OPEN_DAYS = 21


class PlannedMailForm(FlaskForm):
    invite_on_opening = BooleanField(
        "Send the invitations by themselves",
        description="On the opening day, and later to anyone added to the roster.")
    remind_on = DateField(
        "Send a reminder on", validators=[Optional()],
        description=f"To those who have not answered and got no mail from us for {DEFAULT_REMINDER_GAP_DAYS} days. "
                    "Leave it empty for none.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # How soon depends on this instance's check (PLANNED_MAIL_CHECK_SECONDS), read per request.
        self.invite_on_opening.description = f"On the opening day, and {how_soon()} to anyone added to the roster later."


class OpenCycleForm(PlannedMailForm):
    """A new cycle, its mail planned with it or later on its page."""

    period = StringField(
        "Period", validators=[InputRequired(), Regexp(PERIOD_PATTERN, message=f"name it by {PERIOD_FORMS}")],
        description="Names the cycle in links and reports, such as 2026-Q4.",
    )
    questionnaire = SelectField("Questionnaire", coerce=int)
    opens_on = DateField("Opens on", validators=[InputRequired()],
                         description="Survey links take answers, and invitations can be sent, from this day; a later "
                                     "date schedules the cycle, which you may open sooner.")
    closes_on = DateField("Closes on", validators=[InputRequired()])
    min_group_size = IntegerField(
        "Smallest group reported", validators=[InputRequired(), NumberRange(max=1000)],
        description="No team, function or filter with fewer respondents is ever shown; at least 3.",
        render_kw={"min": 3},
    )
    min_comment_group_size = IntegerField(
        "Smallest group whose comments are shown", validators=[InputRequired(), NumberRange(max=1000)],
        description="Comments say more about their writers than scores: at least 5, and at least the group size.",
        render_kw={"min": 5},
    )

    def offer(self, questionnaires: list[StoredQuestionnaire], last: Cycle | None = None) -> None:
        """Each version in words, the newest and the one the last cycle asked said so.

        Offered as "Sales and marketing alignment (alignment-core@3)", the three shipped versions were one title
        three times, cut off before the version in the form's width: nothing said which to choose.
        """
        newest = {q.key: max(o.version for o in questionnaires if o.key == q.key) for q in questionnaires}
        one_instrument = len({q.key for q in questionnaires}) == 1   # versions of one instrument: its title once, above
        choices = []
        for q in questionnaires:
            notes = ["newest"] if q.version == newest[q.key] else []
            if last is not None and last.questionnaire_id == q.id:
                notes.append(f"asked in {last.period}")
            name = f"Version {q.version}" if one_instrument else f"{q.title}, version {q.version}"
            choices.append((q.id, name + (f" ({', '.join(notes)})" if notes else "")))
        self.questionnaire.choices = choices
        if one_instrument and questionnaires:
            self.questionnaire.label.text = f"Questionnaire: {questionnaires[0].title}"
        self.questionnaire.description = (f"Proposed: the version {last.period} asked, so that its results compare "
                                          "statement by statement." if last else "Proposed: the newest version.")


class ReminderForm(FlaskForm):
    min_days = IntegerField(
        "Only people we have not written to for at least", default=DEFAULT_REMINDER_GAP_DAYS,
        validators=[InputRequired(), NumberRange(min=0, max=90)], render_kw={"min": 0, "max": 90},
    )


class ClosingDateForm(FlaskForm):
    closes_on = DateField("Planned closing date", validators=[InputRequired()],
                          description="Reminders name it as the last day to answer; you still close the cycle yourself.")


class OpeningDateForm(FlaskForm):
    opens_on = DateField("Opening date", validators=[InputRequired()],
                         description="Survey links take answers, and invitations can be sent, from this day.")


class ConfirmForm(FlaskForm):
    """Only the CSRF token: a click on the confirmation page, not a stray POST, closes a cycle."""


def next_quarter(today: dt.date, periods: list[str]) -> str:
    """The quarter after the latest quarterly period, but never one already past."""
    current = today.year * 4 + (today.month - 1) // 3
    latest = max((_quarter_index(p) for p in periods), default=None)
    index = current if latest is None else max(current, latest + 1)
    year, quarter = divmod(index, 4)
    return f"{year}-Q{quarter + 1}"


def quarter_start(period: str) -> dt.date:
    """The first day of a quarter such as ``2027-Q1`` (``next_quarter``'s labels)."""
    year, quarter = divmod(_quarter_index(period), 4)
    return dt.date(year, 3 * quarter + 1, 1)


def _quarter_index(period: str) -> int:
    year, sep, quarter = period.partition("-Q")
    if sep and year.isdigit() and quarter in ("1", "2", "3", "4"):
        return int(year) * 4 + int(quarter) - 1
    return -1
