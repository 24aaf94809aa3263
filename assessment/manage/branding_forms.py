"""The branding form: shapes only; whether a logo is a real image is the operation's call (it decodes it)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp


class BrandingForm(FlaskForm):
    name = StringField("Organization name", validators=[InputRequired(), Length(max=200)],
                       description="As every report and page names the client.")
    accent = StringField(
        "Accent colour", validators=[Optional(), Regexp(r"^\s*#[0-9a-fA-F]{6}\s*$",
                                                        message="write the colour as #rrggbb, such as #1f5f8b")],
        description="Rules, headings and charts of the reports, as #rrggbb; empty for the default. Never the "
                    "only way something is shown: reports stay readable in black and white.",
        render_kw={"placeholder": "#1f5f8b", "maxlength": 7},
    )
    logo = FileField("Logo", description="PNG or JPEG, at most 1 MB; large images are scaled down. "
                                         "SVG is not accepted.",
                     render_kw={"accept": "image/png,image/jpeg"})
    remove_logo = BooleanField("Remove the current logo")
    prepared_by = StringField("Prepared by", validators=[Length(max=200)],
                              description='Your consultancy, named as "Prepared by" on every page; '
                                          "leave empty for none.")
