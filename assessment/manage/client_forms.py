"""The new-client form: shapes only; whether the slug is free is the operation's call."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from assessment.operations.organizations import SLUG


class NewClientForm(FlaskForm):
    name = StringField("Organization name", validators=[InputRequired(), Length(max=200)],
                       description="As every report and page names the client, such as Contoso Ltd.")
    slug = StringField(
        "Short name for links", validators=[Optional(), Regexp(SLUG.pattern, message=(
            "use lowercase letters, digits and dashes only, such as contoso"))],
        description="Appears in every link, such as /results/contoso/2026-Q4, and cannot be changed later. "
                    "Leave it empty to make one from the name.",
        render_kw={"maxlength": 64, "autocapitalize": "none", "spellcheck": "false"},
    )
