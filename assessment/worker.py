"""The Celery worker's entry point: ``celery -A assessment.worker worker``.

Like a WSGI file, this is the one module that builds an app when imported:
the worker needs an app (and its configuration from the environment) to
exist before it can look up tasks. Nothing else imports it.
"""
from celery.signals import worker_process_init

from assessment import create_app
from reports.batch import warm_up

flask_app = create_app()
celery_app = flask_app.extensions["celery"]


@worker_process_init.connect
def _warm_up_worker(**_: object) -> None:
    """Each worker process loads fonts, templates and matplotlib once, as the local pool's workers do."""
    warm_up()
