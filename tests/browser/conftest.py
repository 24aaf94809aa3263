"""A live server on loopback and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import Browser, Playwright, sync_playwright
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
    """The app on its own small SQLite demo, served from a thread (the browser needs real HTTP)."""
    folder: Path = tmp_path_factory.mktemp("live")
    app = create_app(app_config(folder, f"sqlite:///{folder / 'live.sqlite'}"))
    app.config["TESTING"] = False
    with app.app_context():
        upgrade()
        load_demo(3, dt.date(2026, 11, 25), organizations=1)
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()
