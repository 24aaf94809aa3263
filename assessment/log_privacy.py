"""Logs that contain neither survey tokens, password links nor answers.

A personal link ``/s/<token>`` is a bearer credential: whoever reads it in
an access log can answer as that person, or see that they have not. So is a
staff account's invitation or reset link ``/auth/password/<purpose>/<token>``:
whoever reads it within its week chooses the password of an account nobody
has signed in to yet (an administrator's, if that was the invitation). The
request lines of Werkzeug and gunicorn and Flask's own "Exception on
<path>" carry the path, so a filter rewrites both on those loggers. SQL
parameters (packed answers, comments) are kept out of SQLAlchemy's log
lines and error messages with ``hide_parameters``.
"""
from __future__ import annotations

import logging
import re

from flask import Flask

TOKEN_PATH = re.compile(r"/s/(?!thanks\b)[^\s/?#\"']+")
REDACTED = "/s/<token>"
PASSWORD_LINK = re.compile(r"(/auth/password/[^\s/?#\"']+/)[^\s/?#\"']+")  # the purpose is kept
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


class TokenRedaction(logging.Filter):
    """Rewrites a record's message with every survey token and password link's token replaced; never drops a
    record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/s/" in message or "/auth/password/" in message:
            record.msg, record.args = redact(message), None
        return True


def redact(text: str) -> str:
    return PASSWORD_LINK.sub(r"\1<token>", TOKEN_PATH.sub(REDACTED, text))


def init_app(app: Flask) -> None:
    """Call before the database extension is bound, so the engine gets ``hide_parameters``."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("hide_parameters", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    for logger in (app.logger, *(logging.getLogger(name) for name in REQUEST_LOGGERS)):
        if not any(isinstance(f, TokenRedaction) for f in logger.filters):
            logger.addFilter(TokenRedaction())
