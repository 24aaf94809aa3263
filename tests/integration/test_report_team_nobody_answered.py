"""A team plan of a team nobody answered for says so, where the gate may say it (five invited or more), and tells
no team that "your answers" count: a team of four withheld may have answered or not, and the plan cannot say."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import delete, func, update

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Invitation, Participant, Response
from assessment.operations.cycles import close_cycle
from assessment.participation import participating_teams
from assessment.rendering import team_plan_pdf
from tests.integration.test_report_pages import flat, pages


def plan_text(cycle, team) -> str:  # type: ignore[no-untyped-def]
    return flat(" ".join(pages(team_plan_pdf(cycle, team))))


def test_a_team_nobody_answered_for_is_told_so(app: Flask) -> None:
    cycle = cycle_by_name("northwind/2026-Q4")            # open: the team's answers are taken out before it closes
    invited = dict(db.session.execute(
        db.select(Participant.team_id, func.count()).join(Invitation).where(Invitation.cycle_id == cycle.id)
        .group_by(Participant.team_id)).all())
    team = next(t for t in participating_teams(cycle) if invited.get(t.id, 0) >= cycle.min_group_size)
    db.session.execute(delete(Response).where(Response.cycle_id == cycle.id, Response.team_id == team.id))
    db.session.execute(update(Invitation).where(Invitation.cycle_id == cycle.id).values(completed=False)
                       .where(Invitation.participant_id.in_(db.select(Participant.id).filter_by(team_id=team.id))))
    close_cycle(cycle)
    text = plan_text(cycle, team)
    assert f"Nobody in {team.name} answered the survey in {cycle.period}, so this plan shows no scores." in text
    assert "still count" not in text


def test_a_small_withheld_team_is_not_told_that_its_people_answered(app: Flask) -> None:
    cycle = cycle_by_name("litware/2026-Q2")
    team = next(t for t in participating_teams(cycle) if t.name == "Product Marketing")
    text = plan_text(cycle, team)
    assert f"{team.name} had fewer than {cycle.min_group_size} responses in {cycle.period}" in text
    assert f"Answers from {team.name} still count: they are part of the results for Litware Health as a whole" in text
    assert "Your answers" not in text
