"""``alignment org list|create``."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func

from assessment.cli.invitations import cli_actor
from assessment.cli.output import emit, failing_cleanly, format_option, shown
from assessment.extensions import db
from assessment.models import Organization, Participant
from assessment.operations.organizations import OrganizationError, OrganizationTaken, create_organization
from assessment.operations.privacy import record

command = click.Group("org", help="Client organizations.")


@command.command("list")
@format_option
@with_appcontext
def list_(fmt: str) -> None:
    """Organizations with their teams and roster sizes."""
    sizes = dict(db.session.execute(
        db.select(Participant.team_id, func.count()).group_by(Participant.team_id)
    ).all())
    orgs = db.session.execute(db.select(Organization).order_by(Organization.slug)).scalars()
    data = [
        {
            "slug": org.slug, "name": org.name, "synthetic": org.synthetic,
            "teams": [
                {"slug": t.slug, "name": t.name, "function": t.function, "participants": sizes.get(t.id, 0)}
                for t in org.teams
            ],
        }
        for org in orgs
    ]
    emit(data, fmt, _as_text)


def _as_text(data: list[dict]) -> str:  # type: ignore[type-arg]
    lines = []
    for org in data:
        lines.append(f"{shown(org['slug'])}  {shown(org['name'])}{'  (synthetic)' if org['synthetic'] else ''}")
        lines += [f"  {shown(t['slug']):<28} {t['function']:<10} {t['participants']:>4} people  {shown(t['name'])}"
                  for t in org["teams"]]
    return "\n".join(lines) or "no organizations yet"


@command.command("create")
@click.argument("name")
@click.option("--slug", required=True, help="Short name used on the command line and in URLs.")
@with_appcontext
def create(name: str, slug: str) -> None:
    """Create an empty organization."""
    with failing_cleanly(OrganizationError):
        try:
            org = create_organization(name, slug)
        except OrganizationTaken as taken:   # the operator sees every organization: name the one in the way
            raise OrganizationError(_taken(taken)) from None
        # Audited as the console's "New client" is: the log that names an organization's purge names its creation.
        record(cli_actor(), "organization.create", f"{org.slug} ({org.name})")
        db.session.commit()
    click.echo(f"created {org.slug}: {shown(org.name)}")


def _taken(taken: OrganizationTaken) -> str:
    name, slug = shown(taken.holder.name), taken.holder.slug
    if taken.same_name:
        return f"{name} is a client already (short name {slug}): use that, or give the new one a name of its own"
    return f"{name} has {slug!r} as its short name already; choose another --slug"
