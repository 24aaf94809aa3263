"""What a consultant sees when the job queue is set but Redis is down, or no worker takes its jobs.

Each command says so in one line and at once, instead of a traceback after
Celery's own twenty seconds of retries, or a batch waiting an hour for a worker
that is not there; what it refuses it leaves undone, so no notice is lost.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask

from assessment.extensions import db
from assessment.models import AuditEntry, Cycle, CycleStatus, Organization
from tests.integration.celery_support import WorkerSetup, demo_app, own_database, unreachable_broker

SETUP = WorkerSetup("redis://127.0.0.1:6379/13", "no-worker")


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with own_database(tmp_path, "queue") as url:
        yield url



def _names(app: Flask) -> tuple[str, str]:
    with app.app_context():
        slug = db.session.execute(db.select(Organization.slug)).scalar_one()
        open_period = db.session.execute(db.select(Cycle.period).filter_by(status=CycleStatus.open)).scalar_one()
        db.session.remove()
    return slug, open_period


def _status(app: Flask, period: str) -> CycleStatus:
    with app.app_context():
        status = db.session.execute(db.select(Cycle.status).filter_by(period=period)).scalar_one()
        db.session.remove()
    return status


def test_with_redis_down_each_command_refuses_at_once_in_one_line_and_changes_nothing(
    tmp_path: Path, database: str
) -> None:
    broker = unreachable_broker()
    with demo_app(tmp_path, database, CELERY_BROKER_URL=broker) as app:
        slug, open_period = _names(app)
        runner = app.test_cli_runner()
        for args in (["report", "batch", f"{slug}/2026-Q3", "-o", str(tmp_path / "out")],
                     ["invitations", "send", f"{slug}/{open_period}"],
                     ["cycle", "close", f"{slug}/{open_period}", "--publish"],
                     ["cycle", "notify", f"{slug}/2026-Q3"]):
            started = time.monotonic()
            result = runner.invoke(args=args)
            assert time.monotonic() - started < 10, args
            assert result.exit_code == 1, result.output
            [line] = result.output.strip().splitlines()
            assert line.startswith(f"Error: the job queue at redis://:**@{broker.removeprefix('redis://')} "
                                   "cannot be reached (")
            assert line.endswith("start Redis, or unset CELERY_BROKER_URL to run jobs in this process")
        assert _status(app, open_period) == CycleStatus.open      # not closed, so no publication notice was lost
        with app.app_context():
            asked = db.session.execute(db.select(AuditEntry.action).where(AuditEntry.action.startswith("cycle.not"))
                                       ).scalars().all()
            db.session.remove()
        assert asked == []   # the notice asked again for is neither audited nor recorded as queued
        assert not (tmp_path / "out").exists()


@pytest.mark.celery
def test_without_a_worker_a_batch_is_refused_and_mail_is_queued_saying_it_waits(
    tmp_path: Path, database: str
) -> None:
    with demo_app(tmp_path, database, **SETUP.config()) as app:
        slug, open_period = _names(app)
        runner = app.test_cli_runner()
        queue = redis.Redis.from_url(SETUP.broker)   # one client, closed at the end: an unclosed socket fails a later test
        try:
            batch = runner.invoke(args=["report", "batch", f"{slug}/2026-Q3", "-o", str(tmp_path / "out")])
            assert batch.exit_code == 1
            assert batch.output.strip().splitlines() == [
                f"Error: no Celery worker takes jobs from queue {SETUP.queue!r}: start one with "
                "`celery -A assessment.worker worker`, or unset CELERY_BROKER_URL to run jobs in this process"]
            assert queue.llen(SETUP.queue) == 0   # nothing rendered for nobody

            # Waiting for the outcome (the default), the command says nobody would send it, and fails; the
            # mailing stays queued for the worker to come.
            mailing = runner.invoke(args=["invitations", "send", f"{slug}/{open_period}"])
            assert mailing.exit_code == 1, mailing.output
            assert mailing.output.strip().splitlines() == [
                f"Error: queued the invitations for {slug}/{open_period}, but no worker is running now; it is kept "
                "in the queue and done once one starts (`celery -A assessment.worker worker`)"]
            assert queue.llen(SETUP.queue) == 1   # kept for the worker to come

        finally:
            queue.delete(SETUP.queue)
            queue.close()
