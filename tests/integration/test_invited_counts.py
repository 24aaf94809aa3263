"""A cycle's response rates keep the invitations it had when it closed.

People move team and leave after a survey. The rates of a past cycle stay
what they were at its close, while an open cycle follows the roster: a person
who moves answers in their new team, so is counted there. A person erased while
a cycle collects stays counted as invited, since an answer they gave stays.
"""
from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import select

from assessment.extensions import db
from assessment.gate.comments import response_rates
from assessment.lookup import cycle_by_name
from assessment.models import Cycle, Invitation, Participant, Team
from assessment.operations.invitations import invitation_counts

PAST, OPEN = "northwind/2026-Q3", "northwind/2026-Q4"


def rates(name: str) -> tuple[int | None, int, dict[str, tuple[int, int | None]]]:
    """(answered in all, invited in all, slug -> (invited, answered)) as the console and the API show them."""
    cycle = cycle_by_name(name)
    total, teams = response_rates(cycle)
    return total, invitation_counts(cycle).invited, {r.team: (r.invited, r.answered) for r in teams}


def invited_to_both(function: str) -> list[Participant]:
    """Participants of one function invited to the past cycle and to the open one, roster order."""
    both = [cycle_by_name(PAST).id, cycle_by_name(OPEN).id]
    people = db.session.execute(
        select(Participant).join(Invitation).where(Invitation.cycle_id.in_(both), Invitation.sent_on.is_not(None),
                                                   Participant.function == function)
        .order_by(Participant.id)
    ).scalars().all()
    return [p for p in dict.fromkeys(people) if people.count(p) == 2]


def test_a_move_and_an_erasure_since_leave_a_past_cycles_rates_as_they_were(
        runner: FlaskCliRunner, tmp_path: Path) -> None:
    before = rates(PAST)
    open_before = rates(OPEN)
    mover, leaver = invited_to_both("sales")[:2]
    moved_from, leaver_team = mover.team.slug, leaver.team.slug
    moved_to = db.session.execute(
        select(Team).where(Team.organization_id == mover.organization_id, Team.function == "sales",
                           Team.id != mover.team_id).order_by(Team.id).limit(1)
    ).scalar_one().slug
    roster = tmp_path / "roster.csv"
    roster.write_text(f"email,team,function\n{mover.email},{moved_to},sales\n")
    moved = runner.invoke(args=["roster", "import", "northwind", str(roster)])
    assert moved.exit_code == 0 and "1 moved" in moved.output, moved.output
    erased = runner.invoke(args=["participant", "erase", "northwind", leaver.email, "--yes"])
    assert erased.exit_code == 0, erased.output
    db.session.expire_all()

    assert rates(PAST) == before
    _, open_invited, open_teams = rates(OPEN)
    # The erased person stays counted as invited, in their team: whether they answered is not told (an answer
    # they gave stays counted), and the rate reads as it will once the cycle closes.
    assert open_invited == open_before[1]
    assert open_teams[moved_to][0] == open_before[2][moved_to][0] + 1
    assert open_teams[moved_from][0] == open_before[2][moved_from][0] - 1


def test_closing_counts_the_invitations_that_went_out_and_no_others(runner: FlaskCliRunner) -> None:
    cycle = cycle_by_name(OPEN)
    went_out = db.session.execute(
        select(Invitation).where(Invitation.cycle_id == cycle.id, Invitation.went_out())
    ).scalars().all()
    waiting = db.session.execute(
        select(Invitation).where(Invitation.cycle_id == cycle.id).where(~Invitation.went_out())
    ).scalars().all()
    expected: dict[str, int] = {}
    for invitation in went_out:
        slug = invitation.participant.team.slug
        expected[slug] = expected.get(slug, 0) + 1
    result = runner.invoke(args=["cycle", "close", OPEN])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    closed = db.session.get(Cycle, cycle.id)
    assert closed is not None and closed.has_results
    _, invited, teams = rates(OPEN)
    assert invited == len(went_out) and {s: n for s, (n, _) in teams.items() if n} == expected
    assert waiting or went_out  # the demo's open cycle has invitations to count


def test_erasing_people_while_a_cycle_collects_never_raises_its_response_rates(runner: FlaskCliRunner) -> None:
    """A roster import that erased ten people mid-cycle turned "15 invited, 8 answered" into "5 invited, 8
    answered": their answers stay, so their invitations stay counted, through the close."""
    total, invited, teams = rates(OPEN)
    team = max(teams, key=lambda slug: teams[slug][0])
    leaving = db.session.execute(
        select(Participant).join(Team).join(Invitation)
        .where(Team.slug == team, Invitation.cycle_id == cycle_by_name(OPEN).id, Invitation.went_out())
        .order_by(Participant.id)
    ).scalars().all()[:3]
    for person in leaving:
        result = runner.invoke(args=["participant", "erase", "northwind", person.email, "--yes"])
        assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert rates(OPEN) == (total, invited, teams)
    assert runner.invoke(args=["cycle", "close", OPEN]).exit_code == 0
    db.session.expire_all()
    closed_total, closed_invited, closed_teams = rates(OPEN)
    assert closed_invited == invited and closed_teams[team][0] == teams[team][0]
