"""Teams and functions with fewer people on the roster than a group needs to be reported.

Such a group can never be shown, however many of its people answer: its team
plan has no scores of its own, and a function that small leaves no sales
against marketing comparison. The results say so once the cycle closes; the
cycle page says it while people can still be moved between teams.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from assessment.extensions import db
from assessment.models import Cycle, Participant, Team


@dataclass(frozen=True)
class SmallGroup:
    #: As the console names it: the team's name, or "sales", "marketing", "joint".
    name: str
    people: int


def small_teams(cycle: Cycle, threshold: int) -> list[SmallGroup]:
    """The teams with people on the roster, but fewer than ``threshold``."""
    people = func.count(Participant.id)
    rows = db.session.execute(
        db.select(Team.name, people).join(Participant, Participant.team_id == Team.id)
        .where(Team.organization_id == cycle.organization_id)
        .group_by(Team.id, Team.name).having(people < threshold).order_by(Team.name)
    ).all()
    return [SmallGroup(name, count) for name, count in rows]


def small_functions(cycle: Cycle, threshold: int) -> list[SmallGroup]:
    """The functions with people on the roster, but fewer than ``threshold``."""
    people = func.count(Participant.id)
    rows = db.session.execute(
        db.select(Participant.function, people).where(Participant.organization_id == cycle.organization_id)
        .group_by(Participant.function).having(people < threshold).order_by(Participant.function)
    ).all()
    return [SmallGroup(function, count) for function, count in rows]
