"""Extensions, created unbound here and bound to an app in ``init_app``."""
from __future__ import annotations

import json
from typing import Any

import orjson
from flask import Flask, has_request_context, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from assessment.paths import MIGRATIONS_DIR

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=str(MIGRATIONS_DIR), render_as_batch=True)
csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: only the sign-in and reset forms are throttled, each where it is declared.
limiter = Limiter(key_func=get_remote_address)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets pages read while a close writes; foreign keys are off by default in SQLite.

    pysqlite's own transaction handling breaks SAVEPOINT, so SQLAlchemy emits
    BEGIN itself (the recipe in SQLAlchemy's SQLite dialect documentation).
    """
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    """An employee's survey form takes SQLite's write lock as its transaction begins, waiting its turn.

    A transaction that reads first and writes later cannot wait: if another request wrote meanwhile, SQLite
    refuses the write at once ("database is locked"), and two employees submitting at the same moment got a
    server error, one of them losing the answers. Only the survey's forms, where many people send at once and
    nothing slow happens: a staff form that mails (publish, a password link) would hold the lock through the
    mail server's wait, and every survey sent meanwhile would wait with it.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _survey_form_sent() else "BEGIN")


def _survey_form_sent() -> bool:
    return has_request_context() and request.method == "POST" and request.blueprint == "respond"


def dump_json(value: Any) -> str:
    """JSON columns are written with orjson: a close stores megabytes of score
    snapshots, and the standard encoder spent about 90 ms of a 20,000-person close there.

    Non-string keys become strings and NumPy scalars numbers, as ``json.dumps`` would.
    """
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY).decode()


def load_json(text: str | bytes) -> Any:
    """orjson's reader, with the standard one for text orjson refuses (``NaN`` written by older versions)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def init_app(app: Flask) -> None:
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    options.setdefault("json_serializer", dump_json)
    options.setdefault("json_deserializer", load_json)
    db.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)
    # With the throttles' Redis out of reach (RATELIMIT_STORAGE_URI mistyped, Redis restarting), every sign-in was a
    # server error: nobody could sign in. The throttles then count in this process instead, as with `memory://`,
    # and go back to Redis once it answers; the log says so.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
