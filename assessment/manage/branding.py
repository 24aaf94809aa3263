"""The branding of an organization's reports: name, accent colour, logo and "prepared by".

The page previews the running header every PDF page carries, drawn as inline
SVG (the Content-Security-Policy allows no inline styles) with the logo as a
data: URI built here from the stored, re-encoded bytes.
"""
from __future__ import annotations

import base64
import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.manage.blueprint import OVERSIZE_PAGES, bp, managed_organization
from assessment.manage.branding_forms import BrandingForm
from assessment.manage.cycle_forms import next_quarter
from assessment.models import Cycle, Organization
from assessment.operations.branding import (
    LOGO_TOO_LARGE, MAX_LOGO_BYTES, BrandingChange, BrandingError, accent_warning, change_branding,
)
from reports.colors import readable_on_white, text_on
from reports.inputs import DEFAULT_ACCENT, SURVEY_NAME


@bp.route("/<org>/branding", methods=["GET", "POST"])
def branding(org: str) -> str | tuple[str, int] | Response:
    organization = managed_organization(org)
    form = _form(organization)
    if form.validate_on_submit():
        upload = request.files.get(form.logo.name)
        # One byte past the limit is enough to know it is too large; a huge upload is never read whole.
        logo = upload.stream.read(MAX_LOGO_BYTES + 1) if upload and upload.filename else None
        change = BrandingChange(name=form.name.data, accent=(form.accent.data or "").strip(), logo=logo,
                                remove_logo=form.remove_logo.data, prepared_by=form.prepared_by.data or "")
        try:
            changed = change_branding(organization, change, actor=current_user.email)
        except BrandingError as error:
            db.session.rollback()
            return _page(organization, form, error=f"Nothing was changed: {error}."), 422
        db.session.commit()
        flash(f"Saved: {', '.join(changed)}." if changed else "Nothing to change.", "info")
        return redirect(url_for(".branding", org=organization.slug))
    if form.errors:
        _say_logo_not_saved(form)
    return _page(organization, form), 422 if form.errors else 200


def _say_logo_not_saved(form: BrandingForm) -> None:
    """At the logo, when another field was refused: the page comes back with its file field empty, and a
    consultant who mends only the colour would save without the logo they had chosen."""
    upload = request.files.get(form.logo.name)
    if upload and upload.filename and not form.logo.errors:
        form.logo.errors = [f"{upload.filename} was not saved, as nothing was: choose it again."]


def _form(organization: Organization, **options: object) -> BrandingForm:
    return BrandingForm(data={"name": organization.name, "accent": organization.accent_color or "",
                              "prepared_by": organization.prepared_by or ""}, **options)


def _oversize_page(organization: Organization) -> tuple[str, int]:
    """A logo far over the limit never reaches the form (413): the page says so, as it does for one just over."""
    return _page(organization, _form(organization, formdata=None), error=f"Nothing was changed: {LOGO_TOO_LARGE}."), 413


OVERSIZE_PAGES["manage.branding"] = _oversize_page


def _page(organization: Organization, form: BrandingForm, error: str | None = None) -> str:
    accent = organization.accent_color or DEFAULT_ACCENT
    logo_uri = (f"data:{organization.logo_type};base64,{base64.b64encode(organization.logo).decode()}"
                if organization.logo and organization.logo_type in ("image/png", "image/jpeg") else None)
    return render_template(
        "web/manage/branding.html", organization=organization, form=form, error=error, logo_uri=logo_uri,
        period=_preview_period(organization), survey_name=SURVEY_NAME,
        accent=accent, accent_text=readable_on_white(accent), on_accent=text_on(accent),
        warning=accent_warning(organization.accent_color),
    )


def _preview_period(organization: Organization) -> str:
    """The period the preview's header names: the client's latest cycle, or the quarter it is now."""
    latest = db.session.execute(
        db.select(Cycle.period).where(Cycle.organization_id == organization.id).order_by(Cycle.period.desc())
    ).scalars().first()
    return latest or next_quarter(dt.date.today(), [])
