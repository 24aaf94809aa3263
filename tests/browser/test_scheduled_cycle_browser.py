"""A cycle prepared in advance, in a real browser: the employee's early link says when the survey opens,
and the consultant's Open now makes that same link a survey."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, expect

from assessment import create_app
from assessment.dates import written
from assessment.demo.load import load_demo
from assessment.extensions import db
from tests.browser.conftest import empty_database, serving
from tests.conftest import app_config

pytestmark = pytest.mark.browser

OPENS = dt.date.today() + dt.timedelta(days=6)


@pytest.fixture()
def demo_app(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    """A one-organization demo of today, served on loopback, whose commands the test can run too."""
    app = create_app({**app_config(tmp_path, ""), **empty_database(tmp_path, "scheduled")})
    app.config["TESTING"] = False
    with app.app_context():
        upgrade()
        load_demo(3, dt.date.today(), organizations=1)
        db.session.commit()
        db.session.remove()
    try:
        with serving(app) as url:
            yield app, url
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_link_handed_out_before_the_opening_date_says_when_and_works_once_opened(
    browser: Browser, demo_app: tuple[Flask, str], tmp_path: Path
) -> None:
    app, server = demo_app
    consultant = browser.new_context().new_page()
    consultant.goto(f"{server}/auth/login")
    consultant.get_by_label("Email").fill("consultant@demo.example")
    consultant.get_by_label("Password").fill("demo-consultant-password")
    consultant.get_by_role("button", name="Sign in").click()
    consultant.goto(f"{server}/manage/northwind/cycles/new")
    period = consultant.get_by_label("Period").input_value()
    consultant.get_by_label("Opens on").fill(OPENS.isoformat())
    consultant.get_by_label("Closes on").fill((OPENS + dt.timedelta(days=14)).isoformat())
    consultant.get_by_role("button", name="Open the cycle").click()
    expect(consultant.get_by_role("status")).to_contain_text(f"Scheduled {period}: it opens on {written(OPENS)}")
    expect(consultant.get_by_text(f"Opens on {written(OPENS)}: invitations can be sent from that day.")).to_be_visible()
    expect(consultant.get_by_role("button", name=re.compile("Send invitations"))).to_have_count(0)

    links = tmp_path / "links.csv"
    exported = app.test_cli_runner().invoke(args=["invitations", "export", f"northwind/{period}", "-o", str(links)])
    assert exported.exit_code == 0 and f"they work from {OPENS}" in exported.output, exported.output
    link = links.read_text().splitlines()[1].split(",")[1]

    employee = browser.new_context().new_page()
    employee.goto(link.replace(app.config["PUBLIC_URL"], server))
    expect(employee.get_by_role("heading", level=1)).to_have_text(f"This survey opens on {written(OPENS)}")
    expect(employee.locator(".scale")).to_have_count(0)

    consultant.get_by_role("button", name="Open now").click()
    expect(consultant.get_by_role("status")).to_contain_text(f"{period} is open from today")
    expect(consultant.get_by_role("button", name=re.compile("Send invitations"))).to_be_visible()

    employee.reload()
    expect(employee.locator(".scale").first).to_be_visible()
    expect(employee.get_by_text("This survey opens on")).to_have_count(0)


def test_a_cycle_scheduled_by_mistake_is_withdrawn_from_its_close_page(
    browser: Browser, demo_app: tuple[Flask, str], tmp_path: Path
) -> None:
    """Close offers Withdraw for a cycle nobody could answer yet; afterwards its early link leads nowhere."""
    app, server = demo_app
    consultant = browser.new_context().new_page()
    consultant.goto(f"{server}/auth/login")
    consultant.get_by_label("Email").fill("consultant@demo.example")
    consultant.get_by_label("Password").fill("demo-consultant-password")
    consultant.get_by_role("button", name="Sign in").click()
    consultant.goto(f"{server}/manage/northwind/cycles/new")
    period = consultant.get_by_label("Period").input_value()
    consultant.get_by_label("Opens on").fill(OPENS.isoformat())
    consultant.get_by_label("Closes on").fill((OPENS + dt.timedelta(days=14)).isoformat())
    consultant.get_by_role("button", name="Open the cycle").click()
    links = tmp_path / "links.csv"
    assert app.test_cli_runner().invoke(args=["invitations", "export", f"northwind/{period}", "-o", str(links)]
                                        ).exit_code == 0
    link = links.read_text().splitlines()[1].split(",")[1].replace(app.config["PUBLIC_URL"], server)

    consultant.get_by_role("link", name="Close the cycle…").click()
    expect(consultant.get_by_text("With no answers there is nothing to close.")).to_be_visible()
    expect(consultant.get_by_role("button", name=re.compile("Close the cycle"))).to_have_count(0)
    consultant.get_by_role("link", name=f"Withdraw {period}…").click()
    consultant.get_by_role("button", name=f"Withdraw {period}").click()
    expect(consultant.get_by_role("status")).to_contain_text(f"Withdrew {period}, which was to open on {written(OPENS)}")
    expect(consultant.get_by_role("link", name=re.compile(period))).to_have_count(0)

    employee = browser.new_context().new_page()
    assert employee.goto(link).status == 404
