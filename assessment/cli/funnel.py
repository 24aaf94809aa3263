"""``alignment funnel import``: a team's CRM figures per period, shown beside the survey's scores."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from assessment.cli.invitations import cli_actor
from assessment.cli.output import emit, failing_cleanly, format_option, refuse_import
from assessment.extensions import db
from assessment.lookup import NotFound, organization_by_slug
from assessment.operations.funnel import apply_funnel, plan_funnel
from assessment.operations.imports import ImportRefused

command = click.Group("funnel", help="CRM funnel figures per team and period (see docs/funnel.md).")


@command.command("import")
@click.argument("org")
@click.argument("path", metavar="FILE.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; write nothing.")
@format_option
@with_appcontext
def import_(org: str, path: Path, dry_run: bool, fmt: str) -> None:
    """Import FILE.csv: columns team, period, then inquiries, mql, sal, sql, won, speed_to_lead_hours, sla_attainment.

    The whole file is checked first; with any problem nothing is imported and
    every problem is listed by line and column. A team and period already
    imported gets the file's figures instead of its old ones.
    """
    with failing_cleanly(NotFound):
        organization = organization_by_slug(org)
    try:
        plan = plan_funnel(organization, path.read_bytes())
    except ImportRefused as refused:
        refuse_import(refused, fmt)
    if not dry_run:
        apply_funnel(organization, plan, actor=cli_actor())
        db.session.commit()
    emit({**plan.summary(), "dry_run": dry_run}, fmt, _as_text)


def _as_text(summary: dict[str, Any]) -> str:
    lines = [f"{'would import' if summary['dry_run'] else 'imported'} the funnel figures of {summary['organization']}:",
             f"  {len(summary['added'])} added", f"  {len(summary['replaced'])} replaced",
             f"  {len(summary['unchanged'])} unchanged"]
    lines += [f"  replaced {c['team']} {c['period']}: {_figures(c['before'])} -> {_figures(c['after'])}"
              for c in summary["replaced"]]
    if summary["periods_without_cycle"]:
        lines.append(f"  no cycle (yet) for {', '.join(summary['periods_without_cycle'])}: the figures are kept, "
                     "and shown once a cycle of that period, or of the period after it, has results")
    if summary["dry_run"]:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)


def _figures(figures: dict[str, Any]) -> str:
    return ", ".join(f"{name}={_plain(value)}" for name, value in figures.items() if value is not None) or "none"


def _plain(value: float) -> str:
    """1234567, not 1.23457e+06 as ``:g`` prints a count; hours and percentages as typed (3.2, 91.5)."""
    return str(int(value)) if float(value).is_integer() else f"{value}"

