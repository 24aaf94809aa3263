"""`alignment report batch` through a real Celery worker on this machine's Redis.

The worker is a separate process, so it cannot see the session database's
rolled-back transaction: the test builds its own database (a SQLite file, or
a fresh PostgreSQL database in the PostgreSQL pass), loads one demo
organization into it and commits, then starts `celery -A assessment.worker
worker --pool=solo` against redis://127.0.0.1:6379/13 and stops it at the end.
"""
from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from assessment.extensions import db
from tests.integration.celery_support import WorkerSetup, demo_app, own_database, running_worker

SETUP = WorkerSetup("redis://127.0.0.1:6379/13", "batch")


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with own_database(tmp_path, "celery") as url:
        yield url


@pytest.fixture()
def celery_app_with_demo(tmp_path: Path, database: str) -> Iterator[Flask]:
    with demo_app(tmp_path, database, **SETUP.config(), REPORT_TASK_TIMEOUT=600) as app:
        yield app


@pytest.fixture()
def worker(celery_app_with_demo: Flask, database: str, tmp_path: Path) -> Iterator[Path]:
    with running_worker(celery_app_with_demo, SETUP, database, tmp_path) as log:
        yield log


@pytest.mark.celery
def test_batch_renders_on_a_real_worker_and_skips_on_a_rerun(
        celery_app_with_demo: Flask, worker: Path, tmp_path: Path) -> None:
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
