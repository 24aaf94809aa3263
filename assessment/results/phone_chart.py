"""A results page's scores chart laid out for a phone, fetched by the page only where it is shown.

The page itself carries the laptop's layout. The phone's is asked for by
``charts.js`` when the screen is narrow, behind the same sign-in, tenancy and
gate as the page: a group the page would not show has no chart either.
"""
from __future__ import annotations

from flask import Response, abort, request

from assessment.gate import group_result
from assessment.models import Cycle
from assessment.operations.benchmarks import benchmark_for_cycle
from assessment.results.context import group_view
from assessment.results.routes import bp
from assessment.tenancy import closed_cycle_in_scope, cycle_team_in_scope


@bp.route("/<org>/<period>/scores-chart-phone.svg")
def organization_phone_chart(org: str, period: str) -> Response:
    return _chart(closed_cycle_in_scope(org, period), "organization", "all")


@bp.route("/<org>/<period>/teams/<team_slug>/scores-chart-phone.svg")
def team_phone_chart(org: str, period: str, team_slug: str) -> Response:
    cycle = closed_cycle_in_scope(org, period)
    return _chart(cycle, "team", cycle_team_in_scope(cycle, team_slug).slug)


def _chart(cycle: Cycle, kind: str, key: str) -> Response:
    """The SVG, revalidated on each visit (an ETag of the drawing): a recomputed cycle is never shown stale."""
    view = group_view(cycle, group_result(cycle, kind, key), cycle.questionnaire.parsed(),
                      benchmark_for_cycle(cycle), narrow=True)
    if view is None:
        abort(404, description="This group has too few responses to be shown, so it has no chart.")
    response = Response(str(view.chart), mimetype="image/svg+xml",
                        headers={"Cache-Control": "private, no-cache"})
    response.add_etag()
    return response.make_conditional(request)
