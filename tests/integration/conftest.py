"""Fixtures of the integration tests that need a database of their own."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from assessment import create_app
from assessment.extensions import db
from tests.conftest import app_config, suite_database_url

SCHEMA = "migration_check"


@pytest.fixture()
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty database: a file, or a schema of the suite's PostgreSQL database."""
    url = sa.make_url(suite_database_url(tmp_path))
    postgres = url.get_backend_name() == "postgresql"
    if postgres:
        _run(url, f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE", f"CREATE SCHEMA {SCHEMA}")
        url = url.update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    app = create_app(app_config(tmp_path, url.render_as_string(hide_password=False)))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if postgres:
        _run(url.difference_update_query(["options"]), f"DROP SCHEMA {SCHEMA} CASCADE")


def _run(url: sa.URL, *statements: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()
