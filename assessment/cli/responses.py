"""``alignment responses import``: answers collected outside the web survey."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.cli.output import Day, failing_cleanly, output_option, refuse_import, write_output
from assessment.extensions import db
from assessment.gate.export import respondent_export
from assessment.gate.family import DIMENSIONS
from assessment.lookup import NotFound, cycle_by_name
from assessment.operations.csv_files import csv_text, spreadsheet_csv
from assessment.operations.imports import (
    ImportRefused, import_responses, read_responses, require_taking_responses, teams_to_create,
)

command = click.Group("responses", help="Responses gathered elsewhere.")


@command.command("import")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.argument("path", metavar="FILE.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "on", type=Day(past="a response is recorded on the day it was given"),
              help="Submission date to record (default today; not after today).")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be imported; write nothing.")
@with_appcontext
def import_(cycle_name: str, path: Path, on: dt.datetime | None, dry_run: bool) -> None:
    """Import FILE.csv (columns team, function, then one per item id; blank = not answered).

    `alignment responses template ORG/PERIOD -o FILE.csv` writes the columns.

    The whole file is checked first: with any problem nothing is imported. A
    file whose responses the cycle holds already is refused, naming the day.
    A scheduled cycle takes the file (answers gathered on paper before the
    opening day are answers all the same), and the output says it is not open yet.
    """
    with failing_cleanly(NotFound):
        cycle = cycle_by_name(cycle_name)
    with failing_cleanly(ImportRefused):
        require_taking_responses(cycle)
    try:
        slugs_by_name = {team.name.casefold(): team.slug for team in cycle.organization.teams}
        rows = read_responses(path.read_bytes(), cycle.questionnaire.parsed(), slugs_by_name)
    except ImportRefused as refused:
        refuse_import(refused, None)   # the file's problems one a line, as the roster's are
    with failing_cleanly(ImportRefused):
        today = dt.date.today()
        new_teams = teams_to_create(cycle.organization, rows)
        count = import_responses(cycle, rows, on.date() if on else today, today=today)
        if dry_run:
            db.session.rollback()   # every check ran, the duplicate file's included; nothing is kept
        else:
            db.session.commit()
    click.echo(f"{'would import' if dry_run else 'imported'} {count} response{'s' if count != 1 else ''} "
               f"into {cycle.name}")
    if new_teams:  # a slug misspelt in the file would otherwise split a team's answers without a word
        listed = ", ".join(f"{slug} ({function})" for slug, function in new_teams.items())
        teams = f"{len(new_teams)} team{'s' if len(new_teams) > 1 else ''}"
        made = f"would create {teams} the roster does not have" if dry_run else f"created {teams} the roster did not have"
        click.echo(f"{made}: {listed}; a misspelt slug makes a team of its own")
    if dry_run:
        click.echo("dry run: nothing was written")
    if cycle.is_scheduled(today):
        click.echo(f"note: {cycle.name} is scheduled: its survey links take answers, and invitations can be sent, "
                   f"from {cycle.opens_on}; these responses count with theirs", err=True)


@command.command("template")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@output_option("The CSV file to write: the column names `responses import` reads for this cycle.")
@with_appcontext
def template(cycle_name: str, output: Path) -> None:
    """The columns of a file of responses for ORG/PERIOD: team, function, one per item, one per open question.

    The item ids are those of the questionnaire the cycle runs, which otherwise only its YAML file names.
    """
    with failing_cleanly(NotFound):
        cycle = cycle_by_name(cycle_name)
    questionnaire = cycle.questionnaire.parsed()
    items, questions = [i.id for i in questionnaire.items], [q.id for q in questionnaire.open_questions]
    write_output(output, csv_text(["team", "function", *items, *questions], []).encode("utf-8"))
    click.echo(f"wrote the columns of {cycle.name} ({questionnaire.ref}: {len(items)} items, {len(questions)} open "
               f"question{'s' if len(questions) != 1 else ''}) to {output}")


@command.command("export")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@output_option("The CSV file to write.")
@with_appcontext
def export(cycle_name: str, output: Path) -> None:
    """Respondent-level answers of a closed cycle, k-anonymous: coarse columns are withheld as needed."""
    with failing_cleanly(NotFound):
        cycle = cycle_by_name(cycle_name)
        if not cycle.has_results:   # one reason, not "open or too small"
            raise NotFound(f"{cycle.name} is {cycle.state}; its responses are exported once it is closed")
        found = respondent_export(cycle)
        if found is None:
            raise NotFound(f"{cycle.name} has no respondent-level export: it is too small for every combination "
                           "to hold enough responses")
    write_output(output, spreadsheet_csv(found.columns, found.rows).encode("utf-8"))
    withheld = [c for c in DIMENSIONS if c not in found.kept]
    click.echo(f"wrote {len(found.rows)} responses to {output}"
               + (f"; withheld for anonymity: {', '.join(withheld)}" if withheld else ""))
