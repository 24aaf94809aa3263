"""Without a broker, the serving process itself sends the planned mail (`make run` needs no cron), from its first request
on; a test client or a command, which serves nothing, never starts it."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from flask import Flask

from assessment import create_app
from assessment.extensions import db
from assessment.models import AuditEntry, Cycle, CycleStatus, Participant, Team
from assessment.scheduled_mail import ACTOR
from tests.browser.conftest import empty_database, prepare_the_demo
from tests.conftest import app_config, smtp_server

NEWCOMER = "new.joiner@demo.example"


def _planned_app(folder: Path, name: str, smtp_port: int) -> Flask:
    """The demo's open cycle invites by itself, checked every second; one person joined the roster after the
    others were invited."""
    app = create_app({**app_config(folder, ""), **empty_database(folder, name),
                      "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port, "PLANNED_MAIL_CHECK_SECONDS": 1})
    prepare_the_demo(app, dt.date.today())
    with app.app_context():
        cycle = db.session.execute(db.select(Cycle).filter_by(status=CycleStatus.open)).scalar_one()
        cycle.invite_on_opening = True
        team = db.session.execute(db.select(Team).filter_by(organization_id=cycle.organization_id)).scalars().first()
        db.session.add(Participant(organization_id=cycle.organization_id, team_id=team.id, function=team.function,
                                   email=NEWCOMER, attributes={}))
        db.session.commit()
        db.session.remove()
    return app


def _wait_for(received: list, count: int, seconds: float = 30) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def test_a_served_app_without_a_broker_sends_the_due_planned_mail_itself(tmp_path: Path) -> None:
    with smtp_server() as (port, received):
        app = _planned_app(tmp_path, "served", port)
        app.config["TESTING"] = False   # as `make run` serves it
        try:
            time.sleep(1.5)
            assert received == []   # a process that has served nothing sends nothing: a command is one
            app.test_client().get("/").close()   # its first request, with no socket for a test to leave open
            _wait_for(received, 1)
            assert [m["To"] for m in received] == [NEWCOMER]
            time.sleep(2.5)   # the checks go on every second, and invite nobody twice
            assert len(received) == 1
        finally:
            app.extensions["planned_mail_stop"].set()
        with app.app_context():
            actors = set(db.session.execute(
                db.select(AuditEntry.actor).filter_by(action="invitations.send")).scalars())
            db.session.remove()
            db.engine.dispose()
        assert actors == {ACTOR}


def test_a_test_client_never_starts_the_check(tmp_path: Path) -> None:
    with smtp_server() as (port, received):
        app = _planned_app(tmp_path, "testing", port)
        try:
            app.test_client().get("/")   # TESTING is on, as in every test of the suite
            time.sleep(2.5)
            assert received == []
        finally:
            app.extensions["planned_mail_stop"].set()
            with app.app_context():
                db.engine.dispose()
