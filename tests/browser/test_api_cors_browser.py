"""A dashboard page on another origin fetches the API in a real browser, preflight and all.

The page is served by a second little server on loopback; its origin is
``http://127.0.0.1:<port>`` (listed in API_CORS_ORIGINS) or, for the same page,
``http://localhost:<port>`` (not listed). Chromium decides what the page may read.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from assessment import create_app
from assessment.api.tokens import api_token
from assessment.operations.accounts import find_user
from tests.browser.conftest import empty_database, serving_the_demo, sign_in
from tests.conftest import app_config

FETCH = """async ([url, token, credentials]) => {
  try {
    const reply = await fetch(url, {headers: token ? {Authorization: `Bearer ${token}`} : {}, credentials});
    return {status: reply.status, body: await reply.json()};
  } catch (error) {
    return {error: `${error.name}: ${error.message}`};
  }
}"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A static dashboard page on a port of its own; yields the port."""
    folder: Path = tmp_path_factory.mktemp("dashboard")
    (folder / "index.html").write_text("<!doctype html><title>Client dashboard</title><h1>Dashboard</h1>")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, dashboard: int) -> Iterator[tuple[str, str]]:
    """The app, opened to the dashboard's origin only; yields its URL and an executive's token."""
    folder: Path = tmp_path_factory.mktemp("cors")
    app = create_app({**app_config(folder, ""), **empty_database(folder, "cors"),
                      "API_CORS_ORIGINS": f"http://127.0.0.1:{dashboard}"})
    with serving_the_demo(app) as url:
        with app.app_context():
            user = find_user("executive@demo.example")
            assert user is not None
            token = api_token(user, 1)
        yield url, token


def dashboard_page(browser: Browser, host: str, port: int) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"http://{host}:{port}/index.html")
    return page


def test_a_listed_origins_page_reads_the_api_with_a_token_and_only_with_a_token(
        browser: Browser, api: tuple[str, str], dashboard: int) -> None:
    server, token = api
    page = dashboard_page(browser, "127.0.0.1", dashboard)
    read = page.evaluate(FETCH, [f"{server}/api/v1/organizations", token, "omit"])
    assert read.get("status") == 200, read
    assert [o["slug"] for o in read["body"]["organizations"]] == ["northwind"]
    refused = page.evaluate(FETCH, [f"{server}/api/v1/organizations", "not-a-token", "omit"])
    assert refused.get("status") == 401 and "invalid" in refused["body"]["message"], "the dashboard can read why"
    # Signed in on the app in the same browser, the page still cannot read anything with the session cookie.
    sign_in(page.context.new_page(), server, "executive")
    with_cookie = page.evaluate(FETCH, [f"{server}/api/v1/organizations", None, "include"])
    assert with_cookie.get("error", "").startswith("TypeError"), with_cookie


def test_a_page_on_an_origin_not_listed_cannot_read_the_api(browser: Browser, api: tuple[str, str],
                                                            dashboard: int) -> None:
    server, token = api
    page = dashboard_page(browser, "localhost", dashboard)
    blocked = page.evaluate(FETCH, [f"{server}/api/v1/organizations", token, "omit"])
    assert blocked.get("error", "").startswith("TypeError"), blocked
