"""A command run on a database that `alignment db upgrade` has not brought up to date.

Such a command fails on a missing table or column, deep in SQLAlchemy; the
consultant then reads a page of traceback ending in SQL. Only when the database
really is behind the code is the failure replaced by the one line that fixes it.
"""
from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy.exc import DBAPIError

from assessment.extensions import db
from assessment.paths import MIGRATIONS_DIR


def schema_behind(app: Flask) -> str | None:
    """What to do when the database lacks the newest migration; None when it has it (or cannot be read)."""
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                current = set(MigrationContext.configure(connection).get_current_heads())
        except DBAPIError:
            return None   # the database itself is unreachable: the original error says more than we could
    newest = set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())
    if current == newest:
        return None
    state = f"is at migration {', '.join(sorted(current))}" if current else "has no tables yet"
    return (f"the database {state}; this version needs {', '.join(sorted(newest))}: "
            "run `alignment db upgrade` first")
