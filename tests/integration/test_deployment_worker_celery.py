"""The Celery worker as an operator runs it (Redis db 12): started from any folder, stopped mid-job and started again.

Like ``test_download_celery``: a database of its own that the worker can read, one demo organization
committed to it, and real ``celery -A assessment.worker worker`` processes on a queue of their own.
"""
from __future__ import annotations

import html
import json
import os
import re
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from assessment.demo.accounts import DEMO_ACCOUNTS
from assessment.extensions import db
from assessment.models import Organization
from tests import conftest
from tests.integration.celery_support import (
    CELERY, ROOT, WorkerSetup, _wait_until_ready, demo_app, own_database,
)

SETUP = WorkerSetup("redis://127.0.0.1:6379/12", "deployment")
REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;url=([^"]+)">')


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with own_database(tmp_path, "deployment") as url:
        yield url


@pytest.fixture()
def broker_app(tmp_path: Path, database: str) -> Iterator[Flask]:
    with demo_app(tmp_path, database, **SETUP.config(), DOCUMENT_QUICK_WAIT=0,
                  REPORTS_DIR=str(tmp_path / "reports")) as app:
        yield app


@contextmanager
def worker(app: Flask, database: str, tmp_path: Path, cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``celery -A assessment.worker worker`` started from ``cwd``, as the operator's shell or service manager does."""
    environment = {**os.environ, "DATABASE_URL": database, "CELERY_BROKER_URL": SETUP.broker,
                   "CELERY_QUEUE": SETUP.queue, "SECRET_KEY": secrets.token_urlsafe(32),
                   "REPORTS_DIR": str(tmp_path / "reports"), "PYTHONPATH": ""}
    with log.open("ab") as output:
        process = subprocess.Popen(
            [str(CELERY), "-A", "assessment.worker", "worker", "--pool=solo", "-Q", SETUP.queue, "-n", SETUP.node,
             "--loglevel=INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=cwd, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(app, SETUP, process, log)
        yield process
    finally:
        conftest.stop_process(process, timeout=60)


@pytest.fixture()
def queue() -> Iterator[None]:
    """The queue emptied at the end, and any job a killed worker held unacknowledged forgotten with it:
    Redis would hand it back to this queue in an hour, into a later run's database."""
    yield
    broker = redis.Redis.from_url(SETUP.broker)
    try:
        broker.delete(SETUP.queue)
        for tag, held in broker.hgetall("unacked").items():
            if json.loads(held)[-1] == SETUP.queue:
                broker.hdel("unacked", tag)
                broker.zrem("unacked_index", tag)
    finally:
        broker.close()


def signed_in(app: Flask) -> FlaskClient:
    client = conftest.RequestScopedClient(app, app.response_class, use_cookies=True)
    admin = next(a for a in DEMO_ACCOUNTS if a.role.value == "admin")
    token = conftest.csrf_token(client.get("/auth/login").get_data(as_text=True))
    assert client.post("/auth/login", data={"email": admin.email, "password": admin.password,
                                            "csrf_token": token}).status_code == 302
    return client


def follow_until_done(client: FlaskClient, reply, seconds: float, log: Path):  # type: ignore[no-untyped-def]
    """What the browser does: come back to the page's refresh address until it stops saying "being prepared"."""
    deadline = time.monotonic() + seconds
    while reply.status_code == 202:
        assert time.monotonic() < deadline, \
            f"still 'being prepared' after {seconds:.0f} s\n{log.read_text()[-3000:]}"
        time.sleep(1)
        match = REFRESH.search(reply.get_data(as_text=True))
        assert match
        reply = client.get(html.unescape(match.group(1)))
    return reply


def diagnostic_url(app: Flask) -> str:
    with app.app_context():
        slug = db.session.execute(db.select(Organization.slug)).scalar_one()
    return f"/results/{slug}/2026-Q3/diagnostic.pdf"


@pytest.mark.celery
def test_a_worker_started_beside_the_shared_reports_folder_prepares_documents(
        broker_app: Flask, database: str, tmp_path: Path, queue: None) -> None:
    # The operator starts the worker in the folder that holds the shared reports folder (here REPORTS_DIR is
    # tmp_path/reports). Celery puts that folder first on the import path, and the app's own ``reports``
    # package became the empty reports folder: every document failed, "could not be prepared".
    (tmp_path / "reports").mkdir(exist_ok=True)
    log = tmp_path / "worker.log"
    client = signed_in(broker_app)
    with worker(broker_app, database, tmp_path, cwd=tmp_path, log=log):
        reply = follow_until_done(client, client.get(diagnostic_url(broker_app)), 300, log)
    assert reply.status_code == 200 and reply.mimetype == "application/pdf", \
        f"{reply.status_code}: {reply.get_data(as_text=True)[:500]}\n{log.read_text()[-3000:]}"
    assert reply.data.startswith(b"%PDF")
    assert "Traceback" not in log.read_text()


@pytest.mark.celery
def test_a_document_whose_worker_was_killed_and_restarted_is_prepared_again_at_once(
        broker_app: Flask, database: str, tmp_path: Path, queue: None) -> None:
    # A worker killed mid-document (an out-of-memory kill, a deployment) and started again: Redis hands the job
    # out again only after an hour, and the page said "being prepared" for a quarter of an hour.
    log = tmp_path / "worker.log"
    client = signed_in(broker_app)
    with worker(broker_app, database, tmp_path, cwd=ROOT, log=log) as first:
        reply = client.get(diagnostic_url(broker_app))
        assert reply.status_code == 202
        job = re.search(r"job=([0-9a-f-]+)", reply.get_data(as_text=True)).group(1)
        deadline = time.monotonic() + 60
        while "assessment.prepare_document" not in log.read_text():   # the worker has taken the job
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.05)
        started = time.monotonic()
        while broker_app.extensions["celery"].AsyncResult(job).state != "STARTED" and time.monotonic() < started + 1:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert not any((tmp_path / "reports").glob("*diagnostic.pdf")), "the job finished before its worker was killed"
    with worker(broker_app, database, tmp_path, cwd=ROOT, log=log):
        reply = follow_until_done(client, reply, 120, log)
    assert reply.status_code == 200 and reply.mimetype == "application/pdf", reply.get_data(as_text=True)[:500]
    assert reply.data.startswith(b"%PDF")
