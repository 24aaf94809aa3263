"""Invitations sent by a real Celery worker on Redis, to a real SMTP server: each person once, however often queued.

Like the rendering test, the worker is a separate process: it gets a database
of its own (SQLite file, or a fresh PostgreSQL database in the PostgreSQL
pass) with one demo organization committed, a queue of its own on
redis://127.0.0.1:6379/12, and the address of an aiosmtpd server run here.
"""
from __future__ import annotations

import email
import email.policy
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import Flask
from flask_migrate import upgrade

from assessment import create_app
from assessment.extensions import db
from assessment.models import AuditEntry, Organization, Participant
from tests import conftest

BROKER = "redis://127.0.0.1:6379/12"
RUN = uuid.uuid4().hex[:12]
QUEUE, NODE = f"alignment-mail-test-{RUN}", f"alignment-mail-test-{RUN}@localhost"
CELERY = Path(sys.executable).with_name("celery")
ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2027-Q1"


@pytest.fixture()
def own_database(tmp_path: Path) -> Iterator[str]:
    url = conftest.suite_database_url(tmp_path)
    if not url.startswith("postgresql"):
        yield url
        return
    admin = sa.make_url(url).set(database="postgres")
    name = f"{sa.make_url(url).database}_mail_{RUN}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture()
def smtp_server() -> Iterator[tuple[int, list[email.message.EmailMessage]]]:
    received: list[email.message.EmailMessage] = []

    class Collect:
        async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
            received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


@pytest.fixture()
def mail_app(tmp_path: Path, own_database: str, smtp_server) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    port, _ = smtp_server
    config = {**conftest.app_config(tmp_path, own_database), "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": QUEUE,
              "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    app = create_app(config)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo", "--organizations", "1",
                                                    "--as-of", conftest.DEMO_AS_OF.isoformat()])
        assert result.exit_code == 0, result.output
        db.session.remove()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def worker(mail_app: Flask, own_database: str, smtp_server, tmp_path: Path) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    port, _ = smtp_server
    env = {**os.environ, "DATABASE_URL": own_database, "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": QUEUE,
           "SECRET_KEY": secrets.token_urlsafe(32), "REPORTS_DIR": str(tmp_path / "reports"),
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "PUBLIC_URL": "http://survey.test"}
    log_path = tmp_path / "worker.log"
    log = log_path.open("wb")
    process = subprocess.Popen([str(CELERY), "-A", "assessment.worker", "worker", "--pool=solo", "-Q", QUEUE, "-n", NODE,
                                "--loglevel=INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not mail_app.extensions["celery"].control.ping(destination=[NODE], timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()[-3000:]}")
        yield log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        redis.Redis.from_url(BROKER).delete(QUEUE)


def _audited_sends(app: Flask) -> list[str]:
    with app.app_context():
        targets = list(db.session.execute(
            db.select(AuditEntry.target).filter_by(action="invitations.send").order_by(AuditEntry.id)
        ).scalars())
        db.session.remove()
    return targets


@pytest.mark.celery
def test_invitations_queued_twice_reach_each_person_once(mail_app: Flask, worker: Path, smtp_server) -> None:  # type: ignore[no-untyped-def]
    _, received = smtp_server
    runner = mail_app.test_cli_runner()
    with mail_app.app_context():
        slug = db.session.execute(db.select(Organization.slug)).scalar_one()
        people = set(db.session.execute(db.select(Participant.email)).scalars())
        db.session.remove()
    assert runner.invoke(args=["cycle", "open", slug, "--period", PERIOD]).exit_code == 0
    for _ in range(2):   # a double click, or a consultant and the CLI at once
        queued = runner.invoke(args=["invitations", "send", f"{slug}/{PERIOD}"])
        assert queued.exit_code == 0 and "queued the invitations" in queued.output, queued.output

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
