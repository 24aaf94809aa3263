"""A command run on a database that `alignment db upgrade` has not brought up to date, or cannot reach.

Such a command fails on a missing table or column, deep in SQLAlchemy; the
consultant then reads a page of traceback ending in SQL. Only when the database
really is behind the code, or cannot be reached at all, is the failure replaced
by one line that says what to do; any other database error keeps its traceback.
"""
from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy.exc import DBAPIError

from assessment.extensions import db
from assessment.paths import MIGRATIONS_DIR


def schema_behind(app: Flask) -> str | None:
    """What to do when the database is unreachable or lacks the newest migration; None when all is well.

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
            return f"could not use the database {where}: {reason}"
    newest = set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())
    if current == newest:
        return None
    state = f"is at migration {', '.join(sorted(current))}" if current else "has no tables yet"
    return (f"the database {where} {state}; this version needs {', '.join(sorted(newest))}: "
            "run `alignment db upgrade` first")
