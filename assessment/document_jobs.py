"""Whole-organization documents prepared in the background, so that no request waits on one.

Reading a cycle through the gate for the first time in a process, then
rendering a diagnostic of every team, takes longer than a proxy lets a
request live. A download therefore starts a job and answers at once; the
browser comes back until the job has left the PDF in the reports folder.

A job takes ids, reads the cycle through ``CycleDocuments`` like every other
path, and renders only when the stored copy's digest no longer matches
(``assessment.rendering.prepare_document``): an unchanged document is a quick job. With a broker
the job is a Celery task; without one it runs in a small local process pool
whose workers build their own app from this app's settings, so no database
connection or session ever crosses into them.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import time
import uuid
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from flask import Flask
from kombu.exceptions import OperationalError

from assessment.extensions import db
from assessment.jobs import QueueUnavailable, require_broker, require_worker

RUNNING, READY, FAILED, UNKNOWN = "running", "ready", "failed", "unknown"
PREPARE_TASK = "assessment.prepare_document"


@dataclass(frozen=True)
class JobState:
    status: str                       # running, ready, failed or unknown
    filename: str | None = None       # in the reports folder, once ready


class DocumentJobs(Protocol):
    def start(self, cycle_id: int, kind: str, folder: str) -> str: ...
    def state(self, job: str, cycle_id: int, kind: str) -> JobState: ...
    def unavailable(self, waited: float) -> str | None: ...


def document_jobs(app: Flask) -> DocumentJobs:
    """The app's job runner, made on first use: Celery with a broker, a local pool without."""
    jobs = app.extensions.get("document_jobs")
    if jobs is None:
        jobs = CeleryJobs(app) if app.config["CELERY_BROKER_URL"] else LocalJobs(app)
        app.extensions["document_jobs"] = jobs
    return jobs


def wait_for(jobs: DocumentJobs, job: str, cycle_id: int, kind: str, seconds: float) -> JobState:
    """The job's state once it is no longer running, or after ``seconds``: quick jobs need no second request."""
    deadline = time.monotonic() + seconds
    while True:
        state = jobs.state(job, cycle_id, kind)
        if state.status != RUNNING or time.monotonic() >= deadline:
            return state
        time.sleep(0.1)


class CeleryJobs:
    """Each job is a task; its id is the job's id, its stored result the file's name."""

    #: How long a job may wait before the page asks whether any worker is there to take it.
    WORKER_CHECK_AFTER = 20.0

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.celery = app.extensions["celery"]

    def unavailable(self, waited: float) -> str | None:
        """Why no document can be prepared now, or None: the broker first (Celery would hang some
        twenty seconds on it), then, once a job has waited a while, whether any worker takes the queue."""
        try:
            require_broker(self.app)
            if waited > self.WORKER_CHECK_AFTER:
                require_worker(self.app)
        except QueueUnavailable as error:
            return str(error)
        return None

    def start(self, cycle_id: int, kind: str, folder: str) -> str:
        return str(self.celery.send_task(PREPARE_TASK, kwargs={"cycle_id": cycle_id, "kind": kind,
                                                                "folder": folder}).id)

    def state(self, job: str, cycle_id: int, kind: str) -> JobState:
        result = self.celery.AsyncResult(job)
        if result.state == "STARTED" and self._lost(job, result.info):
            result = self.celery.AsyncResult(job)     # it may have finished while its worker was asked
            if result.state == "STARTED":
                return JobState(UNKNOWN)              # the caller starts it afresh
        if result.state == "SUCCESS":
            return JobState(READY, str(result.result))
        if result.state in ("FAILURE", "REVOKED"):
            return JobState(FAILED)
        return JobState(RUNNING)      # PENDING: queued, or an id Celery never saw (the caller's timeout ends it)

    def _lost(self, job: str, started: object) -> bool:
        """Whether the worker that started the job answers that it no longer has it: stopped mid-job and started
        again (a deployment, an out-of-memory kill). Redis hands such a job out again only after an hour, and the
        page said "being prepared" for a quarter of an hour. A worker that does not answer (gone, or a solo pool
        busy rendering) proves nothing: then the caller's timeout decides, as before.
        """
        node = started.get("hostname") if isinstance(started, dict) else None
        if not node:
            return False
        try:
            replies = self.celery.control.inspect(destination=[node], timeout=1.0).query_task(job) or {}
        except (OperationalError, OSError):
            return False
        return node in replies and not replies[node]


