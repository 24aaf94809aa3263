"""What every real-Celery-worker test needs: a database the worker can read, the demo in it, a running worker.

The worker is a separate process, so it cannot see the suite's rolled-back
transaction: each test gets a database of its own (a SQLite file, or a fresh
PostgreSQL database in the PostgreSQL pass) with one demo organization
committed, and a worker on a Redis queue of its own that is stopped and
emptied at the end.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kombu.pools
import pytest
import redis
import sqlalchemy as sa
from celery import Celery
from flask import Flask
from flask_migrate import upgrade

from assessment import create_app
from assessment.extensions import db
from tests import conftest

CELERY = Path(sys.executable).with_name("celery")
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class WorkerSetup:
    """One test module's broker (its own Redis database number) and a queue and node name no other run shares."""

    broker: str
    name: str
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def queue(self) -> str:
        return f"alignment-{self.name}-{self.run}"

    @property
    def node(self) -> str:
        return f"{self.queue}@localhost"

    def config(self) -> dict[str, Any]:
        return {"CELERY_BROKER_URL": self.broker, "CELERY_QUEUE": self.queue}


@contextmanager
def own_database(tmp_path: Path, name: str) -> Iterator[str]:
    """A database the worker can read: committed to, and gone afterwards."""
    url = conftest.suite_database_url(tmp_path)
    if not url.startswith("postgresql"):
        yield url
        return
    database = f"{sa.make_url(url).database}_{name}_{uuid.uuid4().hex[:8]}"
    conftest.on_postgres_server(sa.make_url(url), f'CREATE DATABASE "{database}"')
    try:
        yield sa.make_url(url).set(database=database).render_as_string(hide_password=False)
    finally:
        conftest.on_postgres_server(sa.make_url(url), f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextmanager
def demo_app(tmp_path: Path, database_url: str, **config: Any) -> Iterator[Flask]:
    """The app on ``database_url``, upgraded, with one demo organization committed."""
    app = create_app({**conftest.app_config(tmp_path, database_url), **config})
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo", "--organizations", "1",
                                                    "--as-of", conftest.DEMO_AS_OF.isoformat()])
        assert result.exit_code == 0, result.output
        db.session.remove()
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()
            close_connections(app.extensions["celery"])


def close_connections(celery_app: Celery) -> None:
    """Close every socket the app's pings, queued jobs and results opened on Redis, for good.

    Left to the garbage collector, they fail whichever later test it happens to run in (the suite turns
    the ResourceWarning into an error; a PostgreSQL pass failed on one in a CSV test). ``Celery.close``
    alone forgets the broker's pool without closing its connections, and never touches the result
    backend's (hence a private attribute). The broker's pools are kombu's, shared by every app of the
    process on the same broker: they are closed and forgotten, so the next test's app opens its own.
    """
    kombu.pools.reset()
    backend = celery_app._backend
    if backend is not None:
        consumer = getattr(backend, "result_consumer", None)
        if consumer is not None:
            consumer.stop()
            # A result still held somewhere unsubscribes when collected, and would connect again to do it.
            consumer.subscribed_to.clear()
        if "client" in vars(backend):
            backend.client.connection_pool.disconnect()
    celery_app.close()


@contextmanager
def running_worker(app: Flask, setup: WorkerSetup, database_url: str, tmp_path: Path,
                   **env: str) -> Iterator[Path]:
    """``celery -A assessment.worker worker`` on the setup's queue until the block ends; yields its log file."""
    environment = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": setup.broker,
                   "CELERY_QUEUE": setup.queue, "SECRET_KEY": secrets.token_urlsafe(32),
                   "REPORTS_DIR": str(tmp_path / "reports"), **env}
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(CELERY), "-A", "assessment.worker", "worker", "--pool=solo", "-Q", setup.queue, "-n", setup.node,
             "--loglevel=INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_ready(app, setup, process, log_path)
            yield log_path
        finally:
            conftest.stop_process(process, timeout=60)
            queue = redis.Redis.from_url(setup.broker)
            queue.delete(setup.queue)
            queue.close()     # its socket, left to the garbage collector, would fail a later test


def _wait_until_ready(app: Flask, setup: WorkerSetup, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited:\n{log.read_text()[-3000:]}")
        if app.extensions["celery"].control.ping(destination=[setup.node], timeout=1):
            return
    pytest.fail(f"the Celery worker did not answer a ping:\n{log.read_text()[-3000:]}")


def unreachable_broker() -> str:
    """A Redis address nothing listens on: a port bound for a moment, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
