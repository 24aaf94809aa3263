"""Configuration from the environment, read when the app is built, never at import."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEV_SECRET = "dev-only-not-secret"
MIN_SECRET_LENGTH = 24
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
DEFAULT_PORTS = {"http": 80, "https": 443}


class InsecureConfiguration(RuntimeError):
    """The app would run with a known or missing secret; the message says what to set."""


class InvalidSetting(RuntimeError):
    """A setting from the environment cannot be used as written; the message says which and how to write it."""


def _defaults(instance_path: str) -> dict[str, Any]:
    env = os.environ
    database = env.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'alignment.sqlite'}"
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(database),
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL") or None,
        "REPORTS_DIR": env.get("REPORTS_DIR") or str(Path(instance_path) / "reports"),
        "PUBLIC_URL": env.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        "SMTP_HOST": env.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": _number(env, "SMTP_PORT", 25, int),
        "SMTP_TIMEOUT": _number(env, "SMTP_TIMEOUT", 10.0, float),  # seconds to wait on a server that does not answer
        "MAIL_FROM": env.get("MAIL_FROM", "survey@alignment.invalid"),
        "DEMO_MODE": env.get("ALIGNMENT_DEMO_MODE", "1") == "1",
        "SESSION_COOKIE_SECURE": None,  # decided from PUBLIC_URL in configure()
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        # No form takes more than a logo or a roster; anything larger is refused (413) before it is read.
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        # Sign-in throttles (Flask-Limiter): per account and per client address.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Reverse proxies in front of the app: their X-Forwarded-For then names the client,
        # which the per-address throttle needs. 0 trusts no such header (anyone could forge it).
        "PROXY_HOPS": _number(env, "PROXY_HOPS", 0, int),
        # Calls to /api/v1/ per client address, in Flask-Limiter's words ("300 per minute").
        "API_RATE_LIMIT": env.get("API_RATE_LIMIT", "300 per minute"),
        # Origins whose pages may read /api/v1/ with a bearer token, comma-separated; none by default.
        "API_CORS_ORIGINS": env.get("API_CORS_ORIGINS", ""),
        # Without a broker: processes preparing documents beside each web process, and how long a
        # download waits for a quick (unchanged) document before answering with the page that prepares it.
        "DOCUMENT_JOB_WORKERS": _number(env, "DOCUMENT_JOB_WORKERS", 1, int),
        "DOCUMENT_QUICK_WAIT": _number(env, "DOCUMENT_QUICK_WAIT", 3.0, float),
        # Without a broker: how often a serving process sends the planned mail that is due (seconds; 0 leaves it
        # to cron and `alignment invitations send-due`). With one, Celery beat does it.
        "PLANNED_MAIL_CHECK_SECONDS": _number(env, "PLANNED_MAIL_CHECK_SECONDS", 3600, int),
        "SIGN_IN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
        "SIGN_IN_LIMIT_PER_ADDRESS": "30 per 15 minutes",
        "PASSWORD_RESET_MAX_AGE": 60 * 60,
        "INVITATION_MAX_AGE": 7 * 24 * 60 * 60,
    }


def _number(env: os._Environ[str] | dict[str, str], name: str, default: int | float, kind: type) -> Any:
    """A number from the environment, or a refusal to start that names the variable (not a traceback)."""
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise InvalidSetting(f"{name} must be a {'whole ' if kind is int else ''}number, not {text!r}") from None
    if value < 0:
        raise InvalidSetting(f"{name} must not be negative, not {text!r}")
    return value


#: The databases the service runs on, as SQLAlchemy names them (PostgreSQL driven by psycopg 3).
DATABASES = ("sqlite", "postgresql+psycopg")


def _normalise_database_url(url: str) -> str:
    """Accept the plain ``postgresql://`` form too; we drive PostgreSQL with psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    try:
        readable = make_url(url).drivername in DATABASES
    except (ArgumentError, ValueError):   # no scheme, a port that is no number...
        readable = False
    if not readable:
        # The value is not repeated: it may hold a password. Else each command and the server failed with a
        # traceback, about the address or about a driver module for another database that is not installed.
        raise InvalidSetting("DATABASE_URL must be the address of a SQLite or PostgreSQL database, written as "
                             "sqlite:////path/to/alignment.sqlite or postgresql://user:password@host:5432/database")
    return url


def configure(app: Flask, overrides: dict[str, Any] | None) -> None:
    app.config.from_mapping(_defaults(app.instance_path))
    if overrides:
        app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    # Cookies travel only over HTTPS once the app is served over HTTPS; `make run` on
    # http://127.0.0.1 still gets a session. HttpOnly and SameSite hold everywhere.
    https = app.config["PUBLIC_URL"].startswith("https://")
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = https
    app.config["SECRET_KEY"] = _secret_key(app)
    app.config["API_CORS_ORIGINS"] = cors_origins(app.config["API_CORS_ORIGINS"])


def cors_origins(setting: str | Iterable[str]) -> frozenset[str]:
    """``API_CORS_ORIGINS`` as the exact origins a browser will send, or a refusal to start.

    Written as a browser serialises an ``Origin`` header (lower case, no default
    port), so that matching a request is a plain set lookup.
    """
    items = setting.split(",") if isinstance(setting, str) else list(setting)
    return frozenset(_origin(item.strip()) for item in items if item.strip())


def _origin(text: str) -> str:
    if "*" in text:
        # Answers are personal to the token's holder: no site at large may read them.
        raise InvalidSetting(
            f"API_CORS_ORIGINS may not contain {text!r}: a wildcard would let any website read the API's "
            "answers with its visitors' tokens; list each dashboard's origin, e.g. https://dash.example.com"
        )
    how = "write scheme://host[:port], e.g. https://dash.example.com, with no path (not even a trailing '/')"
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        raise InvalidSetting(f"API_CORS_ORIGINS: {text!r} has an invalid port; {how}") from None
    if (parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname or parts.path or parts.query
            or parts.fragment or "@" in parts.netloc or text.endswith(("?", "#")) or any(c.isspace() for c in text)):
        raise InvalidSetting(f"API_CORS_ORIGINS: {text!r} is not an origin; {how}")
    scheme = parts.scheme.lower()
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{scheme}://{host}" + (f":{port}" if port is not None and port != DEFAULT_PORTS[scheme] else "")


def _secret_key(app: Flask) -> str:
    """A real secret, or a refusal to start.

    Debug and test runs may use the well-known development key. A server that
    answers only on this machine (PUBLIC_URL on loopback, as `make run`) gets a
    random key kept in the instance folder. Anything else must set SECRET_KEY:
    with a known key anyone could forge a session and sign in as an admin.
    """
    key = app.config.get("SECRET_KEY")
    if key and key != DEV_SECRET and len(key) >= MIN_SECRET_LENGTH:
        return str(key)
    if app.debug or app.testing:
        return str(key or DEV_SECRET)
    if not key and urlsplit(app.config["PUBLIC_URL"]).hostname in LOOPBACK_HOSTS:
        return _instance_secret(Path(app.instance_path))
    raise InsecureConfiguration(
        "refusing to start without a real SECRET_KEY: set it in the environment to at least "
        f"{MIN_SECRET_LENGTH} random characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))'"
    )


def _instance_secret(folder: Path) -> str:
    """The local server's own random key, created once, readable by its owner only.

    gunicorn starts its workers together: each writes a draft of its own and
    links it into place, so the first link wins and every process reads that
    one key, never an empty or half-written file.
    """
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        draft = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass                      # another process placed its key first: that one is the key
        finally:
            draft.unlink()
    return path.read_text().strip()
