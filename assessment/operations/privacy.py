"""Erasing personal data, and the audit trail that says it was done.

Responses are anonymous and hold nothing that joins them to a person, so
erasing a participant removes the roster entry and invitations and leaves every
response in place; a cycle still collecting keeps counting the erased invitations
(``participation.count_erased_invitations``), so its response rates do not rise. An audit entry records who erased what and when, naming the
participant by roster id only: writing the erased address into the log would
undo the erasure.
"""
from __future__ import annotations

from sqlalchemy import Select, delete, func, select

from assessment.extensions import db
from assessment.models import AuditEntry, Cycle, Invitation, Organization, Participant, Response, User
from assessment.participation import count_erased_invitations


def record(actor: str, action: str, target: str) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, target=target)
    db.session.add(entry)
    db.session.flush()
    return entry


def erase_participant(participant: Participant, *, actor: str) -> AuditEntry:
    """Delete the roster entry, its email and its invitations; the anonymous responses stay."""
    org = db.session.get(Organization, participant.organization_id)
    assert org is not None
    count_erased_invitations(participant)
    invitations = db.session.execute(
        delete(Invitation).where(Invitation.participant_id == participant.id)
    ).rowcount
    target = f"participant #{participant.id} of {org.slug} ({invitations} invitation{'' if invitations == 1 else 's'})"
    db.session.delete(participant)
    db.session.flush()
    return record(actor, "participant.erase", target)


def purge_organization(org: Organization, *, actor: str) -> AuditEntry:
    """Remove the organization and everything of it (the database cascades), then note it."""
    counts = {
        "cycles": _count(select(func.count()).select_from(Cycle).where(Cycle.organization_id == org.id)),
        "responses": _count(select(func.count()).select_from(Response).join(Cycle)
                            .where(Cycle.organization_id == org.id)),
        "participants": _count(select(func.count()).select_from(Participant)
                               .where(Participant.organization_id == org.id)),
        "accounts": _count(select(func.count()).select_from(User).where(User.organization_id == org.id)),
    }
    target = f"organization {org.slug} (" + ", ".join(f"{n} {what}" for what, n in counts.items()) + ")"
    db.session.execute(delete(Organization).where(Organization.id == org.id))
    db.session.expunge_all()  # every loaded object of it is gone from the database now
    return record(actor, "organization.purge", target)


def _count(query: Select[tuple[int]]) -> int:
    return int(db.session.execute(query).scalar_one())
