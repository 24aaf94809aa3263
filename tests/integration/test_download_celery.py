"""A web download prepared by a real Celery worker (Redis db 11), as behind gunicorn with a broker.

Like ``test_batch_celery``: a database of its own that the worker can read,
one demo organization committed to it, and a worker on a queue of its own.
"""
from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from assessment.demo.accounts import DEMO_ACCOUNTS
from assessment.extensions import db
from tests import conftest
from tests.integration.celery_support import WorkerSetup, demo_app, own_database, running_worker

SETUP = WorkerSetup("redis://127.0.0.1:6379/11", "download")
REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;url=([^"]+)">')


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with own_database(tmp_path, "download") as url:
        yield url


@pytest.fixture()
def broker_app(tmp_path: Path, database: str) -> Iterator[Flask]:
    # No quick wait: one small organization renders fast enough to be served on the first request.
    with demo_app(tmp_path, database, **SETUP.config(), DOCUMENT_QUICK_WAIT=0) as app:
        yield app


@pytest.fixture()
def worker(broker_app: Flask, database: str, tmp_path: Path) -> Iterator[Path]:
    with running_worker(broker_app, SETUP, database, tmp_path) as log:
        yield log


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
