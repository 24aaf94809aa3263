"""A web download prepared by a real Celery worker (Redis db 11), as behind gunicorn with a broker.

Like ``test_batch_celery``: a database of its own that the worker can read,
one demo organization committed to it, and a worker on a queue of its own.
"""
from __future__ import annotations

import html
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask_migrate import upgrade

from assessment import create_app
from assessment.demo.accounts import DEMO_ACCOUNTS
from assessment.extensions import db
from tests import conftest
from tests.integration.test_batch_celery import own_database  # noqa: F401  (a fixture)

BROKER = "redis://127.0.0.1:6379/11"
RUN = uuid.uuid4().hex[:12]
QUEUE, NODE = f"alignment-download-{RUN}", f"alignment-download-{RUN}@localhost"
CELERY = Path(sys.executable).with_name("celery")
ROOT = Path(__file__).resolve().parents[2]
REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;url=([^"]+)">')


@pytest.fixture()
def broker_app(tmp_path: Path, own_database: str) -> Iterator[Flask]:  # noqa: F811
    # No quick wait: one small organization renders fast enough to be served on the first request.
    config = {**conftest.app_config(tmp_path, own_database), "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": QUEUE,
              "DOCUMENT_QUICK_WAIT": 0}
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
def worker(broker_app: Flask, own_database: str, tmp_path: Path) -> Iterator[Path]:  # noqa: F811
    env = {**os.environ, "DATABASE_URL": own_database, "CELERY_BROKER_URL": BROKER,
           "SECRET_KEY": secrets.token_urlsafe(32), "REPORTS_DIR": str(tmp_path / "reports")}
    log_path = tmp_path / "worker.log"
    log = log_path.open("wb")
    process = subprocess.Popen([str(CELERY), "-A", "assessment.worker", "worker", "--pool=solo", "-Q", QUEUE, "-n", NODE,
                                "--loglevel=INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not broker_app.extensions["celery"].control.ping(destination=[NODE], timeout=1):
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


@pytest.mark.celery
def test_the_worker_prepares_the_summary_while_the_browser_checks_back(broker_app: Flask, worker: Path) -> None:
    client = conftest.RequestScopedClient(broker_app, broker_app.response_class, use_cookies=True)
    admin = next(a for a in DEMO_ACCOUNTS if a.role.value == "admin")
    token = conftest.csrf_token(client.get("/auth/login").get_data(as_text=True))
    assert client.post("/auth/login", data={"email": admin.email, "password": admin.password,
                                            "csrf_token": token}).status_code == 302
    from assessment.models import Organization

    slug = db.session.execute(db.select(Organization.slug)).scalar_one()
    url = f"/results/{slug}/2026-Q3/executive-summary.pdf"

    reply = client.get(url)
    assert reply.status_code == 202 and "is being prepared" in reply.get_data(as_text=True)
    deadline = time.monotonic() + 300
    while reply.status_code == 202:
        assert time.monotonic() < deadline, worker.read_text()[-3000:]
        time.sleep(1)
        match = REFRESH.search(reply.get_data(as_text=True))
        assert match
        reply = client.get(html.unescape(match.group(1)))
    assert reply.status_code == 200 and reply.mimetype == "application/pdf", worker.read_text()[-3000:]
    assert reply.data.startswith(b"%PDF")
    assert "assessment.prepare_document" in worker.read_text()   # the worker, not this process, prepared it
    stored = Path(broker_app.config["REPORTS_DIR"]) / f"{slug}-2026-Q3-executive-summary.pdf"
    assert stored.read_bytes() == reply.data
