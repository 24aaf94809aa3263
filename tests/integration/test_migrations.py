"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

import re

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from assessment.extensions import db
from assessment.paths import MIGRATIONS_DIR


def test_upgrading_an_empty_database_creates_every_table(app: Flask) -> None:
    # The session fixture built this database from empty with `upgrade()`.
    tables = set(sa.inspect(db.session.connection()).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_the_migrations_match_the_models(app: Flask) -> None:
    context = MigrationContext.configure(db.session.connection(), opts={"compare_type": True})
    assert compare_metadata(context, db.metadata) == []


def test_the_database_is_at_the_single_newest_revision(app: Flask) -> None:
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    assert len(scripts.get_heads()) == 1, "two migrations claim to be the newest: merge them"
    current = MigrationContext.configure(db.session.connection()).get_current_revision()
    assert current == scripts.get_current_head()


def test_migration_files_are_dated() -> None:
    names = [p.name for p in (MIGRATIONS_DIR / "versions").glob("*.py")]
    assert names and all(re.match(r"^20\d{6}_", name) for name in names)
