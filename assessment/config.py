"""Configuration from the environment, read when the app is built, never at import."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

DEV_SECRET = "dev-only-not-secret"


def _defaults(instance_path: str) -> dict[str, Any]:
    env = os.environ
    database = env.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'alignment.sqlite'}"
    return {
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(database),
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL") or None,
        "REPORTS_DIR": env.get("REPORTS_DIR") or str(Path(instance_path) / "reports"),
        "PUBLIC_URL": env.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        "SMTP_HOST": env.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(env.get("SMTP_PORT", "25")),
        "MAIL_FROM": env.get("MAIL_FROM", "survey@alignment.invalid"),
        "DEMO_MODE": env.get("ALIGNMENT_DEMO_MODE", "1") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
    }


def _normalise_database_url(url: str) -> str:
    """Accept the plain ``postgresql://`` form too; we drive PostgreSQL with psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def configure(app: Flask, overrides: dict[str, Any] | None) -> None:
    app.config.from_mapping(_defaults(app.instance_path))
    if overrides:
        app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
