"""A download page when the job queue is set but Redis is down, or no worker takes its jobs.

The executive gets a plain page saying the document cannot be prepared now
(503, nothing to refresh for a quarter of an hour), never a server error after
Celery's twenty seconds of retries; the administrator finds the cause in the log.
"""
from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.demo.accounts import DEMO_ACCOUNTS
from assessment.extensions import db
from assessment.models import Organization
from tests import conftest
from tests.integration.celery_support import WorkerSetup, demo_app, own_database

SETUP = WorkerSetup("redis://127.0.0.1:6379/14", "download-no-worker")


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with own_database(tmp_path, "downq") as url:
        yield url


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _signed_in(app: Flask) -> tuple[FlaskClient, str]:
    client = conftest.RequestScopedClient(app, app.response_class, use_cookies=True)
    admin = next(a for a in DEMO_ACCOUNTS if a.role.value == "admin")
    token = conftest.csrf_token(client.get("/auth/login").get_data(as_text=True))
    assert client.post("/auth/login", data={"email": admin.email, "password": admin.password,
                                            "csrf_token": token}).status_code == 302
    with app.app_context():
        slug = db.session.execute(db.select(Organization.slug)).scalar_one()
        db.session.remove()
    return client, f"/results/{slug}/2026-Q3/executive-summary.pdf"


def _says_unavailable(reply) -> None:  # type: ignore[no-untyped-def]
    page = reply.get_data(as_text=True)
    assert reply.status_code == 503, page[:300]
    assert "cannot be prepared right now" in page and "Nothing is lost" in page
    assert 'http-equiv="refresh"' not in page and "redis://" not in page  # no address shown to the reader


def test_with_redis_down_the_download_says_so_at_once(tmp_path: Path, database: str) -> None:
    with demo_app(tmp_path, database, CELERY_BROKER_URL=f"redis://127.0.0.1:{_closed_port()}/0") as app:
        client, url = _signed_in(app)
        _says_unavailable(client.get(url))


def test_with_no_worker_a_waiting_download_stops_refreshing_and_says_why(tmp_path: Path, database: str) -> None:
    with demo_app(tmp_path, database, **SETUP.config(), DOCUMENT_QUICK_WAIT=0) as app:
        client, url = _signed_in(app)
        first = client.get(url)
        assert first.status_code == 202 and "is being prepared" in first.get_data(as_text=True)
        job = first.get_data(as_text=True).split("job=")[1].split("&")[0]
        # The browser checks back a minute later: the job is still queued, and nobody is there to take it.
        _says_unavailable(client.get(f"{url}?job={job}&since={int(time.time()) - 60}"))
