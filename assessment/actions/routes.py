"""Adding, changing and removing a team's actions for one cycle's results.

Reading follows the results page (whoever sees the team sees its actions);
writing is for the organization's consultants, admins and the lead of that
very team. Someone who may not see the team gets 404, as for its results;
an executive, who sees it but only reads, gets 403.

New actions go only with the organization's latest cycle with results (see
``assessment.operations.actions``): an older cycle's "new action" page says
so and links to the latest one instead of offering the form. Removing an
action asks first, on a page of its own, as closing a cycle does. The same
action sent twice (a replayed form, a second tab) is not listed twice: the
second request lands where the first did and says so.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.actions.forms import OWN, ActionForm, ConfirmRemovalForm
from assessment.extensions import db
from assessment.models import Action, Cycle, Team
from assessment.operations.actions import (
    ActionError, AlreadyListed, add_action, delete_action, earliest_due, latest_with_results, older_cycle_reason,
    takes_new_actions, update_action,
)
from assessment.tenancy import (
    can_own_actions, can_read_results, closed_cycle_in_scope, cycle_team_in_scope, staff_required,
)
from reports.playbook import default_playbook

bp = Blueprint("actions", __name__, url_prefix="/results")

TEAM = "/<org>/<period>/teams/<team_slug>/actions"


@bp.before_request
@staff_required
def _staff_only() -> None:
    """Signed-in staff only; which team each may reach is checked per request through tenancy."""


@bp.route(f"{TEAM}/new", methods=["GET", "POST"])
def new(org: str, period: str, team_slug: str) -> str | tuple[str, int] | Response:
    cycle, team = _writable(org, period, team_slug)
    if not takes_new_actions(cycle):
        return _closed_to_new(cycle, team)
    form = ActionForm().offer(default_playbook()).due_from(earliest_due(dt.date.today()))
    if form.validate_on_submit():
        try:
            action = add_action(team, cycle, actor=current_user.email, **_fields(form))
        except AlreadyListed as listed:  # a form sent twice: the first one's action stands, alone
            return _back_to_team(cycle, team, f"{listed}: it was not added again.")
        except ActionError as error:
            return _page(form, cycle, team, None, _refused("The action was not added", error),
                         field=_marked(form, error))
        db.session.commit()
        return _back_to_team(cycle, team, f"Added “{action.title}” to the actions of {team.name} for {cycle.period}.")
    return _page(form, cycle, team, None)


@bp.route(f"{TEAM}/<int:action_id>", methods=["GET", "POST"])
def edit(org: str, period: str, team_slug: str, action_id: int) -> str | tuple[str, int] | Response:
    cycle, team = _writable(org, period, team_slug)
    action = _action(cycle, team, action_id)
    form = ActionForm(data={
        "practice": action.practice_id or OWN, "title": action.title, "owner": action.owner,
        "due_on": action.due_on, "status": action.status.value, "notes": action.notes,
    }).offer(default_playbook()).due_from(earliest_due(dt.date.today(), action))
    settled = not takes_new_actions(cycle)
    if form.validate_on_submit():
        fields = _fields(form)
        if form.seen.data and form.seen.data != _fingerprint(action) and not _as_stored(fields, action, settled):
            form.seen.data = _fingerprint(action)  # a second save is a deliberate choice to replace theirs
            return _page(form, cycle, team, action, _saved_meanwhile(action), status=409)
        if settled:  # shown as text, not fields: what was committed to stays as it was
            fields.update(title=action.title, practice_id=action.practice_id)
        try:
            update_action(action, actor=current_user.email, **fields)
        except ActionError as error:
            db.session.rollback()
            return _page(form, cycle, team, action, _refused("Nothing was saved", error), field=_marked(form, error))
        db.session.commit()
        return _back_to_team(cycle, team, f"Saved “{action.title}”.", request.args.get("back"))
    form.seen.data = _fingerprint(action)
    return _page(form, cycle, team, action)


@bp.route(f"{TEAM}/<int:action_id>/delete", methods=["GET", "POST"])
def delete(org: str, period: str, team_slug: str, action_id: int) -> str | tuple[str, int] | Response:
    """Asks first; the confirmation page's button (a POST with its CSRF token) removes the action."""
    cycle, team = _writable(org, period, team_slug)
    action = _action(cycle, team, action_id)
    form = ConfirmRemovalForm()
    error = None
    if form.validate_on_submit():
        title = action.title
        try:
            delete_action(action, actor=current_user.email)
        except ActionError as refused:
            db.session.rollback()
            error = _refused("The action stays", refused)
        else:
            db.session.commit()
            return _back_to_team(cycle, team, f"Removed “{title}”.")
    html = render_template("web/actions/delete.html", form=form, cycle=cycle, team=team, action=action,
                           error=error, removable=takes_new_actions(cycle))
    return (html, 409) if error else html


def _writable(org: str, period: str, team_slug: str) -> tuple[Cycle, Team]:
    """The cycle and team, if the user sees them (else 404) and may change the team's actions (else 403)."""
    cycle = closed_cycle_in_scope(org, period)  # actions answer results the user can read
    team = cycle_team_in_scope(cycle, team_slug)
    if not can_own_actions(current_user, team):
        abort(403, description="You can read this team's actions, but not change them.")
    return cycle, team


