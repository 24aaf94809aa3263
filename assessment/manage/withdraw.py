"""Withdrawing a cycle set up by mistake (scheduled, or open before any link was handed out): deleted, not closed,
so no empty cycle stays behind."""
from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.dates import written
from assessment.extensions import db
from assessment.manage.blueprint import bp, managed_cycle, managed_organization
from assessment.manage.cycle_forms import ConfirmForm
from assessment.operations.cycles import CycleError, opening_said, withdraw_cycle, withdrawal_refusal


@bp.route("/<org>/<period>/withdraw", methods=["GET", "POST"])
def withdraw(org: str, period: str) -> str | Response:
    organization = managed_organization(org)
    cycle = managed_cycle(organization, period)
    back = redirect(url_for(".cycle", org=org, period=period))
    form = ConfirmForm()
    refusal = withdrawal_refusal(cycle, dt.date.today())
    if refusal:
        flash(f"{refusal}.", "info")
        return back
    if not form.validate_on_submit():
        return render_template("web/manage/withdraw_cycle.html", organization=organization, cycle=cycle, form=form)
    opens_on, scheduled = cycle.opens_on, cycle.scheduled
    try:
        withdraw_cycle(cycle, today=dt.date.today(), actor=current_user.email)
    except CycleError as error:
        db.session.rollback()
        flash(f"{error}.", "error")
        return back
    db.session.commit()
    flash(f"Withdrew {period}, which {opening_said(scheduled, opens_on, written)}: it is deleted, links exported "
          f"for it no longer work, and {period} can be opened again.", "info")
    return redirect(url_for(".organization", org=org))
