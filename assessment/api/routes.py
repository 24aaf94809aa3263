"""``/api/v1/``: read-only JSON for scripts and dashboards, through the same gate and tenancy as the pages.

Anything outside the caller's scope answers 404, exactly like something that
does not exist. No endpoint writes; were one added, CSRFProtect would guard it
like any form, since a browser's session cookie signs in here too.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, Response, abort, jsonify, request
from flask_login import current_user

from assessment.api import auth, cors
from assessment.api.documents import (
    comments_for, cycle_summary, cycles_of, organization_summary, rates_for, scores_for, team_scores,
    team_summary, trend,
)
from assessment.extensions import limiter
from assessment.models import Organization, Team
from assessment.tenancy import (
    closed_cycle_in_scope, cycle_team_in_scope, organization_in_scope, reads_every_groups_comments, team_in_scope,
    visible_organizations,
)
from reports.ranking import names

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# A browser's preflight is not a call: counting it would spend (or, past the limit, refuse) the real request's turn.
limiter.limit(auth.rate_limit, exempt_when=lambda: cors.is_preflight(request))(bp)
bp.record_once(lambda state: auth.init_login())
# App-wide, so that unmatched paths under /api/v1/ are answered too, which no blueprint hook sees.
bp.before_app_request(cors.answer_preflight)
bp.after_app_request(cors.add_headers)

COMMENT_FILTERS = ("team", "function")


@bp.before_request
def _authenticate() -> Response | None:
    if request.endpoint == "api.openapi":
        return None
    return auth.authenticate()


@bp.before_request
def _known_parameters() -> None:
    """Refuse a query parameter the endpoint does not document.

    Ignoring one would answer a mistyped filter (``?teams=north``) with the
    whole organization's results, which looks like an answer to the question.
    """
    if request.url_rule is None:
        return
    known = _query_parameters(request.url_rule.rule)
    unknown = sorted(set(request.args) - known)
    if unknown:
        use = f"use {names(sorted(known))}" if known else "this endpoint takes none"
        abort(400, description=f"Unknown parameter {', '.join(unknown)}; {use}.")
    empty = sorted({key for key, value in request.args.items(multi=True) if not value.strip()})
    if empty:
        # ``?team=`` (a dashboard's unset filter) would otherwise read as no filter: the whole organization.
        abort(400, description=f"Parameter {', '.join(empty)} is empty; leave it out to ask for no filter.")
    repeated = sorted(key for key in request.args if len(request.args.getlist(key)) > 1)
    if repeated:
        abort(400, description=f"Parameter {', '.join(repeated)} is given more than once; each filter takes one value.")


@cache
def _query_parameters(rule: str) -> frozenset[str]:
    """The query parameters openapi.yaml documents for a route, so the check and the contract cannot differ."""
    template = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.removeprefix(bp.url_prefix or ""))
    operation = _openapi()["paths"].get(template, {}).get("get", {})
    return frozenset(p["name"] for p in operation.get("parameters", []) if p.get("in") == "query")


@bp.after_request
def _no_store(response: Response) -> Response:
    """Results are personal to the caller's scope: no shared cache may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/openapi.json")
def openapi() -> Response:
    """The description of this API; public, as it holds no data."""
    return Response(_openapi_json(), mimetype="application/json")


@cache
def _openapi() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).with_name("openapi.yaml")).read_text(encoding="utf-8"))


@cache
def _openapi_json() -> str:
    return json.dumps(_openapi())


@bp.route("/organizations")
def organizations() -> Response:
    return jsonify({"organizations": [organization_summary(o, current_user) for o in visible_organizations(current_user)]})


@bp.route("/organizations/<org>/cycles")
def cycles(org: str) -> Response:
    organization = organization_in_scope(org)
    return jsonify({"organization": organization.slug, "cycles": [cycle_summary(c, current_user) for c in cycles_of(organization)]})


@bp.route("/organizations/<org>/cycles/<period>/scores")
def scores(org: str, period: str) -> Response:
    return jsonify(scores_for(closed_cycle_in_scope(org, period), current_user))


@bp.route("/organizations/<org>/cycles/<period>/teams/<team>")
def team(org: str, period: str, team: str) -> Response:
    cycle = closed_cycle_in_scope(org, period)
    return jsonify(team_scores(cycle, cycle_team_in_scope(cycle, team), current_user))


@bp.route("/organizations/<org>/cycles/<period>/response-rates")
def response_rates(org: str, period: str) -> Response:
    return jsonify(rates_for(closed_cycle_in_scope(org, period), current_user))


@bp.route("/organizations/<org>/cycles/<period>/comments")
def comments(org: str, period: str) -> Response:
    """A team lead reads their own team's comments only; others any team's, a function's or everyone's."""
    cycle = closed_cycle_in_scope(org, period)
    group = {key: request.args[key] for key in COMMENT_FILTERS if key in request.args}
    if not reads_every_groups_comments(current_user):
        own = current_user.team.slug if current_user.team is not None else ""
        group.setdefault("team", own)
    if "team" in group:
        group["team"] = cycle_team_in_scope(cycle, group["team"]).slug
    if group.get("function") not in (None, "sales", "marketing", "joint"):
        abort(400, description="function is one of sales, marketing and joint.")
    question = request.args.get("question")
    questions = {q.id for q in cycle.questionnaire.parsed().open_questions}
    if question is not None and question not in questions:
        abort(400, description=f"No open question {question!r}; this cycle asks {', '.join(sorted(questions))}.")
    return jsonify(comments_for(cycle, group, question, current_user))


@bp.route("/organizations/<org>/trend")
def organization_trend(org: str) -> Response:
    organization = organization_in_scope(org)
    return jsonify(_trend_document(organization, {"kind": "organization", "key": "all"}, "organization", "all"))


@bp.route("/organizations/<org>/teams/<team>/trend")
def team_trend(org: str, team: str) -> Response:
    organization = organization_in_scope(org)
    found = _team(organization, team)
    return jsonify(_trend_document(organization, {"kind": "team", "key": found.slug, "team": team_summary(found)},
                                   "team", found.slug))


def _trend_document(org: Organization, group: dict[str, Any], kind: str, key: str) -> dict[str, Any]:
    return {"organization": org.slug, "group": group, "cycles": trend(org, kind, key, current_user)}


def _team(org: Organization, slug: str) -> Team:
    """A team the caller may see (a team lead: their own), or 404 as if it did not exist."""
    return team_in_scope(org, slug)

