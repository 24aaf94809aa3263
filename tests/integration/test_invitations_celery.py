"""Invitations and the publication notice sent by a real Celery worker on Redis, to a real SMTP server;
invitations reach each person once, however often queued.

Like the rendering test, the worker is a separate process: it gets a database
of its own (SQLite file, or a fresh PostgreSQL database in the PostgreSQL
pass) with one demo organization committed, a queue of its own on
redis://127.0.0.1:6379/12, and the address of an aiosmtpd server run here.
"""
from __future__ import annotations

import email
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from assessment.cli.invitations import cli_actor
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import AuditEntry, Cycle, CycleStatus, Organization, Participant, Role, User
from assessment.publication_mail import last_notice
from assessment.scheduled_mail import TASK_NAME as DUE_MAIL_TASK
from tests.conftest import smtp_server
from tests.integration.celery_support import WorkerSetup, demo_app, own_database, running_worker

SETUP = WorkerSetup("redis://127.0.0.1:6379/12", "mail-test")
PERIOD = "2027-Q1"


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with own_database(tmp_path, "mail") as url:
        yield url


@pytest.fixture()
def refused() -> set[str]:
    """Addresses the mail server answers 550, as a full mailbox would; a test fills it."""
    return set()


@pytest.fixture()
def mail_server(refused: set[str]) -> Iterator[tuple[int, list[email.message.EmailMessage]]]:
    with smtp_server(refused) as server:
        yield server


@pytest.fixture()
def mail_app(tmp_path: Path, database: str, mail_server) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    port, _ = mail_server
    with demo_app(tmp_path, database, **SETUP.config(), SMTP_HOST="127.0.0.1", SMTP_PORT=port,
                  PLANNED_MAIL_CHECK_SECONDS=3600) as app:
        yield app


@pytest.fixture()
def worker(mail_app: Flask, database: str, mail_server, tmp_path: Path) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    port, _ = mail_server
    with running_worker(mail_app, SETUP, database, tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=str(port),
                        PUBLIC_URL="http://survey.test") as log:
        yield log


def _audited_sends(app: Flask) -> list[str]:
    with app.app_context():
        targets = list(db.session.execute(
            db.select(AuditEntry.target).filter_by(action="invitations.send").order_by(AuditEntry.id)
        ).scalars())
        db.session.remove()
    return targets


@pytest.mark.celery
def test_invitations_queued_twice_reach_each_person_once(mail_app: Flask, worker: Path, mail_server) -> None:  # type: ignore[no-untyped-def]
    _, received = mail_server
    runner = mail_app.test_cli_runner()
    with mail_app.app_context():
        slug = db.session.execute(db.select(Organization.slug)).scalar_one()
        people = set(db.session.execute(db.select(Participant.email)).scalars())
        db.session.remove()
    assert runner.invoke(args=["cycle", "open", slug, "--period", PERIOD]).exit_code == 0
    for _ in range(2):   # a double click, or a consultant and the CLI at once
        started = time.monotonic()
        queued = runner.invoke(args=["invitations", "send", f"{slug}/{PERIOD}", "--no-wait"])
        assert queued.exit_code == 0 and "queued the invitations" in queued.output, queued.output
        assert "waiting" not in queued.output and time.monotonic() - started < 10   # back at once

    deadline = time.monotonic() + 120
    while len(_audited_sends(mail_app)) < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
    sends = _audited_sends(mail_app)
    assert len(sends) == 2, worker.read_text()[-3000:]
    assert sorted(sends) == sorted([f"{slug}/{PERIOD}: {len(people)} invitations sent, 0 failed",
                                    f"{slug}/{PERIOD}: 0 invitations sent, 0 failed"])
    assert sorted(m["To"] for m in received) == sorted(people)
    assert "http://survey.test/s/" in received[0].get_body(("plain",)).get_content()
    log = worker.read_text()
    assert "succeeded" in log and "/s/" not in log and not any(address in log for address in people)


