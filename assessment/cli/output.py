"""What every command shares: output formats and one-line failures."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from assessment.batch import write_atomically
from assessment.extensions import db
from assessment.operations.imports import MAX_ERRORS, ImportRefused

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="json for machines, text for people.",
)


class Day(click.DateTime):
    """A date as 2026-12-18: help shows YYYY-MM-DD and a mistake says how to write it, not '%Y-%m-%d'.

    ``past``, when given, makes a day after today a mistake, and says why in its words: a date of something that
    happened (a response given, figures published), where 2027 typed for 2026 would be kept and never questioned.
    """

    name = "date"

    def __init__(self, past: str | None = None) -> None:
        super().__init__(["%Y-%m-%d"])
        self.past = past

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.datetime:
        try:
            day = dt.datetime.strptime(value.strip(), "%Y-%m-%d") if isinstance(value, str) else value
        except ValueError:
            self.fail(f"{value!r} is not a date: write it as YYYY-MM-DD, such as 2026-12-18", param, ctx)
        if self.past is not None and day.date() > dt.date.today():
            self.fail(f"{day.date()} is after today: {self.past}", param, ctx)
        return day


class GroupSize(click.ParamType):
    """A number of people: help shows N, not click's "INTEGER RANGE [x<=100000]", and a number no
    organization reaches is refused here rather than by the database's integer column."""

    name = "N"
    limit = 100_000

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = value if isinstance(value, int) else click.INT.convert(value, param, ctx)
        if number > self.limit:
            self.fail(f"{number} is more people than any organization has (at most {self.limit:,})", param, ctx)
        return number


#: C0 and C1 controls (escape sequences, carriage returns, line breaks), the Unicode line and paragraph separators,
#: and the marks that reorder the text around them: in a stored name, each would act on the terminal, not show.
_ACTS_ON_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """Stored text as a listing prints it: a character that would act on the terminal is written as its escape.

    For names stored before they were checked, or from a file; JSON output escapes them by itself."""
    return _ACTS_ON_TERMINAL.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


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
    except click.ClickException:
        db.session.rollback()   # a file that could not be written, say: what the block changed is undone too
        raise


def _in_a_folder(ctx: click.Context, param: click.Parameter, path: Path) -> Path:
    """Refuse a missing folder before any work: a report renders, and links are issued, before the write."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():   # -o report.pdf/plan.pdf: "does not exist" would mislead
        raise click.BadParameter(f"{folder} is a file, not a folder", ctx, param)
    if not folder.is_dir():
        raise click.BadParameter(f"the folder {folder} does not exist", ctx, param)
    if not os.access(folder, os.W_OK):
        raise click.BadParameter(f"the folder {folder} is not writable", ctx, param)
    return path


def output_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``-o FILE``, the one file a command writes: in a folder that exists and can be written to."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
                        callback=_in_a_folder, help=help_text)


def write_output(path: Path, data: bytes) -> None:
    """The file appears whole or not at all (``write_atomically``); a failure is one line, not a traceback."""
    try:
        write_atomically(path, data)
    except OSError as error:
        raise click.ClickException(f"could not write {path}: {error.strerror or error}") from None


def make_folder(folder: Path) -> None:
    """The output folder of a batch, created if needed; a failure is one line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.ClickException(f"could not create the folder {folder}: {error.strerror or error}") from None


def refuse_import(refused: ImportRefused, fmt: str | None) -> NoReturn:
    """The problems one a line (the first few; JSON has all), then a non-zero exit; nothing was written.

    ``fmt`` None: the command has no ``--format``, so the rest is only counted.
    """
    if fmt == "json":
        emit({"imported": False, "problems": refused.problems}, fmt, str)
    else:
        for problem in refused.problems[:MAX_ERRORS]:
            click.echo(problem, err=True)
        if len(refused.problems) > MAX_ERRORS:
            hint = " (--format json lists all)" if fmt else ""
            click.echo(f"... and {len(refused.problems) - MAX_ERRORS} more{hint}", err=True)
    raise click.ClickException(f"nothing imported: {len(refused.problems)} "
                               f"problem{'s' if len(refused.problems) > 1 else ''} in the file")
