"""``alignment report team``: PDF documents from the command line."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.cli.output import failing_cleanly, write_atomically
from assessment.documents import team_plan_pdf
from assessment.lookup import NotFound, cycle_by_name, team_by_slug

command = click.Group("report", help="Render PDF action plans and diagnostics.")


@command.command("team")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.argument("team_slug", metavar="TEAM")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def team(cycle_name: str, team_slug: str, output: Path) -> None:
    """A team's action plan for a closed cycle."""
    with failing_cleanly(NotFound):
        cycle = cycle_by_name(cycle_name)
        if not cycle.has_results:
            raise NotFound(f"{cycle.name} is {cycle.status.value}; plans exist once it is closed")
        team = team_by_slug(cycle.organization, team_slug)
    write_atomically(output, team_plan_pdf(cycle, team))
    click.echo(f"wrote {output}")