@pytest.mark.celery
def test_the_command_waits_for_the_worker_and_prints_what_was_sent_and_what_failed(
    mail_app: Flask, worker: Path, mail_server, refused: set[str]  # type: ignore[no-untyped-def]
) -> None:
    _, received = mail_server
    runner = mail_app.test_cli_runner()
    with mail_app.app_context():
        slug = db.session.execute(db.select(Organization.slug)).scalar_one()
        people = sorted(db.session.execute(db.select(Participant.email)).scalars())
        db.session.remove()
    assert runner.invoke(args=["cycle", "open", slug, "--period", PERIOD]).exit_code == 0
    refused.add(people[0])   # a full mailbox: the server answers 550 for this one address

    sent = runner.invoke(args=["invitations", "send", f"{slug}/{PERIOD}"])
    assert sent.exit_code == 1, sent.output + worker.read_text()[-3000:]
    assert sent.output.splitlines() == [
        f"waiting for a worker to send the invitations for {slug}/{PERIOD}; Ctrl-C stops waiting and leaves "
        "them to the worker (nothing is lost or sent twice)",
        f"{slug}/{PERIOD}: {len(people) - 1} invitations sent, 1 failed",
        "Error: 1 invitations could not be sent; run the command again to retry them",
    ]
    assert sorted(m["To"] for m in received) == people[1:]

    refused.clear()   # the mailbox has room again: the re-run, also through the worker, sends only that one
    again = runner.invoke(args=["invitations", "send", f"{slug}/{PERIOD}", "--format", "json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == {"cycle": f"{slug}/{PERIOD}", "mailing": "invitation", "sent": 1,
                                        "failed": 0, "skipped": 0, "stopped": False, "still_due": 0,
                                        "mail_server": None}
    assert sorted(m["To"] for m in received) == people


@pytest.mark.celery
def test_a_publication_queued_for_the_worker_tells_the_executive_and_the_lead(
    mail_app: Flask, worker: Path, mail_server  # type: ignore[no-untyped-def]
) -> None:
    _, received = mail_server
    runner = mail_app.test_cli_runner()
    with mail_app.app_context():
        slug = db.session.execute(db.select(Organization.slug)).scalar_one()
        readers = sorted(db.session.execute(
            db.select(User.email).where(User.role.in_((Role.executive, Role.team_lead)))
        ).scalars())
        open_period = db.session.execute(
            db.select(Cycle.period).filter_by(status=CycleStatus.open)).scalar_one()
        db.session.remove()
    assert readers, "the demo has an executive and a team lead"
    closed = runner.invoke(args=["cycle", "close", f"{slug}/{open_period}", "--publish"])
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.splitlines()[-1] == "queued the notice to the executives and team leads for a worker"

    deadline = time.monotonic() + 120
    while len(received) < len(readers) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert sorted(m["To"] for m in received) == readers, worker.read_text()[-3000:]
    assert all(f"the {open_period} alignment results are ready" in m["Subject"] for m in received)
    log = worker.read_text()
    assert "assessment.notify_published" in log and "succeeded" in log
    assert not any(address in log for address in readers)  # counts in the log, never addresses
    # The worker records what happened where the cycle's console page reads it.
    with mail_app.app_context():
        deadline = time.monotonic() + 30
        while (notice := last_notice(cycle_by_name(f"{slug}/{open_period}"))).at is None \
                and time.monotonic() < deadline:
            db.session.remove()
            time.sleep(0.3)
        actor = db.session.execute(db.select(AuditEntry.actor).filter_by(action="cycle.notice")).scalar_one()
        db.session.remove()
    assert (notice.sent, notice.readers, notice.failed, notice.queued_at) == (len(readers), len(readers), (), None)
    assert actor == cli_actor()   # who published, not the worker


@pytest.mark.celery
def test_the_hourly_check_run_by_a_worker_sends_the_planned_invitations(
    mail_app: Flask, worker: Path, mail_server  # type: ignore[no-untyped-def]
) -> None:
    """What Celery beat queues every hour (its schedule names the task), taken by a real worker."""
    _, received = mail_server
    runner = mail_app.test_cli_runner()
    celery = mail_app.extensions["celery"]
    assert {entry["task"] for entry in celery.conf.beat_schedule.values()} == {DUE_MAIL_TASK}
    with mail_app.app_context():
        slug = db.session.execute(db.select(Organization.slug)).scalar_one()
        people = sorted(db.session.execute(db.select(Participant.email)).scalars())
        db.session.remove()
    assert runner.invoke(args=["cycle", "open", slug, "--period", PERIOD]).exit_code == 0
    planned = runner.invoke(args=["invitations", "plan", f"{slug}/{PERIOD}", "--invite-on-opening"])
    assert planned.exit_code == 0, planned.output

    # Queued as beat queues it, and watched through what it does: waiting on its result here would open a
    # result connection that outlives the test (and fails a later one on the ResourceWarning filter).
    celery.send_task(DUE_MAIL_TASK)
    _wait_until(lambda: len(received) >= len(people) and _runs_done(worker) == 1)
    assert sorted(m["To"] for m in received) == people, worker.read_text()[-3000:]
    assert f"{slug}/{PERIOD}: {len(people)} invitations sent, 0 failed" in worker.read_text()
    celery.send_task(DUE_MAIL_TASK)   # the next hour: nothing twice
    _wait_until(lambda: _runs_done(worker) == 2)
    assert _runs_done(worker) == 2 and len(received) == len(people)


def _runs_done(log: Path) -> int:
    return sum("assessment.send_due_mailings" in line and "succeeded" in line
               for line in log.read_text().splitlines())


def _wait_until(done, seconds: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.3)
