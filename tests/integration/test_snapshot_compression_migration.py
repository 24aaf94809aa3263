"""Migration 0006: PostgreSQL stores score snapshots with LZ4; what a snapshot holds reads back unchanged.

On SQLite the migration changes nothing, and the same snapshot round trip
must hold there too. It runs on a database of its own (``empty_app``).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment.extensions import db
from assessment.models import ScoreSnapshot, StoredQuestionnaire
from assessment.operations.cycles import open_cycle
from assessment.operations.organizations import create_organization
from assessment.operations.questionnaires import ensure_builtin_questionnaires

BEFORE = "0005_funnel_metrics"


def compression() -> str | None:
    """The scores column's compression on PostgreSQL ('l' for LZ4, '' for the server default); None elsewhere."""
    if db.engine.dialect.name != "postgresql":
        return None
    with db.engine.connect() as connection:
        return connection.execute(sa.text(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = 'score_snapshot'::regclass AND attname = 'scores'"
        )).scalar_one()


def large_snapshot() -> dict[str, object]:
    """About the size of one group of a big close: forty items of figures, with None where one is missing."""
    items = {f"item_{i}": {"n": 96, "mean": 3.0 + i / 41, "sd": None if i % 7 == 0 else 0.81234567891234,
                           "favorable_ci": {"low": 40.125, "high": 59.875}} for i in range(40)}
    return {"n": 96, "index": {"score": 61.2345678901}, "dimensions": {}, "items": items}


def test_postgresql_compresses_snapshots_with_lz4_and_they_read_back_unchanged(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    assert compression() in (None, "")
    upgrade()
    assert compression() in (None, "l")
    ensure_builtin_questionnaires()
    org = create_organization("Acme", "acme")
    cycle = open_cycle(org, "2026-Q3", db.session.execute(db.select(StoredQuestionnaire)).scalars().first())
    db.session.add(ScoreSnapshot(cycle_id=cycle.id, kind="team", key="emea", n=96, scores=large_snapshot()))
    db.session.commit()
    db.session.expire_all()
    assert db.session.execute(db.select(ScoreSnapshot.scores)).scalar_one() == large_snapshot()
    db.session.remove()
    downgrade(revision=BEFORE)
    assert compression() in (None, "")
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM score_snapshot")).scalar_one() == 1
