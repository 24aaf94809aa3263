"""Migration 0005 (funnel metrics) upgrades and downgrades on SQLite and PostgreSQL, data around it intact.

It runs on a database of its own (the ``empty_app`` fixture), so going down
and up again leaves the suite's untouched.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment.extensions import db

BEFORE = "0004_actions_branding"


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
