"""``alignment roster import|export``: who takes part, in which team and function."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from assessment.cli.invitations import cli_actor
from assessment.cli.output import emit, failing_cleanly, format_option, output_option, refuse_import, write_output
from assessment.extensions import db
from assessment.lookup import NotFound, organization_by_slug
from assessment.operations.imports import ImportRefused
from assessment.operations.roster import apply_roster, plan_roster
from assessment.operations.roster_export import roster_export
from assessment.scheduled_mail import how_soon, inviting_by_themselves

command = click.Group("roster", help="Participants of an organization (personal data).")


@command.command("import")
@click.argument("org")
@click.argument("path", metavar="FILE.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; write nothing.")
@click.option("--remove-missing", is_flag=True,
              help="Erase participants the file does not list (their anonymous responses stay).")
@format_option
@with_appcontext
def import_(org: str, path: Path, dry_run: bool, remove_missing: bool, fmt: str) -> None:
    """Import FILE.csv: columns email, team, function; optional team_name, parent, role_level, tenure_band, region.

    The whole file is checked first; with any problem nothing is imported and
    every problem is listed by line and column. People missing from the file are
    kept unless --remove-missing is given.
    """
    with failing_cleanly(NotFound):
        organization = organization_by_slug(org)
    try:
        plan = plan_roster(organization, path.read_bytes(), remove_missing=remove_missing)
    except ImportRefused as refused:
        refuse_import(refused, fmt)
    summary = {**plan.summary(), "dry_run": dry_run}
    if not dry_run:
        apply_roster(organization, plan, actor=cli_actor())
        db.session.commit()
    emit(summary, fmt, _as_text)
    for cycle in inviting_by_themselves(organization.id) if plan.added else []:
        when = f"on {cycle.opens_on}, its opening day" if cycle.scheduled else how_soon()
        click.echo(f"note: {cycle.name} sends its invitations by itself: the {len(plan.added)} added "
                   f"{'would get' if dry_run else 'get'} one {when}", err=True)


@command.command("export")
@click.argument("org")
@output_option("The CSV file to write, in the columns `roster import` reads.")
@with_appcontext
def export(org: str, output: Path) -> None:
    """The roster as FILE.csv, as the console's download: edit it and import it again.

    Imported unchanged, it changes nobody. It holds everyone's email address: keep it as personal data.
    """
    with failing_cleanly(NotFound):
        organization = organization_by_slug(org)
    exported = roster_export(organization)
    write_output(output, exported.data)
    click.echo(f"wrote {exported.people} people of {organization.slug} to {output}")


def _as_text(summary: dict[str, Any]) -> str:
    lines = [
        f"{'would import' if summary['dry_run'] else 'imported'} the roster of {summary['organization']}:",
        f"  {len(summary['added'])} added",
        f"  {len(summary['moved'])} moved or changed",
        f"  {summary['unchanged']} unchanged",
        f"  {len(summary['missing'])} {_missing_fate(summary)[0]}",
        f"  {len(summary['teams_created'])} team{'' if len(summary['teams_created']) == 1 else 's'} created"
        + (f": {', '.join(summary['teams_created'])}" if summary["teams_created"] else ""),
    ]
    if summary["teams_changed"]:
        lines.append(f"  teams renamed or moved: {', '.join(summary['teams_changed'])}")
    lines += [f"  moved {m['email']}: {m['before']} -> {m['after']}" for m in summary["moved"]]
    if summary["missing"]:  # named whatever befalls them: an erasure above all, which cannot be undone
        lines.append(_missing_fate(summary)[1])
        lines += [f"  {email}" for email in summary["missing"]]
    if summary["dry_run"]:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)


def _missing_fate(summary: dict[str, Any]) -> tuple[str, str]:
    """What becomes of the people the file does not list: (the count's words, the heading of their list)."""
    if not summary["missing"]:
        return "missing from the file", ""
    if not summary["removed"]:
        return "missing from the file, kept", "missing from the file (kept; --remove-missing erases them):"
    if summary["dry_run"]:
        return ("to be erased",
                "not in the file, to be erased with --remove-missing (their anonymous responses stay):")
    return "erased", "erased (not in the file; their anonymous responses stay):"
