"""An organization's CRM funnel figures in the console: what is stored, and a CSV import with a preview.

Like the roster: an upload is checked whole and shown as what would change
(nothing is written), and the consultant confirms that preview. The
confirmation carries the file's text back and is checked again; if the stored
figures changed in between, the new preview is shown instead.
"""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from werkzeug.wrappers import Response as BaseResponse
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length

from assessment.extensions import db
from assessment.manage.blueprint import OVERSIZE_PAGES, UPLOAD_LIMITS, bp, managed_organization
from assessment.manage.imports import (
    REQUEST_ALLOWANCE, as_in_the_file, committed, confirmation_limit, fingerprint, listed_problems,
)
from assessment.models import FunnelMetrics, Organization
from assessment.operations.imports import ImportRefused
from assessment.operations.funnel import FunnelPlan, apply_funnel, plan_funnel
from assessment.operations.funnel_csv import template_csv

FUNNEL_MAX_BYTES = 1_000_000  # some 15,000 team-periods: far more than any client has
UPLOAD_LIMITS.update({"manage.funnel": FUNNEL_MAX_BYTES + REQUEST_ALLOWANCE,
                      "manage.confirm_funnel": confirmation_limit(FUNNEL_MAX_BYTES)})
# Says the way on too: a team and period that a file does not list keep their figures, so parts import in turn.
TOO_LARGE = (f"The file is larger than {FUNNEL_MAX_BYTES // 1_000_000} MB. Split it, by period or by team, into "
             f"files of under {FUNNEL_MAX_BYTES // 1_000_000} MB and import them one after the other: each keeps "
             "the figures the others brought.")


class FunnelUploadForm(FlaskForm):
    funnel = FileField("Funnel CSV", validators=[
        FileRequired("Choose the CSV file of funnel figures."), FileSize(FUNNEL_MAX_BYTES, message=TOO_LARGE),
    ])


class FunnelConfirmForm(FlaskForm):
    funnel = TextAreaField(filters=[as_in_the_file], validators=[InputRequired(), Length(max=FUNNEL_MAX_BYTES)])
    preview = HiddenField()


@bp.route("/<org>/funnel", methods=["GET", "POST"])
def funnel(org: str) -> str | tuple[str, int]:
    organization = managed_organization(org)
    form = FunnelUploadForm()
    if not form.validate_on_submit():
        return _funnel_page(organization, form, status=422 if form.errors else 200)
    data = form.funnel.data.read()
    try:
        plan = plan_funnel(organization, data)
    except ImportRefused as refused:
        return _funnel_page(organization, form, problems=refused.problems, status=422)
    return _preview(organization, plan, data.decode("utf-8-sig"))


@bp.post("/<org>/funnel/confirm")
def confirm_funnel(org: str) -> str | tuple[str, int] | BaseResponse:
    organization = managed_organization(org)
    form = FunnelConfirmForm()
    text = form.funnel.data or ""
    try:
        if not form.validate_on_submit():
            raise ImportRefused(["The confirmation lost the file; upload it again."])
        plan = plan_funnel(organization, text)
        if fingerprint(plan.summary()) == form.preview.data:
            if committed(lambda: apply_funnel(organization, plan, actor=current_user.email)):
                flash(f"Funnel figures imported: {len(plan.added)} added, {len(plan.replaced)} replaced, "
                      f"{len(plan.unchanged)} unchanged.", "info")
                return redirect(url_for(".funnel", org=organization.slug))
            plan = plan_funnel(organization, text)  # as the other import left them
    except ImportRefused as refused:
        return _funnel_page(organization, FunnelUploadForm(formdata=None), problems=refused.problems, status=422)
    flash("The funnel figures changed since your preview (another import, or an earlier click on Import that "
          "went through); nothing was imported this time: check what the file would do now.", "error")
    return _preview(organization, plan, text)


@bp.get("/<org>/funnel/template.csv")
def funnel_template(org: str) -> Response:
    managed_organization(org)
    return Response(template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="funnel-template.csv"'})


def _funnel_page(organization: Organization, form: FunnelUploadForm, *, problems: list[str] | None = None,
                 status: int = 200) -> tuple[str, int]:
    stored = db.session.execute(
        db.select(FunnelMetrics).where(FunnelMetrics.organization_id == organization.id)
        .order_by(FunnelMetrics.period.desc())
    ).scalars().all()
    by_period: dict[str, list[FunnelMetrics]] = {}
    for row in sorted(stored, key=lambda r: (r.team.name, r.team.slug)):
        by_period.setdefault(row.period, []).append(row)
    return render_template(
        "web/manage/funnel.html", organization=organization, form=form,
        by_period=dict(sorted(by_period.items(), reverse=True)), max_mb=FUNNEL_MAX_BYTES // 1_000_000,
        **listed_problems(problems),
    ), status


def _oversize_page(organization: Organization) -> tuple[str, int]:
    return _funnel_page(organization, FunnelUploadForm(formdata=None), problems=[TOO_LARGE], status=413)


OVERSIZE_PAGES.update(dict.fromkeys(("manage.funnel", "manage.confirm_funnel"), _oversize_page))


def _preview(organization: Organization, plan: FunnelPlan, text: str) -> str:
    confirm = FunnelConfirmForm(formdata=None, funnel=text, preview=fingerprint(plan.summary()))
    teams = {t.slug: t.name for t in organization.teams}
    return render_template("web/manage/funnel_preview.html", organization=organization, plan=plan, form=confirm,
                           teams=teams)

