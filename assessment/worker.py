"""The Celery worker's entry point: ``celery -A assessment.worker worker``.

Like a WSGI file, this is the one module that builds an app when imported:
the worker needs an app (and its configuration from the environment) to
exist before it can look up tasks. Nothing else imports it.
"""
from assessment import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
