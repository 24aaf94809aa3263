"""Withdrawing a scheduled cycle set up by mistake: deleted, not closed, so no empty cycle stays behind."""
from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.dates import written
from assessment.extensions import db
from assessment.manage.blueprint import bp, managed_cycle, managed_organization
from assessment.manage.cycle_forms import ConfirmForm
from assessment.operations.cycles import CycleError, withdraw_cycle


@bp.route("/<org>/<period>/withdraw", methods=["GET", "POST"])
def withdraw(org: str, period: str) -> str | Response:
    organization = managed_organization(org)
    cycle = managed_cycle(organization, period)
    back = redirect(url_for(".cycle", org=org, period=period))
    form = ConfirmForm()
    if not cycle.scheduled:
        flash(f"{period} is {cycle.state}: only a scheduled cycle can be withdrawn.", "info")
        return back
    if not form.validate_on_submit():
        return render_template("web/manage/withdraw_cycle.html", organization=organization, cycle=cycle, form=form)
    opens_on = cycle.opens_on
    try:
        withdraw_cycle(cycle, today=dt.date.today(), actor=current_user.email)
    except CycleError as error:
        db.session.rollback()
        flash(f"{error}.", "error")
        return back
    db.session.commit()
    flash(f"Withdrew {period}, which was to open on {written(opens_on)}: it is deleted, links exported for it no "
          f"longer work, and {period} can be opened again.", "info")
    return redirect(url_for(".organization", org=org))
