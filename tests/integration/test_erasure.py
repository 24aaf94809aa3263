"""Erasing a participant and purging an organization: personal data goes, answers stay, an audit entry says so."""
from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import (
    AuditEntry, Cycle, Invitation, Organization, Participant, Response, ScoreSnapshot, Team, User,
)
from assessment.models.user import consultant_organization


def count(model: type, *where: object) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()  # type: ignore[arg-type]


def a_participant_who_answered() -> Participant:
    return db.session.execute(
        select(Participant).join(Invitation).join(Organization, Organization.id == Participant.organization_id)
        .where(Organization.slug == "northwind", Invitation.completed.is_(True)).order_by(Participant.id).limit(1)
    ).scalar_one()


def test_erasing_a_participant_keeps_every_anonymous_response(runner: FlaskCliRunner) -> None:
    person = a_participant_who_answered()
    person_id, email = person.id, person.email
    invited = count(Invitation, Invitation.participant_id == person_id)
    responses = count(Response)
    result = runner.invoke(args=["participant", "erase", "northwind", email.upper(), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Participant, person_id) is None
    assert count(Participant, Participant.email == email) == 0
    assert count(Invitation, Invitation.participant_id == person_id) == 0
    assert count(Response) == responses
    entry = db.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.action == "participant.erase" and entry.actor.startswith("cli")
    assert f"participant #{person_id} of northwind" in entry.target
    assert entry.target.endswith(f"({invited} invitation{'' if invited == 1 else 's'})")
    assert email not in entry.target and "@" not in entry.target  # the erased address is not logged


def test_erasing_asks_first(runner: FlaskCliRunner) -> None:
    person = a_participant_who_answered()
    result = runner.invoke(args=["participant", "erase", "northwind", person.email], input="n\n")
    assert result.exit_code == 1
    assert db.session.get(Participant, person.id) is not None
    assert runner.invoke(args=["participant", "erase", "northwind", "ghost@x.example", "--yes"]).exit_code == 1


def test_purge_removes_the_organization_and_everything_of_it(runner: FlaskCliRunner) -> None:
    org = db.session.execute(select(Organization).filter_by(slug="northwind")).scalar_one()
    org_id = org.id
    cycle_ids = list(db.session.execute(select(Cycle.id).where(Cycle.organization_id == org_id)).scalars())
    others = count(Response, Response.cycle_id.not_in(cycle_ids))
    accounts = list(db.session.execute(select(User.email).where(User.organization_id == org_id)
                                       .order_by(User.email)).scalars())
    result = runner.invoke(args=["org", "purge", "northwind"], input="northwind\n")
    assert result.exit_code == 0, result.output
    # Asked first, the person typing sees whose accounts go with the organization.
    assert accounts and f"with the accounts of {' and '.join(accounts)}, for good" in " ".join(result.output.split())
    assert "purged organization northwind" in result.output
    assert count(Organization, Organization.id == org_id) == 0
    assert count(Team, Team.organization_id == org_id) == 0
    assert count(Participant, Participant.organization_id == org_id) == 0
    assert count(Cycle, Cycle.organization_id == org_id) == 0
    assert count(Response, Response.cycle_id.in_(cycle_ids)) == 0
    assert count(Invitation, Invitation.cycle_id.in_(cycle_ids)) == 0
    assert count(ScoreSnapshot, ScoreSnapshot.cycle_id.in_(cycle_ids)) == 0
    # Its executive and team lead go; the consultant keeps the account and their other client.
    assert count(User, User.email.in_(["executive@demo.example", "lead@demo.example"])) == 0
    assert count(consultant_organization, consultant_organization.c.organization_id == org_id) == 0
    assert count(User, User.email == "consultant@demo.example") == 1
    assert count(Response) == others
    entry = db.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.action == "organization.purge" and "organization northwind" in entry.target
    listed = runner.invoke(args=["audit", "list"]).output
    assert "organization.purge" in listed


def test_purge_deletes_nothing_unless_the_slug_is_typed_back(runner: FlaskCliRunner) -> None:
    audited = count(AuditEntry)
    result = runner.invoke(args=["org", "purge", "northwind"], input="contoso\n")
    assert result.exit_code == 1 and "nothing was deleted" in result.output
    assert count(Organization, Organization.slug == "northwind") == 1
    assert count(AuditEntry) == audited
