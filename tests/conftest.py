"""Fixtures shared by the integration, web and browser tests.

One database per test session (SQLite in a temporary folder, or the
PostgreSQL named by ``DATABASE_URL``), upgraded by the real migrations and
loaded with the synthetic demo once. Each test then runs inside a transaction
that is rolled back, so tests may commit freely and still see the same data.
"""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import subprocess
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade

from assessment import create_app
from assessment.demo.load import load_demo
from assessment.extensions import db

DEMO_SEED = 7
DEMO_AS_OF = dt.date(2026, 11, 25)


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, each worker's PostgreSQL pass gets a database of its own (``test_gw0``, ...).

    Everything the suite derives from ``DATABASE_URL`` (the demo's schema, which ``session_app``
    resets, the schemas of live servers, the Celery workers' databases) then stays within one worker.
    """
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("DATABASE_URL")
    if worker and url and sa.make_url(url).get_backend_name() == "postgresql":
        os.environ["DATABASE_URL"] = _fresh_database(sa.make_url(url), worker)
        config.stash[_WORKER_DATABASE] = os.environ["DATABASE_URL"]


def pytest_unconfigure(config: pytest.Config) -> None:
    if url := config.stash.get(_WORKER_DATABASE, None):
        on_postgres_server(sa.make_url(url), f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)')


_WORKER_DATABASE = pytest.StashKey[str]()


def _fresh_database(url: sa.URL, worker: str) -> str:
    name = f"{url.database}_{worker}"
    on_postgres_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def on_postgres_server(url: sa.URL, *statements: str) -> None:
    """Run statements from the server's ``postgres`` database (a database cannot drop itself)."""
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()


def suite_database_url(folder: Path) -> str:
    """The database the suite runs on: CI sets DATABASE_URL for the PostgreSQL pass."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'test.sqlite'}"


def app_config(folder: Path, database_url: str) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REPORTS_DIR": str(folder / "reports"),
        "PUBLIC_URL": "http://survey.test",
        "CELERY_BROKER_URL": None,
        "PLANNED_MAIL_CHECK_SECONDS": 0,   # no live server sends planned mail unless its test asks
    }


def reset_schema(engine: sa.Engine) -> None:
    """Start from an empty database, so the migrations are what builds it."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    else:
        sa.MetaData().drop_all(engine)


@pytest.fixture(scope="session")
def session_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("app")
    app = create_app(app_config(folder, suite_database_url(folder)))
    with app.app_context():
        reset_schema(db.engine)
        upgrade()
        load_demo(DEMO_SEED, DEMO_AS_OF)
        db.session.commit()
        db.session.remove()
    yield app
    # Close the pooled connections now: left to the garbage collector, psycopg warns (an error here).
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def app(session_app: Flask) -> Iterator[Flask]:
    """The demo app, with everything a test writes rolled back afterwards."""
    with session_app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection  # type: ignore[assignment]
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        try:
            yield session_app
        finally:
            db.session.remove()
            transaction.rollback()
            connection.close()
            engines[None] = engine


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return RequestScopedClient(app, app.response_class, use_cookies=True)


class RequestScopedClient(FlaskClient):
    """Each request starts with an empty ``g``, as in production.

    The ``app`` fixture keeps one app context pushed for the whole test, and
    Flask reuses it for every request, so without this the signed-in user and
    the CSRF token cached in ``g`` by one request would leak into the next.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture()
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture()
def open_invitation(app: Flask):  # type: ignore[no-untyped-def]
    """A factory: a fresh personal link of a demo employee who has not answered yet."""
    from assessment.models import Cycle, CycleStatus, Invitation, Organization
    from assessment.operations.cycles import renew_link

    def make(org: str = "northwind") -> tuple[Invitation, str]:
        invitation = db.session.execute(
            db.select(Invitation).join(Cycle).join(Organization)
            .where(Organization.slug == org, Cycle.status == CycleStatus.open, Invitation.completed.is_(False))
            .order_by(Invitation.id).limit(1)
        ).scalar_one()
        token = renew_link(invitation, DEMO_AS_OF)
        db.session.commit()
        return invitation, token

    return make


# --- Staff accounts (issue 6) -------------------------------------------------

@pytest.fixture()
def lead_team(app: Flask):  # type: ignore[no-untyped-def]
    """The team of the demo's team lead (lead@demo.example)."""
    from assessment.operations.accounts import find_user

    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    return lead.team


@pytest.fixture()
def fresh_limits(app: Flask) -> None:
    """Sign-in throttles start from zero: the limiter's memory outlives each test's rollback."""
    from assessment.extensions import limiter

    limiter.reset()


@pytest.fixture()
def login(app: Flask, fresh_limits: None):  # type: ignore[no-untyped-def]
    """A factory: sign ``client`` in through the real form as a demo account, named by email or role.

    ``login(client, "executive")`` or ``login(client, "lead@demo.example")``; any
    other account works with its ``password``. Returns the client, now signed in.
    """
    from assessment.demo.accounts import DEMO_ACCOUNTS

    def sign_in(client: FlaskClient, who: str = "admin", password: str | None = None) -> FlaskClient:
        if password is None:
            account = next(a for a in DEMO_ACCOUNTS if who in (a.email, a.role.value))
            who, password = account.email, account.password
        token = csrf_token(client.get("/auth/login").get_data(as_text=True))
        reply = client.post("/auth/login", data={"email": who, "password": password, "csrf_token": token})
        assert reply.status_code == 302, f"could not sign in as {who}"
        return client

    return sign_in


@contextmanager
def smtp_server_with(handler: object) -> Iterator[int]:
    """A real SMTP server (aiosmtpd) on a free loopback port that answers with ``handler``: yields its port."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def received_message(envelope) -> email.message.EmailMessage:  # type: ignore[no-untyped-def]
    """What an aiosmtpd handler received, parsed as a reader's mail program would."""
    return email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[return-value]


@contextmanager
def smtp_server(refused: set[str] | None = None) -> Iterator[tuple[int, list]]:  # type: ignore[type-arg]
    """A real SMTP server (aiosmtpd) on a free loopback port: yields (port, messages received).

    Addresses in ``refused`` (which the test may fill later) are answered 550, as a full mailbox would be.
    """
    received: list[email.message.EmailMessage] = []
    refusing = refused if refused is not None else set()

    class Collect:
        async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # type: ignore[no-untyped-def]
            if address in refusing:
                return "550 no such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
            received.append(received_message(envelope))
            return "250 OK"

    with smtp_server_with(Collect()) as port:
        yield port, received


@pytest.fixture()
def mailbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list]:  # type: ignore[type-arg]
    """The app sends to a real SMTP server on loopback; yields the messages received."""
    with smtp_server() as (port, received):
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        yield received


def stop_process(process: "subprocess.Popen[bytes]", timeout: float) -> None:
    """End a server or worker a test started: asked to stop first, killed if it does not within ``timeout``."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
