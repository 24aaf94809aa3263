"""Erasing personal data: ``alignment participant erase``, ``alignment org purge``, ``alignment audit``.

Both erasures ask for confirmation (or ``--yes``) and leave an audit entry
naming who did it from which account on this machine; entries hold counts and
roster ids, never answers or the erased addresses.
"""
from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.batch import ORGANIZATION_FILES, PLANS, download_filename, remove_documents, team_plan_filename
from assessment.cli.output import emit, failing_cleanly, format_option, shown
from assessment.extensions import db
from assessment.lookup import NotFound, organization_by_slug
from assessment.models import AuditEntry, Cycle, Organization, Participant, User
from assessment.operations.accounts import normalise_email
from assessment.operations.privacy import erase_participant, purge_organization
from reports.ranking import names

participant_command = click.Group("participant", help="Roster entries (personal data).")
audit_command = click.Group("audit", help="The audit trail: who changed personal data, accounts, cycles and results, and when.")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@participant_command.command("erase")
@click.argument("org")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase(org: str, email: str, yes: bool) -> None:
    """Erase a participant's roster entry, email and invitations; anonymous responses stay."""
    with failing_cleanly(NotFound):
        organization = organization_by_slug(org)
        participant = db.session.execute(db.select(Participant).filter_by(
            organization_id=organization.id, email=normalise_email(email))).scalar_one_or_none()
        if participant is None:
            raise NotFound(f"{org} has no participant {email!r}")
    if not yes:
        click.confirm(f"Erase {participant.email} from {organization.slug}?", abort=True)
    entry = erase_participant(participant, actor=_actor())
    db.session.commit()
    click.echo(f"erased {entry.target}")


@click.command("purge")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask to type the slug.")
@with_appcontext
def purge(slug: str, yes: bool) -> None:
    """Delete an organization and everything of it: teams, roster, cycles, responses, scores, accounts."""
    with failing_cleanly(NotFound):
        org = organization_by_slug(slug)
    if not yes:
        accounts = db.session.execute(
            db.select(User.email).where(User.organization_id == org.id).order_by(User.email)).scalars().all()
        with_accounts = f", with the accounts of {names(accounts)}," if accounts else ""
        typed = click.prompt(f"This deletes {org.name} and all of its data{with_accounts} for good. "
                             "Type its slug to confirm")
        if typed.strip() != slug:
            raise click.ClickException("the slug did not match; nothing was deleted")
    documents = _rendered_documents(org)
    entry = purge_organization(org, actor=_actor())
    db.session.commit()
    removed = remove_documents(Path(current_app.config["REPORTS_DIR"]), documents)
    click.echo(f"purged {entry.target}"
               + (f"; removed {removed} rendered document{'' if removed == 1 else 's'} from the reports folder"
                  if removed else ""))


def _rendered_documents(org: Organization) -> list[str]:
    """The names the reports folder gives the organization's documents: every cycle's diagnostic, executive summary,
    bundle of plans and each team's plan.

    The downloads leave them there (with their comments and every team's results) for the next request; a purge
    that kept them kept the organization's results. Exact names, never a prefix: "acme-2026" is another client's
    slug beside acme's yearly cycle 2026.
    """
    cycles = db.session.execute(db.select(Cycle).where(Cycle.organization_id == org.id)).scalars().all()
    teams = [team.slug for team in org.teams]
    return [name for cycle in cycles for name in (
        *(download_filename(cycle, kind) for kind in (*ORGANIZATION_FILES, PLANS)),
        *(team_plan_filename(cycle, team) for team in teams),
    )]


@audit_command.command("list")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True,
              help="How many entries, newest first.")   # a negative LIMIT is an SQL error on PostgreSQL
@format_option
@with_appcontext
def audit_list(limit: int, fmt: str) -> None:
    """The latest audit entries, newest first."""
    entries = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).scalars()
    data = [{"at": e.at.isoformat(timespec="seconds"), "actor": e.actor, "action": e.action, "target": e.target}
            for e in entries]
    emit(data, fmt, lambda d: "\n".join(f"{e['at']}  {shown(e['actor']):<24} {e['action']:<20} {shown(e['target'])}"
                                        for e in d) or "no entries")
