"""Background jobs: Celery on Redis when a broker is configured, in-process otherwise."""
from __future__ import annotations

from celery import Celery, Task
from celery.exceptions import TimeoutError as ResultNotReady
from celery.result import AsyncResult
from flask import Flask
from kombu.exceptions import OperationalError

from assessment.scheduled_mail import TASK_NAME as DUE_MAIL_TASK, check_in_process


def init_app(app: Flask) -> Celery:
    """The Flask docs' ``celery_init_app``: every task runs inside an app context."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    broker, every = app.config["CELERY_BROKER_URL"], app.config["PLANNED_MAIL_CHECK_SECONDS"]
    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object({
        "broker_url": broker or "memory://",
        "result_backend": broker or "cache+memory://",
        "task_always_eager": broker is None,
        "task_ignore_result": False,
        "broker_connection_retry_on_startup": True,
        "imports": ("assessment.tasks", "assessment.invitation_mail", "assessment.scheduled_mail"),
        # Planned mail (``assessment.scheduled_mail``): what ``celery beat`` queues, every PLANNED_MAIL_CHECK_SECONDS.
        "beat_schedule": {"send-due-mailings": {"task": DUE_MAIL_TASK, "schedule": float(every)}} if every > 0 else {},
        "task_default_queue": app.config.get("CELERY_QUEUE") or "celery",
        "task_acks_late": True,                     # a task lost with its worker runs again: tasks are idempotent
        # A started job names its worker, so a download can tell a job still rendering from one lost with a
        # worker that was stopped mid-job (``document_jobs.CeleryJobs``).
        "task_track_started": True,
        "worker_prefetch_multiplier": 1,            # one PDF at a time per process, so cores share the batch
    })
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    app.extensions["planned_mail_stop"] = check_in_process(app)
    return celery_app


class QueueUnavailable(RuntimeError):
    """Jobs cannot be queued, or nobody would take them; the message says what to start."""


def listening_workers(app: Flask) -> list[str]:
    """The workers taking this app's queue; ``QueueUnavailable`` at once when the broker cannot be reached.

    Celery itself retries an unreachable Redis for some twenty seconds and then
    raises a traceback, after a command may have changed the database; asking
    first lets a command refuse in a second, before it writes anything.
    """
    celery_app = app.extensions["celery"]
    queue = celery_app.conf.task_default_queue
    require_broker(app)
    replies = celery_app.control.inspect(timeout=1.0).active_queues() or {}
    return sorted(node for node, queues in replies.items() if any(q.get("name") == queue for q in queues))


def require_broker(app: Flask) -> None:
    """``QueueUnavailable`` within a couple of seconds when the broker cannot be reached."""
    with app.extensions["celery"].connection_for_write() as connection:
        where = connection.as_uri()            # any password masked
        try:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        except (OperationalError, OSError) as error:
            raise QueueUnavailable(f"the job queue at {where} cannot be reached ({error}); start Redis, "
                                   "or unset CELERY_BROKER_URL to run jobs in this process") from None


def waiting_for_a_worker(app: Flask) -> bool:
    """Whether queued jobs would wait: a broker, and no worker on the queue. Without a broker jobs run here."""
    return bool(app.config["CELERY_BROKER_URL"]) and not listening_workers(app)


class NoWorker(QueueUnavailable):
    """The broker answers, but no worker takes this app's queue: queued jobs wait there until one starts."""


class JobFailed(RuntimeError):
    """The worker ran the job and it raised; the message is the job's error."""


def require_worker(app: Flask) -> None:
    """For a command that waits on its jobs' results: with no worker it would wait for nothing."""
    if waiting_for_a_worker(app):
        celery_app = app.extensions["celery"]
        raise NoWorker(f"no Celery worker takes jobs from queue {celery_app.conf.task_default_queue!r}: "
                               "start one with `celery -A assessment.worker worker`, "
                               "or unset CELERY_BROKER_URL to run jobs in this process")


#: How long a command waits on a queued job before asking again whether any worker is there to take it.
WORKER_CHECK_EVERY = 20.0


def wait_for_result(app: Flask, job: AsyncResult, check_every: float = WORKER_CHECK_EVERY) -> object:
    """The job's return value once a worker has run it, however long that takes while a worker is there.

    ``NoWorker`` when no worker takes the queue (checked every ``check_every``
    seconds, as the download page does): the job stays queued, nothing is
    revoked. ``JobFailed`` when the job raised. Giving up the wait (Ctrl-C)
    leaves the job to the worker too: the result lives in the backend, not here.
    """
    while True:
        try:
            value = job.get(timeout=check_every, propagate=False)
        except ResultNotReady:
            require_worker(app)
            continue
        if job.failed():
            raise JobFailed(str(value))
        return value


#: What a command says of queued work when no worker is running yet: it is kept, and done once one starts.
NO_WORKER_YET = "no worker is running now; it is kept in the queue and done once one starts " \
                "(`celery -A assessment.worker worker`)"
