"""What every command shares: output formats and one-line failures."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from assessment.extensions import db
from assessment.operations.imports import MAX_ERRORS, ImportRefused

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="json for machines, text for people.",
)


def emit(data: Any, fmt: str, as_text: Callable[[Any], str]) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, default=str))
    else:
        click.echo(as_text(data))


@contextmanager
def failing_cleanly(*errors: type[Exception]) -> Iterator[None]:
    """Turn an expected error into a one-line reason and a non-zero exit; keep the old state."""
    try:
        yield
    except errors as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None


def write_atomically(path: Path, data: bytes) -> None:
    """A reader never sees a half-written file: write aside, then rename."""
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    partial.replace(path)


def refuse_import(refused: ImportRefused, fmt: str) -> NoReturn:
    """The problems one a line (the first few; JSON has all), then a non-zero exit; nothing was written."""
    if fmt == "json":
        emit({"imported": False, "problems": refused.problems}, fmt, str)
    else:
        for problem in refused.problems[:MAX_ERRORS]:
            click.echo(problem, err=True)
        if len(refused.problems) > MAX_ERRORS:
            click.echo(f"... and {len(refused.problems) - MAX_ERRORS} more (--format json lists all)", err=True)
    raise click.ClickException(f"nothing imported: {len(refused.problems)} "
                               f"problem{'s' if len(refused.problems) > 1 else ''} in the file")
