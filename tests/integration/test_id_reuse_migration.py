"""Migration 0013: a deleted row's id is never given to the next one, and the rebuild loses nothing.

On SQLite the rebuild copies each table and drops the old one; with foreign keys
on, that drop would delete every invitation of every participant. PostgreSQL's
sequences never reuse an id, so the same assertions hold there without a rebuild.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment.extensions import db

BEFORE = "0011_invited_counts"
AFTER = "0013_sqlite_autoincrement"


def run(statement: str, **values: object) -> None:
    with db.engine.begin() as connection:
        connection.execute(sa.text(statement), values)


def scalars(statement: str) -> list[object]:
    with db.engine.connect() as connection:
        return connection.execute(sa.text(statement)).scalars().all()


def seed() -> None:
    run("INSERT INTO organization (id, slug, name, synthetic) VALUES (1, 'acme', 'Acme', false)")
    run("INSERT INTO questionnaire (id, key, version, title, document) VALUES (1, 'q', 1, 'Q', '{}')")
    run("INSERT INTO team (id, organization_id, slug, name, function) VALUES (1, 1, 'sales', 'Sales', 'sales')")
    run("INSERT INTO cycle (id, organization_id, questionnaire_id, period, status, min_group_size, "
        "min_comment_group_size) VALUES (1, 1, 1, '2026-Q3', 'open', 5, 5)")
    # Ids left to the database, as the app leaves them: PostgreSQL's sequences only count those.
    for person in (1, 2):
        run("INSERT INTO participant (organization_id, team_id, email, function, attributes) "
            "VALUES (1, 1, :email, 'sales', '{}')", email=f"p{person}@acme.example")
        run("INSERT INTO invitation (cycle_id, participant_id, token_hash, sent_on, completed) "
            "VALUES (1, :id, :token, '2026-07-01', false)", id=person, token=f"{person:064d}")
    run("INSERT INTO action (team_id, cycle_id, title, owner, due_on, status, notes) "
        "VALUES (1, 1, 'Weekly pipeline review', 'Dana', '2026-12-01', 'planned', '')")
    run("INSERT INTO user_account (email, role, active, created_on, organization_id) "
        "VALUES ('exec@acme.example', 'executive', true, '2026-11-01', 1)")


def new_id(table: str, insert: str, **values: object) -> int:
    run(insert, **values)
    return int(max(scalars(f"SELECT id FROM {table}")))


def test_the_rebuild_keeps_every_row_and_ids_of_deleted_rows_are_not_given_again(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    seed()
    upgrade(revision=AFTER)

    assert scalars("SELECT participant_id FROM invitation ORDER BY participant_id") == [1, 2], "invitations kept"
    assert scalars("SELECT title FROM action") == ["Weekly pipeline review"]
    assert scalars("SELECT email FROM user_account") == ["exec@acme.example"]

    run("DELETE FROM participant WHERE id = 2")
    assert scalars("SELECT participant_id FROM invitation") == [1], "erasing still takes the invitations with it"
    assert new_id("participant", "INSERT INTO participant (organization_id, team_id, email, function, attributes) "
                  "VALUES (1, 1, 'new@acme.example', 'sales', '{}')") == 3
    run("DELETE FROM action WHERE id = 1")
    assert new_id("action", "INSERT INTO action (team_id, cycle_id, title, owner, due_on, status, notes) "
                  "VALUES (1, 1, 'Shared lead definition', 'Sam', '2026-12-01', 'planned', '')") == 2
    run("DELETE FROM user_account WHERE id = 1")
    assert new_id("user_account", "INSERT INTO user_account (email, role, active, created_on) "
                  "VALUES ('new@consult.example', 'consultant', true, '2026-11-02')") == 2

    downgrade(revision=BEFORE)
    assert scalars("SELECT participant_id FROM invitation") == [1], "the downgrade loses nothing either"
    upgrade()
