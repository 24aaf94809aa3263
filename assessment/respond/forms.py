"""The survey form, built from the questionnaire a cycle runs."""
from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from assessment.answers import DONT_KNOW, Answer
from assessment.operations.responses import MAX_COMMENT, comment_text
from questionnaires.model import Item, Questionnaire


class SurveyForm(FlaskForm):
    """Fields are added per questionnaire by ``survey_form``."""

    class Meta:
        # The link's token stands in for a CSRF token, which would need the session cookie (docs/privacy.md).
        csrf = False


def survey_form(questionnaire: Questionnaire, function: str, data: dict[str, Any] | None = None,
                formdata: Any = None) -> SurveyForm:
    """One required radio group per rated item, worded for the respondent's function.

    ``formdata`` stands in for the request's form (Flask-WTF reads that by itself when it is not given).
    """
    fields: dict[str, Field] = {}
    for item in questionnaire.items:
        fields[item.id] = RadioField(
            item.text_for(function),
            choices=answer_choices(questionnaire, item),
            coerce=answer_value,
            validators=[InputRequired("Please choose an answer.")],
        )
    for question in questionnaire.open_questions:
        fields[question.id] = TextAreaField(
            question.text,
            filters=[comment_text],
            validators=[Optional(), Length(max=MAX_COMMENT, message=f"Please keep it to {MAX_COMMENT} characters or fewer.")],
        )
    form_class = type("BoundSurveyForm", (SurveyForm,), fields)
    return form_class(data=data) if formdata is None else form_class(formdata=formdata, data=data)


def answer_choices(questionnaire: Questionnaire, item: Item) -> list[SelectChoice]:
    """The scale's points, lowest first, then its "don't know" where the statement offers one."""
    scale = questionnaire.scale
    choices = [SelectChoice(value, label) for value, label in zip(scale.values, scale.labels)]
    dont_know = questionnaire.dont_know_for(item)
    if dont_know:
        choices.append(SelectChoice(DONT_KNOW, dont_know))
    return choices


def answer_value(value: object) -> Answer:
    """A posted or saved choice as an answer: a point of the scale, or DONT_KNOW; anything else is refused."""
    if value is None or value == DONT_KNOW:
        return value  # type: ignore[return-value]
    return int(value)  # type: ignore[call-overload]


def valid_partial_answers(questionnaire: Questionnaire, form: dict[str, str]) -> dict[str, Answer]:
    """The answers of a half-filled form worth saving: only the choices the page offers."""
    saved: dict[str, Answer] = {}
    for item in questionnaire.items:
        allowed = {str(choice.value): choice.value for choice in answer_choices(questionnaire, item)}
        if form.get(item.id) in allowed:
            saved[item.id] = allowed[form[item.id]]
    return saved
