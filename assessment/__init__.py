"""The Flask shell around the survey: the only package that knows HTTP, SQL or Celery."""
from __future__ import annotations

from typing import Any

from flask import Flask

from assessment.config import configure
from assessment.paths import TEMPLATE_DIR


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides what the environment says (tests use it)."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(TEMPLATE_DIR))
    configure(app, config)

    from assessment import extensions, jobs, log_privacy, web
    from assessment.cli import register_commands

    log_privacy.init_app(app)
    extensions.init_app(app)
    jobs.init_app(app)
    web.init_app(app)
    register_commands(app)
    return app
