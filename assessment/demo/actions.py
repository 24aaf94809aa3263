"""Actions for the demo: what a few teams committed to after each closed cycle.

Fixed lists rather than random draws, so the demo's answers and scores stay
exactly what the seed gives, and so the same teams always carry the same
actions: the plan of one cycle then reviews the actions of the cycle before.
Actions of older cycles are settled (done, dropped, sometimes still running);
those of the latest closed cycle are still planned or under way. Written as
rows, like the demo's responses: a freshly loaded demo has an empty audit trail.
"""
from __future__ import annotations

import datetime as dt

from assessment.extensions import db
from assessment.models import Action, ActionStatus, Cycle, CycleStatus, Organization
from reports.playbook import default_playbook

#: Organizations whose teams get actions: the ones the demo consultant works with.
ORGANIZATIONS = ("northwind", "contoso")
#: (practice id or None for the team's own, own title, owner); taken in turn per team and cycle.
COMMITMENTS = (
    ("monthly-campaign-check-in", "", "Demand generation lead"),
    ("sales-ready-lead-definition", "", "Head of sales development"),
    (None, "Weekly pipeline review with both teams in the room", "Sales manager"),
    ("quarterly-win-loss-review", "", "Sales manager"),
    ("share-customer-insight", "Share three customer calls a month", "Product marketing manager"),
    ("joint-planning", "", "VP revenue"),
    ("sit-in-on-each-other", "", "Team leads of both sides"),
)
SETTLED = (ActionStatus.done, ActionStatus.in_progress, ActionStatus.done, ActionStatus.dropped)
CURRENT = (ActionStatus.in_progress, ActionStatus.planned)


def add_demo_actions() -> int:
    """Two actions per team and closed cycle (the oldest excepted) in the demo consultant's organizations."""
    added = 0
    for slug in ORGANIZATIONS:
        org = db.session.execute(db.select(Organization).filter_by(slug=slug)).scalar_one_or_none()
        if org is None:
            continue
        cycles = list(db.session.execute(
            db.select(Cycle).where(Cycle.organization_id == org.id,
                                   Cycle.status.in_((CycleStatus.closed, CycleStatus.published)))
            .order_by(Cycle.period)
        ).scalars())
        for wave, cycle in enumerate(cycles[1:], start=1):
            latest = cycle is cycles[-1]
            for number, team in enumerate(sorted(org.teams, key=lambda t: t.slug)):
                for k in range(2):
                    turn = number * 2 + wave * 3 + k
                    practice, title, owner = COMMITMENTS[turn % len(COMMITMENTS)]
                    statuses = CURRENT if latest else SETTLED
                    assert cycle.closes_on is not None
                    db.session.add(Action(
                        team=team, cycle=cycle, practice_id=practice, owner=owner, notes="",
                        title=title or default_playbook().get(str(practice)).title,
                        due_on=cycle.closes_on + dt.timedelta(days=45 + 30 * k),
                        status=statuses[turn % len(statuses)]))
                    added += 1
    db.session.flush()
    return added
