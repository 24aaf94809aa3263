"""The consultant's console on a phone: what they come to watch is on screen without scrolling sideways."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 390])
def test_the_response_rates_fit_a_phone_rate_column_included(browser: Browser, live_server: str, width: int) -> None:
    """Four short columns: the rate is the figure a consultant checks, so it must not hide past the edge."""
    page = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True).new_page()
    sign_in(page, live_server, "consultant")
    page.goto(f"{live_server}/manage/northwind/2026-Q4")
    table = page.locator("section[aria-labelledby=rate-heading] .table-wrap")
    assert table.evaluate("w => w.scrollWidth - w.clientWidth") <= 0
    rate = page.get_by_role("columnheader", name="Rate").bounding_box()
    assert rate is not None and rate["x"] + rate["width"] <= width
