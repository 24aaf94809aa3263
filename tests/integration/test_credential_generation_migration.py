"""Migration 0010 (credential generation): accounts keep their sessions and tokens across the upgrade."""
from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment.extensions import db
from assessment.models import User

BEFORE = "0009_answer_positions"
HASH = "scrypt:32768:8:1$salt$0123456789abcdef"


def columns() -> set[str]:
    return {c["name"] for c in sa.inspect(db.engine).get_columns("user_account")}


def test_the_upgrade_keeps_every_stamp_and_the_downgrade_only_drops_the_column(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO user_account (id, email, password_hash, role, active, created_on) "
                                   "VALUES (1, 'exec@acme.example', :hash, 'executive', true, '2026-11-01')"),
                           {"hash": HASH})
    upgrade()
    user = db.session.get(User, 1)
    assert user is not None and user.credential_generation == 0
    assert user.credential_stamp == hashlib.sha256(HASH.encode()).hexdigest()[:16], "signed-in sessions survive"
    db.session.remove()
    downgrade(revision=BEFORE)
    assert "credential_generation" not in columns()
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT email FROM user_account")).scalars().all() == ["exec@acme.example"]
    upgrade()
