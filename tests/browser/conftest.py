"""A live server on loopback and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
from werkzeug.serving import make_server

from assessment import create_app
from assessment.demo.load import load_demo
from assessment.extensions import db
from tests.conftest import app_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on its own small demo, served from a thread (the browser needs real HTTP).

    The demo is a SQLite file, or on CI's PostgreSQL pass a schema of that database, so the pages are
    driven on both databases the suite runs on.
    """
    folder: Path = tmp_path_factory.mktemp("live")
    with serving_the_demo(create_app({**app_config(folder, ""), **empty_database(folder, "live")})) as url:
        yield url


@contextmanager
def serving_the_demo(app: Flask, today: dt.date = dt.date(2026, 11, 25)) -> Iterator[str]:
    """Serve ``app`` over HTTP, as a browser meets it (TESTING off), on a small demo of ``today`` loaded for it."""
    app.config["TESTING"] = False
    prepare_the_demo(app, today)
    try:
        with serving(app) as url:
            yield url
    finally:
        with app.app_context():  # PostgreSQL connections are closed, not left to the garbage collector
            db.engine.dispose()


def prepare_the_demo(app: Flask, today: dt.date) -> None:
    """``app``'s database upgraded, with a small demo of ``today`` committed in it."""
    with app.app_context():
        upgrade()
        load_demo(3, today, organizations=1)
        db.session.commit()
        db.session.remove()


def sign_in(page: Page, server: str, role: str) -> None:
    """Sign in as the demo's account of ``role`` and wait until the page says so and has finished loading.

    The Sign out button shows before the landing page's load event: a test that counts page loads
    from here on would otherwise count the landing page too, on a busy machine.
    """
    page.goto(f"{server}/auth/login")
    page.get_by_label("Email").fill(f"{role}@demo.example")
    page.get_by_label("Password").fill(f"demo-{role}-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.wait_for_load_state("load")


def open_the_demo_survey(page: Page) -> None:
    """Press the landing page's "Answer the demo survey" and wait until the survey has loaded.

    The press returns before the survey arrives: a test that counts the questions or reaches into the
    form straight away would otherwise read the landing page, on a busy machine.
    """
    page.get_by_role("button", name="Answer the demo survey").click()
    expect(page.get_by_role("button", name="Submit my answers")).to_be_visible()
    page.wait_for_load_state("load")


def free_port() -> int:
    """A port on loopback that nothing listens on, to build an app that knows its own address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Flask, port: int = 0) -> Iterator[str]:
    """Serve ``app`` from a thread on loopback (the browser needs real HTTP); yields its base URL."""
    server = make_server("127.0.0.1", port, _closing_every_body(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _closing_every_body(app: Flask):  # type: ignore[no-untyped-def]
    """The app with each response read whole and closed before Werkzeug's test server writes it.

    That server closes a response (a static file's open handle) only after reading what is left of the request,
    in the same ``finally``; a browser resetting the connection meanwhile (a favicon fetch cut short) left the
    file to the garbage collector, whose ResourceWarning failed whichever test ran then.
    """
    def wsgi(environ, start_response):  # type: ignore[no-untyped-def]
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()
    return wsgi


def empty_database(folder: Path, name: str) -> dict[str, Any]:
    """Settings for an empty database of a live server's own: SQLite in ``folder``, or a PostgreSQL schema.

    On PostgreSQL (``DATABASE_URL``, as CI's second pass) the server gets the schema ``name`` in that
    database, so the suite's own demo in ``public``, which ``session_app`` resets, is left alone either way.
    """
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / name}.sqlite"}
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        connection.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    engine.dispose()
    return {"SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-c search_path={name}"}}}


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()
