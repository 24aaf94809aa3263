"""Background jobs: Celery on Redis when a broker is configured, in-process otherwise."""
from __future__ import annotations

from celery import Celery, Task
from flask import Flask


def init_app(app: Flask) -> Celery:
    """The Flask docs' ``celery_init_app``: every task runs inside an app context."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    broker = app.config["CELERY_BROKER_URL"]
    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object({
        "broker_url": broker or "memory://",
        "result_backend": broker or "cache+memory://",
        "task_always_eager": broker is None,
        "task_ignore_result": False,
        "broker_connection_retry_on_startup": True,
        "imports": ("assessment.tasks", "assessment.invitation_mail"),  # rendering and mailing tasks
        "task_default_queue": app.config.get("CELERY_QUEUE") or "celery",
        "task_acks_late": True,                     # a task lost with its worker runs again: tasks are idempotent
        "worker_prefetch_multiplier": 1,            # one PDF at a time per process, so cores share the batch
    })
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
