"""Migration 0007: cycles closed before publishing existed stay readable by the client, as published."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment.extensions import db

BEFORE = "0006_snapshot_compression"


def cycles() -> list[tuple[str, str, dt.date | None]]:
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT period, status, published_on FROM cycle ORDER BY period")).all()
    return [(period, status, published if published is None or isinstance(published, dt.date)
             else dt.date.fromisoformat(published)) for period, status, published in rows]


def test_closed_cycles_become_published_on_their_closing_date_and_open_ones_stay_open(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO organization (id, slug, name, synthetic) VALUES (1, 'acme', 'Acme', false)"))
        connection.execute(sa.text("INSERT INTO questionnaire (id, key, version, title, document) "
                                   "VALUES (1, 'core', 1, 'Core', '{}')"))
        for period, status in (("2026-Q2", "closed"), ("2026-Q3", "closed"), ("2026-Q4", "open")):
            connection.execute(sa.text(
                "INSERT INTO cycle (organization_id, questionnaire_id, period, status, closes_on, min_group_size, "
                "min_comment_group_size) VALUES (1, 1, :period, :status, :closes, 5, 5)"
            ), {"period": period, "status": status, "closes": f"{period[:4]}-{int(period[-1]) * 3:02d}-20"})
    upgrade()
    assert cycles() == [("2026-Q2", "published", dt.date(2026, 6, 20)), ("2026-Q3", "published", dt.date(2026, 9, 20)),
                        ("2026-Q4", "open", None)]
    downgrade(revision=BEFORE)
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT status FROM cycle ORDER BY period")).scalars().all() == [
            "published", "published", "open"]
