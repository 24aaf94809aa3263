"""``alignment questionnaire validate|add|list``."""
from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext

from assessment.cli.output import emit, failing_cleanly, format_option, shown
from assessment.extensions import db
from assessment.models import StoredQuestionnaire
from assessment.operations.questionnaires import QuestionnaireConflict, register_questionnaire
from questionnaires.builtin import DEFAULT_KEY
from questionnaires.loader import QuestionnaireError, load_questionnaire

command = click.Group("questionnaire", help="Check and register questionnaire files.")
# A fresh install lists none, yet `cycle open` runs the built-in one: say so, lest the consultant hunt for a file.
NONE_YET = (f"none registered yet; `alignment cycle open` registers the built-in {DEFAULT_KEY} by itself, "
            "and `alignment questionnaire add FILE.yaml` registers your own")
path_argument = click.argument("path", metavar="FILE.yaml",
                               type=click.Path(exists=True, dir_okay=False, path_type=Path))


@command.command("validate")
@path_argument
def validate(path: Path) -> None:
    """Check a questionnaire file; exit 1 naming the item and field at fault."""
    try:
        questionnaire = load_questionnaire(path)
    except QuestionnaireError as error:
        _refuse(error)
    dimensions = len(questionnaire.dimensions)
    click.echo(f"{path}: valid ({questionnaire.ref}, {len(questionnaire.items)} items in {dimensions} dimensions)")


@command.command("add")
@path_argument
@with_appcontext
def add(path: Path) -> None:
    """Register a questionnaire file so that cycles can run it."""
    try:
        with failing_cleanly(QuestionnaireConflict):
            stored = register_questionnaire(path)
            db.session.commit()
    except QuestionnaireError as error:
        db.session.rollback()
        _refuse(error, "nothing was registered")
    click.echo(f"registered {stored.ref}: {stored.title}")


def _refuse(error: QuestionnaireError, outcome: str = "") -> NoReturn:
    """One mistake as the one-line reason; several one a line, then their count as the reason, so that the author
    mends them all from one run."""
    if len(error.problems) == 1:
        raise click.ClickException(f"{error}{f'; {outcome}' if outcome else ''}")
    for problem in error.problems:
        click.echo(problem, err=True)
    raise click.ClickException(f"{error.source}: {len(error.problems)} mistakes{f'; {outcome}' if outcome else ''}")


@command.command("list")
@format_option
@with_appcontext
def list_(fmt: str) -> None:
    """The registered questionnaires."""
    rows = db.session.execute(
        db.select(StoredQuestionnaire).order_by(StoredQuestionnaire.key, StoredQuestionnaire.version)
    ).scalars()
    data = [{"key": q.key, "version": q.version, "title": q.title} for q in rows]
    emit(data, fmt, lambda d: "\n".join(f"{q['key']}@{q['version']}  {shown(q['title'])}" for q in d) or NONE_YET)

