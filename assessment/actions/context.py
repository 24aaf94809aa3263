"""What the team results page shows of actions: this cycle's, the plan's suggestions, last cycle's review."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_login import current_user

from assessment.actions.forms import ActionForm
from assessment.documents import CycleDocuments
from assessment.extensions import db
from assessment.models import Cycle, Team
from assessment.operations.actions import earliest_due, latest_with_results, team_actions
from assessment.tenancy import can_own_actions, can_read_results
from reports.playbook import default_playbook
from reports.team_plan import build_team_plan


def actions_context(cycle: Cycle, team: Team) -> dict[str, Any]:
    """The same plan as the PDF's, without its trend and comments, so suggestions and review match it."""
    playbook = default_playbook()
    plan = build_team_plan(CycleDocuments(cycle).team_input(team, complete=False), playbook)
    actions = team_actions(team, cycle)
    writable = can_own_actions(current_user, team)
    latest = latest_with_results(cycle)
    addable = writable and latest is not None and latest.id == cycle.id  # new actions answer the latest results
    since = _cycle(cycle, plan.actions_period)
    # The review lists the earlier cycle's actions in their order, one sentence each.
    earlier = team_actions(team, since) if since is not None else []
    return dict(
        plan=plan,
        actions=actions,
        reviewed=list(zip(plan.reviewed_actions, earlier)) if len(earlier) == len(plan.reviewed_actions) else [],
        since=since,
        can_write_actions=writable,
        can_add_actions=addable,
        latest_results=latest,
        latest_readable=latest is not None and can_read_results(current_user, latest),
        committed={a.practice_id for a in actions if a.practice_id},
        practice_titles={p.id: p.title for p in playbook.practices},
        action_form=(ActionForm(formdata=None).offer(playbook).due_from(earliest_due(dt.date.today()))
                     if addable else None),
    )


def _cycle(cycle: Cycle, period: str | None) -> Cycle | None:
    """Another cycle of the same organization, by period."""
    if period is None:
        return None
    return db.session.execute(
        db.select(Cycle).filter_by(organization_id=cycle.organization_id, period=period)
    ).scalar_one_or_none()
