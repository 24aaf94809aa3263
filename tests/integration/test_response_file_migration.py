"""Migration 0008 (response files) upgrades and downgrades on SQLite and PostgreSQL, the cycles around it intact."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment.extensions import db

BEFORE = "0007_publish_results"
FINGERPRINT = "ab" * 32


def tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_adds_the_table_one_file_per_cycle_and_downgrade_removes_only_it(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    assert "response_file" not in tables()
    with db.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO organization (id, slug, name, synthetic) VALUES (1, 'acme', 'Acme', false)"))
        connection.execute(sa.text("INSERT INTO questionnaire (id, key, version, title, document) "
                                   "VALUES (1, 'core', 1, 'Core', '{}')"))
        for cycle, period in ((1, "2026-Q3"), (2, "2026-Q4")):
            connection.execute(sa.text(
                "INSERT INTO cycle (id, organization_id, questionnaire_id, period, status, min_group_size, "
                "min_comment_group_size) VALUES (:id, 1, 1, :period, 'open', 5, 5)"), {"id": cycle, "period": period})
    upgrade()
    insert = sa.text("INSERT INTO response_file (cycle_id, fingerprint, imported_on, responses) "
                     "VALUES (:cycle, :fingerprint, '2026-11-26', 12)")
    with db.engine.begin() as connection:
        for cycle in (1, 2):  # the same file in two cycles
            connection.execute(insert, {"cycle": cycle, "fingerprint": FINGERPRINT})
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
        connection.execute(insert, {"cycle": 1, "fingerprint": FINGERPRINT})  # twice in one cycle
    with db.engine.begin() as connection:  # a cycle's files go with it
        connection.execute(sa.text("DELETE FROM cycle WHERE id = 2"))
        assert connection.execute(sa.text("SELECT cycle_id FROM response_file")).scalars().all() == [1]
    downgrade(revision=BEFORE)
    assert "response_file" not in tables()
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT period FROM cycle")).scalars().all() == ["2026-Q3"]
    upgrade()
    assert "response_file" in tables()
