"""An organization's roster in the console: teams and headcounts, a CSV import with a preview, a download of the
roster as the import's file (to edit and import again), erasure.

The import is two steps: an upload is checked whole and shown as what would
change (nothing is written), and the consultant confirms that preview. The
confirmation carries the file's text back and is checked again; if the roster
changed in between, the new preview is shown instead of importing something
the consultant did not see.
"""
from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from sqlalchemy import func
from werkzeug.wrappers import Response as BaseResponse
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length

from assessment.extensions import db
from assessment.manage.blueprint import OVERSIZE_PAGES, UPLOAD_LIMITS, bp, managed_organization
from assessment.manage.imports import (
    REQUEST_ALLOWANCE, as_in_the_file, committed, confirmation_limit, fingerprint, listed_problems,
)
from assessment.models import Cycle, CycleStatus, Invitation, Organization, Participant
from assessment.operations.imports import ImportRefused
from assessment.operations.invitations import Mailing, due_count
from assessment.operations.privacy import erase_participant
from assessment.operations.roster import RosterPlan, apply_roster, plan_roster
from assessment.operations.roster_csv import template_csv
from assessment.operations.roster_export import roster_export
from assessment.scheduled_mail import how_soon, inviting_by_themselves

ROSTER_MAX_BYTES = 2_000_000  # about 25,000 people
UPLOAD_LIMITS.update({"manage.roster": ROSTER_MAX_BYTES + REQUEST_ALLOWANCE,
                      "manage.confirm_roster": confirmation_limit(ROSTER_MAX_BYTES)})
# Says the way on too: the parts of a split file can be imported one after the other, since an import keeps the
# people its file does not list unless told to erase them.
TOO_LARGE = (f"The file is larger than {ROSTER_MAX_BYTES // 1_000_000} MB. Split it into files of under "
             f"{ROSTER_MAX_BYTES // 1_000_000} MB and import them one after the other, with “Erase people the file "
             "does not list” unticked: each import keeps the people the others added.")


class RosterUploadForm(FlaskForm):
    roster = FileField("Roster CSV", validators=[
        FileRequired("Choose the roster's CSV file."), FileSize(ROSTER_MAX_BYTES, message=TOO_LARGE),
    ])
    remove_missing = BooleanField("Erase people the file does not list (their anonymous answers stay)")


class RosterConfirmForm(FlaskForm):
    roster = TextAreaField(filters=[as_in_the_file], validators=[InputRequired(), Length(max=ROSTER_MAX_BYTES)])
    remove_missing = BooleanField()
    preview = HiddenField()


class EraseForm(FlaskForm):
    """Only the CSRF token: the confirmation page is the confirmation."""


@bp.route("/<org>/roster", methods=["GET", "POST"])
def roster(org: str) -> str | tuple[str, int]:
    organization = managed_organization(org)
    form = RosterUploadForm()
    if not form.validate_on_submit():
        return _roster_page(organization, form, status=422 if form.errors else 200)
    data = form.roster.data.read()
    try:
        plan = plan_roster(organization, data, remove_missing=form.remove_missing.data)
    except ImportRefused as refused:
        return _roster_page(organization, form, problems=refused.problems, status=422)
    return _preview(organization, plan, data.decode("utf-8-sig"))


@bp.post("/<org>/roster/confirm")
def confirm_roster(org: str) -> str | tuple[str, int] | BaseResponse:
    organization = managed_organization(org)
    form = RosterConfirmForm()
    if not form.validate_on_submit():
        return _roster_page(organization, RosterUploadForm(formdata=None),
                            problems=["The confirmation lost the file; upload it again."], status=422)
    text = form.roster.data or ""
    try:
        plan = plan_roster(organization, text, remove_missing=form.remove_missing.data)
        if _fingerprint(plan) == form.preview.data:
            if committed(lambda: apply_roster(organization, plan, actor=current_user.email)):
                flash(_summary_line(plan), "info")
                return redirect(url_for(".roster", org=organization.slug))
            plan = plan_roster(organization, text, remove_missing=form.remove_missing.data)  # as it is now
    except ImportRefused as refused:
        return _roster_page(organization, RosterUploadForm(formdata=None), problems=refused.problems, status=422)
    flash("The roster changed since your preview (another import, or an earlier click on Import that went "
          "through); nothing was imported this time: check what the file would do now.", "error")
    return _preview(organization, plan, text)


