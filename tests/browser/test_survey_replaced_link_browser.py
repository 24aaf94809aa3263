"""Links handed out anew while an employee has the survey open, in a real browser: Submit says the link was
replaced and keeps the answers for the new link, instead of a bare 404 that lost them."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect

from assessment import create_app
from assessment.extensions import db
from assessment.models import Cycle, CycleStatus
from tests.browser.conftest import empty_database, serving_the_demo
from tests.browser.test_scheduled_cycle_browser import export_links, first_link
from tests.conftest import app_config

pytestmark = pytest.mark.browser


@pytest.fixture()
def demo_app(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    app = create_app({**app_config(tmp_path, ""), **empty_database(tmp_path, "replaced")})
    with serving_the_demo(app, today=dt.date.today()) as url:
        yield app, url


def open_period(app: Flask) -> str:
    with app.app_context():
        return db.session.execute(db.select(Cycle.period).where(Cycle.status == CycleStatus.open)).scalar_one()


def test_submitting_a_page_whose_link_was_replaced_keeps_its_answers_for_the_new_link(
    browser: Browser, demo_app: tuple[Flask, str], tmp_path: Path
) -> None:
    app, server = demo_app
    period = open_period(app)
    export_links(app, period, tmp_path)
    employee = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    employee.goto(first_link(app, tmp_path, server))
    groups = employee.locator(".scale")
    for group in groups.all()[:3]:
        group.get_by_text("Agree", exact=True).click()

    export_links(app, period, tmp_path)   # the consultant hands out links again, the page still open
    employee.get_by_role("button", name="Submit my answers").click()

    expect(employee.get_by_role("heading", level=1)).to_have_text("This link was replaced by a newer one")
    expect(employee.get_by_text("Your answers from this page are kept, not submitted yet.")).to_be_visible()
    employee.goto(first_link(app, tmp_path, server))
    expect(employee.get_by_text("Welcome back")).to_be_visible()
    expect(employee.locator("#progress-text")).to_have_text(f"3 of {groups.count()} answered")
