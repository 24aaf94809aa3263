"""The API's JSON bodies, each built from what the gate releases and nothing else.

Scores reuse ``assessment.exports`` (the documented ``alignment scores
--format json`` shape), so a figure reads the same in the API, the export, the
pages and the PDFs. What a team lead may read is narrowed here: their own
team, and the organization-level figures (the whole organization and its
functions), as on the results pages.
"""
from __future__ import annotations

from typing import Any

from assessment.exports import group_document, scores_for
from assessment.documents import earlier_cycles
from assessment.extensions import db
from assessment.funnel_figures import funnel_periods, team_funnels
from assessment.gate import group_result, group_results
from assessment.gate.comments import comment_threshold, response_rates, visible_comments
from assessment.models import Cycle, Organization, Team, User
from assessment.operations.benchmarks import benchmark_for_cycle
from assessment.tenancy import can_read_results, can_see_team
from scoring.results import DimensionScore


def cycle_summary(cycle: Cycle, user: User) -> dict[str, Any]:
    """``has_results``: whether this user can read its results now (closed, and published unless they manage it)."""
    return {
        "organization": cycle.organization.slug, "period": cycle.period, "status": cycle.status.value,
        "questionnaire": {"key": cycle.questionnaire.key, "version": cycle.questionnaire.version},
        "opens_on": _date(cycle.opens_on), "closes_on": _date(cycle.closes_on),
        "scheduled": cycle.scheduled,   # status "open", but its opening date is still ahead
        "published_on": _date(cycle.published_on),
        "min_group_size": cycle.min_group_size, "has_results": can_read_results(user, cycle),
        # The ids the comments endpoint takes as ``question``, with the wording people answered.
        "open_questions": [{"id": q.id, "text": q.text} for q in cycle.questionnaire.parsed().open_questions],
    }


def organization_summary(org: Organization, user: User) -> dict[str, Any]:
    return {"slug": org.slug, "name": org.name, "synthetic": org.synthetic,
            "teams": [team_summary(t) for t in org.teams if can_see_team(user, t)]}


def team_summary(team: Team) -> dict[str, Any]:
    return {"slug": team.slug, "name": team.name, "function": team.function}


def cycles_of(org: Organization) -> list[Cycle]:
    return list(db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == org.id).order_by(Cycle.period)
    ).scalars())


def team_scores(cycle: Cycle, team: Team, user: User) -> dict[str, Any]:
    """The team and its functions, each as a group of the scores document."""
    benchmark = benchmark_for_cycle(cycle)
    result = group_result(cycle, "team", team.slug)
    cells = group_results(cycle, "team_function", within=team.slug)
    return {
        "cycle": cycle_summary(cycle, user),
        "team": team_summary(team),
        "group": group_document(cycle, result, benchmark) if result is not None else None,
        "functions": [group_document(cycle, cell, benchmark) for cell in cells],
        "funnel": team_funnel(cycle, team),
    }


def team_funnel(cycle: Cycle, team: Team) -> list[dict[str, Any]]:
    """The CRM's figures for the cycle's period and the one before, oldest first, where reported.

    Business figures about the team, not answers: the gate does not withhold
    them; the caller reached this team through tenancy, which is what decides.
    """
    periods = [p for p in funnel_periods(cycle, earlier_cycles(cycle)) if p]
    found = team_funnels([team], periods).get(team.slug, {})
    return [{"period": p, **found[p].as_dict()} for p in periods if p in found]


def rates_for(cycle: Cycle, user: User) -> dict[str, Any]:
    """Invited and answered counts: the organization's, and each team's the user may see."""
    answered, rates = response_rates(cycle)
    teams = {t.slug: t for t in cycle.organization.teams}
    return {
        "cycle": cycle_summary(cycle, user),
        "invited": sum(rate.invited for rate in rates),
        "answered": answered,
        "teams": [
            {"team": r.team, "name": r.name, "invited": r.invited, "answered": r.answered, "rate": r.rate}
            for r in rates if r.team in teams and can_see_team(user, teams[r.team])
        ],
    }


def comments_for(cycle: Cycle, group: dict[str, str], question: str | None, user: User) -> dict[str, Any]:
    """The group's comments, shuffled by the gate, or ``null`` with ``withheld`` when below the threshold."""
    texts = visible_comments(cycle, group, question)
    return {
        "cycle": cycle_summary(cycle, user),
        "group": {"team": group.get("team"), "function": group.get("function")},
        "question": question,
        "threshold": comment_threshold(cycle),
        "withheld": texts is None,
        "comments": texts,
    }


def trend(org: Organization, kind: str, key: str, user: User) -> list[dict[str, Any]]:
    """One point per cycle whose results the user can read, oldest first: index and dimension scores,
    ``null`` where withheld."""
    points = []
    for cycle in cycles_of(org):
        if not can_read_results(user, cycle):
            continue
        result = group_result(cycle, kind, key)
        scores = result.scores if result is not None else None
        point: dict[str, Any] = {
            "period": cycle.period,
            "questionnaire": {"key": cycle.questionnaire.key, "version": cycle.questionnaire.version},
            "suppressed": result is None or scores is None,
            "n": scores.n if scores is not None else None,
            "index": _point(scores.index) if scores is not None else None,
            "dimensions": {k: _point(v) for k, v in scores.dimensions.items()} if scores is not None else {},
        }
        points.append(point)
    return points


def _point(score: DimensionScore) -> dict[str, Any]:
    ci = {"low": score.ci.low, "high": score.ci.high} if score.ci is not None else None
    return {"score": score.score, "ci": ci}


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
