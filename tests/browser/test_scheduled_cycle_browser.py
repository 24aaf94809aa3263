"""A cycle prepared in advance, in a real browser: the employee's early link says when the survey opens,
and the consultant's Open now makes that same link a survey."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from assessment import create_app
from assessment.dates import written
from tests.browser.conftest import empty_database, serving_the_demo, sign_in
from tests.conftest import app_config

pytestmark = pytest.mark.browser

OPENS = dt.date.today() + dt.timedelta(days=6)


@pytest.fixture()
def demo_app(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    """A one-organization demo of today, served on loopback, whose commands the test can run too."""
    app = create_app({**app_config(tmp_path, ""), **empty_database(tmp_path, "scheduled")})
    with serving_the_demo(app, today=dt.date.today()) as url:
        yield app, url


def schedule_next_cycle(consultant: Page, server: str) -> str:
    """Sign in as the consultant and open the next quarter to start in six days; returns its period."""
    sign_in(consultant, server, "consultant")
    consultant.goto(f"{server}/manage/northwind/cycles/new")
    period = consultant.get_by_label("Period").input_value()
    consultant.get_by_label("Opens on").fill(OPENS.isoformat())
    consultant.get_by_label("Closes on").fill((OPENS + dt.timedelta(days=14)).isoformat())
    consultant.get_by_role("button", name="Open the cycle").click()
    return period


def export_links(app: Flask, period: str, folder: Path) -> str:
    """`alignment invitations export`, as a consultant handing links out early; returns what it printed."""
    exported = app.test_cli_runner().invoke(args=["invitations", "export", f"northwind/{period}",
                                                  "-o", str(folder / "links.csv")])
    assert exported.exit_code == 0, exported.output
    return exported.output


def first_link(app: Flask, folder: Path, server: str) -> str:
    return (folder / "links.csv").read_text().splitlines()[1].split(",")[1].replace(app.config["PUBLIC_URL"], server)


def test_a_link_handed_out_before_the_opening_date_says_when_and_works_once_opened(
    browser: Browser, demo_app: tuple[Flask, str], tmp_path: Path
) -> None:
    app, server = demo_app
    consultant = browser.new_context().new_page()
    period = schedule_next_cycle(consultant, server)
    expect(consultant.get_by_role("status")).to_contain_text(f"Scheduled {period}: it opens on {written(OPENS)}")
    expect(consultant.get_by_text(f"Opens on {written(OPENS)}: invitations can be sent from that day.")).to_be_visible()
    expect(consultant.get_by_role("button", name=re.compile("Send invitations"))).to_have_count(0)

    assert f"they work from {OPENS}" in export_links(app, period, tmp_path)
    employee = browser.new_context().new_page()
    employee.goto(first_link(app, tmp_path, server))
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
    period = schedule_next_cycle(consultant, server)
    export_links(app, period, tmp_path)
    link = first_link(app, tmp_path, server)

    consultant.get_by_role("link", name="Close the cycle…").click()
    expect(consultant.get_by_text("With no answers there is nothing to close.")).to_be_visible()
    expect(consultant.get_by_role("button", name=re.compile("Close the cycle"))).to_have_count(0)
    consultant.get_by_role("link", name=f"Withdraw {period}…").click()
    consultant.get_by_role("button", name=f"Withdraw {period}").click()
    expect(consultant.get_by_role("status")).to_contain_text(f"Withdrew {period}, which was to open on {written(OPENS)}")
    expect(consultant.get_by_role("link", name=re.compile(period))).to_have_count(0)

    employee = browser.new_context().new_page()
    assert employee.goto(link).status == 404
