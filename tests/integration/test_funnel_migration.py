"""Migration 0005 (funnel metrics) upgrades and downgrades on SQLite and PostgreSQL, data around it intact.

It runs on a database of its own (a file, or a schema of the suite's
PostgreSQL database), so going down and up again leaves the suite's untouched.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment import create_app
from assessment.extensions import db
from tests.conftest import app_config, suite_database_url

BEFORE = "0004_actions_branding"
SCHEMA = "funnel_migration_check"


@pytest.fixture()
def empty_app(tmp_path: Path) -> Iterator[Flask]:
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


def tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_adds_the_table_with_its_checks_and_downgrade_removes_only_it(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    assert "funnel_metrics" not in tables()
    with db.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO organization (id, slug, name, synthetic) VALUES (1, 'acme', 'Acme', false)"))
        connection.execute(sa.text("INSERT INTO team (id, organization_id, slug, name, function) "
                                   "VALUES (1, 1, 'emea-sales', 'EMEA Sales', 'sales')"))
    upgrade()
    insert = sa.text("INSERT INTO funnel_metrics (organization_id, team_id, period, mql, sal, sla_attainment) "
                     "VALUES (1, 1, :period, :mql, 80, :sla)")
    with db.engine.begin() as connection:
        connection.execute(insert, {"period": "2026-Q3", "mql": 100, "sla": 91.5})
    for bad in ({"period": "2026-Q2", "mql": -1, "sla": 50}, {"period": "2026-Q2", "mql": 1, "sla": 100.5},
                {"period": "2026-Q3", "mql": 1, "sla": 50}):  # negative, over 100 %, the same team and period again
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
            connection.execute(insert, bad)
    downgrade(revision=BEFORE)
    assert "funnel_metrics" not in tables()
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT slug FROM team")).scalars().all() == ["emea-sales"]
    upgrade()
    assert "funnel_metrics" in tables()
