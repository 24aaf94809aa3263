"""The blueprint and the one scope check that every console page uses."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden, HTTPException, RequestEntityTooLarge

from assessment.extensions import db
from assessment.models import Cycle, Organization, Role
from assessment.tenancy import can_manage, organization_in_scope, role_required

bp = Blueprint("manage", __name__, url_prefix="/manage")
#: Endpoint -> the largest request it takes: an upload page's file plus the form around it.
UPLOAD_LIMITS: dict[str, int] = {}
#: Endpoint -> its upload page for that organization, saying the file was too large (with status 413).
OVERSIZE_PAGES: dict[str, Callable[[Organization], tuple[str, int]]] = {}


@bp.before_request
@role_required(Role.admin, Role.consultant)
def _managers_only() -> None:
    """Executives and team leads read results; only consultants and admins change an organization."""


def managed_organization(slug: str) -> Organization:
    """The organization of that slug if the current user manages it; 404 otherwise, as if it did not exist."""
    org = organization_in_scope(slug)
    if not can_manage(current_user, org):
        abort(404)
    return org


def existing_cycle(organization: Organization, period: str) -> Cycle | None:
    return db.session.execute(
        db.select(Cycle).filter_by(organization_id=organization.id, period=period)
    ).scalar_one_or_none()


def managed_cycle(organization: Organization, period: str) -> Cycle:
    """The cycle of a managed organization, or a 404 that says where its cycles are listed."""
    cycle = existing_cycle(organization, period)
    if cycle is None:
        # The client is the user's own (its scope was checked): naming it tells nothing they may not know.
        abort(404, description=f"{organization.name} has no cycle {period}: it was withdrawn, or never opened. "
                               "The client's page lists its cycles.")
    return cycle


@bp.url_value_preprocessor
def _upload_limits(endpoint: str | None, values: dict[str, object] | None) -> None:
    """Refuse an oversized upload before anything reads the body (CSRF protection reads the form)."""
    limit = UPLOAD_LIMITS.get(endpoint or "")
    if limit:
        request.max_content_length = limit
        request.max_form_memory_size = limit


@bp.errorhandler(RequestEntityTooLarge)
def _oversize_upload(error: RequestEntityTooLarge) -> tuple[str, int]:
    """A file over the limit is refused unread; say so on its upload page, naming the limit, not on a bare error page.

    The request stopped before the console's own checks ran, so the scope is checked here.
    """
    page = OVERSIZE_PAGES.get(request.endpoint or "")
    slug = (request.view_args or {}).get("org")
    if page is not None and isinstance(slug, str):
        try:
            return page(managed_organization(slug))
        except HTTPException:
            pass  # not theirs to manage: the plain refusal, which names nothing
    return render_template("web/errors/error.html", error=error), 413


@bp.errorhandler(Forbidden)
def _not_for_this_account(error: Forbidden) -> tuple[str, int]:
    """An executive or team lead who follows a console link reads why, not the server's stock sentence."""
    plain = Forbidden(description="The console, where a client's surveys are run, is for consultants and "
                                  "administrators; your account reads results. If you run surveys for this client, "
                                  "ask an administrator to change your account.")
    return render_template("web/errors/error.html", error=plain), 403
