"""``alignment responses import``: answers collected outside the web survey."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.cli.output import failing_cleanly
from assessment.extensions import db
from assessment.lookup import NotFound, cycle_by_name
from assessment.operations.imports import ImportRefused, import_responses, read_responses

command = click.Group("responses", help="Responses gathered elsewhere.")


@command.command("import")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Submission date to record (default today).")
@with_appcontext
def import_(cycle_name: str, path: Path, on: dt.datetime | None) -> None:
    """Import FILE.csv (columns team, function, then one per item id; blank = not answered)."""
    with failing_cleanly(NotFound, ImportRefused, UnicodeDecodeError):
        cycle = cycle_by_name(cycle_name)
        rows = read_responses(path.read_text(encoding="utf-8-sig"), cycle.questionnaire.parsed())
        count = import_responses(cycle, rows, (on or dt.datetime.now()).date())
        db.session.commit()
    click.echo(f"imported {count} responses into {cycle.name}")