class LocalJobs:
    """A process pool in this server process; jobs are known to the process that started them."""

    KEEP = 200                        # finished jobs remembered, for browsers still polling

    def __init__(self, app: Flask) -> None:
        self.config = _picklable(app.config)
        self.workers = int(app.config.get("DOCUMENT_JOB_WORKERS", 1))
        self.lock = threading.Lock()
        self.pool: ProcessPoolExecutor | None = None
        self.jobs: dict[str, tuple[int, str, str, Future[str]]] = {}

    def start(self, cycle_id: int, kind: str, folder: str) -> str:
        with self.lock:
            for job, (c, k, f, future) in self.jobs.items():
                if (c, k, f) == (cycle_id, kind, folder) and not future.done():
                    return job        # the same document is on its way already
            future = self._submit(cycle_id, kind, folder)
            job = uuid.uuid4().hex
            self.jobs[job] = (cycle_id, kind, folder, future)
            for old in [j for j, entry in self.jobs.items() if entry[3].done()][:-self.KEEP]:
                del self.jobs[old]
            return job

    def unavailable(self, waited: float) -> str | None:
        return None                   # the pool lives in this process: it is there as long as the page is

    def state(self, job: str, cycle_id: int, kind: str) -> JobState:
        entry = self.jobs.get(job)
        if entry is None or entry[:2] != (cycle_id, kind):
            return JobState(UNKNOWN)  # another process's job, or another document's: start afresh
        future = entry[3]
        if not future.done():
            return JobState(RUNNING)
        if future.exception() is not None:
            return JobState(FAILED)
        return JobState(READY, future.result())

    def _submit(self, cycle_id: int, kind: str, folder: str) -> Future[str]:
        try:
            return self._pool().submit(_run_job, cycle_id, kind, folder)
        except BrokenProcessPool:     # a worker died (killed, out of memory): a fresh pool, once
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
            return self._pool().submit(_run_job, cycle_id, kind, folder)

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers,
                                            mp_context=multiprocessing.get_context("forkserver"),
                                            initializer=_start_worker, initargs=(self.config, os.getpid()))
        return self.pool


def _picklable(config: dict[str, Any]) -> dict[str, Any]:
    """The settings a worker needs to build the same app; anything that cannot travel stays behind."""
    kept = {}
    for key, value in config.items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001  (any object pickle refuses, whatever it raises)
            continue
        kept[key] = value
    return kept


_worker_app: Flask | None = None


def _start_worker(config: dict[str, Any], server: int) -> None:
    """In a pool worker: this process's own app, engine and caches, built once.

    A server killed outright (a dev server on Ctrl-C, a worker past its timeout)
    never shuts its pool down: the worker then notices and leaves by itself.
    """
    global _worker_app
    # Here and in ``_run_job``, in the worker: it renders, so it imports the renderer (WeasyPrint,
    # matplotlib); the server only hands out jobs and never does.
    from assessment import create_app
    from reports.batch import warm_up

    _worker_app = create_app(config)
    warm_up()  # fonts, templates and matplotlib once, then out of the garbage collector's way
    threading.Thread(target=_leave_with, args=(server,), daemon=True, name="leave-with-server").start()


def _leave_with(server: int) -> None:
    while True:
        time.sleep(2)
        try:
            os.kill(server, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:   # a process of that number exists, someone else's: the server is gone
            os._exit(0)


def _run_job(cycle_id: int, kind: str, folder: str) -> str:
    from assessment.rendering import prepare_document

    assert _worker_app is not None, "the pool's initializer builds the app"
    with _worker_app.app_context():
        try:
            return prepare_document(cycle_id, kind, folder)
        finally:
            db.session.remove()
