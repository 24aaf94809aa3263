"""The organizations a consultant manages, and one organization's cycles at a glance."""
from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from assessment.dates import written
from assessment.extensions import db
from assessment.gate.comments import response_rates
from assessment.manage.blueprint import bp, managed_organization
from assessment.manage.client_forms import NewClientForm
from assessment.models import Cycle, Organization
from assessment.operations.invitations import InvitationCounts, invitation_counts
from assessment.operations.organizations import OrganizationError, OrganizationTaken, create_client, slug_from
from assessment.scheduled_mail import how_soon
from assessment.tenancy import can_manage, visible_organizations
from reports.organization_inputs import response_rate


@dataclass(frozen=True)
class ClientRow:
    """One client on the consultant's list: where its latest cycle stands."""

    organization: Organization
    latest: Cycle | None
    counts: InvitationCounts | None
    answered: int | None  # as the gate releases it; None when withheld

    @property
    def rate(self) -> float | None:
        return None if self.counts is None else response_rate(self.answered, self.counts.invited)

    @property
    def collecting_step(self) -> str:
        """What comes next for a cycle that is scheduled or taking answers, the mail it sends by itself included."""
        cycle, counts = self.latest, self.counts
        assert cycle is not None and counts is not None
        closing = f"close by {written(cycle.closes_on, 'the closing date')}"
        if cycle.scheduled:
            then = "the invitations go out by themselves" if cycle.invite_on_opening else \
                "send the invitations then, or open it now"
            return f"Opens on {written(cycle.opens_on)}: {then}"
        if counts.not_yet_invited:
            if cycle.invite_on_opening:
                return f"{counts.not_yet_invited} invitations go out by themselves {how_soon()}"
            return f"Send {counts.not_yet_invited} invitations"
        if cycle.pending_reminder is not None:
            return f"Reminder planned for {written(cycle.pending_reminder)}, then {closing}"
        return f"Remind, then {closing}"


@bp.route("/")
def organizations() -> str:
    rows = [_client_row(org) for org in visible_organizations(current_user)]
    return render_template("web/manage/organizations.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
def new_client() -> str | tuple[str, int] | Response:
    form = NewClientForm()
    if form.validate_on_submit():
        name = (form.name.data or "").strip()
        slug = (form.slug.data or "").strip() or slug_from(name)
        try:
            if not slug:
                raise OrganizationError("the name has no letters a link can use; choose a short name for links")
            org = create_client(name, slug, actor=current_user)
            db.session.commit()
        except OrganizationError as error:
            db.session.rollback()
            said = _taken(error) if isinstance(error, OrganizationTaken) else f"Nothing was created: {error}."
            return render_template("web/manage/new_client.html", form=form, error=said), 422
        flash(f"Created {org.name}. Next, import its roster: who takes part, in which team.", "info")
        return redirect(url_for(".organization", org=org.slug))
    return render_template("web/manage/new_client.html", form=form), 422 if form.errors else 200


def _taken(error: OrganizationTaken) -> str:
    """The client that has that name or short name, linked, if this consultant may see it; otherwise only that
    the name is taken: another consultant's client list is not this one's to read."""
    holder = db.session.get(Organization, error.holder.id)
    if holder is None or not can_manage(current_user, holder):
        if error.same_name:
            return ("Nothing was created: another client already has this name. If it is the same client, ask an "
                    "administrator to add it to your clients; otherwise give the new one a name of its own.")
        return f"Nothing was created: {error}."
    link = Markup('<a href="{}">{}</a>').format(url_for(".organization", org=holder.slug), holder.name)
    if error.same_name:
        return Markup("Nothing was created: {} is a client already (short name {}): open it, or give the new one "
                      "a name of its own.").format(link, holder.slug)
    return Markup("Nothing was created: {} already has {} as its short name for links; choose another short "
                  "name for the new client.").format(link, error.slug)


@bp.route("/<org>")
def organization(org: str) -> str:
    organization = managed_organization(org)
    return render_template("web/manage/organization.html", organization=organization,
                           cycles=_cycles(organization))


def _cycles(organization: Organization) -> list[Cycle]:
    return list(db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == organization.id).order_by(Cycle.period.desc())
    ).scalars())


def _client_row(organization: Organization) -> ClientRow:
    """The row shows the newest cycle, unless it is only scheduled while an older one still needs the consultant
    (answers coming in, or results to review): waiting for an opening date would hide the reminders, the close
    or the publishing still due."""
    cycles = _cycles(organization)
    in_hand = next((c for c in cycles if not c.scheduled), None)
    due = in_hand is not None and not in_hand.is_published
    latest = in_hand if due else next(iter(cycles), None)
    if latest is None:
        return ClientRow(organization, None, None, None)
    answered, _ = response_rates(latest)
    return ClientRow(organization, latest, invitation_counts(latest), answered)
