"""A database that `alignment db upgrade` has not brought up to date, or that cannot be reached.

A command or a page then fails on a missing table or column, deep in SQLAlchemy:
a page of traceback ending in SQL for the consultant, a server error for the
web's readers. Only when the database really is behind the code, or cannot be
reached at all, is the failure replaced by what to do (one line from a command,
a 503 page from the web); any other database error stays what it is.
"""
from __future__ import annotations

from dataclasses import dataclass

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy.exc import DBAPIError

from assessment.extensions import db
from assessment.paths import MIGRATIONS_DIR


@dataclass(frozen=True)
class Unready:
    """Why the database cannot serve this version of the code."""

    #: One line for whoever runs the service, naming the database (without its password).
    advice: str
    #: False when the database could not be reached at all; True when it is behind the migrations.
    reachable: bool


def database_unready(app: Flask) -> Unready | None:
    """Whether the database is unreachable or lacks the newest migration; None when all is well.

    The database is named (without its password): a shell that forgot DATABASE_URL
    uses the default one, and the reader should see which.
    """
    with app.app_context():
        where = db.engine.url.render_as_string(hide_password=True)
        try:
            with db.engine.connect() as connection:
                current = set(MigrationContext.configure(connection).get_current_heads())
        except DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            return Unready(f"could not use the database {where}: {reason}", reachable=False)
    newest = set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())
    if current == newest:
        return None
    state = f"is at migration {', '.join(sorted(current))}" if current else "has no tables yet"
    return Unready(f"the database {where} {state}; this version needs {', '.join(sorted(newest))}: "
                   "run `alignment db upgrade` first", reachable=True)
