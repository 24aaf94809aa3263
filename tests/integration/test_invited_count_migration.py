"""Migration 0011 (invited counts): closed cycles get their counts from their invitations; open ones none."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment.extensions import db

BEFORE = "0010_credential_generation"


def tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_closed_cycles_count_what_went_out_per_team_and_the_downgrade_drops_the_table(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        run = connection.execute
        run(sa.text("INSERT INTO organization (id, slug, name, synthetic) VALUES (1, 'acme', 'Acme', false)"))
        run(sa.text("INSERT INTO questionnaire (id, key, version, title, document) VALUES (1, 'q', 1, 'Q', '{}')"))
        for team, function in ((1, "sales"), (2, "marketing")):
            run(sa.text("INSERT INTO team (id, organization_id, slug, name, function) VALUES (:id, 1, :f, :f, :f)"),
                {"id": team, "f": function})
        for cycle, status in ((1, "published"), (2, "closed"), (3, "open")):
            run(sa.text("INSERT INTO cycle (id, organization_id, questionnaire_id, period, status, min_group_size, "
                        "min_comment_group_size) VALUES (:id, 1, 1, :period, :status, 5, 5)"),
                {"id": cycle, "period": f"2026-Q{cycle}", "status": status})
        # Six people: four in sales, two in marketing.
        for person in range(1, 7):
            run(sa.text("INSERT INTO participant (id, organization_id, team_id, email, function, attributes) "
                        "VALUES (:id, 1, :team, :email, 'sales', '{}')"),
                {"id": person, "team": 1 if person <= 4 else 2, "email": f"p{person}@acme.example"})
        # Cycle 1: everyone mailed. Cycle 2: three mailed, one answered a link handed out, two never reached.
        # Cycle 3 is open: its counts are taken when it closes.
        invitations = [(1, p, "2026-01-05", False) for p in range(1, 7)]
        invitations += [(2, 1, "2026-04-05", True), (2, 2, "2026-04-05", False), (2, 5, "2026-04-05", False),
                        (2, 3, None, True), (2, 4, None, False), (2, 6, None, False)]
        invitations += [(3, p, "2026-07-05", False) for p in range(1, 7)]
        for n, (cycle, person, sent, completed) in enumerate(invitations):
            run(sa.text("INSERT INTO invitation (cycle_id, participant_id, token_hash, sent_on, completed) "
                        "VALUES (:cycle, :person, :token, :sent, :completed)"),
                {"cycle": cycle, "person": person, "token": f"{n:064d}", "sent": sent, "completed": completed})
    upgrade()
    with db.engine.connect() as connection:
        counts = connection.execute(sa.text(
            "SELECT cycle_id, team_id, invited FROM invited_count ORDER BY cycle_id, team_id")).all()
    assert [tuple(row) for row in counts] == [(1, 1, 4), (1, 2, 2), (2, 1, 3), (2, 2, 1)]
    downgrade(revision=BEFORE)
    assert "invited_count" not in tables() and "invitation" in tables()
    upgrade()
