"""The survey at 400% zoom (a laptop's 1280 by 800 is then 320 by 200): the statements get the screen."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import open_the_demo_survey
from tests.browser.test_survey_browser import PHONE

pytestmark = pytest.mark.browser

ZOOMED = {"viewport": {"width": 320, "height": 200}}


def test_at_400_percent_zoom_the_progress_bar_scrolls_away_with_the_page(browser: Browser, live_server: str) -> None:
    """The sticky progress bar stayed at the top and took 73 of the 200 pixels, over every statement scrolled to."""
    page = browser.new_context(**ZOOMED).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    statement = page.locator(".question").nth(5).locator(".statement")
    statement.scroll_into_view_if_needed()
    expect(statement).to_be_in_viewport()
    bar = page.locator(".progress").bounding_box()
    assert bar and bar["y"] + bar["height"] <= 0, f"the bar covers {bar} of a 200 pixel high screen"


def test_on_a_phone_the_progress_bar_stays_in_reach(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    page.locator(".question").nth(12).scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="Save for later")).to_be_in_viewport()
    bar = page.locator(".progress").bounding_box()
    assert bar and bar["y"] == 0
