"""Publishing a closed cycle's results to the client, mailing the notice again, and taking them back into review."""
from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.manage.blueprint import bp, managed_cycle, managed_organization
from assessment.manage.cycle_forms import ConfirmForm
from assessment.manage.mail_queue import mail_queue, warn_if_waiting
from assessment.operations.cycles import CycleError, publish_cycle, unpublish_cycle
from assessment.operations.privacy import record
from assessment.publication_mail import Notice, last_notice, readers, require_published, start_notice
from reports.ranking import names


@bp.post("/<org>/<period>/publish")
def publish(org: str, period: str) -> Response:
    """Release a closed cycle's results to the client's executives and team leads (the CSRF check is global)."""
    cycle = managed_cycle(managed_organization(org), period)
    page = redirect(url_for(".cycle", org=org, period=period))
    idle = mail_queue("Nothing was published")
    if idle is None:
        return page
    try:
        published = publish_cycle(cycle, dt.date.today(), actor=current_user.email)
    except CycleError as error:
        db.session.rollback()
        flash(f"{error}.", "error")
        return page
    db.session.commit()
    notice = start_notice(cycle, current_user.email)
    flash(f"Published {names([c.period for c in published])}: the executives and team leads of "
          f"{cycle.organization.name} {_readers(notice)}. {_told(notice)}", "info")
    _flash_failures(notice)
    warn_if_waiting(idle and notice is None)
    return page


def _flash_failures(notice: Notice | None) -> None:
    if notice is not None and notice.failed:
        flash(f"The notice could not be mailed to {', '.join(notice.failed)}; the results are published all the "
              "same: mail it again once the fault is mended, or tell them another way.", "error")


@bp.route("/<org>/<period>/notice", methods=["GET", "POST"])
def notify(org: str, period: str) -> str | Response:
    """Mail a published cycle's notice again, to every active executive and team lead: confirmed on a page naming them.

    After the client added an executive, or after the mail server was down. Those
    who had it already get it again: the audit trail keeps who it failed for, not
    who it reached, and a second mail with the same link does no harm.
    """
    organization = managed_organization(org)
    cycle = managed_cycle(organization, period)
    page = redirect(url_for(".cycle", org=org, period=period))
    try:
        require_published(cycle)
    except CycleError as error:
        flash(f"Nobody was mailed: {error}.", "error")
        return page
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("web/manage/notify_again.html", organization=organization, cycle=cycle, form=form,
                               readers=readers(cycle), notice=last_notice(cycle))
    idle = mail_queue("Nobody was mailed")
    if idle is None:
        return page
    record(current_user.email, "cycle.notify", cycle.name)
    db.session.commit()
    notice = start_notice(cycle, current_user.email)
    if _nobody_to_tell(notice):
        flash(f"Nobody was mailed: {organization.name} has no active executive or team lead account.", "info")
    elif notice is None:
        flash("A worker is mailing the notice again to every active executive and team lead; what happened shows "
              "below once it has.", "info")
    else:
        count = len(notice.sent)
        flash(f"Mailed the notice again: {count} {'person was' if count == 1 else 'people were'} told.", "info")
    _flash_failures(notice)
    warn_if_waiting(idle and notice is None)
    return page


@bp.post("/<org>/<period>/unpublish")
def unpublish(org: str, period: str) -> Response:
    """Take the results back into review, after a publication too early or of the wrong cycle."""
    cycle = managed_cycle(managed_organization(org), period)
    page = redirect(url_for(".cycle", org=org, period=period))
    try:
        withdrawn = unpublish_cycle(cycle, actor=current_user.email)
    except CycleError as error:
        db.session.rollback()
        flash(f"{error}.", "error")
        return page
    db.session.commit()
    periods = names([c.period for c in reversed(withdrawn)])
    flash(f"Unpublished {periods}: only the consultants of {cycle.organization.name} see "
          f"{'its' if len(withdrawn) == 1 else 'their'} results until you publish again. Nobody was mailed.", "info")
    return page


def _nobody_to_tell(notice: Notice | None) -> bool:
    return notice is not None and not notice.sent and not notice.failed


def _readers(notice: Notice | None) -> str:
    return "will see the results once they have accounts" if _nobody_to_tell(notice) else "now see the results"


def _told(notice: Notice | None) -> str:
    if notice is None:
        return "A worker is mailing each of them the link."
    if _nobody_to_tell(notice):
        return ("Nobody there has an executive or team lead account yet, so nobody was told: invite them on the client's "
                "“Who reads the results” page.")
    count = len(notice.sent)
    return f"{count} {'person was' if count == 1 else 'people were'} told by mail."

