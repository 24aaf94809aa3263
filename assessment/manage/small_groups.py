"""Teams and functions with fewer people on the roster than a group needs to be reported.

Such a group can never be shown, however many of its people answer: its team
plan has no scores of its own, and a function that small leaves no sales
against marketing comparison. Nor is that all it costs: the whole organization
is shown, so a small group could be worked out as the total less the groups
beside it, and the gate withholds one of those as well (a whole team, or the
sales or the marketing function). The results say so once the cycle closes;
the cycle page says it while people can still be moved between teams.
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
    #: The small groups together are still too few to hide behind each other, so a group beside them that could
    #: be reported is withheld too, as the gate will (counted from the roster: fewer answers can only add to it).
    withholds_another: bool = False
    #: Only teams: its function has people enough for a reportable team, if its teams were joined.
    movable: bool = True


def small_teams(cycle: Cycle, threshold: int) -> list[SmallGroup]:
    """The teams with people on the roster, but fewer than ``threshold``."""
    rows = db.session.execute(
        db.select(Team.name, Team.function, func.count(Participant.id)).join(Participant, Participant.team_id == Team.id)
        .where(Team.organization_id == cycle.organization_id)
        .group_by(Team.id, Team.name, Team.function).order_by(Team.name)
    ).all()
    small = [(name, function, people) for name, function, people in rows if people < threshold]
    in_function: dict[str, int] = {}
    for _, function, people in rows:
        in_function[function] = in_function.get(function, 0) + people
    another = _withholds_another([people for *_, people in small], len(rows) - len(small), threshold)
    return [SmallGroup(name, people, another, in_function[function] >= threshold) for name, function, people in small]


def small_functions(cycle: Cycle, threshold: int) -> list[SmallGroup]:
    """The functions with people on the roster, but fewer than ``threshold``."""
    rows = db.session.execute(
        db.select(Participant.function, func.count(Participant.id))
        .where(Participant.organization_id == cycle.organization_id)
        .group_by(Participant.function).order_by(Participant.function)
    ).all()
    small = [(function, people) for function, people in rows if people < threshold]
    another = _withholds_another([people for _, people in small], len(rows) - len(small), threshold)
    return [SmallGroup(function, people, another) for function, people in small]


def _withholds_another(small: list[int], reportable: int, threshold: int) -> bool:
    """Whether the total less the reportable groups would single out fewer than ``threshold`` people: then one of
    those groups is withheld as well. Small groups that add up to a reportable size hide behind each other."""
    return bool(small) and reportable > 0 and sum(small) < threshold
