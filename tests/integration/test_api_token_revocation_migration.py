"""Migration 0012 (API token revocation): tokens issued before the upgrade keep working until revoked."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade
from itsdangerous import URLSafeTimedSerializer

from assessment.api.tokens import SALT, api_token, revoke_api_tokens, user_for_api_token
from assessment.extensions import db
from assessment.models import User

BEFORE = "0011_invited_counts"
HASH = "scrypt:32768:8:1$salt$0123456789abcdef"


def columns() -> set[str]:
    return {c["name"] for c in sa.inspect(db.engine).get_columns("user_account")}


def test_a_token_of_before_the_upgrade_works_until_revoked_and_the_downgrade_only_drops_the_column(
    empty_app: Flask,
) -> None:
    upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO user_account (id, email, password_hash, role, active, "
                                   "credential_generation, created_on) "
                                   "VALUES (1, 'exec@acme.example', :hash, 'executive', true, 0, '2026-11-01')"),
                           {"hash": HASH})
    upgrade()
    user = db.session.get(User, 1)
    assert user is not None and user.api_token_generation == 0
    # What `alignment user token` printed before this release: id, stamp and days, no generation.
    serializer = URLSafeTimedSerializer(empty_app.config["SECRET_KEY"], salt=SALT)
    before = serializer.dumps([user.id, user.credential_stamp, 30])
    assert user_for_api_token(before) is user, "a dashboard's token keeps working across the upgrade"
    after = api_token(user, 30)
    revoke_api_tokens(user)
    db.session.commit()
    assert user_for_api_token(before) is None and user_for_api_token(after) is None
    db.session.remove()
    downgrade(revision=BEFORE)
    assert "api_token_generation" not in columns()
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT email FROM user_account")).scalars().all() == ["exec@acme.example"]
    upgrade()
