"""``alignment invitations export``: personal links for consultants' own mail tools."""
from __future__ import annotations

import csv
import io
import datetime as dt
from pathlib import Path

import click
from flask import current_app, url_for
from flask.cli import with_appcontext

from assessment.cli.output import failing_cleanly, write_atomically
from assessment.extensions import db
from assessment.lookup import NotFound, cycle_by_name
from assessment.operations.cycles import CycleError, issue_links

command = click.Group("invitations", help="Personal survey links.")


@command.command("export")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def export(cycle_name: str, output: Path) -> None:
    """Fresh links (email,url) for everyone who has not answered; older links stop working."""
    with failing_cleanly(NotFound, CycleError):
        cycle = cycle_by_name(cycle_name)
        links = issue_links(cycle, dt.date.today())
        rows = [(p.email, survey_url(token)) for p, token in links]
        write_atomically(output, _links_csv(rows))
        db.session.commit()
    click.echo(f"wrote {len(rows)} links to {output}")


def survey_url(token: str) -> str:
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for("respond.survey", token=token, _external=True)



def _links_csv(rows: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "url"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