def _action(cycle: Cycle, team: Team, action_id: int) -> Action:
    action = db.session.get(Action, action_id)
    if action is None or action.team_id != team.id or action.cycle_id != cycle.id:
        # Most often met with the back button after a removal: the generic "check your spelling" 404
        # left the lead wondering whether the removal had worked.
        abort(404, description=f"This action is not on the list of {team.name} for {cycle.period}: "
                               "it has been removed, or the link is wrong.")
    return action


def _fingerprint(action: Action) -> str:
    """The action's fields as one short digest: it changes whenever anyone saves a different value."""
    fields = (action.title, action.practice_id, action.owner, action.due_on, action.status.value, action.notes)
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:16]


def _as_stored(fields: dict[str, object], action: Action, settled: bool) -> bool:
    """Whether the form asks for what the action already reads: a double-clicked Save, whose second
    request finds the first one's save, is no conflict and must not say "someone else saved"."""
    def words(value: object) -> str:
        return " ".join(str(value or "").split())
    title = words(fields["title"])
    if settled:  # title and practice are not on the form
        same_title = True
    elif action.practice_id:  # an empty title takes the practice's
        same_title = fields["practice_id"] == action.practice_id and title in ("", action.title)
    else:
        same_title = fields["practice_id"] is None and title == action.title
    return bool(same_title and words(fields["owner"]) == action.owner and fields["due_on"] == action.due_on
                and fields["status"] == action.status.value and str(fields["notes"]).strip() == action.notes)


def _saved_meanwhile(action: Action) -> str:
    """Two tabs or two people on one action: the later save used to wipe the earlier one without a word.

    Most often the other save was the same lead's, in another tab: "someone else saved" sent them looking for
    a colleague who had done nothing.
    """
    due = f"{action.due_on.day} {action.due_on:%B %Y}" if action.due_on else "no due date"
    return (f"Nothing was saved: this action was changed since you opened it (in another tab or by someone else). "
            f"It now reads owner “{action.owner or 'none'}”, {due}, {action.status.label.lower()}. Your entries are "
            "still below: save again to put them in place of the saved ones, or open the action again from the "
            "team page to start from those.")


def _closed_to_new(cycle: Cycle, team: Team) -> tuple[str, int] | str:
    """An older cycle's "new action" page: why not, and where new actions go."""
    latest = latest_with_results(cycle)
    assert latest is not None  # the cycle itself has results
    html = render_template("web/actions/closed_to_new.html", cycle=cycle, team=team, latest=latest,
                           latest_readable=can_read_results(current_user, latest),
                           reason=older_cycle_reason(cycle, latest))
    return (html, 409) if request.method == "POST" else html


def _refused(outcome: str, error: ActionError) -> str:
    """A sentence for the page: the operation's reason is a lower-case clause (the CLI prints it after
    "error:"), so on its own at the top of a form it read as a fragment."""
    return f"{outcome}: {error}."


def _marked(form: ActionForm, error: ActionError) -> str | None:
    """Says the refusal at the field it is about too, where a screen reader reads it with the control (the field
    macro then sets aria-invalid and aria-describedby); the field's name, for the page's link to it, or None."""
    if error.field is None or error.field not in form:
        return None
    reason = str(error)
    form[error.field].errors = [*form[error.field].errors, f"{reason[:1].upper()}{reason[1:]}."]
    return error.field


def _fields(form: ActionForm) -> dict[str, object]:
    return dict(title=form.title.data or "", practice_id=form.practice.data or None, owner=form.owner.data or "",
                due_on=form.due_on.data, status=form.status.data or "", notes=form.notes.data or "")


def _page(form: ActionForm, cycle: Cycle, team: Team, action: Action | None,
          error: str | None = None, status: int = 422, field: str | None = None) -> str | tuple[str, int]:
    practices = {p.id: p for p in default_playbook().practices}
    # The page's way back leads where Save does: opened from a later cycle's review, the link to this cycle's
    # page left the lead who changed nothing on a quarter they had not come from.
    shown, section = _returning_to(cycle, request.args.get("back"))
    html = render_template("web/actions/edit.html", form=form, cycle=cycle, team=team, action=action, error=error,
                           error_field=field, settled=action is not None and not takes_new_actions(cycle),
                           practice=practices.get(action.practice_id or "") if action else None,
                           back_period=shown.period, back_section=section)
    return (html, status) if error or form.errors else html


def _returning_to(cycle: Cycle, period: str | None) -> tuple[Cycle, str]:
    """The cycle whose team page a form goes back to, and its section: ``period``'s (the later cycle whose review
    linked here) if the user can read it, else this cycle's own list of actions."""
    later = db.session.execute(
        db.select(Cycle).filter_by(organization_id=cycle.organization_id, period=period)
    ).scalar_one_or_none() if period else None
    if later is not None and later is not cycle and can_read_results(current_user, later):
        return later, "review"
    return cycle, "actions"


def _back_to_team(cycle: Cycle, team: Team, message: str, period: str | None = None) -> Response:
    """To the team's page of this cycle, or of ``period`` (the later cycle whose review linked here) if it has one.

    The message is flashed under the section's name, which is also the anchor the browser jumps to, so
    the team page shows it in that section, where the reader lands.
    """
    shown, section = _returning_to(cycle, period)
    flash(message, section)
    return redirect(url_for("results.team", org=cycle.organization.slug, period=shown.period,
                            team_slug=team.slug, _anchor=section))
