"""`alignment report batch` through a real Celery worker on this machine's Redis.

The worker is a separate process, so it cannot see the session database's
rolled-back transaction: the test builds its own database (a SQLite file, or
a fresh PostgreSQL database in the PostgreSQL pass), loads one demo
organization into it and commits, then starts `celery -A assessment.worker
worker --pool=solo` against redis://127.0.0.1:6379/13 and stops it at the end.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from assessment import create_app
from assessment.extensions import db
from tests import conftest

BROKER = "redis://127.0.0.1:6379/13"
RUN = uuid.uuid4().hex[:12]
QUEUE, NODE = f"alignment-test-{RUN}", f"alignment-test-{RUN}@localhost"
CELERY = Path(sys.executable).with_name("celery")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def own_database(tmp_path: Path) -> Iterator[str]:
    """A database the worker can read: committed to, and gone afterwards."""
    url = conftest.suite_database_url(tmp_path)
    if not url.startswith("postgresql"):
        yield url
        return
    admin = sa.make_url(url).set(database="postgres")
    name = f"{sa.make_url(url).database}_celery_{RUN}"
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
def celery_app_with_demo(tmp_path: Path, own_database: str) -> Iterator[Flask]:
    config = {**conftest.app_config(tmp_path, own_database), "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": QUEUE,
              "REPORT_TASK_TIMEOUT": 600}
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
def worker(celery_app_with_demo: Flask, own_database: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "DATABASE_URL": own_database, "CELERY_BROKER_URL": BROKER,
           "SECRET_KEY": secrets.token_urlsafe(32), "REPORTS_DIR": str(tmp_path / "reports")}
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen([str(CELERY), "-A", "assessment.worker", "worker", "--pool=solo", "-Q", QUEUE, "-n", NODE,
                                "--loglevel=INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(celery_app_with_demo, process, tmp_path / "worker.log")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        redis.Redis.from_url(BROKER).delete(QUEUE)


def _wait_until_ready(app: Flask, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited:\n{log.read_text()[-3000:]}")
        if app.extensions["celery"].control.ping(destination=[NODE], timeout=1):
            return
    pytest.fail(f"the Celery worker did not answer a ping:\n{log.read_text()[-3000:]}")


@pytest.mark.celery
def test_batch_renders_on_a_real_worker_and_skips_on_a_rerun(
        celery_app_with_demo: Flask, worker: subprocess.Popen[bytes], tmp_path: Path) -> None:
    runner = celery_app_with_demo.test_cli_runner()
    with celery_app_with_demo.app_context():
        from assessment.models import Organization

        organization = db.session.execute(db.select(Organization)).scalar_one()
        slug, teams = organization.slug, len(organization.teams)
        db.session.remove()
    out = tmp_path / "out"
    result = runner.invoke(args=["report", "batch", f"{slug}/2026-Q3", "-o", str(out)])
    assert result.exit_code == 0, result.output + (tmp_path / "worker.log").read_text()[-3000:]
    assert f"{teams + 2} written, 0 unchanged" in result.output
    assert len(list(out.glob("*.pdf"))) == teams + 2 and not list(out.glob(".*.part"))
    text = subprocess.run(["pdftotext", str(out / f"{slug}-2026-Q3-executive-summary.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "Executive summary" in text and "alignment index" in text
    assert "succeeded" in (tmp_path / "worker.log").read_text()   # the worker, not this process, rendered

    again = runner.invoke(args=["report", "batch", f"{slug}/2026-Q3", "-o", str(out)])
    assert again.exit_code == 0 and f"0 written, {teams + 2} unchanged" in again.output
