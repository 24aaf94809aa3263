"""Which teams took part in a cycle: the one team list of its pages, documents, batch and response rates.

The roster only grows and changes; a cycle's reports must name the teams of
that cycle, not the teams of today. A scored cycle keeps two traces of its
teams: how many of each its invitations reached, counted at the close, and
its responses (each keeps the team it was given in). A team with neither did
not exist for that cycle, or was never asked, and no report of it lists the
team. While a cycle is still collecting (draft or open), every team of the
roster with people in it is listed, with 0 if need be, so a consultant sees
who is missing; a grouping team, which holds nobody of its own, is not.
"""
from __future__ import annotations

from sqlalchemy import func, or_

from assessment.extensions import db
from assessment.models import Cycle, ErasedInvitations, Invitation, InvitedCount, Participant, Response, Team


def participating_teams(cycle: Cycle) -> list[Team]:
    """The teams of ``cycle``, in the roster's order (by name): invited to it or answered in it,
    or, until it closes, every team of the organization that has people on the roster (or answers).

    A grouping team (a region, a business unit: the ``parent`` of roster teams) holds nobody of its own;
    listed while collecting it would read "0 invited" beside the very teams it groups.
    """
    query = (db.select(Team).where(Team.organization_id == cycle.organization_id)
             .order_by(Team.name, Team.id))
    answered = db.select(Response.team_id).where(Response.cycle_id == cycle.id, Response.team_id.is_not(None))
    if cycle.has_results:
        invited = db.select(InvitedCount.team_id).where(InvitedCount.cycle_id == cycle.id, InvitedCount.invited > 0)
        query = query.where(or_(Team.id.in_(invited), Team.id.in_(answered)))
    else:
        people = db.select(Participant.team_id).where(Participant.organization_id == cycle.organization_id)
        erased = db.select(ErasedInvitations.team_id).where(ErasedInvitations.cycle_id == cycle.id)
        query = query.where(or_(Team.id.in_(people), Team.id.in_(answered), Team.id.in_(erased)))
    return list(db.session.execute(query).scalars())


def took_part(cycle: Cycle, team: Team) -> bool:
    """Whether ``team`` is one of the cycle's teams: its single-team pages and plans exist only then."""
    return team in participating_teams(cycle)


def invited_by_team(cycle: Cycle) -> dict[int, int]:
    """How many people of each team the cycle's invitations reached (team id -> count).

    A scored cycle answers with the counts taken at its close; one still
    collecting, with its invitations as they stand, under each person's
    current team, the team their answer will be given in.
    """
    if cycle.has_results:
        return dict(db.session.execute(
            db.select(InvitedCount.team_id, InvitedCount.invited).where(InvitedCount.cycle_id == cycle.id)
        ).all())
    return _invited_now(cycle)


def count_invited_at_close(cycle: Cycle) -> None:
    """Keep the cycle's invitation counts per team as they are now, the moment it closes."""
    counts = _invited_now(cycle)
    db.session.execute(db.delete(InvitedCount).where(InvitedCount.cycle_id == cycle.id))
    if counts:
        db.session.execute(db.insert(InvitedCount), [
            {"cycle_id": cycle.id, "team_id": team_id, "invited": invited} for team_id, invited in counts.items()
        ])


def count_erased_invitations(participant: Participant) -> None:
    """Before ``participant``'s invitations are erased: count those that reached them, for each cycle still
    collecting, under their team, so its response rates keep counting them as their answer stays counted."""
    cycles = db.session.execute(
        db.select(Cycle).join(Invitation, Invitation.cycle_id == Cycle.id)
        .where(Invitation.participant_id == participant.id, Invitation.went_out())
    ).scalars()
    for cycle in cycles:
        if cycle.has_results:
            continue   # its counts were kept at the close
        kept = db.session.get(ErasedInvitations, (cycle.id, participant.team_id))
        if kept is None:
            db.session.add(ErasedInvitations(cycle_id=cycle.id, team_id=participant.team_id, erased=1))
        else:
            kept.erased += 1


def _invited_now(cycle: Cycle) -> dict[int, int]:
    """The invitations that went out, under each person's current team, and those of people erased since."""
    counts = dict(db.session.execute(
        db.select(Participant.team_id, func.count()).select_from(Invitation)
        .join(Participant, Invitation.participant_id == Participant.id)
        .where(Invitation.cycle_id == cycle.id, Invitation.went_out()).group_by(Participant.team_id)
    ).all())
    erased = db.session.execute(
        db.select(ErasedInvitations.team_id, ErasedInvitations.erased).where(ErasedInvitations.cycle_id == cycle.id)
    ).all()
    for team_id, count in erased:
        counts[team_id] = counts.get(team_id, 0) + count
    return counts
