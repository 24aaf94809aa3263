"""Which teams took part in a cycle: the one team list of its pages, documents, batch and response rates.

The roster only grows and changes; a cycle's reports must name the teams of
that cycle, not the teams of today. A scored cycle keeps two traces of its
teams: its invitations (through the invited person's team) and its
responses (each keeps the team it was given in). A team with neither did
not exist for that cycle, or was never asked, and no report of it lists the
team. While a cycle is still collecting (draft or open), every team of the
roster is listed, with 0 if need be, so a consultant sees who is missing.
"""
from __future__ import annotations

from sqlalchemy import or_

from assessment.extensions import db
from assessment.models import Cycle, Invitation, Participant, Response, Team


def participating_teams(cycle: Cycle) -> list[Team]:
    """The teams of ``cycle``, in the roster's order (by name): invited to it or answered in it,
    or, until it closes, every team of the organization."""
    query = (db.select(Team).where(Team.organization_id == cycle.organization_id)
             .order_by(Team.name, Team.id))
    if cycle.has_results:
        invited = (db.select(Participant.team_id).join(Invitation, Invitation.participant_id == Participant.id)
                   .where(Invitation.cycle_id == cycle.id, Invitation.went_out()))
        answered = db.select(Response.team_id).where(Response.cycle_id == cycle.id, Response.team_id.is_not(None))
        query = query.where(or_(Team.id.in_(invited), Team.id.in_(answered)))
    return list(db.session.execute(query).scalars())


def took_part(cycle: Cycle, team: Team) -> bool:
    """Whether ``team`` is one of the cycle's teams: its single-team pages and plans exist only then."""
    return team in participating_teams(cycle)
