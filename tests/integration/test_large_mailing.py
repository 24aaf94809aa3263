"""A large client's invitations from the console, without a broker: the page answers at once and says they are going
out, instead of holding the request while thousands of mails leave one by one (95 seconds for 5,000, past any
proxy's or gunicorn's timeout); each person still gets exactly one."""
from __future__ import annotations

import datetime as dt
import html
import os
import re
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment import create_app
from assessment.extensions import db
from assessment.invitation_mail import IN_THE_REQUEST_AT_MOST, run_mailing
from assessment.models import AuditEntry, Cycle, CycleStatus, Invitation, Participant, Team
from tests.browser.conftest import empty_database, prepare_the_demo
from tests.conftest import app_config, csrf_token, smtp_server

NEWCOMERS = IN_THE_REQUEST_AT_MOST + 60


def _large_app(folder: Path, smtp_port: int) -> tuple[Flask, str, int]:
    """The demo's open cycle, its roster grown past what one request mails; returns the app, the cycle's console
    address and how many invitations are due."""
    app = create_app({**app_config(folder, ""), **empty_database(folder, "large_mailing"),
                      "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port})
    prepare_the_demo(app, dt.date.today())
    with app.app_context():
        cycle = db.session.execute(db.select(Cycle).filter_by(status=CycleStatus.open)).scalar_one()
        teams = db.session.execute(db.select(Team).filter_by(organization_id=cycle.organization_id)).scalars().all()
        db.session.add_all(Participant(organization_id=cycle.organization_id, team_id=teams[i % len(teams)].id,
                                       function=teams[i % len(teams)].function, email=f"joiner{i}@client.example",
                                       attributes={}) for i in range(NEWCOMERS))
        db.session.commit()
        roster = db.session.execute(db.select(db.func.count()).select_from(Participant)
                                    .filter_by(organization_id=cycle.organization_id)).scalar_one()
        mailed = db.session.execute(db.select(db.func.count()).select_from(Invitation)
                                    .where(Invitation.cycle_id == cycle.id, Invitation.went_out())).scalar_one()
        address = f"/manage/{cycle.organization.slug}/{cycle.period}"
        db.session.remove()
    return app, address, roster - mailed


def _sign_in(client: FlaskClient) -> None:
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    reply = client.post("/auth/login", data={"email": "consultant@demo.example",
                                             "password": "demo-consultant-password", "csrf_token": token})
    assert reply.status_code == 302


def _flashed(page: str) -> str:
    return " ".join(html.unescape(m) for m in re.findall(r'class="flash[^"]*"[^>]*>(.*?)</', page, re.S))


def _wait_for(received: list, count: int, seconds: float = 180) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def _until_the_mailing_threads_end(seconds: float = 120) -> None:
    """The background mailing writes its audit entry after its last mail, on a connection of its own: the engine is
    disposed of only after that, or a connection checked out later outlived it (a ResourceWarning on PostgreSQL)."""
    for thread in threading.enumerate():
        if thread.name.startswith("mailing-"):
            thread.join(timeout=seconds)
            assert not thread.is_alive(), "the background mailing never finished"


def test_a_large_mailing_answers_at_once_and_still_invites_everyone_once(tmp_path: Path) -> None:
    with smtp_server() as (port, received):
        app, address, due = _large_app(tmp_path, port)
        assert due > IN_THE_REQUEST_AT_MOST
        client = app.test_client()
        _sign_in(client)
        token = csrf_token(client.get(address).get_data(as_text=True))
        reply = client.post(f"{address}/invitations", data={"csrf_token": token})
        assert reply.status_code == 302
        said = _flashed(client.get(reply.headers["Location"]).get_data(as_text=True))
        # The page says what happens, rather than a total it could only give after every mail had left.
        assert "Sending the invitations in the background" in said, said
        assert "invitations sent" not in said
        # A second press while they go out mails nobody twice.
        token = csrf_token(client.get(address).get_data(as_text=True))
        client.post(f"{address}/invitations", data={"csrf_token": token})
        _wait_for(received, due)
        _until_the_mailing_threads_end()
        with app.app_context():
            outcomes = list(db.session.execute(
                db.select(AuditEntry.target).filter_by(action="invitations.send")).scalars())
            db.session.remove()
            db.engine.dispose()
    recipients = Counter(str(m["To"]) for m in received)
    assert len(recipients) == due
    assert set(recipients.values()) == {1}
    assert any(o.endswith(f"{due} invitations sent, 0 failed") for o in outcomes), outcomes


def test_a_mailing_goes_on_while_people_answer_as_the_mails_arrive(tmp_path: Path) -> None:
    """On SQLite, a claim read its invitation, then wrote it; an answer saved in between made SQLite refuse the write
    at once, and the mailing ended there with a server error, everyone after it left uninvited. Here another
    connection writes between every claim's read and its write, as employees answering their mail would."""
    if os.environ.get("DATABASE_URL"):   # before any app: one built and left would leave its connections open
        pytest.skip("SQLite's refusal of a write after another connection's")
    with smtp_server() as (port, received):
        app, address, due = _large_app(tmp_path, port)
        url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        employee = sqlite3.connect(url.database, timeout=10, isolation_level=None)
        employee.execute("CREATE TABLE answered_meanwhile (n INTEGER)")
        interrupted: set[object] = set()

        def someone_answers(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
            # Once per claim, right after it has read the invitation it means to take.
            if statement.lstrip().startswith("SELECT invitation.token_hash") and repr(parameters) not in interrupted:
                interrupted.add(repr(parameters))
                employee.execute("INSERT INTO answered_meanwhile VALUES (1)")

        with app.app_context():
            cycle = db.session.execute(db.select(Cycle).filter_by(status=CycleStatus.open)).scalar_one()
            sa.event.listen(db.engine, "after_cursor_execute", someone_answers)
            try:
                summary = run_mailing(cycle.id, "invitation", "consultant@demo.example")
            finally:
                sa.event.remove(db.engine, "after_cursor_execute", someone_answers)
                db.session.remove()
                db.engine.dispose()
        employee.close()
    assert interrupted, "no claim was interrupted"
    assert (summary.sent, summary.failed, summary.still_due) == (due, 0, 0)
    assert len({str(m["To"]) for m in received}) == len(received) == due
