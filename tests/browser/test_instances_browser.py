"""Past one machine: several gunicorn instances behind one address, each with several worker processes.

DESIGN's way to scale is "several stateless gunicorn instances": whichever instance and worker
process answers a click, a visitor must not notice. Two real gunicorn instances of two workers each
share the database, the SECRET_KEY and the sign-in throttles (Redis), and the browser goes from one to
the other between clicks. No broker: a document is prepared by whichever process is asked, as on one
machine without Celery.
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
import sqlalchemy as sa
from playwright.sync_api import Browser, expect

from assessment import create_app
from assessment.extensions import db
from assessment.models import Cycle
from tests.browser.conftest import empty_database, free_port, open_the_demo_survey, prepare_the_demo, sign_in
from tests.conftest import app_config, stop_process

pytestmark = pytest.mark.browser

GUNICORN = Path(sys.executable).with_name("gunicorn")
ROOT = Path(__file__).resolve().parents[2]
LIMITS = "redis://127.0.0.1:6379/10"
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


@dataclass(frozen=True)
class Instances:
    first: str
    second: str
    period: str                    # the demo's latest published cycle


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instances]:
    folder: Path = tmp_path_factory.mktemp("instances")
    settings = empty_database(folder, "instances")
    app = create_app({**app_config(folder, ""), **settings})
    prepare_the_demo(app, dt.date.today())     # the instances read today's date: the demo is of today
    with app.app_context():
        period = db.session.execute(
            db.select(Cycle.period).where(Cycle.published_on.is_not(None)).order_by(Cycle.period.desc())
        ).scalars().first()
        db.session.remove()
        db.engine.dispose()     # the instances have connections of their own
    prefix = f"instances-{secrets.token_hex(4)}"   # this run's throttles, apart from any other's in that Redis
    environment = {**os.environ, "DATABASE_URL": _url_for_a_process(settings), "SECRET_KEY": secrets.token_urlsafe(32),
                   "RATELIMIT_STORAGE_URI": LIMITS, "REPORTS_DIR": str(folder / "reports"),
                   "ALIGNMENT_DEMO_MODE": "1"}
    environment.pop("CELERY_BROKER_URL", None)
    try:
        with gunicorn(environment, prefix, folder / "first.log") as first, \
                gunicorn(environment, prefix, folder / "second.log") as second:
            yield Instances(first, second, period)
    finally:
        limits = redis.Redis.from_url(LIMITS)
        for key in limits.scan_iter(f"{prefix}*"):
            limits.delete(key)
        limits.close()


@contextmanager
def gunicorn(environment: dict[str, str], prefix: str, log_path: Path) -> Iterator[str]:
    """``gunicorn --workers 2 'assessment:create_app()'`` on a port of its own, until the block ends."""
    port = free_port()
    factory = f"assessment:create_app({{'RATELIMIT_KEY_PREFIX': {prefix!r}}})"
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "--workers", "2", "--bind", f"127.0.0.1:{port}", factory],
            cwd=ROOT, env={**environment, "PUBLIC_URL": url}, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_serving(url, process, log_path)
            yield url
        finally:
            stop_process(process, timeout=30)


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/auth/login", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            # TimeoutError: a worker still importing the app on a busy machine takes more than 5 s to answer
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")


def _url_for_a_process(settings: dict[str, Any]) -> str:
    """The test database as one ``DATABASE_URL``: on PostgreSQL, the schema travels as a connection option."""
    url = sa.make_url(str(settings["SQLALCHEMY_DATABASE_URI"]))
    options = settings.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}).get("options")
    if options:
        url = url.update_query_dict({"options": options})
    return url.render_as_string(hide_password=False)


def test_signed_in_on_one_instance_is_signed_in_on_every_instance(browser: Browser, instances: Instances) -> None:
    page = browser.new_context(**LAPTOP).new_page()
    sign_in(page, instances.first, "executive")
    for _ in range(3):   # each instance's two workers, whichever takes the request
        for server in (instances.first, instances.second):
            page.goto(f"{server}/results/northwind/{instances.period}")
            expect(page.get_by_role("heading", level=1)).to_have_text("Northwind Traders")
            expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()      # on the second instance
    page.goto(f"{instances.first}/results/northwind/{instances.period}")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_passwords_are_counted_together_by_every_instance(browser: Browser, instances: Instances) -> None:
    """Five wrong passwords lock the account for 15 minutes, however many processes they were spread over."""
    page = browser.new_context(**LAPTOP).new_page()
    for attempt in range(5):
        server = (instances.first, instances.second)[attempt % 2]
        page.goto(f"{server}/auth/login")
        page.get_by_label("Email").fill("lead@demo.example")
        page.get_by_label("Password").fill(f"a wrong guess {attempt}")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("That email and password don't match an active account.")).to_be_visible()

    for server in (instances.first, instances.second):
        page.goto(f"{server}/auth/login")
        page.get_by_label("Email").fill("lead@demo.example")
        page.get_by_label("Password").fill("demo-lead-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Too many sign-in attempts for this account")).to_be_visible()


def test_a_survey_saved_on_one_instance_is_resumed_and_sent_from_another(
    browser: Browser, instances: Instances
) -> None:
    page = browser.new_context(**LAPTOP).new_page()
    page.goto(instances.first)
    open_the_demo_survey(page)
    path = page.url.removeprefix(instances.first)
    assert path.startswith("/s/")
    groups = page.locator(".scale")
    total = groups.count()
    groups.nth(0).get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()

    page.goto(f"{instances.second}{path}")
    expect(page.locator("#progress-text")).to_have_text(f"1 of {total} answered")
    for index in range(1, total):
        groups.nth(index).get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    page.goto(f"{instances.first}{path}")
    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()


def test_a_document_is_prepared_whichever_worker_process_the_page_asks(
    browser: Browser, instances: Instances
) -> None:
    """Without a broker each process has its own job pool; the page asking again may reach another process."""
    page = browser.new_context(**LAPTOP, accept_downloads=True).new_page()
    sign_in(page, instances.second, "executive")
    with page.expect_download(timeout=180_000) as download:
        # A fast machine prepares the PDF within the first request's quick wait and the link downloads at once,
        # which goto() reports as an error ("Download is starting"); a plain navigation takes either path.
        page.evaluate("url => { window.location.href = url; }",
                      f"{instances.second}/results/northwind/{instances.period}/executive-summary.pdf")
    assert download.value.suggested_filename == f"northwind-{instances.period}-executive-summary.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
