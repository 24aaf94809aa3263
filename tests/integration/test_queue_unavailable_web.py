"""The web pages when the job queue is set but Redis is down, or no worker takes its jobs.

A download says the document cannot be prepared now (503, nothing to refresh
for a quarter of an hour); publishing and mailing from the console refuse in a
sentence and change nothing, or say the mail waits for a worker. Never a server
error after Celery's twenty seconds of retries.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from assessment.demo.accounts import DEMO_ACCOUNTS
from assessment.extensions import db
from assessment.models import Organization
from tests import conftest
from tests.integration.celery_support import WorkerSetup, demo_app, own_database, unreachable_broker

SETUP = WorkerSetup("redis://127.0.0.1:6379/14", "download-no-worker")


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with own_database(tmp_path, "downq") as url:
        yield url



def _signed_in(app: Flask) -> tuple[FlaskClient, str]:
    """The admin's client and the organization's executive summary download."""
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
    with demo_app(tmp_path, database, CELERY_BROKER_URL=unreachable_broker()) as app:
        client, url = _signed_in(app)
        _says_unavailable(client.get(url))


@pytest.mark.usefixtures("empty_queue")
def test_with_no_worker_a_waiting_download_stops_refreshing_and_says_why(tmp_path: Path, database: str) -> None:
    with demo_app(tmp_path, database, **SETUP.config(), DOCUMENT_QUICK_WAIT=0) as app:
        client, url = _signed_in(app)
        first = client.get(url)
        assert first.status_code == 202 and "is being prepared" in first.get_data(as_text=True)
        job = first.get_data(as_text=True).split("job=")[1].split("&")[0]
        # The browser checks back a minute later: the job is still queued, and nobody is there to take it.
        _says_unavailable(client.get(f"{url}?job={job}&since={int(time.time()) - 60}"))


def _close_the_open_cycle(app: Flask) -> tuple[str, str]:
    from assessment.models import Cycle, CycleStatus
    from assessment.operations.cycles import close_cycle

    with app.app_context():
        cycle = db.session.execute(db.select(Cycle).filter_by(status=CycleStatus.open)).scalar_one()
        close_cycle(cycle)
        db.session.commit()
        names = cycle.organization.slug, cycle.period
        db.session.remove()
    return names


def _status(app: Flask, period: str) -> str:
    from assessment.models import Cycle

    with app.app_context():
        status = db.session.execute(db.select(Cycle.status).filter_by(period=period)).scalar_one()
        db.session.remove()
    return str(status.value)


def _post(client: FlaskClient, page: str, action: str) -> str:
    token = conftest.csrf_token(client.get(page).get_data(as_text=True))
    return " ".join(client.post(f"{page}/{action}", data={"csrf_token": token, "min_days": "0"},
                                follow_redirects=True).get_data(as_text=True).split())


def test_with_redis_down_publishing_and_mailing_refuse_and_change_nothing(tmp_path: Path, database: str) -> None:
    with demo_app(tmp_path, database, CELERY_BROKER_URL=unreachable_broker()) as app:
        slug, period = _close_the_open_cycle(app)
        client, _ = _signed_in(app)
        page = f"/manage/{slug}/{period}"
        said = _post(client, page, "publish")
        assert "Nothing was published: the job queue that sends mail cannot be reached right now." in said
        assert _status(app, period) == "closed"  # still in review, and its notice still to send
        open_page = f"/manage/{slug}/2026-Q3"
        assert "Nothing was sent: the job queue" in _post(client, open_page, "reminders")
        again = _post(client, open_page, "notice")   # 2026-Q3 is published in the demo
        assert "Nobody was mailed: the job queue that sends mail cannot be reached right now." in again
        assert "No notice is on record for this publication" in again and "Queued for a worker" not in again


@pytest.fixture()
def empty_queue() -> Iterator[None]:
    """What these tests queue for no worker is removed afterwards: the Redis database is this module's own."""
    yield
    redis.Redis.from_url(SETUP.broker).flushdb()


@pytest.mark.usefixtures("empty_queue")
def test_with_no_worker_publishing_says_the_notice_waits_for_one(tmp_path: Path, database: str) -> None:
    with demo_app(tmp_path, database, **SETUP.config()) as app:
        slug, period = _close_the_open_cycle(app)
        client, _ = _signed_in(app)
        said = _post(client, f"/manage/{slug}/{period}", "publish")
        assert f"Published {period}" in said
        assert "No worker is running to send it now: the mail waits in the queue and goes out once one starts." in said
        assert _status(app, period) == "published"
        assert "Queued for a worker on " in said and "and not mailed yet" in said
        again = _post(client, f"/manage/{slug}/{period}", "notice")
        assert "A worker is mailing the notice again to every active executive and team lead" in again
        assert "No worker is running to send it now" in again