@bp.get("/<org>/roster/template.csv")
def roster_template(org: str) -> Response:
    managed_organization(org)
    return Response(template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="roster-template.csv"'})


@bp.get("/<org>/roster/export.csv")
def roster_download(org: str) -> Response:
    """Everyone on the roster, in the template's columns: importing the file unchanged changes nobody."""
    organization = managed_organization(org)
    filename = f"{organization.slug}-roster-{dt.date.today().isoformat()}.csv"
    return Response(roster_export(organization).data, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})  # email addresses: not in a shared cache


@bp.route("/<org>/roster/participants/<int:participant_id>/erase", methods=["GET", "POST"])
def erase(org: str, participant_id: int) -> str | BaseResponse:
    organization = managed_organization(org)
    person = db.session.get(Participant, participant_id)
    if person is None or person.organization_id != organization.id:
        abort(404)
    form = EraseForm()
    if form.validate_on_submit():
        email = person.email
        erase_participant(person, actor=current_user.email)
        db.session.commit()
        flash(f"Erased {email}: the roster entry and personal links are gone; anonymous answers stay.", "info")
        return redirect(url_for(".roster", org=organization.slug))
    invitations = db.session.execute(
        db.select(func.count()).select_from(Invitation).where(Invitation.participant_id == person.id)
    ).scalar_one()
    return render_template("web/manage/roster_erase.html", organization=organization, person=person,
                           invitations=invitations, form=form)


def _roster_page(organization: Organization, form: RosterUploadForm, *, problems: list[str] | None = None,
                 status: int = 200) -> tuple[str, int]:
    people = db.session.execute(
        db.select(Participant).where(Participant.organization_id == organization.id).order_by(Participant.email)
    ).scalars().all()
    by_team: dict[int, list[Participant]] = {}
    for person in people:
        by_team.setdefault(person.team_id, []).append(person)
    teams_by_id = {t.id: t for t in organization.teams}
    # The step after a roster: open a cycle, or invite the newcomers to the one already open.
    open_cycle = db.session.execute(
        db.select(Cycle).filter_by(organization_id=organization.id, status=CycleStatus.open).limit(1)
    ).scalar_one_or_none()
    return render_template(
        "web/manage/roster.html", organization=organization, form=form, by_team=by_team, teams_by_id=teams_by_id,
        headcount=len(people), max_mb=ROSTER_MAX_BYTES // 1_000_000, open_cycle=open_cycle,
        # "send the invitations to anyone new" after an import that added nobody sent the consultant to a button
        # with nothing to do: the page counts whom the button would mail.
        uninvited=due_count(open_cycle, Mailing.invitation, dt.date.today()) if open_cycle else 0,
        **listed_problems(problems),
    ), status


def _oversize_page(organization: Organization) -> tuple[str, int]:
    return _roster_page(organization, RosterUploadForm(formdata=None), problems=[TOO_LARGE], status=413)


OVERSIZE_PAGES.update(dict.fromkeys(("manage.roster", "manage.confirm_roster"), _oversize_page))


def _preview(organization: Organization, plan: RosterPlan, text: str) -> str:
    confirm = RosterConfirmForm(formdata=None, roster=text, remove_missing=plan.remove_missing,
                                preview=_fingerprint(plan))
    return render_template("web/manage/roster_preview.html", organization=organization, plan=plan, form=confirm,
                           inviting=inviting_by_themselves(organization.id) if plan.added else [], how_soon=how_soon())


def _fingerprint(plan: RosterPlan) -> str:
    return fingerprint(plan.summary())


def _summary_line(plan: RosterPlan) -> str:
    missing = (f"{len(plan.missing)} erased" if plan.remove_missing
               else f"{len(plan.missing)} not in the file and kept")
    return (f"Roster imported: {len(plan.added)} added, {len(plan.moved)} moved or changed, "
            f"{plan.unchanged} unchanged, {missing}, {len(plan.new_teams)} team{'' if len(plan.new_teams) == 1 else 's'} "
            f"created{_teams_changed(plan)}.")


def _teams_changed(plan: RosterPlan) -> str:
    """", 1 team renamed or moved" when the import renamed or regrouped any: said beside the rest, not left out."""
    changed = len(plan.team_changes)
    return f", {changed} team{'' if changed == 1 else 's'} renamed or moved" if changed else ""
