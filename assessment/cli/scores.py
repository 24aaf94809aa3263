"""``alignment scores``: a closed cycle's figures, for people and machines."""
from __future__ import annotations

import json
import click
from flask.cli import with_appcontext

from assessment.cli.output import failing_cleanly
from assessment.cli.scores_text import scores_text
from assessment.exports import previous_index_scores, scores_csv, scores_document
from assessment.extensions import db
from assessment.lookup import NotFound, cycle_by_name
from assessment.operations.snapshots import write_snapshots


class NoResults(NotFound):
    """The cycle has no scores yet."""


class _ShowByDefault(click.Group):
    """``alignment scores ORG/PERIOD`` means ``alignment scores show ORG/PERIOD``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Options may come first, as anywhere else: `alignment scores --format json ORG/PERIOD`.
        if args and args[0] not in self.commands and args[0] not in self.get_help_option_names(ctx):
            args = ["show", *args]
        return super().parse_args(ctx, args)


command = _ShowByDefault("scores", help="Scores of a closed cycle: `alignment scores ORG/PERIOD [--format json|csv]`.")


@command.command("show")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="json or csv for machines (docs/scores.md), text for people.")
@with_appcontext
def show(cycle_name: str, fmt: str) -> None:
    """Every group's figures, through the anonymity gate."""
    with failing_cleanly(NotFound):
        cycle = cycle_by_name(cycle_name)
        if not cycle.has_results:
            raise NoResults(f"{cycle.name} is {cycle.state}; scores exist once it is closed")
        document = scores_document(cycle)
    if fmt == "json":
        click.echo(json.dumps(document, indent=2))
    elif fmt == "csv":
        click.echo(scores_csv(document), nl=False)
    else:
        click.echo(scores_text(document, cycle.questionnaire.parsed(), previous_index_scores(cycle)), nl=False)


@command.command("recompute")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@with_appcontext
def recompute(cycle_name: str) -> None:
    """Compute and store a closed cycle's score snapshots again."""
    with failing_cleanly(NotFound):
        cycle = cycle_by_name(cycle_name)
        if not cycle.has_results:
            raise NoResults(f"{cycle.name} is {cycle.state}; only a closed cycle has scores")
        groups = write_snapshots(cycle)
        db.session.commit()
    click.echo(f"recomputed {cycle.name}: {groups} groups")

