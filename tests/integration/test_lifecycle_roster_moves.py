"""A roster changed while a cycle collects: what the invited counts may and may not follow.

The consultant knows whom they move. A collecting cycle counts an invitation in its person's current team, whether
or not they have answered: a count that stayed behind with an answer already given (so that a team never read
"7 invited, 8 answered") would tell the consultant, by staying or dropping, whether that person had answered.
The answered counts never move with the roster, since an answer keeps the team it was given in.
"""
from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import select

from assessment.extensions import db
from assessment.gate.comments import response_rates
from assessment.lookup import cycle_by_name
from assessment.models import Invitation, Participant, Team

OPEN = "northwind/2026-Q4"


def rates() -> dict[str, tuple[int, int | None]]:
    """slug -> (invited, answered or None where withheld) as the console and the API show them."""
    db.session.expire_all()
    _, teams = response_rates(cycle_by_name(OPEN))
    return {r.team: (r.invited, r.answered) for r in teams}


def one_of(team: str, *, answered: bool) -> str:
    cycle = cycle_by_name(OPEN)
    return db.session.execute(
        select(Participant.email).join(Invitation).join(Team, Team.id == Participant.team_id)
        .where(Invitation.cycle_id == cycle.id, Invitation.went_out(), Invitation.completed.is_(answered),
               Team.slug == team).order_by(Participant.email).limit(1)
    ).scalar_one()


def move(runner: FlaskCliRunner, tmp_path: Path, email: str, team: str) -> None:
    roster = tmp_path / "move.csv"
    roster.write_text(f"email,team,function\n{email},{team},sales\n")
    result = runner.invoke(args=["roster", "import", "northwind", str(roster)])
    assert result.exit_code == 0 and "1 moved" in result.output, result.output


def test_a_move_shifts_the_invited_counts_alike_whether_or_not_its_person_answered(
        runner: FlaskCliRunner, tmp_path: Path) -> None:
    left, joined = "key-accounts", "channel-sales"
    shifts = []
    for answered in (True, False):
        before = rates()
        move(runner, tmp_path, one_of(left, answered=answered), joined)
        after = rates()
        shifts.append((after[left][0] - before[left][0], after[joined][0] - before[joined][0]))
        assert (after[left][1], after[joined][1]) == (before[left][1], before[joined][1])   # answers stay put
    assert shifts == [(-1, 1), (-1, 1)]
